/** `jianshi lint FILE [--json] [--framework ID]`: quality checks of a material, as a reviewer reads it. */
import type { Command } from 'commander';
import { lint, type Finding } from '../../core/lint/index.js';
import type { Material } from '../../core/material/model.js';
import { JianshiError } from '../../core/errors.js';
import { findFramework } from '../../core/frameworks/framework.js';
import { loadMaterial } from '../load.js';

const SEVERITY: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };
const PART: Record<string, string> = {
  title: '标题',
  preface: '前言',
  problems: '问题',
  causes: '原因',
  measures: '措施',
  closing: '结尾',
};

function where(f: Finding): string {
  return f.item === null ? PART[f.part] : `${PART[f.part]}第${f.item + 1}条`;
}

/** A readable report in Chinese: one block per finding, with the quoted place and the reason. */
export function formatFindings(m: Material, findings: readonly Finding[]): string {
  if (!findings.length) return '未发现问题。\n';
  const out: string[] = [];
  const explained = new Set<string>();
  for (const f of findings) {
    const q = m.text.slice(f.start, f.end).replace(/\n/g, ' ');
    out.push(`[${SEVERITY[f.severity] ?? f.severity}] ${where(f)}（${f.start}–${f.end}） ${f.message}  〔${f.rule}〕`);
    if (q) out.push(`    原文：${q.length > 50 ? q.slice(0, 50) + '…' : q}`);
    if (!explained.has(f.rule)) out.push(`    说明：${f.why}`);
    explained.add(f.rule);
  }
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  out.push('', `共 ${findings.length} 条：错误 ${count('error')}，警告 ${count('warning')}，提示 ${count('info')}。`);
  return out.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('lint')
    .description(
      '检查材料质量：缺少方面、缺少事例、以建议代批评、原因归于客观、措施无时限、套话、雷同、模板残留、篇幅结构',
    )
    .argument('<file>', '材料文件')
    .option('--json', '输出 JSON（发现项数组）')
    .option('--framework <id>', '指定检视框架编号（默认自动识别）')
    .action(async (file: string, o: { json?: boolean; framework?: string }) => {
      if (o.framework && !findFramework(o.framework))
        throw new JianshiError('E_BAD_ARGUMENT', `未知的检视框架：${o.framework}`);
      const m = await loadMaterial(file, { framework: o.framework });
      const findings = lint(m, { framework: o.framework });
      process.stdout.write(o.json ? JSON.stringify(findings, null, 2) + '\n' : formatFindings(m, findings));
    });
}
