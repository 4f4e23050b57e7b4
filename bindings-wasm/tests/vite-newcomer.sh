#!/usr/bin/env bash
# As a newcomer would, following bindings-wasm/npm/README.md ("Install"): a fresh Vite
# project under /tmp with `import init, { ... } from 'zhibiao'`, in two ways:
#
#   1. the packed .tgz installed next to Vite, with no Vite config at all;
#   2. the built folder bindings-wasm/pkg as a `file:` dependency (npm links it, outside
#      the project), with the README's vite.config.js (server.fs.allow).
#
# Each way: `vite build` + `vite preview`, and the `vite` dev server; every page is opened
# in headless Chromium and must show an evaluated result. Without the config, way 2 fails
# in dev with "failed to fetch Wasm: 403" (checked too, so the README's reason stays true).
#
# Needs bindings-wasm/dist/zhibiao-*.tgz and pkg/ (build.sh --pack) and the dev
# dependencies (npm ci), whose Vite version it installs, so npm's cache already holds it.
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
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for() { # $1 url
  for _ in $(seq 1 100); do
    node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1" && return 0
    sleep 0.2
  done
  echo "no server at $1"; return 1
}

# serve dev|preview [expect-failure]: starts the server, checks the page, stops the server.
serve() {
  local port pid
  port=$(free_port)
  if [ "$1" = dev ]; then
    ./node_modules/.bin/vite --host 127.0.0.1 --port "$port" --strictPort >"$dir/$1.log" 2>&1 &
  else
    ./node_modules/.bin/vite preview --host 127.0.0.1 --port "$port" --strictPort >"$dir/$1.log" 2>&1 &
  fi
  pid=$!
  pids+=("$pid")
  wait_for "http://127.0.0.1:$port/"
  if [ "${2:-}" = expect-failure ]; then
    if node "$HERE/tests/page-check.mjs" "http://127.0.0.1:$port/"; then
      echo "the linked package loaded in vite dev without server.fs.allow: the README's advice is out of date"; exit 1
    fi
    grep -q "outside of Vite serving allow list" "$dir/$1.log" || { cat "$dir/$1.log"; exit 1; }
  else
    node "$HERE/tests/page-check.mjs" "http://127.0.0.1:$port/"
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "== 1. npm install vite@$vite_version $(basename "$tgz") (in $dir; no Vite config)"
npm install --no-audit --no-fund --prefer-offline --loglevel=error "vite@$vite_version" "$tgz"
./node_modules/.bin/vite build --logLevel warn
serve preview
serve dev

echo "== 2. npm install $HERE/pkg (a file: dependency, linked), with the README's vite.config.js"
rm -rf dist
npm install --no-audit --no-fund --prefer-offline --loglevel=error "$HERE/pkg"
[ -L node_modules/zhibiao ] || { echo "npm did not link the folder"; exit 1; }
grep -Eq '"zhibiao": ?"file:' package.json
echo "   without the config, vite dev refuses the .wasm (as the README says):"
serve dev expect-failure
node --input-type=module -e "
  import { readFileSync, writeFileSync } from 'node:fs';
  import { fences } from '$HERE/tests/helpers.mjs';
  const block = fences(readFileSync('$HERE/npm/README.md', 'utf8')).find((f) => f.code.startsWith('// vite.config.js\n'));
  if (!block) { console.error('no vite.config.js block in bindings-wasm/npm/README.md'); process.exit(1); }
  writeFileSync('vite.config.js', block.code);
"
serve dev
./node_modules/.bin/vite build --logLevel warn
serve preview
