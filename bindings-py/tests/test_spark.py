"""zhibiao.spark in local mode: the generated data of scale S (Beijing, 4,000 schools)
evaluated through Spark's mapInArrow equals zhibiao.evaluate on the same files. Needs
pyspark (bindings-py/requirements-spark.txt) and Java 17; scripts/test-py.sh provides both
and sets ZHIBIAO_CLI (the command that generates the data)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import zhibiao

CLI = os.environ.get("ZHIBIAO_CLI")
pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.skipif(not CLI, reason="ZHIBIAO_CLI (path of the zhibiao command) is not set")


def test_spark_local_equals_evaluate(tmp_path: Path) -> None:
    from pyspark.sql import SparkSession

    from zhibiao.spark import evaluate_spark

    assert CLI is not None
    subprocess.run([CLI, "generate", "--scale", "S", "--out", str(tmp_path)], check=True, capture_output=True)
    ents, obs = tmp_path / "entities.csv", tmp_path / "observations.csv"
    expected = zhibiao.evaluate(zhibiao.load(str(ents), str(obs)), "2024-12-31")

    # The workers run this interpreter (with zhibiao and pyarrow), not the first python3 found.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("zhibiao-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    try:
        read = lambda p: spark.read.option("header", True).option("inferSchema", False).csv(str(p))  # noqa: E731
        got = evaluate_spark(read(ents), read(obs), "2024-12-31", partitions=3)
    finally:
        spark.stop()
    assert len(got) == len(expected)
    assert got.to_json() == expected.to_json()
