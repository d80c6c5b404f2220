/**
 * Legacy Word .doc and WPS .wps files (OLE2 compound documents) are converted to .docx with
 * LibreOffice headless when `soffice` is installed; otherwise the user gets E_LEGACY_DOC with the
 * way to convert them. Also .docx → PDF (used by the tests and by previews).
 *
 * Every conversion runs in a fresh temporary directory with its own LibreOffice profile
 * (`-env:UserInstallation`), so concurrent conversions never share a profile lock, and is killed
 * (its whole process group) after a timeout. Node only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JianshiError } from '../core/errors.js';

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
  dirs.push('/usr/bin', '/usr/local/bin', '/opt/libreoffice/program', '/usr/lib/libreoffice/program', '/Applications/LibreOffice.app/Contents/MacOS');
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

/**
 * Run `soffice --headless --convert-to <target> --outdir <outDir> <input>` with a private profile.
 * Resolves with the output path; throws E_CONVERT on failure or timeout, E_LEGACY_DOC when soffice is missing.
 */
export function sofficeConvert(input: string, target: string, outDir: string, opts: ConvertOptions = {}): Promise<string> {
  const soffice = findSoffice();
  if (!soffice) return Promise.reject(new JianshiError('E_LEGACY_DOC', LEGACY_HOWTO));
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const profile = mkdtempSync(join(tmpdir(), 'lo-jianshi-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: process.env.HOME ?? profile, SAL_USE_VCLPLUGIN: 'svp' };
  const fc = opts.fontconfig ?? fontsConf();
  if (fc) env.FONTCONFIG_FILE = fc;
  const args = ['--headless', '--norestore', '--nologo', '--nodefault', '--nolockcheck', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', target, '--outdir', outDir, input];
  return new Promise<string>((resolvePromise, reject) => {
    let stderr = '';
    let settled = false;
    const child = spawn(soffice, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const finish = (err: JianshiError | null, out?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        rmSync(profile, { recursive: true, force: true });
      } catch {
        /* ignore */
      }
      if (err) reject(err);
      else resolvePromise(out!);
    };
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      finish(new JianshiError('E_CONVERT', `文档转换超时（${Math.round(timeoutMs / 1000)} 秒）。`, { timeoutMs }));
    }, timeoutMs);
    child.stdout?.on('data', () => {});
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    child.on('error', (e) => finish(new JianshiError('E_CONVERT', `无法启动 LibreOffice：${e.message}`)));
    child.on('close', (code) => {
      const ext = target.split(':')[0];
      const out = join(outDir, basename(input).replace(/\.[^.]*$/, '') + '.' + ext);
      if (existsSync(out)) finish(null, out);
      else finish(new JianshiError('E_CONVERT', '文档转换失败：LibreOffice 未能转换该文件（文件可能已损坏或不是 Word/WPS 文档）。', { code, stderr: stderr.slice(0, 1000) }));
    });
  });
}

/**
 * Convert the bytes of a legacy .doc / .wps to .docx bytes. Throws E_LEGACY_DOC (with how to
 * convert) when LibreOffice is missing, E_CONVERT when the conversion fails.
 */
export async function convertLegacyToDocx(bytes: Uint8Array, fileName?: string, opts: ConvertOptions = {}): Promise<Uint8Array> {
  if (!hasSoffice()) throw new JianshiError('E_LEGACY_DOC', LEGACY_HOWTO);
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
  const r = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) return null;
  return r.stdout;
}
