#!/usr/bin/env bash
# Every test of the project, as CI runs it. Safe on a fresh machine with Rust, Python 3,
# Node and npm: the front doors' scripts install what they need (wasm toolchain,
# wasm-bindgen-cli, npm packages, Debian's chromium, a .venv with maturin and pytest).
#
#   bash scripts/test.sh            # everything
#   ZHIBIAO_CORE_ONLY=1 bash scripts/test.sh   # the Rust core only
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== core: cargo test (unit, catalog integrity, conformance vectors, data input, doc tests)"
cargo test -p zhibiao --all-targets
cargo test -p zhibiao --doc

echo "== core: clippy"
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy -p zhibiao --all-targets -- -D warnings
else
  echo "clippy not installed; skipped"
fi

echo "== examples"
cargo run --quiet --example evaluate_csv -- tests/fixtures/entities-gbk.csv tests/fixtures/observations-gbk.csv

echo "== the README's main command runs"
cargo run --quiet --release -- demo --lang en >/dev/null

if [ "${ZHIBIAO_CORE_ONLY:-0}" = 1 ]; then
  echo "== front doors skipped (ZHIBIAO_CORE_ONLY=1)"
  exit 0
fi

echo "== npm package (WASM): scripts/test-wasm.sh"
bash scripts/test-wasm.sh

echo "== Python wheel: scripts/test-py.sh"
bash scripts/test-py.sh

echo "== benchmarks run at scale S (every answer checked against pandas, polars, DuckDB; no timing judged)"
bash bench/run.sh S --check

echo "== all tests passed"
