/**
 * `jianshi audit verify [--checkpoints FILE]`: walk every hash chain of the audit log (the legacy
 * chain and each shard's, repositories/audit.ts), report the first broken link, and compare the
 * chains with the checkpoints kept outside the database (the file named, else
 * AUDIT_CHECKPOINT_FILE / DATA_DIR/audit-checkpoints.log when it exists): a shard cut short or
 * deleted, or a chain recomputed before a checkpoint, fails with exit code 2.
 *
 * `jianshi audit checkpoint [-o FILE]`: verify, then print the checkpoint of every chain (one line,
 * see storage/audit-checkpoint.ts) — and append it to FILE. Keep it where the database cannot reach it.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { auditCheckpointFileOf, loadConfig } from '../../server/config.js';
import { createRepositories } from '../../storage/repositories/index.js';
import type { VerifyResult } from '../../storage/repositories/audit.js';
import {
  appendCheckpoint,
  describeBrokenLink,
  describeCheckpointFailure,
  formatCheckpoint,
  MAIN_CHAIN,
  readCheckpointFile,
  type AuditCheckpoint,
} from '../../storage/audit-checkpoint.js';
import { JianshiError } from '../../core/errors.js';
import { openInitialized } from '../../storage/backup.js';

/** The checkpoints to compare with: the file named (required), or the configured file if present. */
function checkpointsFor(
  named: string | undefined,
  configured: string,
): { file: string | null; checkpoints: AuditCheckpoint[] } {
  if (named) return { file: named, checkpoints: readCheckpointFile(named, { required: true })! };
  const cps = existsSync(configured) ? readCheckpointFile(configured) : null;
  return { file: cps ? configured : null, checkpoints: cps ?? [] };
}

function failIfBroken(r: VerifyResult): void {
  if (r.firstBroken)
    throw new JianshiError('E_AUDIT_BROKEN', `审计日志校验失败：${describeBrokenLink(r.firstBroken)}`, {
      ...r.firstBroken,
    });
  const f = r.checkpoints?.failed;
  if (f)
    throw new JianshiError('E_AUDIT_CHECKPOINT', `审计日志与检查点不符：${describeCheckpointFailure(f, r.count)}`, {
      kind: f.kind,
      count: f.count,
      at: f.checkpoint.at,
      goodUpTo: f.goodUpTo,
      entries: r.count,
    });
}

async function withRepos<T>(
  f: (repos: ReturnType<typeof createRepositories>, config: ReturnType<typeof loadConfig>) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const store = await openInitialized({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await f(createRepositories(store), config);
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  const audit = program.command('audit').description('审计日志');
  audit
    .command('verify')
    .description('校验审计日志的哈希链，并与库外保存的检查点比对（发现篡改、删除时报告位置，退出码 2）')
    .option(
      '--checkpoints <file>',
      '审计检查点文件（默认：AUDIT_CHECKPOINT_FILE 或 数据目录/audit-checkpoints.log，存在时）',
    )
    .option('--json', '以 JSON 输出')
    .action(async (o: { json?: boolean; checkpoints?: string }) => {
      await withRepos(async (repos, config) => {
        const { file, checkpoints } = checkpointsFor(o.checkpoints, auditCheckpointFileOf(config));
        const r = await repos.audit.verify(file ? { checkpoints } : {});
        const chains = await repos.audit.heads();
        if (o.json) process.stdout.write(JSON.stringify({ ...r, chains, checkpointFile: file }) + '\n');
        failIfBroken(r);
        if (o.json) return;
        const shards = Object.keys(chains).length - 1;
        const legacy = chains[MAIN_CHAIN].count;
        process.stdout.write(
          `审计日志完好：共 ${r.count} 条，哈希链连续（${shards} 条分片链${legacy ? `，分片前的旧链 ${legacy} 条` : ''}）。\n`,
        );
        if (file) {
          const latest = checkpoints.reduce((a, b) => (b.at >= a.at ? b : a), checkpoints[0]);
          const size = (cp: AuditCheckpoint) => Object.values(cp.chains).reduce((n, a) => n + a.count, 0);
          process.stdout.write(
            latest
              ? `与检查点文件 ${file} 中的 ${checkpoints.length} 个检查点一致（最新：${latest.at}，当时共 ${size(latest)} 条）。\n`
              : `检查点文件 ${file} 中还没有检查点。\n`,
          );
        } else {
          process.stdout.write(
            `注意：没有找到审计检查点文件（${auditCheckpointFileOf(config)}），只能发现链内的改动；末尾记录被删除或整条链被重算，需要与库外保存的检查点比对才能发现（jianshi audit checkpoint，--checkpoints 文件）。\n`,
          );
        }
      });
    });
  audit
    .command('checkpoint')
    .description('输出审计日志当前的检查点（条数与末条哈希，一行文字），请保存在数据库之外；-o 追加到文件')
    .option('-o, --output <file>', '追加到此文件（先与其中已有的检查点比对）')
    .action(async (o: { output?: string }) => {
      await withRepos(async (repos) => {
        // Anchor only intact chains: first every chain, and against the file's earlier checkpoints.
        // The heads are read first, so the walk that follows covers them.
        const earlier = o.output && existsSync(o.output) ? (readCheckpointFile(o.output) ?? []) : [];
        const chains = await repos.audit.heads();
        const r = await repos.audit.verify(earlier.length ? { checkpoints: earlier } : {});
        failIfBroken(r);
        const cp = { at: new Date().toISOString(), chains };
        const total = Object.values(chains).reduce((n, a) => n + a.count, 0);
        const line = o.output ? appendCheckpoint(o.output, cp) : formatCheckpoint(cp);
        process.stdout.write(line + '\n');
        if (o.output)
          process.stderr.write(`已追加到 ${o.output}（审计日志共 ${total} 条）。请另行保存一份在数据库服务器之外。\n`);
      });
    });
}
