/**
 * Reading a filled-in ledger sheet: the header row is found among the first rows and matched by
 * name (ledger-xlsx-sheet.ts synonyms), then every row is checked, problems coming back row by row
 * in Chinese. Uploads are hostile: sizes and rows are bounded and the zip is inspected with a hard
 * inflate cap before exceljs sees the bytes. Node only.
 */
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { JianshiError } from '../core/errors.js';
import { extractDeadline } from '../core/material/deadline.js';
import {
  LEDGER_SOURCES,
  LEDGER_STATUSES,
  LEDGER_STATUS_LABELS,
  isIsoDate,
  type DeadlineKind,
  type LedgerStatus,
} from '../core/ledger/model.js';
import { FIELD_LIMITS } from '../core/ledger/create.js';
import { LEDGER_COLUMNS, normHeader, type Column, type LedgerSheetRow } from './ledger-xlsx-sheet.js';

export interface SheetProblem {
  /** The Excel row number (1-based, as the user sees it); 0 for the sheet as a whole. */
  row: number;
  /** The column's header (问题描述 …), or '' for the whole row / sheet. */
  column: string;
  code: string;
  message: string;
}

export interface ImportedRow extends LedgerSheetRow {
  row: number;
}

export interface LedgerImportResult {
  /** The rows to import: all rows when there is no error; with errors, [] unless allowPartial. */
  rows: ImportedRow[];
  errors: SheetProblem[];
  warnings: SheetProblem[];
  /** Rows read (non-empty), and how many of them had errors. */
  total: number;
  rejected: number;
  title: string | null;
  /** True when rows were withheld because of errors. */
  blocked: boolean;
}

export interface LedgerImportOptions {
  allowPartial?: boolean;
  maxBytes?: number;
  maxRows?: number;
  maxExpandedBytes?: number;
}

export const XLSX_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxRows: 20_000,
  maxExpandedBytes: 150 * 1024 * 1024,
  maxEntries: 2_000,
  /** Entries may not expand more than this ratio once they are larger than RATIO_FLOOR. */
  maxRatio: 250,
  ratioFloor: 4 * 1024 * 1024,
} as const;

// ---------------------------------------------------------------- zip inspection

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}

const notXlsx = (detail: string) =>
  new JianshiError(
    'E_UNSUPPORTED_FORMAT',
    '文件不是有效的 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中另存为 .xlsx 后重试。',
    { detail },
  );
const bomb = (detail: string) => new JianshiError('E_TOO_LARGE', 'Excel 文件解压后体积异常，已拒绝处理。', { detail });

/**
 * Check an .xlsx (zip) before anything parses it: the central directory's declared sizes (count,
 * total, ratio), then every entry is inflated with a hard cap at its declared size, so an entry
 * that lies about its size is caught without ever allocating more than the limits.
 */
export function inspectXlsxZip(
  b: Uint8Array,
  limits: { maxExpandedBytes?: number } = {},
): { entries: number; expanded: number } {
  const maxExpanded = limits.maxExpandedBytes ?? XLSX_LIMITS.maxExpandedBytes;
  if (b.length < 22 || b[0] !== 0x50 || b[1] !== 0x4b || b[2] !== 3 || b[3] !== 4) {
    if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0)
      throw new JianshiError(
        'E_UNSUPPORTED_FORMAT',
        '不支持旧版 .xls / .et 格式：请在 Excel 或 WPS 中“另存为” .xlsx 后再导入。',
      );
    throw notXlsx('not a zip');
  }
  let eocd = -1;
  for (let i = b.length - 22, stop = Math.max(0, b.length - 22 - 65535); i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx('no end of central directory');
  const count = u16(b, eocd + 10);
  const cdSize = u32(b, eocd + 12);
  const cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bomb('zip64');
  if (count > XLSX_LIMITS.maxEntries) throw bomb(`entries ${count}`);
  if (cdOffset + cdSize > b.length) throw notXlsx('central directory out of range');
  let p = cdOffset;
  let expanded = 0;
  let hasWorkbook = false;
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw notXlsx('bad central directory entry');
    const method = u16(b, p + 10);
    const csize = u32(b, p + 20);
    const usize = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const local = u32(b, p + 42);
    const name = new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLen));
    if (name === 'xl/workbook.xml') hasWorkbook = true;
    p += 46 + nameLen + extraLen + commentLen;
    if (csize === 0xffffffff || usize === 0xffffffff) throw bomb('zip64 entry');
    expanded += usize;
    if (expanded > maxExpanded) throw bomb(`declared ${expanded}`);
    if (usize > XLSX_LIMITS.ratioFloor && usize > csize * XLSX_LIMITS.maxRatio) throw bomb(`ratio ${name}`);
    // Verify the declared size by inflating with a cap.
    if (local + 30 > b.length || u32(b, local) !== 0x04034b50) throw notXlsx('bad local header');
    const start = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    const data = b.subarray(start, start + csize);
    if (data.length !== csize) throw notXlsx('truncated entry');
    if (method === 0) {
      if (csize !== usize) throw bomb(`stored size ${name}`);
    } else if (method === 8) {
      let out: Buffer;
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, usize) });
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
          throw bomb(`lying size ${name}`);
        throw notXlsx(`inflate ${name}`);
      }
      if (out.length !== usize) throw bomb(`size mismatch ${name}`);
    } else {
      throw notXlsx(`method ${method}`);
    }
  }
  if (!hasWorkbook) throw notXlsx('no xl/workbook.xml');
  return { entries: count, expanded };
}

// ---------------------------------------------------------------- import

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: string; result?: unknown; formula?: string; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined)
      return o.result instanceof Date ? o.result.toISOString().slice(0, 10) : String(o.result);
    if (o.error) return '';
    return '';
  }
  return String(v);
}

const STATUS_WORDS: [RegExp, LedgerStatus][] = [
  [/^(待整改|未整改|未开始|未完成)$/, 'pending'],
  [/^(整改中|正在整改|推进中|持续推进|进行中|超期|已超期)$/, 'in_progress'],
  [/^(待销号|申请销号|已申请销号|待审核)$/, 'awaiting_close'],
  [/^(已销号|已完成|已整改|已办结|完成|已完成整改)$/, 'closed'],
];

export function parseStatus(s: string): LedgerStatus | null {
  const t = s.replace(/\s/g, '');
  for (const [re, st] of STATUS_WORDS) if (re.test(t)) return st;
  return null;
}

const SOURCE_WORDS: [RegExp, string][] = [
  [/征求意见|意见建议|群众意见|意见箱/, '征求意见'],
  [/谈心谈话|谈心|谈话/, '谈心谈话'],
  [/相互批评|批评|互相批评/, '相互批评'],
  [/上级点评|督导|点评|上级/, '上级点评'],
  [/巡视|巡察/, '巡视巡察'],
  [/审计/, '审计'],
  [/自查|自身查摆|查摆/, '自查'],
  [/对照检查|检视剖析|对照检视|个人对照|班子对照/, '对照检查'],
];

export function parseSource(s: string): string | null {
  const t = s.replace(/\s/g, '');
  if ((LEDGER_SOURCES as readonly string[]).includes(t)) return t;
  for (const [re, src] of SOURCE_WORDS) if (re.test(t)) return src;
  return null;
}

/** 完成时限 as written → kind and ISO date (or an error message). */
export function parseDeadline(v: ExcelJS.CellValue): { kind: DeadlineKind; on: string | null } | { error: string } {
  // A date cell (or an Excel serial date that lost its format): only a real calendar date is taken.
  const fromDate = (d: Date) => {
    const on = Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
    return isIsoDate(on) ? { kind: 'date' as const, on } : { error: '单元格中的日期无效' };
  };
  if (v instanceof Date) return fromDate(v);
  if (typeof v === 'number' && v > 20000 && v < 80000)
    return fromDate(new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86_400_000));
  const t = cellText(v).replace(/\s/g, '');
  if (!t) return { kind: 'date', on: null };
  if (/立行立改|立即整改|即知即改|马上就改/.test(t)) return { kind: 'immediate', on: null };
  if (/长期坚持|长期|持续整改|常态化/.test(t)) return { kind: 'ongoing', on: null };
  const m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:前|以前|之前)?$/.exec(t);
  if (m) {
    const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return isIsoDate(iso) ? { kind: 'date', on: iso } : { error: `“${t}”不是有效日期` };
  }
  const d = extractDeadline(t);
  if (d?.kind === 'immediate') return { kind: 'immediate', on: null };
  if (d?.kind === 'long-term') return { kind: 'ongoing', on: null };
  if (d?.date && isIsoDate(d.date)) return { kind: 'date', on: d.date };
  return { error: `无法识别“${t}”：请填写日期（如 2024-06-30 或 2024年6月30日）、“立行立改”或“长期坚持”` };
}

function findHeader(ws: ExcelJS.Worksheet): { row: number; map: Map<number, Column> } | null {
  let best: { row: number; map: Map<number, Column> } | null = null;
  const maxScan = Math.min(ws.rowCount, 10);
  for (let r = 1; r <= maxScan; r++) {
    const map = new Map<number, Column>();
    const row = ws.getRow(r);
    const width = Math.min(row.cellCount, 60);
    for (let c = 1; c <= width; c++) {
      const h = normHeader(cellText(row.getCell(c).value));
      if (!h) continue;
      const hit =
        LEDGER_COLUMNS.find((x) => x.synonyms.includes(h)) ??
        LEDGER_COLUMNS.find((x) => x.synonyms.some((s) => s.length >= 2 && h.startsWith(s)));
      if (hit && ![...map.values()].includes(hit)) map.set(c, hit);
    }
    if ([...map.values()].some((x) => x.key === 'problem') && map.size >= 3 && (!best || map.size > best.map.size))
      best = { row: r, map };
  }
  return best;
}

/** Parse a filled-in ledger sheet. Throws only for files that are not (safe) workbooks. */
export async function importLedgerXlsx(bytes: Uint8Array, opts: LedgerImportOptions = {}): Promise<LedgerImportResult> {
  const maxBytes = opts.maxBytes ?? XLSX_LIMITS.maxBytes;
  const maxRows = opts.maxRows ?? XLSX_LIMITS.maxRows;
  if (bytes.byteLength > maxBytes)
    throw new JianshiError(
      'E_TOO_LARGE',
      `Excel 文件过大（${(bytes.byteLength / 1048576).toFixed(1)} MB），上限为 ${(maxBytes / 1048576).toFixed(0)} MB。`,
      { limit: maxBytes, size: bytes.byteLength },
    );
  inspectXlsxZip(bytes, { maxExpandedBytes: opts.maxExpandedBytes });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw notXlsx(`exceljs: ${(e as Error).message?.slice(0, 200)}`);
  }
  const empty = (p: SheetProblem[]): LedgerImportResult => ({
    rows: [],
    errors: p,
    warnings: [],
    total: 0,
    rejected: 0,
    title: null,
    blocked: true,
  });
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.rowCount > 0) ?? wb.worksheets[0];
  if (!ws) return empty([{ row: 0, column: '', code: 'E_NO_SHEET', message: '工作簿中没有工作表。' }]);
  const header = findHeader(ws);
  if (!header)
    return empty([
      {
        row: 0,
        column: '',
        code: 'E_NO_HEADER',
        message:
          '未找到表头：前 10 行中应有一行包含“问题描述”等列名（序号、问题编号、来源、类别、问题描述、整改措施、责任人、完成时限、状态……）。',
      },
    ]);
  if (ws.rowCount - header.row > maxRows)
    return empty([
      {
        row: 0,
        column: '',
        code: 'E_TOO_MANY_ROWS',
        message: `数据行过多（${ws.rowCount - header.row} 行），一次最多导入 ${maxRows} 行，请分批导入。`,
      },
    ]);

  let title: string | null = null;
  for (let r = 1; r < header.row && !title; r++) {
    const t = cellText(ws.getRow(r).getCell(1).value).trim();
    if (t) title = t;
  }

  const errors: SheetProblem[] = [];
  const warnings: SheetProblem[] = [];
  const rows: ImportedRow[] = [];
  const badRows = new Set<number>();
  const seenNumbers = new Map<string, number>();
  const byKey = new Map<Column['key'], number>();
  for (const [c, x] of header.map) byKey.set(x.key, c);
  if (!byKey.has('status'))
    warnings.push({
      row: header.row,
      column: '状态',
      code: 'W_NO_COLUMN',
      message: '表中没有“状态”列，全部按“待整改”导入。',
    });
  let total = 0;

  for (let r = header.row + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const raw = (key: Column['key']) => {
      const c = byKey.get(key);
      return c ? row.getCell(c).value : null;
    };
    const text = (key: Column['key']) => cellText(raw(key)).trim();
    const contentKeys: Column['key'][] = [
      'number',
      'source',
      'aspect',
      'problem',
      'target',
      'measures',
      'leaderName',
      'department',
      'ownerName',
      'deadlineOn',
      'progress',
    ];
    if (contentKeys.every((k) => !text(k))) continue;
    total++;
    const err = (column: string, code: string, message: string) => {
      errors.push({ row: r, column, code, message: `第 ${r} 行${column ? `“${column}”` : ''}：${message}` });
      badRows.add(r);
    };
    const warn = (column: string, code: string, message: string) =>
      warnings.push({ row: r, column, code, message: `第 ${r} 行${column ? `“${column}”` : ''}：${message}` });

    const problem = text('problem');
    if (!problem) err('问题描述', 'E_REQUIRED', '问题描述不能为空');
    const tooLong = (key: Column['key'], label: string, max: number) => {
      if (text(key).length > max) err(label, 'E_TOO_LONG', `不能超过 ${max} 字（现有 ${text(key).length} 字）`);
    };
    tooLong('problem', '问题描述', FIELD_LIMITS.problem);
    tooLong('target', '整改目标', FIELD_LIMITS.target);
    tooLong('measures', '整改措施', FIELD_LIMITS.measures);
    for (const [k, label] of [
      ['aspect', '类别'],
      ['leaderName', '责任领导'],
      ['department', '责任部门'],
      ['ownerName', '责任人'],
    ] as const)
      tooLong(k, label, FIELD_LIMITS.short);

    let source = '自查';
    const srcText = text('source');
    if (srcText) {
      const s = parseSource(srcText);
      if (s) source = s;
      else err('来源', 'E_BAD_SOURCE', `无法识别来源“${srcText}”，应为：${LEDGER_SOURCES.join('、')}`);
    } else {
      warn('来源', 'W_DEFAULT_SOURCE', '未填写来源，按“自查”导入');
    }

    let status: LedgerStatus = 'pending';
    const stText = text('status');
    if (stText) {
      const s = parseStatus(stText);
      if (s) {
        status = s;
        if (/超期/.test(stText)) warn('状态', 'W_OVERDUE_STATUS', '“超期”由系统按完成时限计算，按“整改中”导入');
      } else
        err(
          '状态',
          'E_BAD_STATUS',
          `无法识别状态“${stText}”，应为：${LEDGER_STATUSES.map((x) => LEDGER_STATUS_LABELS[x]).join('、')}`,
        );
    }

    const dl = parseDeadline(raw('deadlineOn'));
    let deadlineKind: DeadlineKind = 'date';
    let deadlineOn: string | null = null;
    if ('error' in dl) err('完成时限', 'E_BAD_DEADLINE', dl.error);
    else {
      deadlineKind = dl.kind;
      deadlineOn = dl.on;
      if (dl.kind === 'date' && !dl.on) warn('完成时限', 'W_NO_DEADLINE', '未填写完成时限');
    }

    const number = text('number') || null;
    if (number) {
      if (number.length > 64) err('问题编号', 'E_TOO_LONG', '问题编号不能超过 64 个字符');
      const prev = seenNumbers.get(number);
      if (prev) err('问题编号', 'E_DUPLICATE_NUMBER', `问题编号“${number}”与第 ${prev} 行重复（一问题一台账）`);
      else seenNumbers.set(number, r);
    }

    const opt = (key: Column['key']) => text(key) || null;
    rows.push({
      row: r,
      number,
      source,
      aspect: opt('aspect'),
      problem,
      target: opt('target'),
      measures: opt('measures'),
      leaderName: opt('leaderName'),
      department: opt('department'),
      ownerName: opt('ownerName'),
      deadlineKind,
      deadlineOn,
      status,
      progress: opt('progress'),
      evidence: opt('evidence'),
      closure: opt('closure'),
    });
  }
  if (total === 0) errors.push({ row: 0, column: '', code: 'E_EMPTY', message: '表中没有任何数据行。' });
  const good = rows.filter((x) => !badRows.has(x.row));
  const blocked = errors.length > 0 && !opts.allowPartial;
  return { rows: blocked ? [] : good, errors, warnings, total, rejected: badRows.size, title, blocked };
}
