/**
 * The one catalogue of error codes. Every failure that a user can cause gets a stable code and a
 * Chinese message; the server maps codes to HTTP statuses (server/errors.ts) and the CLI to exit
 * codes (cli/main.ts) in exactly one place each.
 */
export const ERROR_CODES = {
  E_ENCODING: '无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本文件后重试。',
  E_BINARY: '文件内容不是文本（可能是图片、压缩包或其他二进制文件）。',
  E_EMPTY: '文件为空，或清理后没有任何正文内容。',
  E_TOO_LARGE: '文件过大，超出允许的上限。',
  E_MATERIAL_TOO_MANY_ITEMS: '材料中的问题、原因或整改措施条数超过上限，无法保存：请拆分或整理后再导入。',
  E_NOT_DOCX: '文件不是有效的 .docx 文档（Word 2007 及以上格式）。',
  E_DOCX_BOMB: '.docx 文档解压后体积异常，已拒绝处理。',
  E_LEGACY_DOC:
    '不支持旧版 .doc / .wps 格式：请在 Word 或 WPS 中“另存为” .docx 后再导入（或安装 LibreOffice 后自动转换）。',
  E_UNSUPPORTED_FORMAT: '不支持的文件格式：请使用 .docx、.txt 或 .md 文件。',
  E_BAD_JSON: 'JSON 格式错误或不符合材料结构。',
  E_BAD_ARGUMENT: '参数错误。',
  E_NOT_FOUND: '未找到请求的对象。',
  E_IO: '读写文件失败。',
  E_CONVERT: '文档转换失败。',
  E_INTERNAL: '服务器内部错误。',
  // Server, accounts and workflow
  E_UNAUTHENTICATED: '请先登录。',
  E_BAD_CREDENTIALS: '用户名或密码错误。',
  E_FORBIDDEN: '没有权限执行此操作。',
  E_CSRF: '请求未通过跨站请求伪造（CSRF）校验，请刷新页面后重试。',
  E_RATE_LIMITED: '尝试次数过多，请稍后再试。',
  E_VALIDATION: '提交的数据不符合要求。',
  E_CONFLICT: '数据已被他人修改或已存在，请刷新后重试。',
  E_BAD_STATE: '当前状态下不能执行此操作。',
  E_UNSUPPORTED_MEDIA: '不支持的请求内容类型。',
  E_WEAK_PASSWORD: '密码过于简单：至少 8 位。',
  E_CONFIG: '配置有误。',
  E_BACKUP: '备份或恢复失败。',
  E_AUDIT_BROKEN: '审计日志校验失败：哈希链已断开。',
  E_INVITATION_INVALID: '邀请链接无效或已使用。',
  E_INVITATION_EXPIRED: '邀请链接已过期。',
  // PostgreSQL restarting or down — a prompt 503, not a hang or a 500.
  E_DB_UNAVAILABLE: '数据库暂时无法连接（可能正在重启或维护），请稍后重试；已保存成功的内容不受影响。',
  // Upload limits and calendar dates
  E_UPLOAD_TOO_MANY_FILES: '一次只能上传一个文件。',
  E_UPLOAD_TOO_MANY_FIELDS: '上传表单的字段过多（除文件外最多 10 个字段）。',
  E_UPLOAD_FIELD_TOO_LARGE: '上传表单中的字段内容过长（每个字段最多 64 KB）。',
  E_BAD_DATE: '日期无效：须为实际存在的日期，格式为 YYYY-MM-DD（例如 2024-05-31）。',
  // Ledger deadlines
  E_DEADLINE_FORBIDDEN: '完成时限由书记或上级确定，责任人不能自行修改；如需延期，请提出延期申请，由书记或上级审批。',
  // Audit checkpoints, backup of the whole store
  E_AUDIT_CHECKPOINT: '审计日志与检查点不符：检查点之前的记录被删除或改写。',
  E_AUDIT_CHECKPOINT_FORMAT: '审计检查点无法读取或格式有误。',
  E_NOT_INITIALIZED: '数据目录尚未初始化：这里还没有检视的数据库。',
  // Heavy work off the request thread, legacy .doc conversion
  E_BUSY: '服务器正忙：正在处理的大文档过多，请稍后重试。',
  E_COMPUTE_FAILED: '处理文档时出错（处理线程异常中止），请重试；如反复出现，请联系管理员。',
  E_CONVERT_BUSY: '正在转换的旧版 .doc / .wps 文件过多，请稍后重试，或在 Word / WPS 中另存为 .docx 后再导入。',
  E_CONVERT_TIMEOUT: '旧版文档转换超时，已中止：请在 Word 或 WPS 中另存为 .docx 后再导入。',
  E_NOT_WORD_DOC: '文件不是有效的 Word / WPS 文档（其中没有 Word 正文数据），已拒绝。',
  E_CONVERT_GARBLED:
    '文档转换后的内容不像正常文字（乱码或无法识别的字符过多），已拒绝：请在 Word 或 WPS 中另存为 .docx 后再导入。',
  // Opinion batching: no reopening that would release small batches
  E_OPINION_WINDOW_OVER: '该意见征集的截止日期已过，不能重新开启；请新建一次征集。',
  E_OPINION_CLOSED_FINAL: '该意见征集已结束并已汇总，不能重新开启；请新建一次征集。',
  E_OPINION_LINK_UNAVAILABLE:
    '该链接无法再次显示（生成于旧版本，或服务器的链接密钥已更换）。原链接仍然有效；如需重新打印二维码，请重新生成链接（旧海报随即失效）。',
  // The review loop
  E_WITHDRAW_TOO_LATE: '审核人已处理该材料（已退回、已审核通过或已开始填写意见），不能撤回。',
  E_REVIEW_CLOSED: '材料已审核通过，审核意见不能再答复或更改处理状态。',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES | (string & {});

/** An error the user caused (bad input, limits) — never a bug. Carries a stable code. */
export class JianshiError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? (ERROR_CODES as Record<string, string>)[code] ?? code);
    this.name = 'JianshiError';
    this.code = code;
    this.details = details;
  }
  toJSON() {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export function isJianshiError(e: unknown): e is JianshiError {
  return (
    e instanceof JianshiError ||
    (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'JianshiError')
  );
}
