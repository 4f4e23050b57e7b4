#!/usr/bin/env bash
# Every test of the project, as CI runs it. Safe on a fresh machine with Rust, Python 3,
# Node and npm: the front doors' scripts install what they need (wasm toolchain,
# wasm-bindgen-cli, npm packages, Debian's chromium, a .venv with maturin and pytest).
#
#   bash scripts/test.sh            # everything
#   ZHIBIAO_CORE_ONLY=1 bash scripts/test.sh   # the Rust core only
#
# A missing tool (clippy, chromium, …) fails the run. Optional steps (README.md, "Tests")
# left out by an environment variable are counted in the closing line.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

echo "== core: cargo test (unit, catalog integrity, conformance vectors, data input, doc tests)"
cargo test -p zhibiao --all-targets
cargo test -p zhibiao --doc

echo "== core: clippy"
need_clippy
cargo clippy -p zhibiao --all-targets -- -D warnings

echo "== examples"
cargo run --quiet --example evaluate_csv -- tests/fixtures/entities-gbk.csv tests/fixtures/observations-gbk.csv

echo "== the README's main command runs"
cargo run --quiet --release -- demo --lang en >/dev/null

if [ "${ZHIBIAO_CORE_ONLY:-0}" = 1 ]; then
  skipped "the npm package, the Python wheel and the benchmark check (ZHIBIAO_CORE_ONLY=1)"
  closing "core tests"
  exit 0
fi

echo "== npm package (WASM): scripts/test-wasm.sh"
bash scripts/test-wasm.sh

echo "== Python wheel: scripts/test-py.sh"
bash scripts/test-py.sh

echo "== benchmarks run at scale S (every answer checked against pandas, polars, DuckDB; no timing judged)"
bash bench/run.sh S --check

closing "all tests"
