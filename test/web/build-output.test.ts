/**
 * The built index.html starts the opened page's work at once: the early API reads are inline (no
 * request to wait for), and a page of EARLY_ROUTES gets its chunk, that chunk's imports and its stylesheets preloaded,
 * every one of them a file of the build that the entry does not already load.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { ensureWeb, ROOT } from '../e2e/harness.js';

const dist = join(ROOT, 'web', 'dist');

/** Runs the inline scripts of index.html for `path` in a bare context; returns what they added. */
function startFor(html: string, path: string) {
  const links: { rel: string; href: string }[] = [];
  const fetched: string[] = [];
  const window: Record<string, unknown> = {
    location: { pathname: path },
    fetch: (url: string) => (fetched.push(url), Promise.resolve({})),
    document: { createElement: () => ({}), head: { appendChild: (l: { rel: string; href: string }) => links.push(l) } },
  };
  window.window = window;
  for (const [, code] of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) runInNewContext(code, window);
  return { links, fetched };
}

describe('the built start page', () => {
  ensureWeb();
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]+src="\/(assets\/[^"]+\.js)"/.exec(html)![1];

  it('reads the session and the opened material at once, without loading a script first', () => {
    expect(html).not.toContain('src="/boot.js"');
    expect(startFor(html, '/materials/abc-123').fetched).toEqual(['/api/auth/me', '/api/materials/abc-123']);
    expect(startFor(html, '/o').fetched).toEqual([]);
  });

  it("preloads the opened page's chunks, files of the build that the entry does not load", () => {
    const pages: Record<string, string> = {
      '/materials/abc-123': 'EditorPage',
      '/materials/abc-123/review': 'ReviewPage',
      '/meetings/m1': 'MeetingPage',
      '/login': 'LoginPage',
      '/': 'HomePage',
    };
    for (const [path, page] of Object.entries(pages)) {
      const { links } = startFor(html, path);
      // Scripts as module preloads; the page's own stylesheets (antd's CSS cut by component) as style preloads.
      expect(
        links.every((l) =>
          l.href.endsWith('.css')
            ? l.rel === 'preload' && (l as { as?: string }).as === 'style'
            : l.rel === 'modulepreload',
        ),
        path,
      ).toBe(true);
      const files = links.map((l) => l.href.replace(/^\//, ''));
      expect(
        files.some((f) => f.startsWith(`assets/${page}-`)),
        path,
      ).toBe(true);
      for (const f of files) expect(existsSync(join(dist, f)), f).toBe(true);
      expect(files, path).not.toContain(entry);
    }
    // Pages not listed, /meetings/new among them (it is not a meeting's page), preload nothing.
    for (const path of ['/ledger', '/meetings/new', '/meetings/m1/edit'])
      expect(startFor(html, path).links, path).toEqual([]);
  });
});
