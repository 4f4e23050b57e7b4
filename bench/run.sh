#!/usr/bin/env bash
# Benchmarks of zhibiao against pandas, polars and DuckDB (docs/benchmarks.md).
#
#   bash bench/run.sh [S|M|L]          # one scale (default M), medians of 5 runs
#   bash bench/run.sh S --check        # quick: everything runs once at S and every
#                                      # answer is checked; no timing goal is judged
#
# Steps: release build of the `zhibiao` command and the bench example; synthetic data
# (`zhibiao generate`, cached in $ZHIBIAO_BENCH_DATA, default target/bench-data) and the
# same data as Parquet (bench/to_parquet.py, cached beside it); a scratch catalog in
# which the 百兆到班 target covers the nation; the core (roll-up from the in-memory
# columns, one vectorised read pass over the columns it reads, every catalog target from
# the files, peak memory); the headline, from the files to the answer: zhibiao, polars
# and DuckDB from CSV and from Parquet, each run a fresh process timed with its peak
# memory (bench/files.py); the same roll-up in memory in pandas, polars and DuckDB with
# the same integer keys (bench/rollup.py); every answer asserted equal to zhibiao's; the Python front door (zhibiao.load from pandas and polars
# DataFrames, wheel built from bindings-py) and the WASM front door in Node (package
# built from bindings-wasm, at M), when those directories build. Results go to
# $ZHIBIAO_BENCH_OUT (default target/bench/<scale>): one JSON per step and
# results.md, the table printed at the end.
#
# Environment: ZHIBIAO_BENCH_REPEAT (runs per figure, default 5; 1 with --check, and
# then no warm-up run from the files),
# ZHIBIAO_BENCH_PYTHON (interpreter for the venv, default python3),
# ZHIBIAO_BENCH_SKIP="py wasm threads" (skip the front doors or the 1-thread rerun of
# zhibiao, polars and DuckDB in memory).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCALE=M
CHECK=0
for a in "$@"; do
  case "$a" in
    S|M|L) SCALE=$a ;;
    --check) CHECK=1 ;;
    *) echo "usage: bash bench/run.sh [S|M|L] [--check]" >&2; exit 2 ;;
  esac
done
REPEAT=${ZHIBIAO_BENCH_REPEAT:-5}
[ "$CHECK" = 1 ] && REPEAT=1
SKIP=" ${ZHIBIAO_BENCH_SKIP:-} "
DATA_ROOT=${ZHIBIAO_BENCH_DATA:-$ROOT/target/bench-data}
DATA=$DATA_ROOT/$SCALE
OUT=${ZHIBIAO_BENCH_OUT:-$ROOT/target/bench/$SCALE}
TARGET=bj-plan-2021/t1/100m-to-class
VENV=$ROOT/.venv-bench
mkdir -p "$OUT" "$DATA_ROOT"
say() { echo "== $*" >&2; }

say "release build (zhibiao, bench)"
cargo build --quiet --release -p zhibiao --bin zhibiao --example bench
BIN=$ROOT/target/release
# timed FILE CMD…: runs CMD, writing its peak memory and wall time to FILE as JSON
# (GNU time; without it the bench's own figures are used).
timed() {
  local file=$1
  shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '{"max_rss_kib": %M, "wall_s": %e}' -o "$file" "$@"
  else
    rm -f "$file"
    "$@"
  fi
}

# Data: regenerated when the generator (the zhibiao binary) is newer than the files.
if ! [ -f "$DATA/observations.csv" ] || [ "$BIN/zhibiao" -nt "$DATA/observations.csv" ]; then
  say "generate scale $SCALE into $DATA"
  "$BIN/zhibiao" generate --scale "$SCALE" --out "$DATA" >"$OUT/generate.txt"
fi
cat "$OUT/generate.txt" 2>/dev/null || true

say "python environment ($VENV)"
if ! [ -x "$VENV/bin/python" ]; then
  "${ZHIBIAO_BENCH_PYTHON:-python3}" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt

# Parquet: the same two files converted once by polars (zstd), beside the CSV, rewritten
# when the CSV is newer (bench/to_parquet.py).
say "parquet: entities and observations as Parquet (cached beside the CSV)"
"$VENV/bin/python" bench/to_parquet.py "$DATA" >"$OUT/parquet.json"

# A nation-wide 百兆到班 target: the catalog as built in, with the scope of
# bj-plan-2021/t1/100m-to-class widened from 北京 (110000) to the nation (000000), so the
# roll-up covers every province of the data; the document's jurisdiction is widened with it
# (check refuses a scope outside the jurisdiction). Validated like any catalog.
CAT=$DATA_ROOT/catalog-nation
rm -rf "$CAT" && mkdir -p "$CAT"
cp -r spec/catalog spec/indicators spec/sources spec/coverage-allowance.json "$CAT/"
python3 - "$CAT/catalog/bj-plan-2021.json" "$TARGET" <<'EOF'
import json, sys
path, target = sys.argv[1], sys.argv[2]
doc = json.load(open(path, encoding="utf-8"))
hits = [t for t in doc["targets"] if t["id"] == target]
assert len(hits) == 1, f"{target} not found"
hits[0]["scope"]["region"] = "000000"
doc["jurisdiction"] = "000000"
json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
"$BIN/zhibiao" --catalog "$CAT" check >&2

E=$DATA/entities.csv
O=$DATA/observations.csv
say "core: roll-up of $TARGET (nation-wide) from the in-memory columns, and one read pass"
"$BIN/examples/bench" --entities "$E" --observations "$O" --catalog "$CAT" --target "$TARGET" \
  --repeat "$REPEAT" --read-pass class.bandwidth_mbps --results "$OUT/zhibiao-rollup.csv" >"$OUT/core-rollup.json"
say "core: every target of the built-in catalog, from the files (time and peak memory)"
timed "$OUT/core-all.time" "$BIN/examples/bench" --entities "$E" --observations "$O" --repeat "$REPEAT" >"$OUT/core-all.json"

say "from the files to the answer: zhibiao, polars and DuckDB from CSV and from Parquet, each run a fresh process (wall time, peak memory), every answer checked"
WARMUP=1
[ "$CHECK" = 1 ] && WARMUP=0
"$VENV/bin/python" bench/files.py --data "$DATA" --want "$OUT/zhibiao-rollup.csv" --target "$TARGET" \
  --repeat "$REPEAT" --warmup "$WARMUP" --scratch "$OUT/files" \
  --zhibiao-cmd "$BIN/zhibiao" --catalog "$CAT" evaluate --target "$TARGET" --format json >"$OUT/files.json"

say "pandas, polars, DuckDB: the same roll-up in memory (the same integer keys), every answer checked against zhibiao's"
timed "$OUT/engines.time" "$VENV/bin/python" bench/rollup.py --data "$DATA" --zhibiao "$OUT/zhibiao-rollup.csv" \
  --target "$TARGET" --repeat "$REPEAT" --input-size >"$OUT/engines.json"
rm -f "$OUT/engines-1thread.json" "$OUT/core-rollup-1thread.json"
if [ "$CHECK" = 0 ] && [[ "$SKIP" != *" threads "* ]]; then
  say "zhibiao, polars and DuckDB on one thread"
  RAYON_NUM_THREADS=1 "$BIN/examples/bench" --entities "$E" --observations "$O" --catalog "$CAT" --target "$TARGET" \
    --repeat "$REPEAT" --read-pass class.bandwidth_mbps >"$OUT/core-rollup-1thread.json"
  POLARS_MAX_THREADS=1 "$VENV/bin/python" bench/rollup.py --data "$DATA" --zhibiao "$OUT/zhibiao-rollup.csv" \
    --target "$TARGET" --repeat "$REPEAT" --engines polars,duckdb --threads 1 >"$OUT/engines-1thread.json"
fi

# The Python front door: the wheel of bindings-py, built from this tree.
rm -f "$OUT/py.json" "$OUT/core-records.json" "$OUT/core-columns.json"
# At S and M (at L the DataFrames of 29 million rows alone take most of the memory).
if [[ "$SKIP" != *" py "* ]] && [ -f bindings-py/Cargo.toml ] && [ "$SCALE" != L ]; then
  say "python front door: build the wheel (maturin, release)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.7,<2"
  WHEELS=$ROOT/target/bench-wheels
  rm -rf "$WHEELS"
  if CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target/py} "$VENV/bin/maturin" build --quiet --release \
      -m bindings-py/Cargo.toml --out "$WHEELS" >&2; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEELS"/zhibiao-*.whl
    say "python front door: zhibiao.load from pandas and polars DataFrames + evaluate"
    "$VENV/bin/python" bench/frontdoor.py --data "$DATA" --catalog "$CAT" --target "$TARGET" --repeat "$REPEAT" \
      --zhibiao "$OUT/zhibiao-rollup.csv" >"$OUT/py.json"
    say "core: the same work from in-memory records (strings per cell) and from string columns (borrowed)"
    "$BIN/examples/bench" --entities "$E" --observations "$O" --catalog "$CAT" --target "$TARGET" \
      --repeat "$REPEAT" --load-repeat "$REPEAT" --from-records >"$OUT/core-records.json"
    "$BIN/examples/bench" --entities "$E" --observations "$O" --catalog "$CAT" --target "$TARGET" \
      --repeat "$REPEAT" --load-repeat "$REPEAT" --from-columns >"$OUT/core-columns.json"
  else
    echo "bindings-py does not build: Python front door skipped" >&2
    # In the CI check a front door that does not build is a failure, not a skip.
    if [ "$CHECK" = 1 ]; then exit 1; fi
  fi
fi

# The WASM front door in Node: at M (and at S with --check), as the issue asks.
rm -f "$OUT/wasm.json" "$OUT/wasm-speed.json" "$OUT/core-bytes.json"
if [[ "$SKIP" != *" wasm "* ]] && [ -f bindings-wasm/build.sh ] && command -v node >/dev/null \
    && { [ "$SCALE" = M ] || [ "$CHECK" = 1 ]; }; then
  say "wasm front door: build the npm package (bindings-wasm/build.sh)"
  if bash bindings-wasm/build.sh >&2; then
    say "wasm front door: Dataset.fromCsv + evaluate (every target) in Node"
    node bench/wasm.mjs bindings-wasm/pkg "$DATA" "$REPEAT" >"$OUT/wasm.json"
    # The package as shipped (profile release-wasm: opt-level "s", wasm-opt -O2).
    # The same module built for speed (profile release, opt-level 3, no wasm-opt), into
    # target/bench-wasm, shows what that choice costs.
    if [ "$CHECK" = 0 ]; then
      say "wasm front door: the same, built for speed (opt-level 3)"
      # shellcheck source=/dev/null
      . "${ZHIBIAO_CACHE:-$HOME/.cache/zhibiao}/wasm-env.sh"
      FAST=$ROOT/target/bench-wasm/pkg
      rm -rf "$FAST" && mkdir -p "$FAST"
      CARGO_TARGET_DIR=$ROOT/target/wasm cargo $ZHIBIAO_CARGO_TOOLCHAIN build --quiet -p zhibiao-wasm \
        --target wasm32-unknown-unknown --release
      "$ZHIBIAO_WASM_BINDGEN" --target web --out-dir "$FAST" --out-name zhibiao \
        "$ROOT/target/wasm/wasm32-unknown-unknown/release/zhibiao_wasm.wasm"
      cp bindings-wasm/npm/node.js "$FAST/"
      echo '{"type": "module"}' >"$FAST/package.json"
      node bench/wasm.mjs "$FAST" "$DATA" "$REPEAT" >"$OUT/wasm-speed.json"
    fi
    say "core: the same work from CSV bytes in memory"
    "$BIN/examples/bench" --entities "$E" --observations "$O" --repeat "$REPEAT" --load-repeat "$REPEAT" --from-bytes >"$OUT/core-bytes.json"
  else
    echo "bindings-wasm does not build: WASM front door skipped" >&2
    # In the CI check a front door that does not build is a failure, not a skip.
    if [ "$CHECK" = 1 ]; then exit 1; fi
  fi
fi

"$VENV/bin/python" bench/report.py --out "$OUT" --scale "$SCALE" --repeat "$REPEAT" $([ "$CHECK" = 1 ] && echo --check) | tee "$OUT/results.md"
