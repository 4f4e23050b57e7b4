"""The share-of-units roll-up (百兆到班) in pandas, polars and DuckDB, checked against zhibiao.

Run by bench/run.sh; see docs/benchmarks.md. For every region (county, city, province,
nation) and year: E = classes in the region, R = classes that reported
class.bandwidth_mbps that year, P = classes reporting ≥ 100 Mbps, value = P / E × 100
(METHODOLOGY.md §4–5: missing reports count as not passing). Each engine starts from the
same in-memory tables (entities split into regions, schools and classes, and the
observations of class.bandwidth_mbps) and does the whole job in the timed part: the join
from class to school to county, the county's ancestors from the region tree, the counts
and the shares. Every answer must equal zhibiao's (--zhibiao, the CSV written by
bench.rs --results), or the script fails.

Also, when asked: the same from the CSV files (polars and DuckDB read them, timed), and
the size of the whole input (both files) as polars columns, the yardstick of zhibiao's
peak memory.

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


def load_tables(data_dir):
    """The four input tables as polars DataFrames (not timed)."""
    import polars as pl

    ent = pl.read_csv(
        os.path.join(data_dir, "entities.csv"),
        schema_overrides={c: pl.String for c in ["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"]},
    )
    obs = (
        pl.scan_csv(
            os.path.join(data_dir, "observations.csv"),
            schema_overrides={"entity_id": pl.String, "indicator": pl.String, "period": pl.String, "value": pl.Float64, "source": pl.String},
        )
        .filter(pl.col("indicator") == INDICATOR)
        .select(pl.col("entity_id"), pl.col("period").cast(pl.Int64).alias("year"), pl.col("value"))
        .collect()
    )
    regions = ent.filter(pl.col("kind") == "region").select("entity_id", "parent_id")
    schools = ent.filter(pl.col("kind") == "school").select("entity_id", "region_code")
    classes = ent.filter(pl.col("kind") == "class").select("entity_id", "parent_id")
    return ent, regions, schools, classes, obs


def finish(rows):
    """(region, year, E, R, P) rows → {(region, year): (E, R, P, value)}."""
    out = {}
    for region, year, e, r, p in rows:
        out[(str(region), int(year))] = (int(e), int(r), int(p), p / e * 100.0)
    return out


# --- pandas -----------------------------------------------------------------------------


def rollup_pandas(regions, schools, classes, obs):
    import pandas as pd

    cls = classes.merge(schools, left_on="parent_id", right_on="entity_id", suffixes=("", "_school"))[["entity_id", "region_code"]]
    cls.columns = ["entity_id", "county"]
    e = cls.groupby("county", sort=False).size().rename("E").reset_index()
    o = obs.merge(cls, on="entity_id")
    o["pass"] = o["value"] >= THRESHOLD
    rp = o.groupby(["county", "year"], sort=False).agg(R=("pass", "size"), P=("pass", "sum")).reset_index()
    # Each county and its ancestors (city, province, nation) from the region tree.
    parent = dict(zip(regions["entity_id"], regions["parent_id"]))
    pairs = []
    for c in e["county"]:
        a = c
        while isinstance(a, str) and a:
            pairs.append((c, a))
            a = parent.get(a)
    clo = pd.DataFrame(pairs, columns=["county", "region"])
    ea = e.merge(clo, on="county").groupby("region", sort=False)["E"].sum().reset_index()
    ra = rp.merge(clo, on="county").groupby(["region", "year"], sort=False)[["R", "P"]].sum().reset_index()
    res = ra.merge(ea, on="region")
    return finish(zip(res["region"], res["year"], res["E"], res["R"], res["P"]))


# --- polars -----------------------------------------------------------------------------


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


def rollup_polars(regions, schools, classes, obs):
    import polars as pl

    cls = classes.join(schools, left_on="parent_id", right_on="entity_id").select(pl.col("entity_id"), pl.col("region_code").alias("county"))
    e = cls.group_by("county").agg(pl.len().alias("E"))
    rp = obs.join(cls, on="entity_id").group_by("county", "year").agg(pl.len().alias("R"), (pl.col("value") >= THRESHOLD).sum().alias("P"))
    clo = closure_polars(pl, e.select("county"), regions)
    ea = e.join(clo, on="county").group_by("region").agg(pl.col("E").sum())
    ra = rp.join(clo, on="county").group_by("region", "year").agg(pl.col("R").sum(), pl.col("P").sum())
    res = ra.join(ea, on="region")
    return finish(res.select("region", "year", "E", "R", "P").iter_rows())


def rollup_polars_files(data_dir):
    import polars as pl

    ent = pl.scan_csv(os.path.join(data_dir, "entities.csv"), infer_schema=False)
    regions = ent.filter(pl.col("kind") == "region").select("entity_id", "parent_id").collect()
    schools = ent.filter(pl.col("kind") == "school").select("entity_id", "region_code")
    classes = ent.filter(pl.col("kind") == "class").select("entity_id", "parent_id")
    obs = (
        pl.scan_csv(os.path.join(data_dir, "observations.csv"), infer_schema=False)
        .filter(pl.col("indicator") == INDICATOR)
        .select(pl.col("entity_id"), pl.col("period").cast(pl.Int64).alias("year"), pl.col("value").cast(pl.Float64))
    )
    cls = classes.join(schools, left_on="parent_id", right_on="entity_id").select(pl.col("entity_id"), pl.col("region_code").alias("county"))
    e, rp = pl.collect_all(
        [
            cls.group_by("county").agg(pl.len().alias("E")),
            obs.join(cls, on="entity_id").group_by("county", "year").agg(pl.len().alias("R"), (pl.col("value") >= THRESHOLD).sum().alias("P")),
        ]
    )
    clo = closure_polars(pl, e.select("county"), regions)
    ea = e.join(clo, on="county").group_by("region").agg(pl.col("E").sum())
    ra = rp.join(clo, on="county").group_by("region", "year").agg(pl.col("R").sum(), pl.col("P").sum())
    res = ra.join(ea, on="region")
    return finish(res.select("region", "year", "E", "R", "P").iter_rows())


# --- DuckDB -----------------------------------------------------------------------------

DUCK_SQL = """
WITH RECURSIVE
cls AS (SELECT c.entity_id, s.region_code AS county FROM classes c JOIN schools s ON c.parent_id = s.entity_id),
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
""".format(t=THRESHOLD)


def duck_connect(threads):
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def rollup_duckdb(con):
    return finish(con.execute(DUCK_SQL).fetchall())


def rollup_duckdb_files(data_dir, threads):
    con = duck_connect(threads)
    ent = os.path.join(data_dir, "entities.csv").replace("'", "''")
    obs = os.path.join(data_dir, "observations.csv").replace("'", "''")
    con.execute(f"CREATE TEMP VIEW ent AS SELECT * FROM read_csv('{ent}', all_varchar = true, header = true)")
    con.execute("CREATE TEMP VIEW regions AS SELECT entity_id, parent_id FROM ent WHERE kind = 'region'")
    con.execute("CREATE TEMP VIEW schools AS SELECT entity_id, region_code FROM ent WHERE kind = 'school'")
    con.execute("CREATE TEMP VIEW classes AS SELECT entity_id, parent_id FROM ent WHERE kind = 'class'")
    con.execute(
        f"CREATE TEMP VIEW obs AS SELECT entity_id, CAST(period AS BIGINT) AS year, CAST(value AS DOUBLE) AS value "
        f"FROM read_csv('{obs}', all_varchar = true, header = true) WHERE indicator = '{INDICATOR}'"
    )
    out = rollup_duckdb(con)
    con.close()
    return out


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
    ap.add_argument("--files", action="store_true", help="also time polars and DuckDB from the CSV files")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (polars: set POLARS_MAX_THREADS)")
    ap.add_argument("--input-size", action="store_true", help="also report the in-memory size of both whole files as polars columns")
    args = ap.parse_args()

    want = read_zhibiao(args.zhibiao, args.target)
    ent, regions, schools, classes, obs = load_tables(args.data)
    out = {
        "rows": {"entities": ent.height, "class_observations": obs.height, "classes": classes.height, "schools": schools.height},
        "input_bytes": {
            "entities_polars": frame_bytes(ent),
            "class_observations_polars": frame_bytes(obs),
        },
        "checked_rows": len(want),
        "threads": {"polars": os.environ.get("POLARS_MAX_THREADS", "default"), "duckdb": args.threads or "default"},
        "times": {},
    }
    if args.input_size:
        import polars as pl

        whole = pl.read_csv(os.path.join(args.data, "observations.csv"), schema_overrides={"entity_id": pl.String, "indicator": pl.String, "period": pl.String, "value": pl.Float64, "source": pl.String})
        out["input_bytes"]["observations_polars"] = frame_bytes(whole)
        out["input_bytes"]["entities_csv"] = os.path.getsize(os.path.join(args.data, "entities.csv"))
        out["input_bytes"]["observations_csv"] = os.path.getsize(os.path.join(args.data, "observations.csv"))
        del whole
    engines = [e for e in args.engines.split(",") if e]
    if "pandas" in engines:
        p = [t.to_pandas() for t in (regions, schools, classes, obs)]
        got, runs = timed(lambda: rollup_pandas(*p), args.repeat)
        check("pandas", got, want)
        out["times"]["pandas"] = runs
        del p
    if "polars" in engines:
        got, runs = timed(lambda: rollup_polars(regions, schools, classes, obs), args.repeat)
        check("polars", got, want)
        out["times"]["polars"] = runs
        if args.files:
            got, runs = timed(lambda: rollup_polars_files(args.data), max(1, args.repeat // 3))
            check("polars (files)", got, want)
            out["times"]["polars_files"] = runs
    if "duckdb" in engines:
        con = duck_connect(args.threads)
        for name, t in (("regions", regions), ("schools", schools), ("classes", classes), ("obs", obs)):
            arrow = t.to_arrow()
            con.register("tmp_in", arrow)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM tmp_in")
            con.unregister("tmp_in")
        got, runs = timed(lambda: rollup_duckdb(con), args.repeat)
        check("duckdb", got, want)
        out["times"]["duckdb"] = runs
        con.close()
        if args.files:
            got, runs = timed(lambda: rollup_duckdb_files(args.data, args.threads), max(1, args.repeat // 3))
            check("duckdb (files)", got, want)
            out["times"]["duckdb_files"] = runs
    out["medians"] = {k: statistics.median(v) for k, v in out["times"].items()}
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
