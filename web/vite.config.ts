import { defineConfig, normalizePath, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { dirname, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { EARLY_ROUTES } from './src/early-routes.ts';
import { allAntdPrefixes, prefixesOfModule, splitAntdCss } from './antd-css.ts';

const SRC = fileURLToPath(new URL('./src', import.meta.url));
const PUBLIC = fileURLToPath(new URL('./public', import.meta.url));

/**
 * The opened page's code, fetched beside the application's own: index.html gets a small inline
 * script that, for a path of EARLY_ROUTES, adds <link rel="modulepreload"> for the page's chunk and
 * every chunk it imports that the entry does not already load. Without it the page's chunk was
 * requested only once the entry had run (half a second later on the test machines).
 */
function earlyRoutePreload(): Plugin {
  return {
    name: 'jianshi-early-route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        // The application's page only: the opinion form (o.html) loads nothing of the application.
        if (!bundle || ctx.path !== '/index.html') return html;
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const closure = (fileName: string, acc = new Set<string>()): Set<string> => {
          const c = bundle[fileName];
          if (acc.has(fileName) || !c || c.type !== 'chunk') return acc;
          acc.add(fileName);
          for (const i of c.imports) closure(i, acc);
          return acc;
        };
        const cssOf = (c: (typeof bundle)[string] | undefined): string[] =>
          c && c.type === 'chunk' ? [...(c.viteMetadata?.importedCss ?? [])] : [];
        const entry = chunks.find((c) => c.isEntry && c.name === 'index');
        if (!entry) throw new Error('early route preload: no entry chunk');
        const loadedByEntry = closure(entry.fileName);
        const map = EARLY_ROUTES.map((r) => {
          const file = normalizePath(join(SRC, r.module));
          const chunk = chunks.find(
            (c) => (c.facadeModuleId ? normalizePath(c.facadeModuleId).replace(/\.[jt]sx?$/, '') : null) === file,
          );
          if (!chunk)
            throw new Error(`early route preload: no chunk for ${r.module} (is it imported with import() in App.tsx?)`);
          const files = [...closure(chunk.fileName)].filter((f) => !loadedByEntry.has(f));
          // The CSS those chunks bring (their antd components' part of the stylesheet), fetched
          // at once as well: the import then waits for it (Vite's preload helper), not for a new request.
          const entryCss = new Set([...loadedByEntry].flatMap((f) => cssOf(bundle[f])));
          const css = [...new Set(files.flatMap((f) => cssOf(bundle[f])))].filter((f) => !entryCss.has(f));
          return [r.pattern, [...files, ...css]];
        });
        const script = `(function(){var r=${JSON.stringify(map)},p=location.pathname;for(var i=0;i<r.length;i++)if(new RegExp(r[i][0]).test(p)){for(var j=0;j<r[i][1].length;j++){var f=r[i][1][j],l=document.createElement('link');if(/\\.css$/.test(f)){l.rel='preload';l.as='style'}else l.rel='modulepreload';l.crossOrigin='';l.href='/'+f;document.head.appendChild(l)}break}})();`;
        // boot.js (the early API reads) inline as well: as a file it was one more request that
        // everything else waited for (a tenth of a second at start-up).
        const boot = '<script src="/boot.js"></script>';
        if (!html.includes(boot)) throw new Error('early route preload: index.html lost its boot script');
        const bootJs = readFileSync(join(PUBLIC, 'boot.js'), 'utf8');
        if (bootJs.includes('</script')) throw new Error('boot.js must not contain </script');
        return html.replace(boot, () => `<script>${bootJs.trim()}</script>\n    <script>${script}</script>`);
      },
    },
  };
}

/**
 * antd's stylesheet by component (antd-css.ts): `import 'antd/dist/antd.css'` (main.tsx) gives the
 * part of no component, and every antd module imports the parts of the class prefixes it names,
 * so a page's chunk brings the CSS of the components it renders and the first load carries no
 * other component's CSS. The parts are files (in the system's temporary directory, named by the
 * stylesheet's hash), so Vite treats them as any imported CSS, in the build and the dev server.
 *
 * Two more ways in:
 * - `import 'jianshi:antd-css/list'`: one component's part, for a light component of our own that
 *   renders antd's markup without antd's module (components/LightList.tsx);
 * - the parts of what only ever shows in a layer over the page (messages, notifications, dialogs,
 *   drawers, drop-down menus, tooltips, pop-ups) are not loaded with their modules but all together
 *   in `jianshi:antd-css/overlays`, which main.tsx imports once the page has rendered: nothing of
 *   them is on the screen before, and they are in every page's first load otherwise.
 */
/** antd components shown only over the page, on an action or a message (see antdCssByComponent). */
const OVERLAYS = ['message', 'notification', 'modal', 'drawer', 'dropdown', 'tooltip', 'popover', 'popconfirm'];

function antdCssByComponent(): Plugin {
  const require = createRequire(import.meta.url);
  const cssFile = require.resolve('antd/dist/antd.css');
  const antdEs = normalizePath(join(dirname(cssFile), '..', 'es'));
  const css = readFileSync(cssFile, 'utf8');
  const dir = join(tmpdir(), `jianshi-antd-css-${createHash('sha256').update(css).digest('hex').slice(0, 16)}`);
  const { base, byPrefix } = splitAntdCss(css, allAntdPrefixes(antdEs));
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string) => {
    // Written whole and renamed: another build may be reading the same directory.
    const tmp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
  };
  for (const [prefix, text] of byPrefix) write(`${prefix}.css`, text);
  write('overlays.css', OVERLAYS.map((p) => byPrefix.get(p) ?? '').join(''));
  const cssId = normalizePath(cssFile);
  const ID = 'jianshi:antd-css/';
  return {
    name: 'jianshi-antd-css-by-component',
    enforce: 'pre',
    resolveId(id) {
      if (!id.startsWith(ID)) return null;
      const name = id.slice(ID.length);
      if (name !== 'overlays' && !byPrefix.has(name)) throw new Error(`no antd CSS part named ${name}`);
      return normalizePath(join(dir, `${name}.css`));
    },
    load(id) {
      return normalizePath(id.split('?')[0]) === cssId ? base : null;
    },
    transform(code, id) {
      const file = normalizePath(id.split('?')[0]);
      if (!file.startsWith(`${antdEs}/`) || !file.endsWith('.js')) return null;
      const parts = prefixesOfModule(code).filter((p) => byPrefix.has(p) && !OVERLAYS.includes(p));
      if (!parts.length) return null;
      return {
        code: parts.map((p) => `import ${JSON.stringify(normalizePath(join(dir, `${p}.css`)))};`).join('') + code,
        map: null,
      };
    },
    config: () => ({ server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url)), dir] } } }),
  };
}

/**
 * What a screen reader says, in Chinese: the few labels antd's building blocks write in English
 * whatever the locale (antd's zh_CN locale does not reach them), changed where they are written.
 * Each replacement must find its text: after an upgrade of antd the build fails rather than going
 * back to English without a word. Icons: antd gives every icon its English name as its label
 * ("close", "search"); the icons the application shows get a Chinese one, any other is hidden from
 * screen readers (it sits beside a text or inside a labelled control).
 */
const CHINESE_LABELS: { file: RegExp; from: string; to: string }[] = [
  {
    file: /@rc-component[\\/]input-number[\\/]es[\\/]StepHandler\.js$/,
    from: `isUpAction ? 'Increase Value' : 'Decrease Value'`,
    to: `isUpAction ? '增大' : '减小'`,
  },
  { file: /@rc-component[\\/]select[\\/]es[\\/]hooks[\\/]useAllowClear\.js$/, from: `?? 'Clear'`, to: `?? '清除'` },
  {
    file: /@rc-component[\\/]dialog[\\/]es[\\/]Dialog[\\/]Content[\\/]Panel\.js$/,
    from: `"aria-label": "Close"`,
    to: `"aria-label": "关闭"`,
  },
  {
    file: /@rc-component[\\/]notification[\\/]es[\\/]Notification\.js$/,
    from: `"aria-label": "Close"`,
    to: `"aria-label": "关闭"`,
  },
  {
    file: /@ant-design[\\/]icons[\\/]es[\\/]components[\\/]AntdIcon(?:Light)?\.js$/,
    from: `"aria-label": icon.name`,
    to: `"aria-label": ICON_LABELS[icon.name], "aria-hidden": ICON_LABELS[icon.name] ? undefined : true`,
  },
];
const ICON_LABELS: Record<string, string> = {
  close: '关闭',
  'close-circle': '错误',
  'check-circle': '成功',
  check: '完成',
  'exclamation-circle': '警告',
  'info-circle': '提示',
  warning: '警告',
  loading: '加载中',
  search: '搜索',
  down: '展开',
  up: '收起',
  left: '上一页',
  right: '下一页',
  'double-left': '向前',
  'double-right': '向后',
  ellipsis: '更多',
  calendar: '日历',
  'clock-circle': '时间',
  plus: '增加',
  minus: '减少',
  delete: '删除',
  edit: '编辑',
  copy: '复制',
  eye: '显示',
  'eye-invisible': '隐藏',
  upload: '上传',
  download: '下载',
  inbox: '文件',
  'paper-clip': '附件',
  'question-circle': '帮助',
  filter: '筛选',
  bars: '菜单',
};

function chineseLabels(): Plugin {
  return {
    name: 'jianshi-chinese-labels',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0];
      const edits = CHINESE_LABELS.filter((e) => e.file.test(file));
      if (!edits.length) return null;
      let out = code;
      for (const e of edits) {
        if (!out.includes(e.from)) throw new Error(`chinese labels: "${e.from}" not found in ${file}`);
        out = out.split(e.from).join(e.to);
      }
      if (/AntdIcon(?:Light)?\.js$/.test(file)) out = `const ICON_LABELS = ${JSON.stringify(ICON_LABELS)};\n${out}`;
      return { code: out, map: null };
    },
  };
}

/** Files worth compressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt', '.ico']);

/**
 * Brotli (quality 11) and gzip (level 9) copies beside every compressible file of the build
 * (`x.js.br`, `x.js.gz`), made once here rather than on every request; the server sends the one
 * the browser accepts (src/server/static.ts). A copy that would not be smaller is not written.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'jianshi-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        );
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.has(extname(file))) continue;
        const body = readFileSync(file);
        if (body.length < 512) continue;
        const br = brotliCompressSync(body, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
        });
        const gz = gzipSync(body, { level: 9 });
        if (br.length < body.length) writeFileSync(`${file}.br`, br);
        if (gz.length < body.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

// The front end lives in web/; the pure core in src/core is imported directly (it has no I/O).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [antdCssByComponent(), chineseLabels(), react(), earlyRoutePreload(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // No modulepreload polyfill: every browser we support has modulepreload (Chromium, Firefox
    // 115+, Safari 17+; elsewhere a preload is only later, never missing), and the polyfill, a module
    // both pages would share, was put into the application's file, which the opinion form then loaded.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // Two pages: the application, and the anonymous opinion form opened from a QR code on a
      // phone (o.html: plain DOM, no React or antd, a few kilobytes).
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        o: fileURLToPath(new URL('./o.html', import.meta.url)),
      },
      output: {
        // What the entry loads statically, as one file rather than eighteen: a browser fetches six at
        // a time over HTTP/1.1, so many small files queued behind each other at start-up.
        // The opinion form's modules never join it.
        codeSplitting: {
          groups: [
            { name: 'app', tags: ['$initial'], test: (id: string) => !/[\\/](?:public-opinion[\\/]|o\.html)/.test(id) },
          ],
        },
      },
    },
  },
  // The server checks Origin against Host (CSRF): the dev proxy drops the dev server's Origin.
  server: {
    proxy: {
      '/api': {
        target: 'http://127.0.0.1:3000',
        configure: (proxy) => proxy.on('proxyReq', (req) => req.removeHeader('origin')),
      },
    },
  },
});
