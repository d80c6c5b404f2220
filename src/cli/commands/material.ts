/** `jianshi import | clean | export`: the document core on the command line. */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { JianshiError } from '../../core/errors.js';
import { toJSON, type Material } from '../../core/material/model.js';
import { findFramework } from '../../core/frameworks/framework.js';
import { toChineseNumeral } from '../../core/text/numerals.js';
import { loadMaterial } from '../load.js';
import { exportMaterial } from '../../formats/import.js';

const KIND_LABEL: Record<string, string> = {
  watermark: '水印',
  paywall: '付费标记',
  'page-furniture': '页眉页码',
  advertisement: '广告',
  'line-break': '段内换行',
  markup: '网页标记',
};

function brief(s: string, n = 40): string {
  const t = s.replace(/\n/g, ' ');
  return t.length > n ? t.slice(0, n) + '…' : t;
}

/** A readable outline of a material, in Chinese. */
export function outline(m: Material): string {
  const out: string[] = [];
  const fw = m.framework ? findFramework(m.framework) : undefined;
  out.push(`标题：${m.title || '（未识别）'}`);
  out.push(`编码：${m.encoding}    检视框架：${fw ? fw.name : (m.framework ?? '（未识别）')}`);
  if (m.removed.length)
    out.push(
      '已清理：' + m.removed.map((r) => `${KIND_LABEL[r.kind] ?? r.kind}“${brief(r.text, 20)}”×${r.count}`).join('；'),
    );
  if (m.preface) out.push(`前言：${brief(m.preface)}（${m.preface.length}字）`);
  const part = (n: number, label: string, lines: string[]) => {
    out.push(`${toChineseNumeral(n)}、${label}（${lines.length}条）`);
    out.push(...lines.map((l) => '  ' + l));
  };
  part(
    1,
    '存在的问题',
    m.problems.map(
      (p, i) =>
        `（${toChineseNumeral(i + 1)}）${p.aspect ? `[${p.aspect}] ` : '[未对应方面] '}${p.heading || brief(p.text, 20)} — 要点${p.points.length}条，具体事例${p.examples.length}个`,
    ),
  );
  part(
    2,
    '原因剖析',
    m.causes.map((c, i) => `（${toChineseNumeral(i + 1)}）${c.heading || brief(c.text, 20)}`),
  );
  part(
    3,
    '整改措施',
    m.measures.map(
      (x, i) => `（${toChineseNumeral(i + 1)}）${x.heading || brief(x.text, 20)} — 时限：${x.deadline ?? '未写明'}`,
    ),
  );
  if (m.closing) out.push(`结尾：${brief(m.closing)}`);
  for (const w of m.warnings) out.push(`提示：${w.message}（${w.code}）`);
  return out.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('import')
    .description('导入材料（.docx / .txt / .md / .json），输出解析结果')
    .argument('<file>', '材料文件')
    .option('--json', '输出 JSON')
    .option('--framework <id>', '指定检视框架编号（默认自动识别）')
    .action(async (file: string, o: { json?: boolean; framework?: string }) => {
      const m = await loadMaterial(file, { framework: o.framework });
      process.stdout.write(o.json ? JSON.stringify(toJSON(m), null, 2) + '\n' : outline(m));
    });

  program
    .command('clean')
    .description('清理材料中的水印、付费标记、页眉页码、广告等，输出清理后的正文')
    .argument('<file>', '材料文件')
    .option('--report', '在标准错误输出中列出清理项')
    .action(async (file: string, o: { report?: boolean }) => {
      const m = await loadMaterial(file);
      process.stdout.write(m.text + '\n');
      if (o.report)
        for (const r of m.removed) process.stderr.write(`${KIND_LABEL[r.kind] ?? r.kind}\t${r.count}\t${r.text}\n`);
    });

  program
    .command('export')
    .description('导出材料为 .docx（GB/T 9704 公文格式）、Markdown、JSON 或纯文本')
    .argument('<file>', '材料文件')
    .requiredOption('--format <format>', 'docx | md | json | txt')
    .requiredOption('-o, --output <out>', '输出文件')
    .option('--framework <id>', '指定检视框架编号')
    .action(async (file: string, o: { format: string; output: string; framework?: string }) => {
      if (!['docx', 'md', 'json', 'txt'].includes(o.format))
        throw new JianshiError('E_BAD_ARGUMENT', `不支持的导出格式：${o.format}（可选 docx、md、json、txt）`);
      const m = await loadMaterial(file, { framework: o.framework });
      const r = await exportMaterial(m, o.format as 'docx' | 'md' | 'json' | 'txt');
      try {
        writeFileSync(o.output, r.bytes);
      } catch {
        throw new JianshiError('E_IO', `无法写入文件：${o.output}`);
      }
      process.stderr.write(`已导出：${o.output}\n`);
    });
}
