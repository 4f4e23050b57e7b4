#!/usr/bin/env bash
# As a newcomer would: a fresh Vite project under /tmp, the packed package installed
# into it next to Vite, `import init, { ... } from 'zhibiao'` with no Vite config at
# all; then `vite build` + `vite preview` and the `vite` dev server, each page opened
# in headless Chromium, which must show an evaluated result.
#
# Needs bindings-wasm/dist/zhibiao-*.tgz (build.sh --pack) and the dev dependencies
# (npm ci), whose Vite version it installs, so npm's cache already holds it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
tgz=$(ls "$HERE"/dist/zhibiao-*.tgz)
vite_version=$(node -p "require('$HERE/node_modules/vite/package.json').version")
dir=$(mktemp -d /tmp/zhibiao-vite-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

cd "$dir"
cat > package.json <<'EOF'
{ "name": "my-dashboard", "private": true, "type": "module", "scripts": { "dev": "vite", "build": "vite build" } }
EOF
cat > index.html <<'EOF'
<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>zhibiao + Vite</title></head>
<body data-state="loading"><div id="app">loading…</div><script type="module" src="/main.js"></script></body>
</html>
EOF
cat > main.js <<'EOF'
import init, { Catalog, Dataset, evaluate } from 'zhibiao';

try {
  await init();
  const catalog = Catalog.builtin();
  const { results } = evaluate(catalog, Dataset.sample(catalog), {
    asOf: '2024-12-31', region: '110000', targets: ['bj-plan-2021/t1/gigabit-to-school'],
  });
  const beijing = results.find((r) => r.region === '110000');
  document.querySelector('#app').textContent = `${beijing.regionName} ${beijing.value.toFixed(1)}% ${beijing.status}`;
  document.body.dataset.state = 'ready';
} catch (e) {
  document.querySelector('#app').textContent = `${e.name}: ${e.message}`;
  document.body.dataset.state = 'error';
}
EOF
echo "== npm install vite@$vite_version $(basename "$tgz") (in $dir)"
npm install --no-audit --no-fund --prefer-offline --loglevel=error "vite@$vite_version" "$tgz"
./node_modules/.bin/vite build --logLevel warn

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for() { # $1 url
  for _ in $(seq 1 100); do
    node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1" && return 0
    sleep 0.2
  done
  echo "no server at $1"; return 1
}

port=$(free_port)
./node_modules/.bin/vite preview --host 127.0.0.1 --port "$port" --strictPort >"$dir/preview.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port/"
node "$HERE/tests/page-check.mjs" "http://127.0.0.1:$port/"

port=$(free_port)
./node_modules/.bin/vite --host 127.0.0.1 --port "$port" --strictPort >"$dir/dev.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port/"
node "$HERE/tests/page-check.mjs" "http://127.0.0.1:$port/"
