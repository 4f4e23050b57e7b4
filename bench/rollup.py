"""The share-of-units roll-up (百兆到班) in pandas, polars and DuckDB, checked against zhibiao.

Run by bench/run.sh; see docs/benchmarks.md. For every region (county, city, province,
nation) and year: E = classes in the region, R = classes that reported
class.bandwidth_mbps that year, P = classes reporting ≥ 100 Mbps, value = P / E × 100
(METHODOLOGY.md §4–5: missing reports count as not passing). Every answer must equal
zhibiao's (--zhibiao, the CSV written by bench.rs --results), or the script fails.

In memory, every engine starts from what zhibiao holds after loading, built before the
clock starts: ids resolved once into dense integers (each class's index and its
county's index), the class-bandwidth rows as (class, year, value), and the region tree
with every county's ancestors resolved (a closure table; for DuckDB's GROUP BY ROLLUP
form, each class's region at each depth). The timed part is the roll-up itself: the
class → county lookup (a gather in pandas and polars, a join on integers in DuckDB), the
counts, the sums up the tree, the shares.

The same roll-up from the files (CSV and Parquet) to the answer is bench/files.py.

Also, when asked: the size of the whole input (both files) as polars columns, the
yardstick of zhibiao's peak memory.

Prints one JSON object (times in seconds, medians of --repeat runs after one warm-up).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time

INDICATOR = "class.bandwidth_mbps"
THRESHOLD = 100.0


def timed(fn, repeat):
    fn()  # warm-up (caches, lazy imports, query plans)
    runs = []
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return out, runs


def load_keys(data_dir):
    """The inputs of the in-memory comparison, as zhibiao holds them after loading (not
    timed): every id resolved once into a dense integer. Returns polars DataFrames:
    classes (cls: the class's index, county: its region's index), obs (cls, year, value:
    the class-bandwidth rows), closure (county, region: each county with itself and each
    of its ancestors, from the region tree zhibiao carries with its ancestors resolved),
    levels (cls, a1, a2, a3: the class's region at depth 1, 2, 3 below the nation, null
    past its county, for GROUP BY ROLLUP), and the region codes by index."""
    import polars as pl

    ent = pl.read_csv(os.path.join(data_dir, "entities.csv"), infer_schema=False)
    regions = ent.filter(pl.col("kind") == "region").select("entity_id", "parent_id")
    codes = regions["entity_id"].to_list()
    rix = {c: i for i, c in enumerate(codes)}
    parent = {rix[c]: rix.get(p) for c, p in zip(regions["entity_id"], regions["parent_id"]) if c in rix}
    schools = ent.filter(pl.col("kind") == "school").select("entity_id", "region_code")
    classes_s = ent.filter(pl.col("kind") == "class").select("entity_id", "parent_id")
    cls = classes_s.join(schools, left_on="parent_id", right_on="entity_id").select("entity_id", "region_code")
    cls_ids = cls["entity_id"].to_list()
    cix = {c: i for i, c in enumerate(cls_ids)}
    classes = pl.DataFrame({"cls": list(range(len(cls_ids))), "county": [rix[r] for r in cls["region_code"]]}, schema={"cls": pl.Int32, "county": pl.Int32})
    o = (
        pl.scan_csv(os.path.join(data_dir, "observations.csv"), infer_schema=False)
        .filter(pl.col("indicator") == INDICATOR)
        .select("entity_id", pl.col("period").cast(pl.Int16).alias("year"), pl.col("value").cast(pl.Float64))
        .collect()
    )
    obs = pl.DataFrame(
        {"cls": [cix[e] for e in o["entity_id"]], "year": o["year"], "value": o["value"]},
        schema={"cls": pl.Int32, "year": pl.Int16, "value": pl.Float64},
    )

    def chain(r):
        out = []
        while r is not None:
            out.append(r)
            r = parent.get(r)
        return out

    counties = sorted(set(classes["county"].to_list()))
    pairs = [(c, a) for c in counties for a in chain(c)]
    closure = pl.DataFrame({"county": [p[0] for p in pairs], "region": [p[1] for p in pairs]}, schema={"county": pl.Int32, "region": pl.Int32})
    # Path from the nation down: [nation, a1, a2, a3].
    path = {c: list(reversed(chain(c))) for c in counties}
    deepest = max(len(v) for v in path.values())
    if deepest > 4:
        raise SystemExit(f"regions {deepest - 1} levels below the nation; the ROLLUP form reads 3")
    col = lambda k: [path[c][k] if len(path[c]) > k else None for c in classes["county"].to_list()]  # noqa: E731
    levels = pl.DataFrame({"cls": classes["cls"], "a1": col(1), "a2": col(2), "a3": col(3)}, schema={"cls": pl.Int32, "a1": pl.Int32, "a2": pl.Int32, "a3": pl.Int32})
    nation = path[counties[0]][0]
    return classes, obs, closure, levels, codes, nation, {"entities": ent.height, "classes": classes.height, "schools": schools.height, "class_observations": obs.height}


def finish(rows, codes=None):
    """(region, year, E, R, P) rows → {(region code, year): (E, R, P, value)}."""
    out = {}
    for region, year, e, r, p in rows:
        code = codes[int(region)] if codes is not None else str(region)
        out[(code, int(year))] = (int(e), int(r), int(p), p / e * 100.0)
    return out


# --- pandas (integer keys) --------------------------------------------------------------


def rollup_pandas(classes, obs, closure, codes):
    import numpy as np
    import pandas as pd

    county_of = classes["county"].to_numpy()  # classes are indexed by cls (0..n)
    e = pd.DataFrame({"county": county_of}).groupby("county", sort=False).size().rename("E").reset_index()
    o = pd.DataFrame({"county": np.take(county_of, obs["cls"].to_numpy()), "year": obs["year"].to_numpy(), "pass": obs["value"].to_numpy() >= THRESHOLD})
    rp = o.groupby(["county", "year"], sort=False).agg(R=("pass", "size"), P=("pass", "sum")).reset_index()
    ea = e.merge(closure, on="county").groupby("region", sort=False)["E"].sum().reset_index()
    ra = rp.merge(closure, on="county").groupby(["region", "year"], sort=False)[["R", "P"]].sum().reset_index()
    res = ra.merge(ea, on="region")
    return finish(zip(res["region"], res["year"], res["E"], res["R"], res["P"]), codes)


# --- polars (integer keys) --------------------------------------------------------------


def rollup_polars(classes, obs, closure, codes):
    import polars as pl

    county_of = classes["county"]  # classes are indexed by cls (0..n)
    e = classes.group_by("county").agg(pl.len().alias("E"))
    rp = (
        obs.select(county_of.gather(obs["cls"]).alias("county"), pl.col("year"), (pl.col("value") >= THRESHOLD).alias("pass"))
        .group_by("county", "year")
        .agg(pl.len().alias("R"), pl.col("pass").sum().alias("P"))
    )
    ea = e.join(closure, on="county").group_by("region").agg(pl.col("E").sum())
    ra = rp.join(closure, on="county").group_by("region", "year").agg(pl.col("R").sum(), pl.col("P").sum())
    res = ra.join(ea, on="region")
    return finish(res.select("region", "year", "E", "R", "P").iter_rows(), codes)


# --- the region tree as a closure table (bench/files.py uses it too) --------------------


def closure_polars(pl, counties, regions):
    par = regions.select(pl.col("entity_id").alias("region"), pl.col("parent_id").alias("up"))
    level = counties.select(pl.col("county"), pl.col("county").alias("region"))
    parts = [level]
    for _ in range(4):
        level = level.join(par, on="region").select(pl.col("county"), pl.col("up").alias("region")).filter(pl.col("region").is_not_null() & (pl.col("region") != ""))
        if level.height == 0:
            break
        parts.append(level)
    return pl.concat(parts)


# --- DuckDB -----------------------------------------------------------------------------

# In memory, integer keys: counts per county, then summed over the precomputed closure.
DUCK_KEYS_SQL = """
WITH
e AS (SELECT county, count(*) AS E FROM classes GROUP BY county),
rp AS (
  SELECT c.county, o.year, count(*) AS R, count(*) FILTER (WHERE o.value >= {t}) AS P
  FROM obs o JOIN classes c ON o.cls = c.cls GROUP BY c.county, o.year
),
ea AS (SELECT k.region, sum(e.E) AS E FROM e JOIN closure k USING (county) GROUP BY k.region),
ra AS (SELECT k.region, rp.year, sum(rp.R) AS R, sum(rp.P) AS P FROM rp JOIN closure k USING (county) GROUP BY k.region, rp.year)
SELECT ra.region, ra.year, ea.E, ra.R, ra.P FROM ra JOIN ea USING (region)
""".format(t=THRESHOLD)

# In memory, integer keys, GROUP BY ROLLUP over each class's path (a1, a2, a3 below the
# nation): one grouping set per level; a set whose last key is null (a class whose
# county is at a shallower depth) is not a region and is dropped.
DUCK_ROLLUP_SQL = """
WITH
e AS (
  SELECT a1, a2, a3, grouping(a1, a2, a3) AS g, count(*) AS E FROM levels GROUP BY ROLLUP (a1, a2, a3)
),
rp AS (
  SELECT l.a1, l.a2, l.a3, o.year, grouping(l.a1, l.a2, l.a3) AS g, count(*) AS R, count(*) FILTER (WHERE o.value >= {t}) AS P
  FROM obs o JOIN levels l ON o.cls = l.cls GROUP BY o.year, ROLLUP (l.a1, l.a2, l.a3)
),
er AS (
  SELECT CASE g WHEN 7 THEN {{nation}} WHEN 3 THEN a1 WHEN 1 THEN a2 ELSE a3 END AS region, E FROM e
  WHERE (g = 7) OR (g = 3 AND a1 IS NOT NULL) OR (g = 1 AND a2 IS NOT NULL) OR (g = 0 AND a3 IS NOT NULL)
),
rr AS (
  SELECT CASE g WHEN 7 THEN {{nation}} WHEN 3 THEN a1 WHEN 1 THEN a2 ELSE a3 END AS region, year, R, P FROM rp
  WHERE (g = 7) OR (g = 3 AND a1 IS NOT NULL) OR (g = 1 AND a2 IS NOT NULL) OR (g = 0 AND a3 IS NOT NULL)
)
SELECT rr.region, rr.year, er.E, rr.R, rr.P FROM rr JOIN er USING (region)
""".format(t=THRESHOLD)


def duck_connect(threads):
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def rollup_duckdb_keys(con, codes):
    return finish(con.execute(DUCK_KEYS_SQL).fetchall(), codes)


def rollup_duckdb_rollup(con, codes, nation):
    return finish(con.execute(DUCK_ROLLUP_SQL.format(nation=int(nation))).fetchall(), codes)


# --- comparison -------------------------------------------------------------------------


def read_zhibiao(path, target):
    import csv

    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["target"] != target or not row["reporting"] or float(row["reporting"]) == 0:
                continue
            e, r, p = (int(float(row[k])) for k in ("eligible", "reporting", "passing"))
            out[(row["region"], int(row["year"]))] = (e, r, p, float(row["value"]))
    return out


def check(name, got, want):
    if set(got) != set(want):
        missing = sorted(set(want) - set(got))[:5]
        extra = sorted(set(got) - set(want))[:5]
        raise SystemExit(f"{name}: regions×years differ from zhibiao's ({len(got)} vs {len(want)}); missing {missing}, extra {extra}")
    for k, w in want.items():
        g = got[k]
        if g[:3] != w[:3] or not math.isclose(g[3], w[3], rel_tol=1e-12, abs_tol=1e-12):
            raise SystemExit(f"{name}: {k} gives E, R, P, value = {g}, zhibiao {w}")
    return len(want)


def frame_bytes(df):
    return int(df.estimated_size())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--zhibiao", required=True, help="results CSV from bench.rs --results")
    ap.add_argument("--target", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--engines", default="pandas,polars,duckdb")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (polars: set POLARS_MAX_THREADS)")
    ap.add_argument("--input-size", action="store_true", help="also report the in-memory size of both whole files as polars columns")
    args = ap.parse_args()

    want = read_zhibiao(args.zhibiao, args.target)
    classes, obs, closure, levels, codes, nation, rows = load_keys(args.data)
    out = {
        "rows": rows,
        "input_bytes": {"class_observations_polars": frame_bytes(obs)},
        "checked_rows": len(want),
        "threads": {"polars": os.environ.get("POLARS_MAX_THREADS", "default"), "duckdb": args.threads or "default"},
        "times": {},
    }
    if args.input_size:
        import polars as pl

        whole = pl.read_csv(os.path.join(args.data, "observations.csv"), schema_overrides={"entity_id": pl.String, "indicator": pl.String, "period": pl.String, "value": pl.Float64, "source": pl.String})
        ent = pl.read_csv(os.path.join(args.data, "entities.csv"), infer_schema=False)
        out["input_bytes"]["observations_polars"] = frame_bytes(whole)
        out["input_bytes"]["entities_polars"] = frame_bytes(ent)
        out["input_bytes"]["entities_csv"] = os.path.getsize(os.path.join(args.data, "entities.csv"))
        out["input_bytes"]["observations_csv"] = os.path.getsize(os.path.join(args.data, "observations.csv"))
        del whole, ent
    engines = [e for e in args.engines.split(",") if e]
    if "pandas" in engines:
        p = [t.to_pandas() for t in (classes, obs, closure)]
        got, runs = timed(lambda: rollup_pandas(*p, codes), args.repeat)
        check("pandas", got, want)
        out["times"]["pandas"] = runs
        del p
    if "polars" in engines:
        got, runs = timed(lambda: rollup_polars(classes, obs, closure, codes), args.repeat)
        check("polars", got, want)
        out["times"]["polars"] = runs
    if "duckdb" in engines:
        con = duck_connect(args.threads)
        for name, t in (("classes", classes), ("obs", obs), ("closure", closure), ("levels", levels)):
            arrow = t.to_arrow()
            con.register("tmp_in", arrow)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM tmp_in")
            con.unregister("tmp_in")
        got, runs = timed(lambda: rollup_duckdb_keys(con, codes), args.repeat)
        check("duckdb", got, want)
        out["times"]["duckdb"] = runs
        got, runs = timed(lambda: rollup_duckdb_rollup(con, codes, nation), args.repeat)
        check("duckdb (ROLLUP)", got, want)
        out["times"]["duckdb_rollup"] = runs
        con.close()
    out["medians"] = {k: statistics.median(v) for k, v in out["times"].items()}
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
