/**
 * The front end: `web/dist` when it has been built (with SPA fallback to index.html for any
 * non-API GET), otherwise a minimal Chinese page at `/` with a login form and, in demo mode,
 * the demo accounts — enough for a newcomer to see something before the web app exists.
 */
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { extname, join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import { notFoundHandler } from './errors.js';
import { inlineScriptHashes, type SecurityHeaderPolicy } from './security-headers.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function fallbackPage(
  demoAccounts?: { username: string; password: string; name: string; role: string }[],
): string {
  const rows = (demoAccounts ?? [])
    .map(
      (a) =>
        `<tr><td>${esc(a.name)}</td><td>${esc(a.role)}</td><td><code>${esc(a.username)}</code></td><td><code>${esc(a.password)}</code></td><td><button type="button" data-u="${esc(a.username)}" data-p="${esc(a.password)}">填入</button></td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>检视 Jianshi — 登录</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:760px;margin:40px auto;padding:0 16px;color:#1f1f1f}
h1{color:#c41d1d;font-size:26px}form{display:grid;gap:10px;max-width:320px;margin:20px 0}input,button{font:inherit;padding:6px 10px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:6px 8px;text-align:left}th{background:#fafafa}#out{white-space:pre-wrap;background:#f6f6f6;padding:10px}</style></head>
<body><h1>检视 Jianshi</h1><p>专题民主生活会 / 组织生活会全流程系统。网页应用尚未构建，下面是最简登录页；接口文档见 <a href="/api/openapi.json">/api/openapi.json</a>。</p>
<form id="f"><label>用户名 <input name="username" autocomplete="username" required></label>
<label>密码 <input name="password" type="password" autocomplete="current-password" required></label><button>登录</button></form>
${rows ? `<h2>演示账号</h2><table><tr><th>姓名</th><th>角色</th><th>用户名</th><th>密码</th><th></th></tr>${rows}</table>` : ''}
<div id="out"></div>
<script>
const f=document.getElementById('f'),out=document.getElementById('out');
document.querySelectorAll('button[data-u]').forEach(b=>b.onclick=()=>{f.username.value=b.dataset.u;f.password.value=b.dataset.p;});
f.onsubmit=async e=>{e.preventDefault();
 const r=await fetch('/api/auth/login',{method:'POST',headers:{'content-type':'application/json','x-csrf-token':'login'},body:JSON.stringify({username:f.username.value,password:f.password.value})});
 const j=await r.json(); if(!r.ok){out.textContent='登录失败：'+j.message+'（'+j.code+'）';return;}
 const ms=await (await fetch('/api/materials')).json();
 out.textContent='已登录：'+j.person.name+'\\n我可见的材料：'+(ms.items||[]).map(m=>m.title+'（'+m.status+'）').join('；');};
</script></body></html>`;
}

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The content codings we keep beside a file, in order of preference (smallest first). */
const CODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
type Coding = (typeof CODINGS)[number]['name'];

/**
 * The coding to send for an Accept-Encoding header, among those available: br before gzip, none
 * (identity) when the browser asks for neither or refuses them with q=0. `*` counts for both.
 */
export function pickEncoding(header: string | string[] | undefined, available: ReadonlySet<Coding>): Coding | null {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const q = new Map<string, number>();
  for (const part of value.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    const n = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(n) ? n : 0);
  }
  for (const c of CODINGS) {
    const weight = q.get(c.name) ?? q.get('*') ?? 0;
    if (weight > 0 && available.has(c.name)) return c.name;
  }
  return null;
}

interface Variants {
  type: string;
  identity: Buffer;
  coded: Map<Coding, Buffer>;
}

/** Sends one of a file's variants by the request's Accept-Encoding, with Vary and Content-Encoding. */
function sendVariant(req: FastifyRequest, reply: FastifyReply, v: Variants) {
  const coding = pickEncoding(req.headers['accept-encoding'], new Set(v.coded.keys()));
  reply.header('vary', 'Accept-Encoding').type(v.type);
  if (!coding) return reply.send(v.identity);
  return reply.header('content-encoding', coding).send(v.coded.get(coding));
}

/**
 * Hashed assets (`/assets/name-hash.ext`) from memory: their names change whenever their content
 * does, so a file read once is good for the life of the process. A page load asks for two dozen
 * of them at once over six connections; answering each from a Buffer instead of a stat, an open
 * and a stream is what keeps the queue short. The build writes a brotli (`.br`) and a gzip (`.gz`)
 * copy beside each compressible file (web/vite.config.ts); the browser gets the smallest it
 * accepts, the file itself when it accepts neither (or when the copies are missing).
 */
function registerAssets(app: FastifyInstance, config: Config): void {
  const cache = new Map<string, Variants>();
  app.get('/assets/*', { schema: { hide: true } }, async (req, reply) => {
    const name = (req.params as { '*': string })['*'];
    let hit = cache.get(name);
    if (!hit && /^[\w.-]+$/.test(name) && !name.startsWith('.') && !/\.(?:br|gz)$/.test(name)) {
      const file = join(config.webDist, 'assets', name);
      const identity = await readFile(file).catch(() => null);
      if (identity) {
        const coded = new Map<Coding, Buffer>();
        for (const c of CODINGS) {
          const b = await readFile(file + c.suffix).catch(() => null);
          // A copy is used only when it is smaller: never a larger body for a tiny file.
          if (b && b.length < identity.length) coded.set(c.name, b);
        }
        hit = { type: ASSET_TYPES[extname(name)] ?? 'application/octet-stream', identity, coded };
        cache.set(name, hit);
      }
    }
    if (!hit) {
      notFoundHandler(req, reply);
      return reply;
    }
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return sendVariant(req, reply, hit);
  });
}

/**
 * An HTML page (index.html, o.html) as it is on disk now (a front end rebuilt while the server runs
 * is served as it is), read again only when its size or time changes, with the hashes of its inline
 * start-up scripts for the page's Content-Security-Policy (no 'unsafe-inline') and its compressed
 * copies (a few kilobytes: compressed here, once per version).
 */
interface HtmlPage extends Variants {
  etag: string;
  hashes: string[];
}
function htmlPage(file: string): () => Promise<HtmlPage> {
  let cached: (HtmlPage & { key: string }) | null = null;
  return async () => {
    const st = await stat(file);
    const key = `${st.size}:${st.mtimeMs}`;
    if (cached?.key !== key) {
      const body = await readFile(file);
      const text = body.toString('utf8');
      cached = {
        key,
        type: 'text/html; charset=utf-8',
        identity: body,
        coded: new Map(
          (
            [
              ['br', brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })],
              ['gzip', gzipSync(body, { level: 9 })],
            ] as const
          ).filter(([, b]) => b.length < body.length),
        ),
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        hashes: inlineScriptHashes(text),
      };
    }
    return cached;
  };
}

export async function registerStatic(
  app: FastifyInstance,
  config: Config,
  headers: SecurityHeaderPolicy,
  demoAccounts?: Parameters<typeof fallbackPage>[0],
): Promise<void> {
  const index = join(config.webDist, 'index.html');
  if (existsSync(index)) {
    registerAssets(app, config);
    // An HTML page with its CSP; each coding has its own ETag (a strong validator names one body).
    const sender = (page: () => Promise<HtmlPage>) => async (req: FastifyRequest, reply: FastifyReply) => {
      const p = await page();
      const coding = pickEncoding(req.headers['accept-encoding'], new Set(p.coded.keys()));
      const etag = coding ? `${p.etag.slice(0, -1)}-${coding}"` : p.etag;
      reply.headers(headers.headersFor(req, p.hashes)).header('cache-control', 'no-cache').header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.header('vary', 'Accept-Encoding').status(304).send();
      return sendVariant(req, reply, p);
    };
    // Every page of the application (/, /invite, /materials/…): index.html.
    const sendIndex = sender(htmlPage(index));
    app.get('/', { schema: { hide: true } }, sendIndex);
    app.get('/index.html', { schema: { hide: true } }, sendIndex);
    // The anonymous opinion form (/o#<token>, opened from a QR code on a phone) is a page of its
    // own, o.html: a few kilobytes instead of the whole application. A build without it (older
    // web/dist) falls back to the application's page, which has the form too.
    const opinionFile = join(config.webDist, 'o.html');
    const sendOpinion = sender(htmlPage(opinionFile));
    const opinionPage = async (req: FastifyRequest, reply: FastifyReply) =>
      existsSync(opinionFile) ? sendOpinion(req, reply) : sendIndex(req, reply);
    app.get('/o', { schema: { hide: true } }, opinionPage);
    app.get('/o/*', { schema: { hide: true } }, opinionPage);
    app.get('/o.html', { schema: { hide: true } }, opinionPage);
    // wildcard: files are looked up per request, so a front end rebuilt while the server runs is
    // served as it is now. Hashed assets are cached for good; index.html is always revalidated.
    // preCompressed: the build's .br/.gz copies, chosen by Accept-Encoding.
    await app.register(fastifyStatic, {
      root: config.webDist,
      prefix: '/',
      wildcard: true,
      index: false,
      preCompressed: true,
      setHeaders: (reply, path) =>
        reply.header(
          'cache-control',
          relative(config.webDist, path).startsWith(`assets${sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        ),
    });
    app.setNotFoundHandler((req, reply) => {
      // A missing script or image is a 404, never the application's page in its place.
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/'))
        return sendIndex(req, reply);
      return notFoundHandler(req, reply);
    });
    return;
  }
  const page = fallbackPage(config.demo ? demoAccounts : undefined);
  const hashes = inlineScriptHashes(page);
  app.setNotFoundHandler(notFoundHandler);
  app.get('/', { schema: { hide: true } }, async (req, reply) =>
    reply.headers(headers.headersFor(req, hashes)).type('text/html; charset=utf-8').send(page),
  );
}
