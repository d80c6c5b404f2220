/**
 * `jianshi ledger export [--org ID] -o FILE.xlsx` and `jianshi ledger import FILE.xlsx
 * [--org ID] [--allow-partial]` on the configured database: PostgreSQL when DATABASE_URL is set,
 * else the SQLite file in DATA_DIR (default ./data). The command line acts as the system itself
 * (full access, audited with no actor), like the other administrative commands.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { JianshiError } from '../../core/errors.js';
import { migrateToLatest, openDatabase } from '../../storage/db.js';
import { createRepositories } from '../../storage/repositories/index.js';
import { XLSX_LIMITS } from '../../formats/ledger-xlsx.js';
import { ledgerService } from '../../server/domain/ledger/service.js';
import { readInput } from '../load.js';

async function withStore<T>(
  fn: (svc: ReturnType<typeof ledgerService>, repos: ReturnType<typeof createRepositories>) => Promise<T>,
): Promise<T> {
  const store = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || './data',
  });
  try {
    await migrateToLatest(store.db);
    const repos = createRepositories(store);
    const evidenceDir = process.env.JIANSHI_EVIDENCE_DIR;
    return await fn(
      ledgerService(repos, { evidence: evidenceDir ? { mode: 'dir', dir: evidenceDir } : { mode: 'db' } }),
      repos,
    );
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  const ledger = program.command('ledger').description('整改台账：导出 / 导入 Excel（使用已配置的数据库）');

  ledger
    .command('export')
    .description('导出整改台账为 .xlsx（按惯用格式：标题、表头、状态颜色、下拉列表）')
    .option('--org <id>', '只导出该组织及其下级组织的台账')
    .option('--year <year>', '只导出该年度', (v) => Number(v))
    .requiredOption('-o, --output <file>', '输出文件（.xlsx）')
    .action(async (o: { org?: string; year?: number; output: string }) => {
      if (!/\.xlsx$/i.test(o.output)) throw new JianshiError('E_BAD_ARGUMENT', '输出文件须以 .xlsx 结尾。');
      if (o.year !== undefined && !(o.year >= 2000 && o.year <= 2100))
        throw new JianshiError('E_BAD_ARGUMENT', '年度须为 2000–2100 之间的整数。');
      const r = await withStore((svc) =>
        svc.exportXlsx(null, { orgId: o.org, filter: o.year ? { year: o.year } : {} }),
      );
      writeFileSync(o.output, r.buffer);
      process.stdout.write(`已导出 ${r.count} 项整改事项到 ${o.output}\n`);
    });

  ledger
    .command('import')
    .description('从填好的 .xlsx 台账导入整改事项；有错误时不导入任何一行（除非 --allow-partial）')
    .argument('<file>', '台账文件（.xlsx）')
    .option('--org <id>', '导入到该组织（默认按问题编号或标题中的组织名称识别）')
    .option('--year <year>', '未填问题编号的行所属年度', (v) => Number(v))
    .option('--allow-partial', '跳过有错误的行，导入其余各行')
    .option('--as <username>', '以该用户的名义记录“整改进展”（不指定则不导入进展）')
    .option('--json', '以 JSON 输出结果')
    .action(
      async (file: string, o: { org?: string; year?: number; allowPartial?: boolean; as?: string; json?: boolean }) => {
        const bytes = readInput(file);
        if (bytes.byteLength > XLSX_LIMITS.maxBytes)
          throw new JianshiError('E_TOO_LARGE', `Excel 文件过大，上限为 ${XLSX_LIMITS.maxBytes / 1048576} MB。`);
        const r = await withStore(async (svc, repos) => {
          let noteAuthorId: string | null = null;
          if (o.as) {
            const p = await repos.people.getByUsername(o.as);
            if (!p) throw new JianshiError('E_NOT_FOUND', `未找到用户：${o.as}`);
            noteAuthorId = p.id;
          }
          return svc.importXlsx(null, bytes, {
            orgId: o.org,
            allowPartial: !!o.allowPartial,
            year: o.year,
            noteAuthorId,
            fileName: file.split(/[\\/]/).pop(),
          });
        });
        if (o.json) {
          process.stdout.write(
            JSON.stringify(
              {
                created: r.created.length,
                total: r.total,
                rejected: r.rejected,
                blocked: r.blocked,
                errors: r.errors,
                warnings: r.warnings,
              },
              null,
              2,
            ) + '\n',
          );
        } else {
          for (const e of r.errors) process.stderr.write(`错误：${e.message}（${e.code}）\n`);
          for (const w of r.warnings) process.stderr.write(`提示：${w.message}\n`);
          if (r.blocked)
            process.stderr.write(
              `共 ${r.total} 行，其中 ${r.rejected} 行有错误：未导入任何一行。改正后重新导入，或使用 --allow-partial 只导入无误的行。\n`,
            );
          else
            process.stdout.write(
              `已导入 ${r.created.length} 项整改事项${r.rejected ? `，跳过有错误的 ${r.rejected} 行` : ''}。\n`,
            );
        }
        if (r.blocked) process.exitCode = 2;
      },
    );
}
