/**
 * `jianshi corpus …`: the 查重 store on disk.
 *   corpus index DIR --db FILE [--kind template] [--org X] [--year N] [--author A]
 *   corpus remove NAME… --db FILE
 *   corpus check DIR --db FILE [--jsonl] [--org X] [--year N] [--kind K]
 *   corpus report FILE --db FILE [--json] [--html OUT] [--docx OUT] [--author A] [--org X] [--year N] [--kind K]
 *   corpus list --db FILE [--org X] [--year N] [--kind K] [--author A]
 * --org/--year/--kind restrict a check to a collection (one organization's materials of a year, or
 * the template library); document frequencies still count the whole store.
 * Texts are `*.txt` (UTF-8, or GBK/GB18030 detected); a document's id is its file stem.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { JianshiError } from '../../core/errors.js';
import { checkText, type CheckResult } from '../../core/similarity/engine.js';
import type { Collection, DocMeta } from '../../core/similarity/port.js';
import { docxReport } from '../../storage/similarity/report-docx.js';
import { htmlReport, jsonLine, partsOf, terminalReport } from '../../core/similarity/report.js';
import { SqliteSimilarityIndex } from '../../storage/similarity/sqlite-index.js';
import { readText, stem, txtFiles } from '../corpus-files.js';
import { PreparePool } from '../prepare-pool.js';

async function sourcesOf(idx: SqliteSimilarityIndex, r: CheckResult): Promise<Map<string, string>> {
  const ids: number[] = [];
  for (const m of r.matches) {
    const id = await idx.idOf(m.id);
    if (id !== null) ids.push(id);
  }
  return new Map((await idx.fetch(ids)).map((d) => [d.name, d.text]));
}

function collectionOf(o: { org?: string; year?: string; kind?: string; author?: string }): Collection | undefined {
  const c: Collection = {};
  if (o.org !== undefined) c.org = o.org;
  if (o.author !== undefined) c.author = o.author;
  if (o.kind !== undefined) {
    if (o.kind !== 'material' && o.kind !== 'template')
      throw new JianshiError('E_BAD_ARGUMENT', `类别只能是 material 或 template：${o.kind}`);
    c.kind = o.kind;
  }
  if (o.year !== undefined) {
    const y = Number(o.year);
    if (!Number.isInteger(y)) throw new JianshiError('E_BAD_ARGUMENT', `年度应为整数：${o.year}`);
    c.year = y;
  }
  return Object.keys(c).length ? c : undefined;
}

export function register(program: Command): void {
  const corpus = program.command('corpus').description('查重库：建立索引、增删材料、批量查重');

  corpus
    .command('index')
    .description('把目录中每个 *.txt 加入查重库（文件名即编号，同名替换）')
    .argument('<dir>', '材料目录')
    .requiredOption('--db <file>', '查重库文件（SQLite）')
    .option('--kind <kind>', '类别：material（材料，默认）或 template（网络范文）', 'material')
    .option('--org <org>', '所属单位')
    .option('--year <year>', '年度')
    .option('--author <author>', '作者')
    .action(async (dir: string, o: { db: string; kind: string; org?: string; year?: string; author?: string }) => {
      if (o.kind !== 'material' && o.kind !== 'template')
        throw new JianshiError('E_BAD_ARGUMENT', `类别只能是 material 或 template：${o.kind}`);
      const year = o.year === undefined ? null : Number(o.year);
      if (year !== null && !Number.isInteger(year)) throw new JianshiError('E_BAD_ARGUMENT', `年度应为整数：${o.year}`);
      const files = txtFiles(dir);
      const meta: DocMeta = { kind: o.kind as DocMeta['kind'], org: o.org ?? null, year, author: o.author ?? null };
      const idx = new SqliteSimilarityIndex(o.db, { cacheMiB: 256 });
      const bar = new cliProgress.SingleBar(
        {
          format: '建立索引 [{bar}] {value}/{total} {file}',
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 5000,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(files.length, 0, { file: '' });
      const errors: string[] = [];
      // Worker threads read and fingerprint files while this thread writes them into one bulk load.
      const pool = new PreparePool();
      const CHUNK = 100;
      try {
        await idx.bulk(async () => {
          const inflight: Promise<Awaited<ReturnType<PreparePool['prepare']>>>[] = [];
          let at = 0;
          const submit = () => {
            if (at >= files.length) return;
            const p = pool.prepare(files.slice(at, (at += CHUNK)), meta);
            p.catch(() => {}); // awaited in order below; a failure must not go unhandled meanwhile
            inflight.push(p);
          };
          for (let i = 0; i < 4; i++) submit();
          while (inflight.length) {
            const out = await inflight.shift()!;
            submit();
            await idx.put(out.flatMap((o) => (o.doc ? [o.doc] : [])));
            for (const o of out) if (o.error) errors.push(`${basename(o.file)}：${o.error}`);
            bar.increment(out.length, { file: basename(out[out.length - 1].file) });
          }
          bar.update({ file: '合并索引…' });
        });
      } finally {
        bar.stop();
        await pool.close();
        await idx.close();
      }
      for (const e of errors) process.stderr.write(`跳过 ${e}\n`);
      process.stderr.write(`已索引 ${files.length - errors.length} 份，跳过 ${errors.length} 份。\n`);
    });

  corpus
    .command('remove')
    .description('从查重库删除材料')
    .argument('<names...>', '材料编号（文件名）')
    .requiredOption('--db <file>', '查重库文件')
    .action(async (names: string[], o: { db: string }) => {
      const idx = new SqliteSimilarityIndex(o.db);
      try {
        for (const n of names) process.stdout.write(`${(await idx.remove(n)) ? '已删除' : '不存在'} ${n}\n`);
      } finally {
        await idx.close();
      }
    });

  corpus
    .command('check')
    .description('对目录中每个 *.txt 查重（--jsonl：每个文件一行 JSON）')
    .argument('<dir>', '待查材料目录')
    .requiredOption('--db <file>', '查重库文件')
    .option('--jsonl', '输出 JSON Lines')
    .option('--org <org>', '只与该单位的材料比对')
    .option('--year <year>', '只与该年度的材料比对')
    .option('--kind <kind>', '只与该类别比对：material 或 template')
    .action(async (dir: string, o: { db: string; jsonl?: boolean; org?: string; year?: string; kind?: string }) => {
      const collection = collectionOf({ org: o.org, year: o.year, kind: o.kind });
      const idx = new SqliteSimilarityIndex(o.db, { readonly: true, cacheMiB: 64 });
      try {
        const files = txtFiles(dir);
        // Warm-up (not reported): the first checks in a process pay for compiling the engine's code
        // (V8 optimizes a function after many calls) and reading the index's upper pages, which is
        // process start, not the queries' own time. At most 48 files and two seconds.
        const warm = performance.now();
        for (const f of files.slice(0, 48)) {
          if (performance.now() - warm > 2000) break;
          try {
            await checkText(idx, readText(f), { name: null, collection });
          } catch {
            // reported when the file's turn comes
          }
        }
        let skipped = 0;
        for (const f of files) {
          let text: string;
          try {
            text = readText(f);
          } catch (e) {
            // One unreadable file (binary, empty, unreadable) does not stop the others.
            skipped++;
            const code = e instanceof JianshiError ? `（${e.code}）` : '';
            process.stderr.write(`跳过 ${basename(f)}：${(e as Error).message}${code}\n`);
            continue;
          }
          const r = await checkText(
            idx,
            text,
            o.jsonl ? { name: null, collection } : { parts: partsOf(text), collection },
          );
          const sources = await sourcesOf(idx, r);
          process.stdout.write(
            o.jsonl
              ? JSON.stringify(jsonLine(stem(f), r, text, sources)) + '\n'
              : terminalReport(stem(f), r, text, sources) + '\n',
          );
        }
        if (skipped) process.stderr.write(`已查 ${files.length - skipped} 份，跳过 ${skipped} 份。\n`);
      } finally {
        await idx.close();
      }
    });

  corpus
    .command('report')
    .description('对一份材料查重并输出报告（终端 / JSON / HTML）')
    .argument('<file>', '待查材料')
    .requiredOption('--db <file>', '查重库文件')
    .option('--json', '输出 JSON')
    .option('--html <out>', '另存 HTML 报告')
    .option('--docx <out>', '另存 Word 报告（.docx）')
    .option('--author <author>', '作者（其往年材料标注为“与本人往年材料重复”）')
    .option('--org <org>', '只与该单位的材料比对')
    .option('--year <year>', '只与该年度的材料比对')
    .option('--kind <kind>', '只与该类别比对：material 或 template')
    .action(
      async (
        file: string,
        o: {
          db: string;
          json?: boolean;
          html?: string;
          docx?: string;
          author?: string;
          org?: string;
          year?: string;
          kind?: string;
        },
      ) => {
        const collection = collectionOf({ org: o.org, year: o.year, kind: o.kind });
        const idx = new SqliteSimilarityIndex(o.db, { readonly: true, cacheMiB: 64 });
        try {
          const text = readText(file);
          const r = await checkText(idx, text, { parts: partsOf(text), author: o.author ?? null, collection });
          const sources = await sourcesOf(idx, r);
          const save = (out: string, data: string | Uint8Array) => {
            try {
              writeFileSync(out, data);
            } catch {
              throw new JianshiError('E_IO', `无法写入：${out}`);
            }
          };
          if (o.html) save(o.html, htmlReport(stem(file), r, text, sources));
          if (o.docx) save(o.docx, await docxReport(stem(file), r, text, sources));
          process.stdout.write(
            o.json ? JSON.stringify(r, null, 2) + '\n' : terminalReport(stem(file), r, text, sources),
          );
        } finally {
          await idx.close();
        }
      },
    );

  corpus
    .command('list')
    .description('列出查重库中的材料（可按单位、年度、类别、作者筛选）')
    .requiredOption('--db <file>', '查重库文件')
    .option('--org <org>', '所属单位')
    .option('--year <year>', '年度')
    .option('--kind <kind>', '类别：material 或 template')
    .option('--author <author>', '作者')
    .option('--json', '输出 JSON')
    .action(async (o: { db: string; org?: string; year?: string; kind?: string; author?: string; json?: boolean }) => {
      const idx = new SqliteSimilarityIndex(o.db, { readonly: true, cacheMiB: 16 });
      try {
        const docs = await idx.list(collectionOf(o));
        if (o.json)
          process.stdout.write(JSON.stringify(docs.map((d) => ({ id: d.name, ...d.meta, chars: d.length }))) + '\n');
        else {
          for (const d of docs) {
            const label =
              d.meta.kind === 'template'
                ? '网络范文'
                : [d.meta.org, d.meta.year ? `${d.meta.year}年` : null, d.meta.author].filter(Boolean).join(' ');
            process.stdout.write(`${d.name}\t${label}\t${d.length} 字\n`);
          }
          process.stdout.write(`共 ${docs.length} 份。\n`);
        }
      } finally {
        await idx.close();
      }
    });
}
