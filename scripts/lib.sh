# Sourced by scripts/test.sh, test-wasm.sh and test-py.sh.
#
# A missing tool is a failure, not a skip. The only steps that may be left out are the
# ones the README calls optional; each one left out is recorded in $ZHIBIAO_SKIPS, and
# the closing line of the outermost script counts them.

if [ -z "${ZHIBIAO_SKIPS:-}" ]; then
  ZHIBIAO_SKIPS=$(mktemp /tmp/zhibiao-skips-XXXXXX)
  ZHIBIAO_SKIPS_OWNER=$$
fi
export ZHIBIAO_SKIPS

# skipped WHAT: records an optional step left out.
skipped() {
  echo "== SKIPPED (optional): $*"
  echo "$*" >>"$ZHIBIAO_SKIPS"
}

# fail MESSAGE: stops the run.
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

# need_clippy [+toolchain]: clippy must be there.
need_clippy() {
  cargo ${1:-} clippy --version >/dev/null 2>&1 \
    || fail "clippy is missing${1:+ for toolchain ${1#+}}: rustup component add clippy${1:+ --toolchain ${1#+}}"
}

# apt_need PACKAGE PATH...: installs the Debian package when none of the PATHs exists.
apt_need() {
  local pkg=$1 p
  shift
  for p in "$@"; do [ -e "$p" ] && return 0; done
  echo "== apt-get install $pkg"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null; } \
    || fail "could not install $pkg (apt-get install -y $pkg)"
  for p in "$@"; do [ -e "$p" ] && return 0; done
  fail "$pkg installed, but none of $* exists"
}

# Debian's CJK fonts, so Chinese renders in the browser test's screenshots and Python's charts.
need_cjk_font() {
  apt_need fonts-noto-cjk /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
}

# closing WHAT: the last line of the outermost script, with the skips counted.
closing() {
  [ "${ZHIBIAO_SKIPS_OWNER:-}" = $$ ] || return 0
  local n
  n=$(grep -c . "$ZHIBIAO_SKIPS" || true)
  if [ "$n" = 0 ]; then
    echo "== $1 passed (nothing skipped)"
  else
    echo "== $1 passed; $n optional step(s) skipped:"
    sed 's/^/     /' "$ZHIBIAO_SKIPS"
  fi
  rm -f "$ZHIBIAO_SKIPS"
}
