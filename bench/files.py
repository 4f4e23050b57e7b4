"""From the files to the answer: zhibiao, polars and DuckDB, from CSV and from Parquet.

Run by bench/run.sh; see docs/benchmarks.md. The headline of the benchmarks: each
engine reads the generated files (entities + observations, as CSV and as the Parquet
written by bench/to_parquet.py) and computes the 百兆到班 roll-up of rollup.py (for every
region and year, E, R, P and the share), and every answer is checked against zhibiao's
(--want, the CSV written by bench.rs --results), or the script fails.

Every run is a fresh process, so that its wall time and peak memory are its own:
- zhibiao: the command after --zhibiao-cmd, with `--entities … --observations …` of the
  format added, its JSON written to a file; timed as a whole process (start, catalog,
  read, validate, build, evaluate, write the JSON).
- polars, DuckDB: `python files.py --run ENGINE FORMAT`, which imports only its engine,
  runs the query once and prints its own time of the query (after the interpreter has
  started and the module is imported) beside the process's.
The runs go round-robin (one run of every engine and format, then the next round), so
that a change in the machine's load falls on all of them alike; --warmup rounds first are
not counted (the files enter the page cache). Wall time: the parent's clock around the
child. Peak memory: the child's peak resident set (the kernel's ru_maxrss of the process),
by GNU time (`/usr/bin/time -f %M`) when present, else by os.wait4.

zhibiao from Parquet: probed once on a tiny pair of files made from the data (the region
rows and some of their figures), written as CSV and as Parquet: the CSV pair must
evaluate, and if the Parquet pair does not, zhibiao's Parquet runs are left out and the
message is recorded (no figure).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rollup  # noqa: E402  (the roll-up's definition, the answer check)
from to_parquet import ENTITY_COLUMNS  # noqa: E402

INDICATOR = rollup.INDICATOR
THRESHOLD = rollup.THRESHOLD
FORMATS = ("csv", "parquet")
GNU_TIME = "/usr/bin/time"


def paths(data, fmt):
    return os.path.join(data, f"entities.{fmt}"), os.path.join(data, f"observations.{fmt}")


# --- polars -----------------------------------------------------------------------------


def polars_files(data, fmt):
    """polars, lazy: the entities scanned once (only the columns the roll-up needs; with
    Parquet only those are decoded), then one plan over the scanned observations (only
    the class-bandwidth rows and three columns; predicate and projection pushed into the
    scan), the counts per county and year, summed up the region tree."""
    import polars as pl

    e_path, o_path = paths(data, fmt)
    if fmt == "csv":
        ent_schema = {c: pl.String for c in ENTITY_COLUMNS}
        obs_schema = {"entity_id": pl.String, "indicator": pl.String, "period": pl.String, "value": pl.Float64, "source": pl.String}
        ent, obs = pl.scan_csv(e_path, schema=ent_schema), pl.scan_csv(o_path, schema=obs_schema)
    else:
        ent, obs = pl.scan_parquet(e_path), pl.scan_parquet(o_path)
    ent = ent.select("entity_id", "kind", "region_code", "parent_id").filter(pl.col("kind").is_in(["region", "school", "class"])).collect()
    regions = ent.filter(pl.col("kind") == "region").select("entity_id", "parent_id")
    schools = ent.filter(pl.col("kind") == "school").select("entity_id", "region_code")
    classes = ent.filter(pl.col("kind") == "class").select("entity_id", "parent_id")
    cls = classes.join(schools, left_on="parent_id", right_on="entity_id").select(pl.col("entity_id"), pl.col("region_code").alias("county"))
    rp = (
        obs.filter(pl.col("indicator") == INDICATOR)
        .select(pl.col("entity_id"), pl.col("period").cast(pl.Int64).alias("year"), pl.col("value"))
        .join(cls.lazy(), on="entity_id")
        .group_by("county", "year")
        .agg(pl.len().alias("R"), (pl.col("value") >= THRESHOLD).sum().alias("P"))
        .collect()
    )
    e = cls.group_by("county").agg(pl.len().alias("E"))
    clo = rollup.closure_polars(pl, e.select("county"), regions)
    ea = e.join(clo, on="county").group_by("region").agg(pl.col("E").sum())
    ra = rp.join(clo, on="county").group_by("region", "year").agg(pl.col("R").sum(), pl.col("P").sum())
    res = ra.join(ea, on="region")
    return rollup.finish(res.select("region", "year", "E", "R", "P").iter_rows())


# --- DuckDB -----------------------------------------------------------------------------

# One query: the entities read once (a materialised CTE of the four columns needed), the
# class-bandwidth rows (the filter and the three columns pushed into the scan), the
# counts per county and year, the county's ancestors by a recursive CTE.
DUCK_FILES_SQL = """
WITH RECURSIVE
ent AS MATERIALIZED (
  SELECT entity_id, kind, region_code, parent_id FROM {ent} WHERE kind IN ('region', 'school', 'class')
),
regions AS (SELECT entity_id, parent_id FROM ent WHERE kind = 'region'),
cls AS (
  SELECT c.entity_id, s.region_code AS county
  FROM ent c JOIN ent s ON c.parent_id = s.entity_id
  WHERE c.kind = 'class' AND s.kind = 'school'
),
obs AS (SELECT entity_id, CAST(period AS BIGINT) AS year, value FROM {obs} WHERE indicator = '{ind}'),
e AS (SELECT county, count(*) AS E FROM cls GROUP BY county),
rp AS (
  SELECT cls.county, o.year, count(*) AS R, count(*) FILTER (WHERE o.value >= {t}) AS P
  FROM obs o JOIN cls ON o.entity_id = cls.entity_id GROUP BY cls.county, o.year
),
clo(county, region) AS (
  SELECT county, county FROM e
  UNION ALL
  SELECT clo.county, r.parent_id FROM clo JOIN regions r ON r.entity_id = clo.region
  WHERE r.parent_id IS NOT NULL AND r.parent_id <> ''
),
ea AS (SELECT clo.region, sum(e.E) AS E FROM e JOIN clo USING (county) GROUP BY clo.region),
ra AS (SELECT clo.region, rp.year, sum(rp.R) AS R, sum(rp.P) AS P FROM rp JOIN clo USING (county) GROUP BY clo.region, rp.year)
SELECT ra.region, ra.year, ea.E, ra.R, ra.P FROM ra JOIN ea USING (region)
"""


def duck_source(path, fmt, columns):
    p = path.replace("'", "''")
    if fmt == "parquet":
        return f"read_parquet('{p}')"
    # The column types the CSV implies, given (no type sniffing; the same as the Parquet).
    cols = ", ".join(f"'{c}': '{t}'" for c, t in columns)
    return f"read_csv('{p}', header = true, columns = {{{cols}}})"


def duckdb_files(data, fmt):
    import duckdb

    e_path, o_path = paths(data, fmt)
    ent = duck_source(e_path, fmt, [(c, "VARCHAR") for c in ENTITY_COLUMNS])
    obs = duck_source(o_path, fmt, [("entity_id", "VARCHAR"), ("indicator", "VARCHAR"), ("period", "VARCHAR"), ("value", "DOUBLE"), ("source", "VARCHAR")])
    con = duckdb.connect()
    rows = con.execute(DUCK_FILES_SQL.format(ent=ent, obs=obs, ind=INDICATOR, t=THRESHOLD)).fetchall()
    con.close()
    return rollup.finish(rows)


ENGINES = {"polars": polars_files, "duckdb": duckdb_files}


def child(engine, fmt, data, want_path, target):
    """One run in this process: import the engine, run the query, check the answer."""
    t0 = time.perf_counter()
    __import__(engine)
    t1 = time.perf_counter()
    got = ENGINES[engine](data, fmt)
    t2 = time.perf_counter()
    n = rollup.check(f"{engine} ({fmt})", got, rollup.read_zhibiao(want_path, target))
    print(json.dumps({"import_s": t1 - t0, "query_s": t2 - t1, "checked": n}))


# --- the parent -------------------------------------------------------------------------


def run_process(cmd, stdout_path, scratch):
    """Runs cmd; returns (wall seconds, peak RSS KiB, stdout path)."""
    err_path = stdout_path + ".err"
    timefile = os.path.join(scratch, "time.txt")
    use_gnu = os.access(GNU_TIME, os.X_OK)
    full = [GNU_TIME, "-f", "%M", "-o", timefile, *cmd] if use_gnu else cmd
    with open(stdout_path, "wb") as out, open(err_path, "wb") as err:
        t = time.perf_counter()
        p = subprocess.Popen(full, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        with open(err_path, encoding="utf-8", errors="replace") as f:
            raise SystemExit(f"{' '.join(cmd[:3])} … failed ({p.returncode}): {f.read()[-800:]}")
    if use_gnu:
        with open(timefile, encoding="utf-8") as f:
            rss = int(f.read().strip().splitlines()[-1])
    else:
        rss = int(usage.ru_maxrss)  # KiB on Linux
    return wall, rss


def zhibiao_answer(path, target):
    """(region, year) → (E, R, P, value) from `zhibiao evaluate --format json`."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    out = {}
    for r in doc["evaluation"]["results"]:
        if r["target"] != target:
            continue
        for y in r["series"]:
            if y.get("reporting"):
                out[(r["region"], int(y["year"]))] = (int(y["denominator"]), int(y["reporting"]), int(y["numerator"]), float(y["value"]))
    return out


def probe_parquet(zcmd, data, scratch):
    """Does this zhibiao build read Parquet? A tiny pair from the data, as CSV and Parquet."""
    import polars as pl

    e_path, o_path = paths(data, "csv")
    ent = pl.read_csv(e_path, schema={c: pl.String for c in ENTITY_COLUMNS}).filter(pl.col("kind") == "region")
    obs = (
        pl.read_csv(o_path, schema={"entity_id": pl.String, "indicator": pl.String, "period": pl.String, "value": pl.Float64, "source": pl.String})
        .filter(pl.col("entity_id").is_in(ent["entity_id"].implode()))
        .head(20)
    )
    tiny = os.path.join(scratch, "probe")
    os.makedirs(tiny, exist_ok=True)
    ent.write_csv(os.path.join(tiny, "entities.csv"))
    obs.write_csv(os.path.join(tiny, "observations.csv"))
    ent.write_parquet(os.path.join(tiny, "entities.parquet"))
    obs.write_parquet(os.path.join(tiny, "observations.parquet"))
    res = {}
    for fmt in FORMATS:
        e, o = paths(tiny, fmt)
        r = subprocess.run([*zcmd, "--entities", e, "--observations", o], capture_output=True, text=True, check=False)
        res[fmt] = (r.returncode, (r.stderr.strip().splitlines() or [""])[-1])
    if res["csv"][0] != 0:
        raise SystemExit(f"the Parquet probe's CSV pair does not evaluate: {res['csv'][1]}")
    ok = res["parquet"][0] == 0
    return {"supported": ok, "message": "" if ok else "zhibiao: Parquet not supported by this build", "probe_error": "" if ok else res["parquet"][1]}


def idle_rss(engine, scratch, runs):
    """The interpreter with the engine imported and nothing else: the floor of its figure
    (medians of `runs` processes)."""
    got = [run_process([sys.executable, "-c", f"import {engine}"], os.path.join(scratch, f"idle-{engine}.out"), scratch) for _ in range(runs)]
    return {"wall_s": statistics.median(g[0] for g in got), "rss_kib": statistics.median(g[1] for g in got)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--want", required=True, help="results CSV from bench.rs --results")
    ap.add_argument("--target", required=True)
    ap.add_argument("--run", nargs=2, metavar=("ENGINE", "FORMAT"), help="child: one run of polars or duckdb from csv or parquet")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--scratch", help="where the runs write their output (default: a temporary directory)")
    ap.add_argument("--zhibiao-cmd", nargs=argparse.REMAINDER, help="the zhibiao evaluate command, without --entities and --observations")
    a = ap.parse_args()
    if a.run:
        return child(a.run[0], a.run[1], a.data, a.want, a.target)

    scratch = a.scratch or tempfile.mkdtemp(prefix="zhibiao-bench-")
    os.makedirs(scratch, exist_ok=True)
    parquet = probe_parquet(a.zhibiao_cmd, a.data, scratch)
    want = rollup.read_zhibiao(a.want, a.target)
    me = os.path.abspath(__file__)
    runs = {}
    for fmt in FORMATS:
        if fmt == "csv" or parquet["supported"]:
            e, o = paths(a.data, fmt)
            runs[f"zhibiao_{fmt}"] = [*a.zhibiao_cmd, "--entities", e, "--observations", o]
        for engine in ENGINES:
            runs[f"{engine}_{fmt}"] = [sys.executable, me, "--run", engine, fmt, "--data", a.data, "--want", a.want, "--target", a.target]
    got = {k: {"wall_s": [], "rss_kib": [], "query_s": [], "import_s": []} for k in runs}
    for rnd in range(a.warmup + a.repeat):
        for name, cmd in runs.items():
            out_path = os.path.join(scratch, f"{name}.out")
            wall, rss = run_process(cmd, out_path, scratch)
            if name.startswith("zhibiao_"):
                # Checked after the clock stopped; every run writes the same answer.
                if rnd == 0:
                    rollup.check(name.replace("_", " (") + ")", zhibiao_answer(out_path, a.target), want)
            else:
                with open(out_path, encoding="utf-8") as f:
                    child_out = json.loads(f.read().strip().splitlines()[-1])
            if rnd < a.warmup:
                continue
            g = got[name]
            g["wall_s"].append(wall)
            g["rss_kib"].append(rss)
            if not name.startswith("zhibiao_"):
                g["query_s"].append(child_out["query_s"])
                g["import_s"].append(child_out["import_s"])
    med = lambda v: statistics.median(v) if v else None  # noqa: E731
    files = {fmt: {k: os.path.getsize(p) for k, p in zip(("entities", "observations"), paths(a.data, fmt))} for fmt in FORMATS}
    print(
        json.dumps(
            {
                "runs": got,
                "medians": {k: {m: med(v) for m, v in g.items()} for k, g in got.items()},
                "parquet": parquet,
                "idle": {e: idle_rss(e, scratch, max(1, min(3, a.repeat))) for e in ENGINES},
                "rss_method": "GNU time -f %M (ru_maxrss of the child)" if os.access(GNU_TIME, os.X_OK) else "os.wait4 ru_maxrss of the child",
                "file_bytes": files,
                "checked_rows": len(want),
                "repeat": a.repeat,
                "warmup": a.warmup,
                "cpus": os.cpu_count(),
                "threads": {"zhibiao": 1, "polars": os.environ.get("POLARS_MAX_THREADS", "default"), "duckdb": "default"},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
