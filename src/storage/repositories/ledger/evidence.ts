/**
 * Evidence files: in the database or in a directory the server owns under server-made paths;
 * the type comes from the bytes, and the bytes are checked against their digest when read.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { EvidenceFilesTable } from '../../schema.js';
import { JianshiError } from '../../../core/errors.js';
import { isIsoDate } from '../../../core/ledger/model.js';
import { knownDate } from '../../../core/meeting/dates.js';
import { ALLOWED_EVIDENCE_LABEL, cleanFileName, sniffEvidence } from '../../../core/ledger/evidence.js';
import { newId, nowIso } from '../util.js';
import type { LedgerContext, EvidenceFile } from './model.js';

type EvidenceRow = Pick<
  Selectable<EvidenceFilesTable>,
  'id' | 'item_id' | 'file_name' | 'mime' | 'size' | 'sha256' | 'evidence_on' | 'storage' | 'uploaded_by' | 'created_at'
>;
/** An evidence row as the model has it (an impossible stored date reads as unknown). */
const toEvidence = (r: EvidenceRow): EvidenceFile => ({
  id: r.id,
  itemId: r.item_id,
  fileName: r.file_name,
  mime: r.mime,
  size: Number(r.size),
  sha256: r.sha256,
  evidenceOn: knownDate(r.evidence_on),
  storage: r.storage as 'db' | 'dir',
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
});

export function evidencePart(c: LedgerContext) {
  const { db, evidence, limits } = c;
  const part = {
    /**
     * Store an evidence file. The type comes from the bytes (sniffEvidence), the display name is
     * cleaned, and in directory mode the path is `<yyyy>/<mm>/<uuid>.<ext>` — nothing from the
     * upload's name reaches the file system.
     */
    async addEvidence(
      input: {
        itemId: string;
        bytes: Uint8Array;
        fileName?: string | null;
        evidenceOn?: string | null;
        uploadedBy: string;
      },
      at = nowIso(),
    ): Promise<EvidenceFile> {
      const size = input.bytes.byteLength;
      if (size === 0) throw new JianshiError('E_EMPTY', '佐证材料文件为空。');
      if (size > limits.maxBytes)
        throw new JianshiError(
          'E_TOO_LARGE',
          `佐证材料过大（${(size / 1048576).toFixed(1)} MB），单个文件上限为 ${Math.round(limits.maxBytes / 1048576)} MB。`,
          { limit: limits.maxBytes, size },
        );
      const type = sniffEvidence(input.bytes);
      if (!type)
        throw new JianshiError('E_UNSUPPORTED_FORMAT', `不支持的佐证材料类型：请上传 ${ALLOWED_EVIDENCE_LABEL}。`);
      if (input.evidenceOn && !isIsoDate(input.evidenceOn)) throw new JianshiError('E_BAD_DATE');
      const count = await db
        .selectFrom('evidence_files')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('item_id', '=', input.itemId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= limits.maxFilesPerItem)
        throw new JianshiError('E_TOO_LARGE', `每个整改事项最多上传 ${limits.maxFilesPerItem} 份佐证材料。`);
      const id = newId();
      const sha256 = createHash('sha256').update(input.bytes).digest('hex');
      let storedPath: string | null = null;
      if (evidence.mode === 'dir') {
        storedPath = `${at.slice(0, 4)}/${at.slice(5, 7)}/${id}.${type.ext}`;
        const abs = join(resolve(evidence.dir), storedPath);
        mkdirSync(join(abs, '..'), { recursive: true, mode: 0o700 });
        writeFileSync(abs, input.bytes, { flag: 'wx', mode: 0o600 });
      }
      const f: EvidenceFile = {
        id,
        itemId: input.itemId,
        fileName: cleanFileName(input.fileName, type),
        mime: type.mime,
        size,
        sha256,
        evidenceOn: input.evidenceOn ?? null,
        storage: evidence.mode,
        uploadedBy: input.uploadedBy,
        createdAt: at,
      };
      try {
        await db
          .insertInto('evidence_files')
          .values({
            id,
            item_id: f.itemId,
            file_name: f.fileName,
            mime: f.mime,
            size,
            sha256,
            evidence_on: f.evidenceOn,
            storage: f.storage,
            bytes:
              evidence.mode === 'db'
                ? Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength)
                : null,
            stored_path: storedPath,
            uploaded_by: f.uploadedBy,
            created_at: at,
          })
          .execute();
      } catch (e) {
        if (storedPath && evidence.mode === 'dir') rmSync(join(resolve(evidence.dir), storedPath), { force: true });
        throw e;
      }
      return f;
    },
    async listEvidence(itemId: string): Promise<EvidenceFile[]> {
      const rows = await db
        .selectFrom('evidence_files')
        .select([
          'id',
          'item_id',
          'file_name',
          'mime',
          'size',
          'sha256',
          'evidence_on',
          'storage',
          'uploaded_by',
          'created_at',
        ])
        .where('item_id', '=', itemId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toEvidence);
    },
    async evidenceNames(itemIds: readonly string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      for (let k = 0; k < itemIds.length; k += 500) {
        const rows = await db
          .selectFrom('evidence_files')
          .select(['item_id', 'file_name'])
          .where('item_id', 'in', itemIds.slice(k, k + 500))
          .orderBy('created_at')
          .execute();
        for (const r of rows) out.set(r.item_id, [...(out.get(r.item_id) ?? []), r.file_name]);
      }
      return out;
    },
    /** The file and its bytes; the bytes are verified against the stored digest. */
    async getEvidence(id: string): Promise<(EvidenceFile & { bytes: Buffer }) | null> {
      const r = await db.selectFrom('evidence_files').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return null;
      let bytes: Buffer;
      if (r.storage === 'dir') {
        if (evidence.mode !== 'dir' || !r.stored_path) throw new JianshiError('E_IO', '佐证材料存储目录未配置。');
        const root = resolve(evidence.dir);
        const abs = resolve(root, r.stored_path);
        if (!abs.startsWith(root + sep)) throw new JianshiError('E_IO', '佐证材料路径无效。');
        try {
          bytes = readFileSync(abs);
        } catch {
          throw new JianshiError('E_IO', '佐证材料文件缺失。');
        }
      } else bytes = Buffer.from(r.bytes!);
      if (createHash('sha256').update(bytes).digest('hex') !== r.sha256)
        throw new JianshiError('E_IO', '佐证材料文件已损坏（校验值不符）。');
      return { ...toEvidence(r), bytes };
    },
  };
  return part;
}
