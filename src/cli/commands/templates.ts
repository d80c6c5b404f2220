/**
 * `jianshi templates import DIR` · `templates list` · `templates remove NAME…`: the library of known
 * online templates (网络范文) in the server's own 查重 index — the SQLite file next to the database,
 * or the `sim_*` tables of PostgreSQL when DATABASE_URL is set — so that every material checked in
 * the web application is compared with them too, and a copied template is reported as "网络范文"
 * with its name. Files: `*.txt` (UTF-8 or GBK/GB18030) and `*.docx`; the name is the file stem.
 */
import type { Command } from 'commander';
import { basename, extname } from 'node:path';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../storage/db.js';
import { templateDocument, templateName } from '../../server/domain/similarity.js';
import { openSimilarityIndex } from '../../storage/similarity/open.js';
import { JianshiError } from '../../core/errors.js';
import { loadMaterial } from '../load.js';
import { filesIn, readText, stem } from '../corpus-files.js';

const templateFiles = (dir: string) => filesIn(dir, ['.txt', '.docx']);

async function withIndex<T>(f: (index: Awaited<ReturnType<typeof openSimilarityIndex>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const index = await openSimilarityIndex(store, config.databaseUrl);
    try {
      return await f(index);
    } finally {
      await index.close();
    }
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  const t = program.command('templates').description('网络范文库：导入、列出、删除（供查重比对）');

  t.command('import')
    .description('把目录中的 *.txt / *.docx 作为网络范文导入查重库（同名替换）')
    .argument('<dir>', '范文目录')
    .action(async (dir: string) => {
      const files = templateFiles(dir);
      await withIndex(async (index) => {
        const bar = new cliProgress.SingleBar(
          {
            format: '导入范文 [{bar}] {value}/{total} {file}',
            stream: process.stderr,
            noTTYOutput: true,
            notTTYSchedule: 5000,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(files.length, 0, { file: '' });
        const errors: string[] = [];
        try {
          for (const f of files) {
            try {
              const text = extname(f).toLowerCase() === '.docx' ? (await loadMaterial(f)).text : readText(f);
              if (!text.trim()) throw new JianshiError('E_EMPTY', '没有正文');
              await index.put([templateDocument(stem(f), text)]);
            } catch (e) {
              errors.push(`${basename(f)}：${(e as Error).message}`);
            }
            bar.increment(1, { file: basename(f) });
          }
        } finally {
          bar.stop();
        }
        for (const e of errors) process.stderr.write(`跳过 ${e}\n`);
        process.stdout.write(`已导入网络范文 ${files.length - errors.length} 份，跳过 ${errors.length} 份。\n`);
      });
    });

  t.command('list')
    .description('列出网络范文库')
    .action(async () => {
      await withIndex(async (index) => {
        const docs = await index.list({ kind: 'template' });
        for (const d of docs) process.stdout.write(`${d.meta.title ?? d.name}\t${d.length} 字\n`);
        process.stdout.write(`共 ${docs.length} 份网络范文。\n`);
      });
    });

  t.command('remove')
    .description('从网络范文库删除')
    .argument('<names...>', '范文名（导入时的文件名，不含扩展名）')
    .action(async (names: string[]) => {
      await withIndex(async (index) => {
        for (const n of names)
          process.stdout.write(`${(await index.remove(templateName(n))) ? '已删除' : '不存在'} ${n}\n`);
      });
    });
}
