/** The audit log (system administrators). */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { authorize } from '../../domain/context.js';
import {
  describeCheckpointFailure,
  readCheckpointFile,
  type AuditCheckpoint,
} from '../../../storage/audit-checkpoint.js';
import { isJianshiError } from '../../../core/errors.js';
import { AuditListSchema, AuditQuerySchema, AuditVerifySchema } from '../../../contract/audit.js';

export async function auditRoutes(app: ZApp, { repos, auditCheckpointFile }: RouteContext) {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志',
        querystring: AuditQuerySchema,
        response: { 200: AuditListSchema },
      },
    },
    async (req) => {
      authorize(actorOf(req), 'audit.read');
      return { items: await repos.audit.list(req.query) };
    },
  );
  // The chain, and the checkpoints of this machine's checkpoint file when it has one (AUDIT_CHECKPOINT_FILE).
  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '校验审计日志哈希链（并与本机的审计检查点文件比对）',
        response: { 200: AuditVerifySchema },
      },
    },
    async (req) => {
      authorize(actorOf(req), 'audit.read');
      let checkpoints: AuditCheckpoint[] | null = null;
      let checkpointError: string | undefined;
      try {
        checkpoints = auditCheckpointFile ? readCheckpointFile(auditCheckpointFile) : null;
      } catch (e) {
        if (!isJianshiError(e)) throw e;
        checkpointError = e.message;
      }
      const r = await repos.audit.verify(checkpoints ? { checkpoints } : {});
      const f = r.checkpoints?.failed;
      return {
        ok: r.ok,
        count: r.count,
        ...(r.firstBroken ? { firstBroken: r.firstBroken } : {}),
        ...(r.checkpoints
          ? {
              checkpoints: {
                checked: r.checkpoints.checked,
                ...(f
                  ? {
                      failed: {
                        kind: f.kind,
                        count: f.count,
                        at: f.checkpoint.at,
                        goodUpTo: f.goodUpTo,
                        message: describeCheckpointFailure(f, r.count),
                      },
                    }
                  : {}),
              },
            }
          : {}),
        ...(checkpointError ? { checkpointError } : {}),
      };
    },
  );
}
