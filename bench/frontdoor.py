"""The Python front door (bench/run.sh; docs/benchmarks.md): zhibiao.load from a pandas
and from a polars DataFrame holding the generated files, then zhibiao.evaluate of the
nation-wide 百兆到班 target. The frames are read before the clock starts (the analyst has
them already); the timed work is what the core does in `bench --from-records`: take
the records, validate them, build the columns, evaluate. Every answer (eligible,
reporting, passing units and value per region and year) must equal the core's
(--zhibiao, the CSV written by bench.rs --results), or the script fails.

Prints one JSON object (seconds; medians of --repeat runs after one warm-up).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--catalog", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--zhibiao", help="results CSV from bench.rs --results, to compare with")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import polars as pl
    import zhibiao

    strings = {"entity_id": pl.String, "period": pl.String, "value": pl.String, "source": pl.String}
    ent = pl.read_csv(os.path.join(args.data, "entities.csv"), infer_schema=False)
    obs = pl.read_csv(os.path.join(args.data, "observations.csv"), schema_overrides=strings)
    frames = {"polars": (ent, obs), "pandas": (ent.to_pandas(), obs.to_pandas())}
    cat = zhibiao.Catalog.load_dir(args.catalog)
    out = {"rows": {"entities": ent.height, "observations": obs.height}, "times": {}, "load_s": {}, "eval_s": {}}
    answers = {}
    for name, (e, o) in frames.items():
        runs, loads, evals = [], [], []
        for i in range(args.repeat + 1):
            t0 = time.perf_counter()
            d = zhibiao.load(entities=e, observations=o, catalog=cat, strict=True)
            t1 = time.perf_counter()
            ev = zhibiao.evaluate(d, "2024-12-31", targets=[args.target])
            t2 = time.perf_counter()
            if i == 0:
                answers[name] = ev
                continue
            runs.append(t2 - t0)
            loads.append(t1 - t0)
            evals.append(t2 - t1)
        out["times"][name] = runs
        out["load_s"][name] = statistics.median(loads)
        out["eval_s"][name] = statistics.median(evals)
    out["medians"] = {k: statistics.median(v) for k, v in out["times"].items()}
    if args.zhibiao:
        want = read_core(args.zhibiao, args.target)
        for name, ev in answers.items():
            got = {}
            for r in ev.results:
                for y in r.series:
                    if y.get("reporting"):
                        got[(r.region, int(y["year"]))] = (int(y["denominator"]), int(y["reporting"]), int(y["numerator"]), float(y["value"]))
            if set(got) != set(want) or any(got[k][:3] != w[:3] or not math.isclose(got[k][3], w[3], rel_tol=1e-12) for k, w in want.items()):
                raise SystemExit(f"python front door ({name}): results differ from the core's")
        out["checked_rows"] = len(want)
    print(json.dumps(out))


def read_core(path, target):
    import csv

    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["target"] == target and row["reporting"] and float(row["reporting"]) > 0:
                out[(row["region"], int(row["year"]))] = (
                    int(float(row["eligible"])),
                    int(float(row["reporting"])),
                    int(float(row["passing"])),
                    float(row["value"]),
                )
    return out


if __name__ == "__main__":
    sys.exit(main())
