/**
 * The `jianshi` command line. Every file in ./commands registers its own subcommands
 * (`export function register(program)`), so features add commands without touching this file.
 * Errors: a JianshiError prints its Chinese message and code and exits 2; anything else is a bug
 * and exits 1 with a short message.
 */
import { Command } from 'commander';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isJianshiError } from '../core/errors.js';

export const EXIT_USER_ERROR = 2;

export function reportError(e: unknown): number {
  if (isJianshiError(e)) {
    process.stderr.write(`错误：${e.message}（${e.code}）\n`);
    return EXIT_USER_ERROR;
  }
  process.stderr.write(`内部错误：${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.JIANSHI_DEBUG && e instanceof Error) process.stderr.write((e.stack ?? '') + '\n');
  return 1;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('jianshi')
    .description('检视 Jianshi：民主生活会 / 组织生活会材料、查重、审核、会议与整改台账')
    .showHelpAfterError('（使用 --help 查看用法）')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .exitOverride();
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir)
    .sort()
    .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !f.endsWith('.d.ts'));
  // Load only the file that defines the command asked for (a cheap text look-up), so that
  // `jianshi import` does not pay for loading the server; `--help` and unknown commands load all.
  const wanted = argv.slice(2).find((a) => !a.startsWith('-'));
  const defines = (f: string) =>
    wanted !== undefined &&
    new RegExp(`\\.command\\(\\s*['"\`]${wanted.replace(/[^\w-]/g, '')}[\\s'"\`]`).test(
      readFileSync(join(dir, f), 'utf8'),
    );
  const chosen = files.filter(defines);
  for (const f of chosen.length ? chosen : files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { register?: (p: Command) => void };
    mod.register?.(program);
  }
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) {
      process.exitCode = ce.code === 'commander.helpDisplayed' || ce.code === 'commander.version' ? 0 : EXIT_USER_ERROR;
      return;
    }
    process.exitCode = reportError(e);
  }
}

// Output piped into a reader that stops early (`| head`): stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
await main(process.argv);
