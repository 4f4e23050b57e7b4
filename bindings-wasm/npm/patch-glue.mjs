// Gives wasm-bindgen's own argument checks the package's coded error (build.sh runs
// this on the generated zhibiao.js). Without it, `evaluate({}, …)` throws a plain
// `Error("expected instance of Catalog")`, and a method called on a freed object (or a
// builder used up by build()) a plain `Error("null pointer passed to rust")`; with it
// both are `Error`s whose `name` and `code` are `input.argument`, as every other
// argument error of the package. Fails when the generated code no longer has the
// patterns, so that a wasm-bindgen upgrade cannot drop the patch silently.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
let js = readFileSync(file, 'utf8');
const coded = (message, argument) =>
  `{ const e = new Error(${message}); e.name = 'input.argument'; e.code = 'input.argument'; e.argument = ${argument}; throw e; }`;
const patches = [
  [
    /throw new Error\(`expected instance of \$\{klass\.name\}`\);/,
    coded('`expected an instance of ${klass.name}, got ${instance === null ? "null" : typeof instance}`', 'klass.name'),
  ],
  [
    /(__wbg___wbindgen_throw_[0-9a-f]+: function\(arg0, arg1\) \{\s*)throw new Error\(getStringFromWasm0\(arg0, arg1\)\);/,
    '$1' + coded('getStringFromWasm0(arg0, arg1) + " (an object used after free() or after build() used it up, or not made by zhibiao)"', '"this"'),
  ],
];
for (const [pattern, replacement] of patches) {
  if (!pattern.test(js)) {
    console.error(`patch-glue: pattern ${pattern} not found in ${file}: wasm-bindgen's output changed`);
    process.exit(1);
  }
  js = js.replace(pattern, replacement);
}
writeFileSync(file, js);
