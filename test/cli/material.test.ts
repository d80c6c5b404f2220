import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';

const bin = new URL('../../bin/jianshi', import.meta.url).pathname;
const sample = new URL('../fixtures/sample-2023.txt', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });

// Each case spawns the real CLI a few times; generous timeouts keep a loaded machine from failing them.
describe('bin/jianshi import | clean | export', { timeout: 240_000 }, () => {
  it('import --json prints the contract fields for the sample', () => {
    const out = JSON.parse(execFileSync(bin, ['import', sample, '--json'], { encoding: 'utf8' }));
    expect(out.title).toBe('2023年第二批主题教育专题民主生活会剖析发言材料');
    expect(out.encoding).toBe('utf-8');
    expect(out.framework).toBe('2023-theme-education');
    expect(out.problems).toHaveLength(6);
    expect(out.causes).toHaveLength(4);
    expect(out.measures).toHaveLength(5);
    expect(Object.keys(out.problems[0])).toEqual(
      expect.arrayContaining(['aspect', 'heading', 'text', 'points', 'examples']),
    );
    expect(Object.keys(out.measures[0])).toEqual(expect.arrayContaining(['heading', 'text', 'deadline']));
    expect(JSON.stringify([out.title, out.preface, out.problems, out.causes, out.measures, out.closing])).not.toMatch(
      /稿子铺整理|##paid/,
    );
    expect(out.removed).toContainEqual({ kind: 'watermark', text: '稿子铺整理', count: 4 });
  });

  it('import without --json prints a readable outline in Chinese', () => {
    const r = run('import', sample);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('一、存在的问题（6条）');
    expect(r.stdout).toContain('水印“稿子铺整理”×4');
  });

  it('clean prints the cleaned text', () => {
    const r = run('clean', sample);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('稿子铺整理');
    expect(r.stdout).toContain('学习、学习、再学习');
  });

  it('export writes a .docx, Markdown and JSON that import back to the same material', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-cli-'));
    const original = JSON.parse(execFileSync(bin, ['import', sample, '--json'], { encoding: 'utf8' }));
    for (const fmt of ['docx', 'md', 'json']) {
      const out = join(dir, `out.${fmt}`);
      const r = run('export', sample, '--format', fmt, '-o', out);
      expect(r.status, r.stderr).toBe(0);
      const back = JSON.parse(execFileSync(bin, ['import', out, '--json'], { encoding: 'utf8' }));
      for (const k of ['title', 'preface', 'closing']) expect(back[k], `${fmt} ${k}`).toBe(original[k]);
      expect(back.problems.map((p: { heading: string; text: string }) => [p.heading, p.text])).toEqual(
        original.problems.map((p: { heading: string; text: string }) => [p.heading, p.text]),
      );
      expect(back.measures.map((p: { heading: string }) => p.heading)).toEqual(
        original.measures.map((p: { heading: string }) => p.heading),
      );
    }
  });

  it('errors exit with code 2, a Chinese message and a stable code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-cli-'));
    // A broken legacy .doc: converted through LibreOffice when installed (then E_CONVERT), else E_LEGACY_DOC.
    const cases: [string, Uint8Array, string | RegExp][] = [
      ['empty.txt', new Uint8Array(), 'E_EMPTY'],
      ['image.txt', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'E_BINARY'],
      [
        'old.doc',
        Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]),
        /E_LEGACY_DOC|E_CONVERT|E_NOT_WORD_DOC/,
      ], // an OLE header with nothing behind it is not a Word document
      ['notword.docx', await new JSZip().file('hello.txt', 'hi').generateAsync({ type: 'uint8array' }), 'E_NOT_DOCX'],
    ];
    for (const [name, bytes, code] of cases) {
      const f = join(dir, name);
      writeFileSync(f, bytes);
      const r = run('import', f);
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).toMatch(code);
      expect(r.stderr, name).toMatch(/[\u4e00-\u9fff]/);
    }
    const r = run('export', sample, '--format', 'pdf', '-o', join(dir, 'x.pdf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('E_BAD_ARGUMENT');
    expect(readFileSync(sample).length).toBeGreaterThan(0);
  });
});
