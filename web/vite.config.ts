import { defineConfig, normalizePath, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { EARLY_ROUTES } from './src/early-routes.ts';

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
        if (!bundle) return html;
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const closure = (fileName: string, acc = new Set<string>()): Set<string> => {
          const c = bundle[fileName];
          if (acc.has(fileName) || !c || c.type !== 'chunk') return acc;
          acc.add(fileName);
          for (const i of c.imports) closure(i, acc);
          return acc;
        };
        const entry = chunks.find((c) => c.isEntry);
        if (!entry) throw new Error('early route preload: no entry chunk');
        const loadedByEntry = closure(entry.fileName);
        const map = EARLY_ROUTES.map((r) => {
          const file = normalizePath(join(SRC, r.module));
          const chunk = chunks.find(
            (c) => (c.facadeModuleId ? normalizePath(c.facadeModuleId).replace(/\.[jt]sx?$/, '') : null) === file,
          );
          if (!chunk)
            throw new Error(`early route preload: no chunk for ${r.module} (is it imported with import() in App.tsx?)`);
          return [r.pattern, [...closure(chunk.fileName)].filter((f) => !loadedByEntry.has(f))];
        });
        const script = `(function(){var r=${JSON.stringify(map)},p=location.pathname;for(var i=0;i<r.length;i++)if(new RegExp(r[i][0]).test(p)){for(var j=0;j<r[i][1].length;j++){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href='/'+r[i][1][j];document.head.appendChild(l)}break}})();`;
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

// The front end lives in web/; the pure core in src/core is imported directly (it has no I/O).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), earlyRoutePreload()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // What the entry loads statically, as one file rather than eighteen: a browser fetches six at
        // a time over HTTP/1.1, so many small files queued behind each other at start-up.
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
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
