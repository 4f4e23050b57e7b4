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

# The free disk at each stage, so a run that runs out of room says where.
disk() { echo "   (disk free: $(df -h . | awk 'NR==2 {print $4}'))"; }

if [ "${CI:-}" = true ]; then
  # A fresh CI machine keeps nothing between runs: no incremental state for cargo, no pip
  # cache (pyspark alone is ~400 MB twice over), to keep the run's footprint small.
  export CARGO_INCREMENTAL=0 PIP_NO_CACHE_DIR=1
fi

disk
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
disk

if [ "${ZHIBIAO_CORE_ONLY:-0}" = 1 ]; then
  skipped "the npm package, the Python wheel and the benchmark check (ZHIBIAO_CORE_ONLY=1)"
  closing "core tests"
  exit 0
fi

if [ "${CI:-}" = true ]; then
  # Nothing after this point builds in target/debug (the wheel builds in target/py, the
  # .wasm in target/wasm, the benchmarks in target/release): give its space back.
  rm -rf target/debug
fi

echo "== npm package (WASM): scripts/test-wasm.sh"
bash scripts/test-wasm.sh
disk

echo "== Python wheel: scripts/test-py.sh"
bash scripts/test-py.sh
disk

echo "== benchmarks run at scale S (every answer checked against pandas, polars, DuckDB; no timing judged)"
bash bench/run.sh S --check

closing "all tests"
