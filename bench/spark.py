"""The partial step on Spark against the single-machine evaluation, per core
(docs/benchmarks.md, "Spark in local mode").

    RAYON_NUM_THREADS=1 python bench/spark.py --data DIR [--repeat N] [--as-of DATE]

DIR holds `zhibiao generate`'s entities.csv and observations.csv. Needs the zhibiao wheel,
pyarrow and pyspark (bindings-py/requirements-spark.txt) with Java 17, as
scripts/test-py.sh installs them into .venv.

Both sides start from the same in-memory inputs, built before any clock starts: the two
files read by Spark as string columns, cached in Spark, and the same rows as Arrow tables
in the driver. On one core each (Spark `local[1]`, one partition per run; zhibiao's pool of
one thread, RAYON_NUM_THREADS=1, which the Python workers inherit):

- single machine: `zhibiao.load(entities, observations)` then `zhibiao.evaluate` on the
  Arrow tables, in this process;
- Spark: the partial step of `zhibiao.spark.evaluate_spark`, `partials_spark`
  (repartition by entity_id, `mapInArrow` loading the broadcast entities and the
  partition's rows, `zhibiao.partials`, the partials collected to the driver), then
  `finalize` on the driver, timed apart.

It prints one JSON object: medians of `--repeat` runs after one warm-up, observations per
second per core of each, the ratio (the goal: Spark's partial step within 1.5× of the
single machine), and whether the two evaluations are equal. With `--cores 2` it also runs
`local[2]` with two partitions (the same answer, the wall time on two cores).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--as-of", default="2024-12-31")
    ap.add_argument("--cores", type=int, default=1)
    a = ap.parse_args()
    if os.environ.get("RAYON_NUM_THREADS") != "1":
        print("run with RAYON_NUM_THREADS=1 (one core for each side)", file=sys.stderr)
        return 2
    os.environ["PYSPARK_PYTHON"] = sys.executable

    import pyarrow as pa
    from pyspark.sql import SparkSession

    import zhibiao
    from zhibiao import spark as zspark

    ents_path = os.path.join(a.data, "entities.csv")
    obs_path = os.path.join(a.data, "observations.csv")
    out: dict = {"data": a.data, "as_of": a.as_of, "repeat": a.repeat}

    def median_of(f):
        f()  # warm-up
        times = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            r = f()
            times.append(time.perf_counter() - t)
        return statistics.median(times), r

    for cores in sorted({1, a.cores}):
        spark = (
            SparkSession.builder.master(f"local[{cores}]")
            .appName("zhibiao-bench")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", str(cores))
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )
        try:
            read = lambda p: spark.read.option("header", True).option("inferSchema", False).csv(p)  # noqa: E731
            ents_df, obs_df = read(ents_path).cache(), read(obs_path).cache()
            n_obs, n_ents = obs_df.count(), ents_df.count()
            if cores == 1:
                # The single machine, from the same rows as Arrow tables.
                ents_t: pa.Table = ents_df.toArrow()
                obs_t: pa.Table = obs_df.toArrow()
                single, expected = median_of(lambda: zhibiao.evaluate(zhibiao.load(ents_t, obs_t), a.as_of))
                out.update(observations=n_obs, entities=n_ents, single_s=single)
            # The partial step as evaluate_spark runs it, then finalize on the driver.
            ents_table = ents_df.toArrow()
            partial_s, collected = median_of(lambda: zspark.partials_spark(ents_table, obs_df, a.as_of, partitions=cores))
            ents_loaded = zhibiao.load(ents_table)
            final_s, got = median_of(lambda: zhibiao.finalize(zspark._by_partition(collected), ents_loaded, a.as_of))
            out[f"local{cores}"] = {
                "partitions": cores,
                "partial_s": partial_s,
                "finalize_s": final_s,
                "partials_rows": collected.num_rows,
                "equal_to_single_machine": got.to_json() == expected.to_json(),
            }
        finally:
            spark.stop()
    single = out["single_s"]
    one = out["local1"]
    out["single_obs_per_s_per_core"] = out["observations"] / single
    out["spark_partial_obs_per_s_per_core"] = out["observations"] / one["partial_s"]
    out["partial_over_single"] = one["partial_s"] / single
    out["goal_partial_within_1_5x"] = one["partial_s"] / single <= 1.5
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
