// A static server for the dashboard example, with nothing to install:
//
//   bash bindings-wasm/build.sh && node examples/web/serve.mjs    # http://localhost:8080
//
// Serves examples/web/ at / and the built npm package at /zhibiao/ (bindings-wasm/pkg,
// or the directory in ZHIBIAO_PKG). The browser test starts it on a free port.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};

/** A path under `root`, or null when the request tries to leave it. */
function under(root, path) {
  const full = resolve(root, normalize('.' + sep + path));
  return full === root || full.startsWith(root + sep) ? full : null;
}

/**
 * Starts the server. `block` lists URL paths answered with 404 (the browser test uses
 * it to check that the page reports a .wasm that does not load).
 */
export function serve({ port = 0, host = '127.0.0.1', webDir = here, pkgDir, block = [] } = {}) {
  const web = resolve(webDir);
  const pkg = resolve(pkgDir ?? process.env.ZHIBIAO_PKG ?? join(here, '../../bindings-wasm/pkg'));
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = null;
    if (!block.includes(path)) {
      if (path.startsWith('/zhibiao/')) file = under(pkg, path.slice('/zhibiao/'.length));
      else file = under(web, path === '/' ? 'index.html' : path.slice(1));
    }
    try {
      if (!file) throw new Error('not found');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: ${path}`);
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ url: `http://${host}:${p}/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serve({ port: Number(process.env.PORT ?? 8080) });
  console.log(`dashboard on ${url} (package from ${process.env.ZHIBIAO_PKG ?? 'bindings-wasm/pkg'})`);
}
