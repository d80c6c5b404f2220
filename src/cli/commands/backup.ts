/**
 * `jianshi backup OUT` — an online, consistent backup of the configured database (SQLite: the
 * online backup API, a SQLite file; PostgreSQL: one REPEATABLE READ snapshot as gzip'd JSON lines).
 * `jianshi restore IN [--force]` — into an empty database of either kind (stop the server first).
 */
import type { Command } from 'commander';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../storage/db.js';
import { backup, restore } from '../../storage/backup.js';

export function register(program: Command): void {
  program
    .command('backup')
    .description('在线备份数据库（服务运行中也可执行，结果一致）')
    .argument('<out>', '备份文件')
    .action(async (out: string) => {
      const config = loadConfig();
      const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const r = await backup(store, out);
        process.stdout.write(`已备份 ${r.rows} 行到 ${r.file}（${r.kind === 'sqlite' ? 'SQLite 数据库文件' : 'gzip JSON 行格式'}）\n`);
      } finally {
        await store.close();
      }
    });
  program
    .command('restore')
    .description('从备份恢复到当前配置的数据库（须为空库；--force 覆盖现有数据）。请先停止服务。')
    .argument('<in>', '备份文件（SQLite 文件或 JSON 行归档）')
    .option('--force', '清空现有数据后恢复')
    .action(async (input: string, o: { force?: boolean }) => {
      const config = loadConfig();
      const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const r = await restore(store, input, { force: !!o.force });
        process.stdout.write(`已恢复 ${r.rows} 行。\n`);
      } finally {
        await store.close();
      }
    });
}
