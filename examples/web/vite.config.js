// zhibiao is a `file:` dependency on ../../bindings-wasm/pkg, which npm links: the dev
// server must be allowed to read that folder to serve the package's .wasm (see
// bindings-wasm/npm/README.md, "Install"). vite build and preview need nothing.
import { realpathSync } from 'node:fs';
import { defineConfig, searchForWorkspaceRoot } from 'vite';

export default defineConfig({
  // ECharts (map, line, bar, scatter; SVG) is most of the 640 KB bundle (215 KB gzipped).
  build: { chunkSizeWarningLimit: 800 },
  server: { fs: { allow: [searchForWorkspaceRoot(process.cwd()), realpathSync('node_modules/zhibiao')] } },
});
