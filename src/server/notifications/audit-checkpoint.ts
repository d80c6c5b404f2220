/**
 * The daily audit checkpoint (storage/audit-checkpoint.ts), taken by the notification scheduler:
 *
 *   1. every chain is verified, and compared with the checkpoints already in the file;
 *   2. intact → the checkpoint of every chain (each shard's count and head hash, and the time) is
 *      appended to the checkpoint file — AUDIT_CHECKPOINT_FILE, default DATA_DIR/audit-checkpoints.log,
 *      a file on the machine of the instance that did it — and sent to every administrator as a
 *      notification (in-app, and by mail when SMTP is configured: a copy that leaves the server);
 *   3. not intact → no checkpoint; the administrators are told what failed (and it is logged).
 *
 * Once a day across all instances: a lease in `settings` (as the deadline pass), and dedupe keys per
 * administrator and day. With several instances on several machines, each day's line lands in the
 * file of whichever instance took the lease: point AUDIT_CHECKPOINT_FILE at shared storage to keep
 * them in one file, or rely on the mailed copies.
 */
import type { Repositories } from '../../storage/repositories/index.js';
import {
  appendCheckpoint,
  describeBrokenLink,
  describeCheckpointFailure,
  readCheckpointFile,
} from '../../storage/audit-checkpoint.js';
import type { LedgerNotification } from '../../core/ledger/notify.js';
import { isJianshiError } from '../../core/errors.js';

export const CHECKPOINT_LEASE_KEY = 'audit.daily_checkpoint';

export interface DailyCheckpointResult {
  /** The line appended (null when the chain did not verify). */
  line: string | null;
  count: number;
  /** Why no checkpoint was taken. */
  failure?: string;
  notified: number;
}

export async function dailyAuditCheckpoint(
  repos: Repositories,
  day: string,
  opts: { file: string; mail?: boolean; now?: Date },
): Promise<DailyCheckpointResult> {
  const now = opts.now ?? new Date();
  let line: string | null = null;
  let failure: string | undefined;
  let count = 0;
  try {
    const earlier = readCheckpointFile(opts.file) ?? [];
    const chains = await repos.audit.heads(); // before the walk, so that the walk covers them
    const r = await repos.audit.verify(earlier.length ? { checkpoints: earlier } : {});
    count = r.count;
    if (r.firstBroken) failure = describeBrokenLink(r.firstBroken);
    else if (r.checkpoints?.failed) failure = describeCheckpointFailure(r.checkpoints.failed);
    else line = appendCheckpoint(opts.file, { at: now.toISOString(), chains });
  } catch (e) {
    if (!isJianshiError(e)) throw e;
    failure = e.message; // a damaged checkpoint file
  }
  const admins = await repos.people.activeAdminIds();
  const notices: LedgerNotification[] = admins.map((id) =>
    line
      ? {
          personId: id,
          kind: 'audit.checkpoint',
          title: `审计日志检查点（${day}）`,
          body: `审计日志共 ${count} 条，哈希链完好。请把下面这一行保存在数据库之外（邮件、文件或打印件），日后用“jianshi audit verify --checkpoints 文件”比对，可发现记录被删除或改写：\n${line}`,
          link: '',
          dedupeKey: `audit-checkpoint:${day}:${id}`,
        }
      : {
          personId: id,
          kind: 'audit.broken',
          title: `审计日志校验失败（${day}）`,
          body: `今日未生成审计检查点：${failure}\n请用“jianshi audit verify”核查。`,
          link: '',
          dedupeKey: `audit-broken:${day}:${id}`,
        },
  );
  const fresh = await repos.ledger.notify(notices, now.toISOString(), {
    mail: () => !!opts.mail,
  });
  return { line, count, failure, notified: fresh.length };
}
