#!/usr/bin/env bash
# Every test of the project, as CI runs it. Safe to run on a fresh machine with Rust.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (unit, catalog integrity, conformance vectors, doc tests)"
cargo test --workspace --all-targets
cargo test --workspace --doc

echo "== clippy"
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --workspace --all-targets -- -D warnings
else
  echo "clippy not installed; skipped"
fi

echo "== examples"
cargo run --quiet --example evaluate_csv -- tests/fixtures/entities-gbk.csv tests/fixtures/observations-gbk.csv

echo "== the README's main command runs"
cargo run --quiet --release -- demo --lang en >/dev/null
