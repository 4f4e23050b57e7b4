#!/usr/bin/env bash
# Builds the npm package `zhibiao` into bindings-wasm/pkg/.
#
#   bash bindings-wasm/build.sh           # the package directory
#   bash bindings-wasm/build.sh --pack    # also bindings-wasm/dist/zhibiao-<version>.tgz (npm pack)
#
# Sets up its tools first (scripts/setup-wasm.sh: wasm32 target, wasm-bindgen-cli at
# the lock file's version, npm dev dependencies), then: cargo build with the size
# profile `release-wasm`, wasm-bindgen --target web (one ES module for browsers and
# bundlers; node.js loads the same module synchronously), wasm-opt -O2, and the
# package files from npm/. Prints the .wasm size, raw and gzipped.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
CACHE=${ZHIBIAO_CACHE:-$HOME/.cache/zhibiao}
PACK=0
[ "${1:-}" = "--pack" ] && PACK=1

bash "$ROOT/scripts/setup-wasm.sh"
# shellcheck source=/dev/null
. "$CACHE/wasm-env.sh"

export CARGO_TARGET_DIR=${ZHIBIAO_WASM_TARGET_DIR:-$ROOT/target/wasm}
echo "== cargo build (wasm32, profile release-wasm)"
(cd "$ROOT" && cargo $ZHIBIAO_CARGO_TOOLCHAIN build -p zhibiao-wasm --target wasm32-unknown-unknown --profile release-wasm)
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release-wasm/zhibiao_wasm.wasm"

out="$HERE/pkg"
rm -rf "$out"
mkdir -p "$out"
echo "== wasm-bindgen ($("$ZHIBIAO_WASM_BINDGEN" --version))"
"$ZHIBIAO_WASM_BINDGEN" --target web --out-dir "$out" --out-name zhibiao "$wasm"
# wasm-bindgen's own checks (a class argument of the wrong class, a freed object) throw
# the package's coded input.argument error.
node "$HERE/npm/patch-glue.mjs" "$out/zhibiao.js"
# The classes declare [Symbol.dispose] (for `using`); make the .d.ts load that lib
# itself, so it type-checks with any "lib" setting, skipLibCheck or not.
sed -i '1i /// <reference lib="esnext.disposable" />' "$out/zhibiao.d.ts"

# wasm-opt: binaryen's npm build (a dev dependency, pure JS + wasm), else one on PATH.
opt=""
if [ -x "$HERE/node_modules/.bin/wasm-opt" ]; then
  opt="$HERE/node_modules/.bin/wasm-opt"
elif command -v wasm-opt >/dev/null; then
  opt=$(command -v wasm-opt)
fi
before=$(stat -c %s "$out/zhibiao_bg.wasm")
if [ -n "$opt" ]; then
  echo "== wasm-opt -O2 ($("$opt" --version))"
  # Exactly the features rustc emits for wasm32-unknown-unknown (no more, so the
  # result runs wherever the unoptimised module does).
  "$opt" -O2 --strip-debug --strip-producers \
    --enable-mutable-globals --enable-sign-ext --enable-reference-types --enable-multivalue \
    --enable-bulk-memory --enable-nontrapping-float-to-int \
    -o "$out/zhibiao_bg.opt.wasm" "$out/zhibiao_bg.wasm"
  mv "$out/zhibiao_bg.opt.wasm" "$out/zhibiao_bg.wasm"
else
  echo "== wasm-opt not found (run npm ci in bindings-wasm, or install binaryen); the .wasm is not shrunk further"
fi

version=$(cd "$ROOT" && awk -F'"' '/^\[workspace.package\]/ { p = 1 } p && /^version/ { print $2; exit }' Cargo.toml)
node -e '
  const fs = require("fs");
  const [src, dst, version] = process.argv.slice(1);
  const p = JSON.parse(fs.readFileSync(src, "utf8"));
  p.version = version;
  fs.writeFileSync(dst, JSON.stringify(p, null, 2) + "\n");
' "$HERE/npm/package.json" "$out/package.json" "$version"
cp "$HERE/npm/node.js" "$HERE/npm/README.md" "$out/"

raw=$(stat -c %s "$out/zhibiao_bg.wasm")
gz=$(gzip -9 -c "$out/zhibiao_bg.wasm" | wc -c)
echo "== zhibiao@$version in $out"
echo "   zhibiao_bg.wasm: $raw bytes raw (before wasm-opt: $before), $gz bytes gzip -9"

if [ "$PACK" = 1 ]; then
  mkdir -p "$HERE/dist"
  rm -f "$HERE/dist"/zhibiao-*.tgz
  (cd "$out" && npm pack --pack-destination "$HERE/dist" --loglevel=error >/dev/null)
  echo "   $(ls "$HERE/dist"/zhibiao-*.tgz)"
fi
