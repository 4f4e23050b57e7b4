// Node entry of the zhibiao package: the same module as for browsers, with the
// WebAssembly compiled synchronously from the package's own directory, so it is
// ready on import. `await init()` still works (and does nothing), so code written
// for the browser runs unchanged.
import { readFileSync } from 'node:fs';
import { initSync } from './zhibiao.js';

initSync({ module: readFileSync(new URL('./zhibiao_bg.wasm', import.meta.url)) });

export * from './zhibiao.js';
export { default } from './zhibiao.js';
