/** Reading a multipart upload (one file + a few text fields) into memory, within the limits. */
import type { FastifyRequest } from 'fastify';
import { JianshiError, isJianshiError } from '../../../core/errors.js';

export interface Upload {
  fields: Record<string, string>;
  file: { bytes: Uint8Array; fileName: string; mime: string };
}

export async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new JianshiError('E_UNSUPPORTED_MEDIA', '上传文件须使用 multipart/form-data。');
  const fields: Record<string, string> = {};
  let file = null as Upload['file'] | null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (file) throw new JianshiError('E_UPLOAD_TOO_MANY_FILES');
        const bytes = await part.toBuffer();
        // The name is kept only as a label (and a hint for the importer), never used as a path.
        const fileName = (part.filename || 'upload').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
        file = {
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          fileName,
          mime: part.mimetype || 'application/octet-stream',
        };
      } else {
        // busboy cuts a field at fieldSize and says so: a cut value is refused, never used.
        if (part.valueTruncated || part.fieldnameTruncated) throw new JianshiError('E_UPLOAD_FIELD_TOO_LARGE');
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (isJianshiError(e) || code.startsWith('FST_')) throw e;
    // busboy's own parse errors ("Unexpected end of form", "Malformed part header", …)
    throw new JianshiError('E_BAD_ARGUMENT', `上传内容不是有效的 multipart/form-data：${(e as Error).message}`);
  }
  if (!file) throw new JianshiError('E_VALIDATION', '缺少上传的文件（字段名 file）。');
  if (file.bytes.byteLength === 0) throw new JianshiError('E_EMPTY');
  return { fields, file };
}
