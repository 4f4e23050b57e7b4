"""Turns the JSON files of one bench/run.sh run into the Markdown table of
docs/benchmarks.md: medians, ratios, the machine, and each goal met or missed.
Standard library only."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys


def load(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read().strip()
    if not text:
        return None
    if name.endswith(".time"):
        # /usr/bin/time -f writes the JSON line last (after any warnings).
        return json.loads(text.splitlines()[-1])
    return json.loads(text)


def ms(x):
    if x is None:
        return "—"
    return f"{x * 1000:,.1f} ms" if x < 1 else f"{x:,.2f} s"


def mib(kib):
    return "—" if kib is None else f"{kib / 1024:,.0f} MiB"


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
        except OSError:
            return ""

    lscpu = {}
    for line in sh(["lscpu"]).splitlines():
        k, _, v = line.partition(":")
        lscpu[k.strip()] = v.strip()
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = f"{kib / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    rustc = sh(["rustc", "--version"]).strip()
    node = sh(["node", "--version"]).strip()
    return (
        f"{lscpu.get('Model name', platform.processor())}, {lscpu.get('CPU(s)', os.cpu_count())} CPU(s) "
        f"({lscpu.get('Thread(s) per core', '?')} thread(s) per core), L2 {lscpu.get('L2 cache', '?')}, L3 {lscpu.get('L3 cache', '?')}, "
        f"{mem} memory; {platform.system()} {platform.release()}; {rustc}; Python {platform.python_version()}"
        + (f"; Node {node}" if node else "")
    )


def versions():
    out = []
    for mod in ("pandas", "polars", "duckdb", "pyarrow"):
        try:
            out.append(f"{mod} {__import__(mod).__version__}")
        except Exception:  # noqa: BLE001 - only for the table
            pass
    return ", ".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    out = a.out
    roll = load(out, "core-rollup.json")
    allt = load(out, "core-all.json")
    allt_time = load(out, "core-all.time")
    eng = load(out, "engines.json")
    eng1 = load(out, "engines-1thread.json")
    py = load(out, "py.json")
    rec = load(out, "core-records.json")
    cols = load(out, "core-columns.json")
    wasm = load(out, "wasm.json")
    wasm_fast = load(out, "wasm-speed.json")
    byt = load(out, "core-bytes.json")

    z = roll["eval_median_s"]
    rows = []
    goals = []
    L = a.scale == "L"
    at_l = "" if L else " (the goal is set at L)"

    def row(what, t, note=""):
        rows.append(f"| {what} | {ms(t)} | {note} |")

    best = best_files = zf = None
    # The headline: from the CSV files to the answer, side by side in one run.
    if eng and "zhibiao_files" in eng["medians"]:
        m = eng["medians"]
        zf = m["zhibiao_files"]
        row("**from the files**: zhibiao `evaluate --target` (the whole process: read the target's indicator, validate, build, evaluate, print JSON)", zf, "1 core")
        labels = {"polars_files": "polars: lazy `scan_csv`, only the columns and rows needed", "duckdb_files": "DuckDB: `read_csv`, one SQL query"}
        for name in ("polars_files", "duckdb_files"):
            if name in m:
                row(f"**from the files**: {labels[name]} (default threads)", m[name], f"{m[name] / zf:.2f}× zhibiao")
        cands = [m[k] for k in ("polars_files", "duckdb_files") if k in m]
        best_files = min(cands) if cands else None
    row("in memory: zhibiao roll-up from its columns (`evaluate`, 1 target)", z, "1 core")
    rp = roll.get("read_pass_s")
    row("in memory: one read pass over the input columns", rp, f"roll-up = {z / rp:.1f}× this" if rp else "")
    if eng:
        m = eng["medians"]
        labels = {
            "pandas": "pandas (gather + group-by)",
            "polars": "polars (gather + group-by)",
            "duckdb": "DuckDB (join on integers + GROUP BY)",
            "duckdb_rollup": "DuckDB (GROUP BY ROLLUP)",
        }
        for name in ("pandas", "polars", "duckdb", "duckdb_rollup"):
            if name in m:
                row(f"in memory, the same integer keys: {labels[name]} (default threads)", m[name], f"{m[name] / z:,.1f}× zhibiao")
        cands = [m[k] for k in ("polars", "duckdb", "duckdb_rollup") if k in m]
        best = min(cands) if cands else None
    if eng1:
        for name in ("polars", "duckdb", "duckdb_rollup"):
            if name in eng1["medians"]:
                t = eng1["medians"][name]
                row(f"in memory: {name.replace('_rollup', ' (ROLLUP)')}, 1 thread", t, f"{t / z:,.1f}× zhibiao")
    if allt:
        row(f"zhibiao: load the CSV files ({allt['entities']:,} entities, {allt['observations']:,} observations)", allt["load_s"], "1 run")
        row(f"zhibiao: evaluate every catalog target from the in-memory columns ({allt['results']:,} results)", allt["eval_median_s"], "")
    peak = (allt_time or {}).get("max_rss_kib") or (allt or {}).get("peak_kib")
    inp = None
    if eng and "observations_polars" in eng.get("input_bytes", {}):
        inp = (eng["input_bytes"]["observations_polars"] + eng["input_bytes"]["entities_polars"]) / 1024
    if peak:
        rows.append(
            f"| zhibiao: peak memory, files → every target | {mib(peak)} | "
            + (f"input columns (polars) {mib(inp)}: {peak / inp:.2f}×; CSV files {mib((eng['input_bytes']['observations_csv'] + eng['input_bytes']['entities_csv']) / 1024)}" if inp else "")
            + " |"
        )
    if py and rec:
        core = rec["load_s"] + rec["eval_median_s"]
        row("zhibiao: the same work from in-memory records, a string per cell (load + evaluate the roll-up target)", core, "")
        if cols:
            core = cols["load_s"] + cols["eval_median_s"]
            row("zhibiao: the same work from string columns, fields borrowed (no copy on the way in)", core, "the reference below")
        for name in ("pandas", "polars"):
            if name in py["medians"]:
                t = py["medians"][name]
                row(f"Python front door: `zhibiao.load` from a {name} DataFrame + `evaluate`", t, f"{t / core:.2f}× the core")
    if wasm and byt:
        native = byt["load_s"] + byt["eval_median_s"]
        row("native: CSV bytes in memory → load + evaluate every target", native, f"load {ms(byt['load_s'])}, evaluate {ms(byt['eval_median_s'])}")
        row(f"WASM in Node {wasm['node']}: `Dataset.fromCsv` + `evaluate` (the npm package as shipped)", wasm["total_median_s"], f"{wasm['total_median_s'] / native:.2f}× native (load {ms(wasm['load_median_s'])}, evaluate incl. JS objects {ms(wasm['eval_median_s'])})")
        if wasm_fast:
            row("WASM in Node: the same module built for speed (opt-level 3)", wasm_fast["total_median_s"], f"{wasm_fast['total_median_s'] / native:.2f}× native (load {ms(wasm_fast['load_median_s'])}, evaluate {ms(wasm_fast['eval_median_s'])})")

    # Goals (ratios from this one run).
    def goal(text, ok, detail):
        goals.append(f"- {'met' if ok else 'MISSED'}: {text} — {detail}")

    if best_files and zf:
        goal(f"from CSV: zhibiao ≥ 2× faster than the faster of polars and DuckDB{at_l}", best_files / zf >= 2, f"{best_files / zf:.2f}× (>1 is faster)")
    if best:
        goal(f"in memory, same keys: ≥ 3× faster than the faster peer{at_l}", best / z >= 3, f"{best / z:.1f}×")
    if rp:
        goal(f"in memory: within 2× of one read pass{at_l}", z / rp <= 2, f"{z / rp:.2f}×")
    if py and rec:
        core = (cols or rec)["load_s"] + (cols or rec)["eval_median_s"]
        worst = max(py["medians"].values())
        goal("Python front door within 1.2× of the core on the same work", worst / core <= 1.2, f"{worst / core:.2f}× (slower of pandas and polars)")
    if wasm and byt:
        native = byt["load_s"] + byt["eval_median_s"]
        r = wasm["total_median_s"] / native
        goal("WASM in Node within 2× of native" + ("" if a.scale == "M" else " (the goal is set at M)"), r <= 2, f"{r:.2f}×")
    if peak and inp:
        goal(f"peak memory ≤ 1.5× the input columns{at_l}", peak / inp <= 1.5, f"{peak / inp:.2f}×")

    print(f"## Scale {a.scale}{' (--check: one run each, goals not judged)' if a.check else ''}\n")
    if eng:
        r = eng["rows"]
        print(
            f"{r['schools']:,} schools, {r['classes']:,} classes, {r['class_observations']:,} class observations "
            f"(5 years); every answer of pandas, polars and DuckDB (in memory and from the files) equals zhibiao's ({eng['checked_rows']:,} region-years checked)"
            + (f"; the Python front door's too ({py['checked_rows']:,})" if py and "checked_rows" in py else "")
            + ".\n"
        )
    print(f"Machine: {machine()}; {versions()}. Medians of {a.repeat} run(s).\n")
    print("| what | median | note |\n|---|---|---|")
    print("\n".join(rows))
    if goals and not a.check:
        print("\nGoals:\n")
        print("\n".join(goals))


if __name__ == "__main__":
    sys.exit(main())
