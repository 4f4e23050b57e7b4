#!/usr/bin/env bash
# As a newcomer would, following bindings-py/README.md ("Install"): a fresh venv under
# /tmp, the built wheel installed with the README's own commands, first without extras,
# then with each extra the wheel declares, checking after each that what the extra is
# for works (and, before it, that the call says what to install); then the notebook run
# headless with its kernel, as the README says.
#
#   bash bindings-py/tests/wheel-install.sh target/py/wheels/zhibiao-….whl
#
# Extras go in an order where each one is tried before the packages of the next are
# there (polars before pyarrow, plot before pandas), so one venv serves them all. An
# extra the wheel declares that this script does not check is a failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
README=$ROOT/bindings-py/README.md
WHEEL=$(realpath "$1")
PYTHON=${PYTHON:-python3}
dir=$(mktemp -d /tmp/zhibiao-wheel-XXXXXX)
trap 'rm -rf "$dir"' EXIT

# The README's commands run from a repository root: lay one out with what they read.
mkdir -p "$dir/repo/target/wheels" "$dir/repo/examples/python"
cp "$WHEEL" "$dir/repo/target/wheels/"
cp "$ROOT/examples/python/quickstart.ipynb" "$dir/repo/examples/python/"
cd "$dir/repo"
"$PYTHON" -m venv "$dir/venv"
# shellcheck source=/dev/null
. "$dir/venv/bin/activate"
export PIP_DISABLE_PIP_VERSION_CHECK=1 MPLBACKEND=Agg

# as_written COMMAND: runs COMMAND, which must appear in the README exactly so.
as_written() {
  grep -qF -- "$1" "$README" || { echo "bindings-py/README.md no longer says: $1" >&2; exit 1; }
  echo "\$ $1"
  eval "$1"
}

check() { # $1: what, $2: Python code that prints a line when it works
  local out
  out=$(python -c "$2")
  echo "   $1: $out"
}

echo "== no extras"
as_written 'pip install --quiet target/wheels/zhibiao-*.whl'
check "evaluate" '
import zhibiao
ev = zhibiao.evaluate(zhibiao.sample(), "2024-12-31", region="110000")
print(ev.result("bj-plan-2021/t1/gigabit-to-school").status)
import importlib.util
assert not any(importlib.util.find_spec(m) for m in ("pandas", "polars", "pyarrow", "matplotlib")), "a hard dependency crept in"
for call, extra in ((ev.to_pandas, "pandas"), (ev.to_polars, "polars"), (ev.plot, "plot")):
    try:
        call()
    except ImportError as e:
        assert f"zhibiao[{extra}]" in str(e) and "pip install" in str(e), e
    else:
        raise AssertionError(f"{call.__name__} worked without its extra")
'

extras=$(python - "$WHEEL" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
    print(" ".join(l.split(":", 1)[1].strip() for l in z.read(meta).decode().splitlines() if l.startswith("Provides-Extra:")))
EOF
)
echo "== the wheel declares the extras: $extras"
for extra in $extras; do
  case " polars plot pandas all " in *" $extra "*) ;; *) echo "extra [$extra] is not checked here: add it" >&2; exit 1 ;; esac
  grep -q "\`$extra\`" "$README" || { echo "bindings-py/README.md does not list the extra [$extra]" >&2; exit 1; }
done

for extra in polars plot pandas all; do
  case " $extras " in *" $extra "*) ;; *) echo "the wheel no longer declares [$extra]" >&2; exit 1 ;; esac
  echo "== [$extra]"
  as_written "pip install --quiet \"\$(echo target/wheels/zhibiao-*.whl)[$extra]\""
  case $extra in
    polars) check "to_polars" 'import zhibiao; print(zhibiao.evaluate(zhibiao.sample(), "2024-12-31").to_polars().shape)' ;;
    plot) check "plot" '
import zhibiao
ev = zhibiao.evaluate(zhibiao.sample(), "2024-12-31", region="110000")
ev.plot(); ev.plot("bj-plan-2021/t1/gigabit-to-school"); ev.plot("bj-plan-2021/t1/gigabit-to-school", region="110000")
print("3 charts")' ;;
    pandas) check "to_pandas" 'import zhibiao; df = zhibiao.evaluate(zhibiao.sample(), "2024-12-31").to_pandas(); print(df.shape, df["value"].dtype)' ;;
    all) check "everything" '
import zhibiao
ev = zhibiao.evaluate(zhibiao.sample(), "2024-12-31")
print(ev.to_pandas().shape == ev.to_polars().shape, type(ev.plot()).__name__)' ;;
  esac
done

echo "== the notebook with its kernel"
as_written 'pip install --quiet ipykernel nbclient'
as_written 'jupyter execute examples/python/quickstart.ipynb'
