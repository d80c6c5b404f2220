/**
 * The meeting's whole file set as one .zip, written as a stream (JSZip, already used to read .docx):
 * the entries are held in memory — bounded by ARCHIVE_LIMITS, checked before anything is written —
 * and the archive leaves as it is made, so the download starts at once. .docx and .xlsx are
 * already deflated inside, so they are stored as they are (no second compression to wait for).
 * File names are UTF-8 (the zip's language-encoding flag), which Windows Explorer, macOS and
 * unzip read as Chinese.
 *
 *   const stream = archiveZipStream(entries, { date: new Date('2026-01-15T00:00:00Z') });
 *   reply.send(stream);
 */
import JSZip from 'jszip';
import { ARCHIVE_LIMITS } from '../core/meeting/archive.js';
import { JianshiError } from '../core/errors.js';

export interface ArchiveEntry {
  /** Path inside the archive ("02会议记录.docx", "09对照检查材料/01张三-检视剖析材料.docx"). */
  name: string;
  bytes: Uint8Array;
}

/** Throws E_TOO_LARGE (with the limit in Chinese) when the entries exceed the archive's limits. */
export function checkArchiveSize(entries: readonly ArchiveEntry[]): number {
  const total = entries.reduce((s, e) => s + e.bytes.byteLength, 0);
  if (entries.length > ARCHIVE_LIMITS.maxEntries || total > ARCHIVE_LIMITS.maxBytes) {
    throw new JianshiError(
      'E_TOO_LARGE',
      `会议档案过大（${entries.length}个文件，${Math.ceil(total / 1024 / 1024)} MB），超过一次下载的上限（${
        ARCHIVE_LIMITS.maxEntries
      }个文件、${ARCHIVE_LIMITS.maxBytes / 1024 / 1024} MB）。请在各页面分别下载。`,
      { entries: entries.length, bytes: total },
    );
  }
  return total;
}

/** Unique names: a second "张三-检视剖析材料.docx" becomes "张三-检视剖析材料（2）.docx". */
export function uniqueNames(entries: readonly ArchiveEntry[]): ArchiveEntry[] {
  const seen = new Set<string>();
  return entries.map((e) => {
    let name = e.name;
    for (let i = 2; seen.has(name); i++) name = e.name.replace(/(\.[a-z]+)?$/i, (ext) => `（${i}）${ext}`);
    seen.add(name);
    return { ...e, name };
  });
}

/** The archive as a stream to pipe (JSZip's stream: `pipe`, not async iteration). */
export function archiveZipStream(entries: readonly ArchiveEntry[], opts: { date?: Date } = {}): NodeJS.ReadableStream {
  checkArchiveSize(entries);
  const zip = new JSZip();
  const date = opts.date ?? new Date();
  for (const e of uniqueNames(entries)) {
    const packed = /\.(docx|xlsx|zip|png|jpe?g)$/i.test(e.name);
    zip.file(e.name, e.bytes, { binary: true, date, compression: packed ? 'STORE' : 'DEFLATE' });
  }
  return zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, platform: 'DOS' });
}
