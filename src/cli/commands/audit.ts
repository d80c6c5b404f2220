/** `jianshi audit verify`: walk the hash chain of the audit log and report the first broken link. */
import type { Command } from 'commander';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../storage/db.js';
import { createRepositories } from '../../storage/repositories/index.js';
import { JianshiError } from '../../core/errors.js';

export function register(program: Command): void {
  const audit = program.command('audit').description('审计日志');
  audit
    .command('verify')
    .description('校验审计日志的哈希链（发现篡改时报告第一处断点，退出码 2）')
    .option('--json', '以 JSON 输出')
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig();
      const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const r = await createRepositories(store).audit.verify();
        if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
        if (!r.ok) throw new JianshiError('E_AUDIT_BROKEN', `审计日志校验失败：第 ${r.firstBroken!.seq} 条起哈希链断开（${r.firstBroken!.reason}）；之前的 ${r.count} 条完好。`, r.firstBroken);
        if (!o.json) process.stdout.write(`审计日志完好：共 ${r.count} 条，哈希链连续。\n`);
      } finally {
        await store.close();
      }
    });
}
