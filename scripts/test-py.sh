#!/usr/bin/env bash
# The Python front door (bindings-py/): build the abi3 wheel, install it into .venv, and run
# every Python test — conformance vectors, input/output, stubs (mypy stubtest), the README's
# examples, the example notebook, parity with the Rust command, and the Spark helper in local
# mode (pyspark from PyPI, Debian's Java 17 when there is no java). Creates .venv and installs
# what it needs from PyPI (bindings-py/requirements-dev.txt) and Debian's CJK fonts (for
# Chinese in the charts). Then installs the wheel as bindings-py/README.md says into a
# fresh venv, with and without each extra, and runs the notebook with its kernel there
# (bindings-py/tests/wheel-install.sh). A skipped test is a failure. Safe on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target/py}"
PYTHON="${PYTHON:-python3}"

echo "== python environment (.venv)"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
VPY="$ROOT/.venv/bin/python"
"$VPY" -m pip install --quiet --disable-pip-version-check -r bindings-py/requirements-dev.txt
"$VPY" --version

echo "== pyspark and Java 17 for the Spark test (bindings-py/requirements-spark.txt; pip's cache keeps the download)"
"$VPY" -m pip install --quiet --disable-pip-version-check -r bindings-py/requirements-spark.txt
apt_need openjdk-17-jre-headless /usr/bin/java

echo "== build the wheel (maturin, release, abi3)"
WHEELS="$CARGO_TARGET_DIR/wheels"
rm -rf "$WHEELS"
"$ROOT/.venv/bin/maturin" build --release -m bindings-py/Cargo.toml --out "$WHEELS"
WHEEL="$(ls "$WHEELS"/zhibiao-*.whl)"
echo "wheel: $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KiB)"
"$VPY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"

echo "== the zhibiao command (for the parity tests)"
cargo build --quiet --release -p zhibiao --bin zhibiao
export ZHIBIAO_CLI="$CARGO_TARGET_DIR/release/zhibiao"

echo "== clippy on the binding crate"
need_clippy
cargo clippy --quiet -p zhibiao-py --all-targets -- -D warnings

need_cjk_font

echo "== pytest (a skipped test fails the run: ZHIBIAO_NO_SKIP=1)"
rc=0
(cd bindings-py && ZHIBIAO_NO_SKIP=1 "$VPY" -m pytest -ra) || rc=$?
if [ "$rc" -eq 5 ]; then
  fail "pytest collected no tests"
fi
[ "$rc" -eq 0 ] || exit "$rc"

echo "== the wheel as a newcomer installs it: a fresh venv, each extra, the notebook's kernel"
bash bindings-py/tests/wheel-install.sh "$WHEEL"
closing "Python tests"
