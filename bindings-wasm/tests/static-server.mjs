// A static file server for the browser tests: serves a directory (a `vite build` output)
// on a free localhost port, answering 404 for the paths in `block` (to check that a page
// reports a .wasm that does not load).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/** Starts the server; resolves to `{ url, close }`. `block` takes regular expressions. */
export function serve({ dir, block = [], host = '127.0.0.1' }) {
  const root = resolve(dir);
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = resolve(root, normalize('.' + sep + (path === '/' ? 'index.html' : path)));
    try {
      if (block.some((b) => b.test(path)) || !(file === root || file.startsWith(root + sep))) throw new Error('not found');
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
    server.listen(0, host, () => ok({ url: `http://${host}:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) }));
  });
}
