/**
 * Legacy Word .doc and WPS .wps files (OLE2 compound documents) are converted to .docx with
 * LibreOffice headless when `soffice` is installed; otherwise the user gets E_LEGACY_DOC with the
 * way to convert them. Also .docx → PDF (used by the tests and by previews).
 *
 * Every conversion runs in a fresh temporary directory with its own LibreOffice profile
 * (`-env:UserInstallation`), and is killed (its whole process group) after a timeout
 * (E_CONVERT_TIMEOUT). LibreOffice takes 150–250 MB and several seconds a conversion, so the
 * process runs one at a time: later ones wait in a queue of bounded length
 * (JIANSHI_CONVERT_QUEUE, default 4); beyond it they are refused at once with E_CONVERT_BUSY. A
 * conversion's slot is given up only when its whole process tree has exited. Before converting,
 * an OLE2 file must hold a WordDocument stream (E_NOT_WORD_DOC otherwise). Node only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JianshiError } from '../core/errors.js';
import { isOle2 } from './docx-read.js';
import { isWordCompoundFile } from './ole.js';

export const LEGACY_HOWTO =
  '不支持旧版 .doc / .wps 格式，且本机未安装 LibreOffice，无法自动转换。请在 Word 或 WPS 中打开该文件，选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”后再导入；' +
  '或安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）后重试，也可手动执行：soffice --headless --convert-to docx 文件名.doc';

let sofficeCache: string | null | undefined;

/** Path of the LibreOffice `soffice` executable, or null. `JIANSHI_SOFFICE` overrides (empty = none). */
export function findSoffice(): string | null {
  const env = process.env.JIANSHI_SOFFICE;
  if (env !== undefined) return env && existsSync(env) ? env : null;
  if (sofficeCache !== undefined) return sofficeCache;
  const names = ['soffice', 'libreoffice'];
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  dirs.push(
    '/usr/bin',
    '/usr/local/bin',
    '/opt/libreoffice/program',
    '/usr/lib/libreoffice/program',
    '/Applications/LibreOffice.app/Contents/MacOS',
  );
  for (const d of dirs) {
    for (const n of names) {
      const p = join(d, n);
      if (existsSync(p)) return (sofficeCache = p);
    }
  }
  return (sofficeCache = null);
}

export function hasSoffice(): boolean {
  return findSoffice() !== null;
}

/** The fontconfig file aliasing the official fonts to Noto CJK (for previews / PDF). */
export function fontsConf(): string | undefined {
  const p = fileURLToPath(new URL('../../.ci/fonts.conf', import.meta.url));
  return existsSync(p) ? p : undefined;
}

export interface ConvertOptions {
  /** Milliseconds before the conversion is killed. */
  timeoutMs?: number;
  /** A fontconfig file (FONTCONFIG_FILE) for rendering; defaults to the repository's .ci/fonts.conf. */
  fontconfig?: string;
}

// ---------------------------------------------------------------- one conversion at a time

let busy = false;
const waiting: (() => void)[] = [];
/** Conversions run so far and the most that ever ran at once (tests, statistics). */
export const conversionStats = { started: 0, maxConcurrent: 0, running: 0 };

function queueLimit(): number {
  const v = Number(process.env.JIANSHI_CONVERT_QUEUE ?? '');
  return process.env.JIANSHI_CONVERT_QUEUE && Number.isInteger(v) && v >= 0 ? v : 4;
}

/** The conversion slot: resolves with its release once no other conversion runs; E_CONVERT_BUSY when the queue is full. */
async function acquire(): Promise<() => void> {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };
  if (!busy) {
    busy = true;
    return release;
  }
  if (waiting.length >= queueLimit())
    throw new JianshiError('E_CONVERT_BUSY', undefined, { queued: waiting.length, retryAfterSeconds: 30 });
  await new Promise<void>((r) => waiting.push(r));
  return release;
}

/** Default seconds before a conversion is killed (JIANSHI_CONVERT_TIMEOUT). */
function defaultTimeoutMs(): number {
  const v = Number(process.env.JIANSHI_CONVERT_TIMEOUT ?? '');
  return v > 0 ? v * 1000 : 60_000;
}

/**
 * Run `soffice --headless --convert-to <target> --outdir <outDir> <input>` with a private profile,
 * one at a time in the process. Resolves with the output path; throws E_CONVERT on failure,
 * E_CONVERT_TIMEOUT on timeout, E_CONVERT_BUSY when too many wait, E_LEGACY_DOC when soffice is missing.
 */
export async function sofficeConvert(
  input: string,
  target: string,
  outDir: string,
  opts: ConvertOptions = {},
): Promise<string> {
  const soffice = findSoffice();
  if (!soffice) throw new JianshiError('E_LEGACY_DOC', LEGACY_HOWTO);
  const release = await acquire();
  try {
    conversionStats.started++;
    conversionStats.running++;
    conversionStats.maxConcurrent = Math.max(conversionStats.maxConcurrent, conversionStats.running);
    return await runSoffice(soffice, input, target, outDir, opts);
  } finally {
    conversionStats.running--;
    release();
  }
}

/** One LibreOffice run; settles only once its process tree has exited (or 10 s after it was killed). */
function runSoffice(
  soffice: string,
  input: string,
  target: string,
  outDir: string,
  opts: ConvertOptions,
): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs();
  const profile = mkdtempSync(join(tmpdir(), 'lo-jianshi-'));
  // TMPDIR inside the private profile: LibreOffice's own temporary files (lu*.tmp) go with it when it is removed, also after a kill.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: process.env.HOME ?? profile,
    SAL_USE_VCLPLUGIN: 'svp',
    TMPDIR: profile,
    TMP: profile,
    TEMP: profile,
  };
  const fc = opts.fontconfig ?? fontsConf();
  if (fc) env.FONTCONFIG_FILE = fc;
  const args = [
    '--headless',
    '--norestore',
    '--nologo',
    '--nodefault',
    '--nolockcheck',
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    '--convert-to',
    target,
    '--outdir',
    outDir,
    input,
  ];
  return new Promise<string>((resolvePromise, reject) => {
    let stderr = '';
    let settled = false;
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const child = spawn(soffice, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const finish = (err: JianshiError | null, out?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      try {
        rmSync(profile, { recursive: true, force: true });
      } catch {
        /* ignore */
      }
      if (err) reject(err);
      else resolvePromise(out!);
    };
    const timeoutError = () =>
      new JianshiError(
        'E_CONVERT_TIMEOUT',
        `旧版文档转换超时（${Math.round(timeoutMs / 1000)} 秒），已中止：请在 Word 或 WPS 中另存为 .docx 后再导入。`,
        { timeoutMs },
      );
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      // 'close' comes when every process holding its pipes (soffice.bin included) has gone.
      grace = setTimeout(() => finish(timeoutError()), 10_000);
    }, timeoutMs);
    child.stdout?.on('data', () => {});
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    child.on('error', (e) => finish(new JianshiError('E_CONVERT', `无法启动 LibreOffice：${e.message}`)));
    child.on('close', (code) => {
      if (timedOut) return finish(timeoutError());
      const ext = target.split(':')[0];
      const out = join(outDir, basename(input).replace(/\.[^.]*$/, '') + '.' + ext);
      if (existsSync(out)) finish(null, out);
      else
        finish(
          new JianshiError(
            'E_CONVERT',
            '文档转换失败：LibreOffice 未能转换该文件（文件可能已损坏或不是 Word/WPS 文档）。',
            { code },
          ),
        ); // LibreOffice's stderr stays on the server: it names paths and programs
    });
  });
}

/**
 * Convert the bytes of a legacy .doc / .wps to .docx bytes. Throws E_LEGACY_DOC (with how to
 * convert) when LibreOffice is missing, E_CONVERT when the conversion fails.
 */
export async function convertLegacyToDocx(
  bytes: Uint8Array,
  fileName?: string,
  opts: ConvertOptions = {},
): Promise<Uint8Array> {
  if (!hasSoffice()) throw new JianshiError('E_LEGACY_DOC', LEGACY_HOWTO);
  // An OLE2 file must be a Word document (not random bytes behind the signature, not a spreadsheet).
  if (isOle2(bytes) && !isWordCompoundFile(bytes)) throw new JianshiError('E_NOT_WORD_DOC');
  const dir = mkdtempSync(join(tmpdir(), 'jianshi-legacy-'));
  try {
    // OLE2 files (.doc, Kingsoft .wps, .dot) go in as .doc: LibreOffice would take a .wps for MS Works.
    const ext = fileName && /\.rtf$/i.test(fileName) ? 'rtf' : 'doc';
    const input = join(dir, `input.${ext}`);
    writeFileSync(input, bytes);
    const outDir = join(dir, 'out');
    const out = await sofficeConvert(input, 'docx:MS Word 2007 XML', outDir, opts);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Convert a .docx (or any document LibreOffice reads) on disk to PDF in `outDir`; resolves with the PDF's path. */
export function convertDocxToPdf(path: string, outDir: string, opts: ConvertOptions = {}): Promise<string> {
  return sofficeConvert(resolve(path), 'pdf', resolve(outDir), { timeoutMs: 90_000, ...opts });
}

/** Text of a PDF via poppler's `pdftotext` (tests and previews), or null when it is not installed. */
export function pdfToText(pdfPath: string, layout = false): string | null {
  const r = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', pdfPath, '-'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error || r.status !== 0) return null;
  return r.stdout;
}
