#!/usr/bin/env bash
# Every test of the npm package (the WASM front door), on a fresh machine too. It
# installs what it needs: the wasm toolchain and wasm-bindgen-cli (scripts/setup-wasm.sh,
# cached in ~/.cache/zhibiao), the npm dev dependencies (npm ci from the committed
# bindings-wasm/package-lock.json), and Debian's chromium when /usr/bin/chromium is missing.
#
#   bash scripts/test-wasm.sh                     # everything
#   ZHIBIAO_SKIP_VITE=1 bash scripts/test-wasm.sh  # without the fresh-Vite-project check
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=$ROOT/bindings-wasm
CACHE=${ZHIBIAO_CACHE:-$HOME/.cache/zhibiao}

echo "== build the package (bindings-wasm/build.sh --pack)"
bash "$W/build.sh" --pack
# shellcheck source=/dev/null
. "$CACHE/wasm-env.sh"
if ! [ -f "$W/node_modules/.package-lock.json" ]; then
  (cd "$W" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== install the packed .tgz as npm would (bindings-wasm/node_modules/zhibiao)"
tgz=$(ls "$W"/dist/zhibiao-*.tgz)
rm -rf "$W/node_modules/zhibiao"
mkdir -p "$W/node_modules/zhibiao"
tar -xzf "$tgz" -C "$W/node_modules/zhibiao" --strip-components=1

if ! [ -x /usr/bin/chromium ]; then
  echo "== apt-get install chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "== clippy on the bindings (wasm32; the core is linted by scripts/test.sh)"
if cargo $ZHIBIAO_CARGO_TOOLCHAIN clippy --version >/dev/null 2>&1; then
  CARGO_TARGET_DIR=${ZHIBIAO_WASM_TARGET_DIR:-$ROOT/target/wasm} \
    cargo $ZHIBIAO_CARGO_TOOLCHAIN clippy --quiet -p zhibiao-wasm --no-deps --target wasm32-unknown-unknown -- -D warnings
else
  echo "clippy not installed for this toolchain; skipped"
fi

echo "== tsc --noEmit: the shipped .d.ts against bindings-wasm/examples/typed.ts (Node and bundler resolution)"
"$W/node_modules/.bin/tsc" -p "$W/tsconfig.json"
"$W/node_modules/.bin/tsc" -p "$W/tsconfig.bundler.json"

echo "== the Rust side of the parity test (zhibiao demo --format json)"
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
cargo run --quiet --release -- demo --format json >"$demo/demo.json"
cargo run --quiet --release -- demo --format json --view sections >"$demo/sections.json"
cargo run --quiet --release -- demo --format json --view units >"$demo/units.json"
cargo run --quiet --release -- demo --format json --view trajectory >"$demo/trajectory.json"

echo "== node --test: conformance vectors, API, README, Rust parity, browser (headless Chromium)"
(cd "$W" && ZHIBIAO_RUST_DEMO_DIR="$demo" node --test tests/*.test.mjs)

if [ "${ZHIBIAO_SKIP_VITE:-0}" != 1 ]; then
  echo "== a newcomer's Vite project under /tmp"
  bash "$W/tests/vite-newcomer.sh"
fi
echo "== wasm tests passed"
