"""Turns the JSON files of one bench/run.sh run into the Markdown tables of
docs/benchmarks.md: first from the files to the answer (CSV and Parquet: wall time and
peak memory of every engine), then in memory with the same integer keys, then the floor
(one vectorised read pass), then the goals of issue 12, each met or missed, with the
ratios of this one run. Standard library only."""

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


def gib_s(nbytes, secs):
    return "—" if not nbytes or not secs else f"{nbytes / secs / 2**30:,.1f} GiB/s"


def files_table(fl, a):
    """The headline: every engine from the files to the answer, side by side."""
    m = fl["medians"]
    z = {fmt: m.get(f"zhibiao_{fmt}") for fmt in ("csv", "parquet")}
    fb = fl["file_bytes"]
    print(f"### From the files to the answer (medians of {fl['repeat']} run(s) after {fl['warmup']} warm-up round(s), each run a fresh process, round-robin)\n")
    print(
        f"Inputs: CSV {mib((fb['csv']['entities'] + fb['csv']['observations']) / 1024)} "
        f"(entities {mib(fb['csv']['entities'] / 1024)}, observations {mib(fb['csv']['observations'] / 1024)}); "
        f"Parquet (zstd) {mib((fb['parquet']['entities'] + fb['parquet']['observations']) / 1024)}. "
        f"Peak memory: {fl['rss_method']}. zhibiao tokenizes and checks the rows of a UTF-8 CSV file on every core (as many threads as rayon's), records them in order on one, and evaluates on every core (rayon); polars and DuckDB on their default threads ({fl['cpus']} CPUs).\n"
    )
    print("| engine | input | wall time (whole process) | of it, the query (in the process) | peak memory | wall time / zhibiao's |")
    print("|---|---|---|---|---|---|")
    labels = {
        "zhibiao": "zhibiao `evaluate --target … --format json` (read, validate, build, evaluate, write JSON)",
        "polars": "polars, lazy `scan_csv` / `scan_parquet`",
        "duckdb": "DuckDB, `read_csv` / `read_parquet`, one SQL query",
    }
    for fmt in ("csv", "parquet"):
        for eng in ("zhibiao", "polars", "duckdb"):
            k = f"{eng}_{fmt}"
            if k not in m:
                if eng == "zhibiao" and fmt == "parquet":
                    print(f"| {labels[eng]} | Parquet | — | — | — | {fl['parquet']['message']} |")
                continue
            r = m[k]
            ratio = f"{r['wall_s'] / z[fmt]['wall_s']:.2f}×" if z[fmt] and eng != "zhibiao" else ""
            q = ms(r["query_s"]) if r["query_s"] is not None else "(the whole process)"
            print(f"| {labels[eng]} | {fmt.upper() if fmt == 'csv' else 'Parquet'} | {ms(r['wall_s'])} | {q} | {mib(r['rss_kib'])} | {ratio} |")
    if fl["parquet"].get("probe_error"):
        print(f"\nzhibiao on the probe's tiny Parquet pair said: `{fl['parquet']['probe_error']}`")
    idle = fl.get("idle", {})
    if idle:
        print(
            "\nThe interpreter with only the module imported (no data; medians of up to 3 processes): "
            + "; ".join(f"{e} {mib(v['rss_kib'])}, {ms(v['wall_s'])}" for e, v in idle.items())
            + ". It is inside the peers' peak memory and wall time above.\n"
        )


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
    roll1 = load(out, "core-rollup-1thread.json")
    fl = load(out, "files.json")
    pq = load(out, "parquet.json")
    py = load(out, "py.json")
    rec = load(out, "core-records.json")
    cols = load(out, "core-columns.json")
    wasm = load(out, "wasm.json")
    wasm_fast = load(out, "wasm-speed.json")
    byt = load(out, "core-bytes.json")

    z = roll["eval_median_s"]
    L = a.scale == "L"
    at_l = "" if L else " (the goal is set at L)"
    goals = []

    def goal(text, ok, detail):
        goals.append(f"- {'met' if ok else 'MISSED'}: {text} — {detail}")

    print(f"## Scale {a.scale}{' (--check: one run each, goals not judged)' if a.check else ''}\n")
    if eng:
        r = eng["rows"]
        print(
            f"{r['schools']:,} schools, {r['classes']:,} classes, {r['class_observations']:,} class observations "
            f"(5 years); every answer of zhibiao, polars and DuckDB from the files (CSV and Parquet) and of pandas, polars and "
            f"DuckDB in memory equals zhibiao's core ({eng['checked_rows']:,} region-years checked)"
            + (f"; the Python front door's too ({py['checked_rows']:,})" if py and "checked_rows" in py else "")
            + ".\n"
        )
    print(f"Machine: {machine()}; {versions()}.\n")
    if pq:
        print(f"Parquet written by {pq['writer']}, {pq['compression']}.\n")

    # 1. The headline: from the files.
    if fl:
        files_table(fl, a)
        m = fl["medians"]
        for fmt, name in (("csv", "CSV"), ("parquet", "Parquet")):
            peers = {k: m[k] for k in (f"polars_{fmt}", f"duckdb_{fmt}") if k in m}
            zk = m.get(f"zhibiao_{fmt}")
            if not peers:
                continue
            if not zk:
                goal(f"from {name}: zhibiao ≥ 2× faster than the faster of polars and DuckDB reading the same {name}{at_l}", False, fl["parquet"]["message"])
                continue
            # Judged against the peers' query alone (their interpreter start and import
            # left out), zhibiao's whole process: the ratio that is hardest on zhibiao.
            best_q = min(v["query_s"] for v in peers.values())
            best_w = min(v["wall_s"] for v in peers.values())
            goal(
                f"from {name}: zhibiao ≥ 2× faster than the faster of polars and DuckDB{at_l}",
                best_q / zk["wall_s"] >= 2,
                f"{best_q / zk['wall_s']:.2f}× against the faster peer's query alone, {best_w / zk['wall_s']:.2f}× against its whole process (>1: zhibiao is faster)",
            )
            if fmt == "csv" and "duckdb_csv" in m:
                d = m["duckdb_csv"]["rss_kib"]
                goal(f"from CSV: zhibiao's peak memory ≤ DuckDB's{at_l}", zk["rss_kib"] <= d, f"zhibiao {mib(zk['rss_kib'])}, DuckDB {mib(d)} ({zk['rss_kib'] / d:.2f}×)")

    # 2. In memory, the same integer keys.
    print("### In memory, the same precomputed integer keys for every engine\n")
    print("| what | median | note |\n|---|---|---|")
    rows = []

    def row(what, t, note=""):
        rows.append(f"| {what} | {ms(t)} | {note} |")

    threads = roll.get("read_pass_threads")
    row("zhibiao: `evaluate` of the target from its columns (the roll-up and every region's whole result)", z, f"default threads (rayon: {threads})" if threads else "default threads (rayon)")
    best = None
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
                row(f"{labels[name]}, default threads", m[name], f"{m[name] / z:,.1f}× zhibiao")
        cands = [m[k] for k in ("pandas", "polars", "duckdb", "duckdb_rollup") if k in m]
        best = min(cands) if cands else None
    z1 = roll1.get("eval_median_s") if roll1 else None
    if z1:
        row("zhibiao: the same `evaluate`, 1 thread (`RAYON_NUM_THREADS=1`)", z1, "")
    if eng1:
        for name in ("polars", "duckdb", "duckdb_rollup"):
            if name in eng1["medians"]:
                t = eng1["medians"][name]
                row(f"{name.replace('_rollup', ' (ROLLUP)')}, 1 thread", t, f"{t / z1:,.1f}× zhibiao on 1 thread" if z1 else f"{t / z:,.1f}× zhibiao")
    print("\n".join(rows) + "\n")
    if best:
        goal(f"in memory, same keys: zhibiao ≥ 3× faster than the faster peer{at_l}", best / z >= 3, f"{best / z:.1f}×")

    # 3. The floor.
    rp = roll.get("read_pass_s")
    nbytes = roll.get("read_pass_bytes")
    if rp:
        print("### The floor: one vectorised read pass\n")
        print(
            f"A vectorised pass (bench.rs `read_pass`) over exactly the columns zhibiao's roll-up reads, in memory, "
            f"on {threads or '?'} thread(s) as the evaluation: "
            f"{mib((nbytes or 0) / 1024)} in {ms(rp)} ({gib_s(nbytes, rp)}); zhibiao's `evaluate` = {z / rp:.1f}× this."
        )
        rp1 = roll1.get("read_pass_s") if roll1 else None
        if z1 and rp1:
            print(f"On 1 thread: the pass {ms(rp1)}, zhibiao's `evaluate` {ms(z1)} = {z1 / rp1:.1f}× it.")
        print()
        goal(f"in memory: zhibiao within 2× of the read pass{at_l}", z / rp <= 2, f"{z / rp:.2f}×")

    # 4. The rest: every target, memory, the front doors.
    rows = []
    if allt:
        row(f"zhibiao: load the CSV files, every indicator ({allt['entities']:,} entities, {allt['observations']:,} observations)", allt["load_s"], "1 run")
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
    if rows:
        print(f"### Every target, memory, the front doors (medians of {a.repeat} run(s))\n")
        print("| what | median | note |\n|---|---|---|")
        print("\n".join(rows) + "\n")
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

    if goals and not a.check:
        print("### Goals (ratios of this one run)\n")
        print("\n".join(goals))


if __name__ == "__main__":
    sys.exit(main())
