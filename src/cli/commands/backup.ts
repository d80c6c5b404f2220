/**
 * `jianshi backup OUT` — an online, consistent backup of everything the server keeps: the configured
 * database (SQLite: the online backup API, a SQLite file; PostgreSQL: one REPEATABLE READ snapshot
 * as gzip'd JSON lines), the 网络范文 library of the 查重 index and the files of EVIDENCE_DIR.
 * `jianshi restore IN [--force]` — into an empty (or never set up) data directory or database of
 * either kind (stop the server first).
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { auditCheckpointFileOf, loadConfig } from '../../server/config.js';
import { openDatabase } from '../../storage/db.js';
import { backup, openInitialized, restore } from '../../storage/backup.js';
import { openSimilarityIndex } from '../../storage/similarity/open.js';

export function register(program: Command): void {
  program
    .command('backup')
    .description('在线备份（服务运行中也可执行，结果一致）：数据库、网络范文库、佐证材料目录中的文件')
    .argument('<out>', '备份文件')
    .action(async (out: string) => {
      const config = loadConfig();
      const store = await openInitialized({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const index = await openSimilarityIndex(store, config.databaseUrl);
        try {
          const r = await backup(store, out, { index, evidenceDir: config.evidenceDir });
          for (const w of r.warnings) process.stderr.write(`警告：${w}\n`);
          process.stdout.write(
            `已备份 ${r.rows} 行、网络范文 ${r.templates} 份、佐证目录中的文件 ${r.evidenceFiles} 个到 ${r.file}（${r.kind === 'sqlite' ? 'SQLite 数据库文件' : 'gzip JSON 行格式'}）\n`,
          );
        } finally {
          await index.close();
        }
      } finally {
        await store.close();
      }
    });
  program
    .command('restore')
    .description('从备份恢复到当前配置的数据目录或数据库（须为空或从未使用；--force 覆盖现有数据）。请先停止服务。')
    .argument('<in>', '备份文件（SQLite 文件或 JSON 行归档）')
    .option('--force', '清空现有数据后恢复')
    .action(async (input: string, o: { force?: boolean }) => {
      const config = loadConfig();
      const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const index = await openSimilarityIndex(store, config.databaseUrl);
        try {
          const r = await restore(store, input, { force: !!o.force, index, evidenceDir: config.evidenceDir });
          process.stdout.write(
            `已恢复 ${r.rows} 行、网络范文 ${r.templates} 份、佐证材料文件 ${r.evidenceFiles} 个${r.evidenceFiles && !config.evidenceDir ? '（未设置 EVIDENCE_DIR，已存入数据库）' : ''}。\n`,
          );
        } finally {
          await index.close();
        }
      } finally {
        await store.close();
      }
      const cps = auditCheckpointFileOf(config);
      if (existsSync(cps))
        process.stdout.write(
          `注意：审计检查点文件 ${cps} 中晚于此备份的检查点不再适用（备份之后的审计记录不在恢复的数据中），jianshi audit verify 会据此报告缺失的记录。\n`,
        );
    });
}
