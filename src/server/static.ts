/**
 * The front end: `web/dist` when it has been built (with SPA fallback to index.html for any
 * non-API GET), otherwise a minimal Chinese page at `/` with a login form and, in demo mode,
 * the demo accounts — enough for a newcomer to see something before the web app exists.
 */
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
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

/**
 * Hashed assets (`/assets/name-hash.ext`) from memory: their names change whenever their content
 * does, so a file read once is good for the life of the process. A page load asks for two dozen
 * of them at once over six connections; answering each from a Buffer instead of a stat, an open
 * and a stream is what keeps the queue short.
 */
function registerAssets(app: FastifyInstance, config: Config): void {
  const cache = new Map<string, { body: Buffer; type: string }>();
  app.get('/assets/*', { schema: { hide: true } }, async (req, reply) => {
    const name = (req.params as { '*': string })['*'];
    let hit = cache.get(name);
    if (!hit && /^[\w.-]+$/.test(name) && !name.startsWith('.')) {
      const body = await readFile(join(config.webDist, 'assets', name)).catch(() => null);
      if (body) cache.set(name, (hit = { body, type: ASSET_TYPES[extname(name)] ?? 'application/octet-stream' }));
    }
    if (!hit) {
      notFoundHandler(req, reply);
      return reply;
    }
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type(hit.type).send(hit.body);
  });
}

/**
 * index.html as it is on disk now (a front end rebuilt while the server runs is served as it is),
 * read again only when its size or time changes, with the hashes of its inline start-up scripts
 * for the page's Content-Security-Policy (no 'unsafe-inline').
 */
function indexPage(file: string): () => Promise<{ body: Buffer; etag: string; hashes: string[] }> {
  let cached: { key: string; body: Buffer; etag: string; hashes: string[] } | null = null;
  return async () => {
    const st = await stat(file);
    const key = `${st.size}:${st.mtimeMs}`;
    if (cached?.key !== key) {
      const body = await readFile(file);
      const text = body.toString('utf8');
      cached = {
        key,
        body,
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
    const page = indexPage(index);
    // Every page of the application (/, /o, /invite, /materials/…): index.html with its CSP.
    const sendIndex = async (req: FastifyRequest, reply: FastifyReply) => {
      const p = await page();
      reply
        .headers(headers.headersFor(req, p.hashes))
        .header('cache-control', 'no-cache')
        .header('etag', p.etag)
        .type('text/html; charset=utf-8');
      if (req.headers['if-none-match'] === p.etag) return reply.status(304).send();
      return reply.send(p.body);
    };
    app.get('/', { schema: { hide: true } }, sendIndex);
    app.get('/index.html', { schema: { hide: true } }, sendIndex);
    // wildcard: files are looked up per request, so a front end rebuilt while the server runs is
    // served as it is now. Hashed assets are cached for good; index.html is always revalidated.
    await app.register(fastifyStatic, {
      root: config.webDist,
      prefix: '/',
      wildcard: true,
      index: false,
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
