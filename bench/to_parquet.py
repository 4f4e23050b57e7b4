"""Converts the generated CSV files to Parquet, once (bench/run.sh; docs/benchmarks.md).

    to_parquet.py DATA_DIR

For entities.csv and observations.csv in DATA_DIR, writes entities.parquet and
observations.parquet beside them when missing or older than the CSV. The column types are
the ones the CSV implies: every id and text column a string (ids such as region codes are
digits but stay strings, as zhibiao reads them); the observations' period a string too
(the column holds years, 2023, and dates, 2019-09-30, of region-level figures; the
roll-up's rows hold years, which every engine casts to an integer after selecting them,
as from the CSV), value a float (Float64; the conversion fails on a value that is not a
number); blank cells are nulls. Written by
polars (streaming, `sink_parquet`), zstd-compressed (level 3, polars' default), polars'
default row groups, with statistics. Prints one JSON object: the files, their sizes and
whether each was (re)written.
"""

from __future__ import annotations

import json
import os
import sys
import time

ENTITY_COLUMNS = ["entity_id", "kind", "name", "region_code", "parent_id", "stage", "area_class", "role"]
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3


def schemas(pl):
    """The column types the CSV implies (the same for the peers' CSV readers)."""
    entities = {c: pl.String for c in ENTITY_COLUMNS}
    observations = {"entity_id": pl.String, "indicator": pl.String, "period": pl.String, "value": pl.Float64, "source": pl.String}
    return entities, observations


def convert(pl, csv_path, pq_path, schema):
    if os.path.exists(pq_path) and os.path.getmtime(pq_path) >= os.path.getmtime(csv_path):
        return False
    tmp = pq_path + ".tmp"
    # The header must be exactly the documented columns, in order: a file written by
    # another generator would otherwise be read under the wrong names.
    with open(csv_path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
    if header != list(schema):
        raise SystemExit(f"{csv_path}: header {header}, expected {list(schema)}")
    (
        pl.scan_csv(csv_path, schema=schema, has_header=True)
        .sink_parquet(tmp, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL, statistics=True)
    )
    os.replace(tmp, pq_path)
    return True


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: to_parquet.py DATA_DIR")
    import polars as pl

    data = sys.argv[1]
    ent_schema, obs_schema = schemas(pl)
    out = {"compression": f"{COMPRESSION} (level {COMPRESSION_LEVEL})", "writer": f"polars {pl.__version__} sink_parquet", "files": {}}
    t = time.perf_counter()
    for name, schema in (("entities", ent_schema), ("observations", obs_schema)):
        csv_path = os.path.join(data, f"{name}.csv")
        pq_path = os.path.join(data, f"{name}.parquet")
        written = convert(pl, csv_path, pq_path, schema)
        out["files"][name] = {"csv_bytes": os.path.getsize(csv_path), "parquet_bytes": os.path.getsize(pq_path), "written": written}
    out["seconds"] = time.perf_counter() - t
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
