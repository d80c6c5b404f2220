import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The front end lives in web/; the pure core in src/core is imported directly (it has no I/O).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  // The server checks Origin against Host (CSRF): the dev proxy drops the dev server's Origin.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', configure: (proxy) => proxy.on('proxyReq', (req) => req.removeHeader('origin')) } } },
});
