"""Evaluate on Spark: the partials of each partition with ``mapInArrow``, finalized on the
driver (METHODOLOGY §17).

>>> from zhibiao.spark import evaluate_spark
>>> ev = evaluate_spark(entities_df, observations_df, "2024-12-31")  # doctest: +SKIP

The observations are repartitioned by ``entity_id``, so every row of one entity is in one
partition (what merging partials needs); every task loads all entities (broadcast as Arrow
IPC). Each partition's partials are small (per unit-level target, region and year a few
counts; the region entities' own rows), so only they travel back to the driver. Needs
PySpark 4 (``DataFrame.toArrow``, ``mapInArrow``), pyarrow and the built-in catalog; zhibiao
must be installed on the executors (bindings-py/README.md, "Running on a Spark cluster").
"""

from __future__ import annotations

import datetime
from typing import Any, Iterator, Optional, Sequence, Union

from ._zhibiao import Evaluation, finalize, load

#: The Spark schema of the partials table (:func:`zhibiao.partials`), plus the partition.
PARTIALS_SCHEMA = (
    "part string, key string, region string, entity string, year int, date date, value double, "
    "passing bigint, reporting bigint, yearly bigint, rows bigint, min_year int, max_year int, "
    "twice boolean, source string, qualifier string, fraction_numerator double, "
    "fraction_denominator double, basis string, partition int"
)


def evaluate_spark(
    entities: Any,
    observations: Any,
    as_of: Union[datetime.date, str],
    *,
    document: Optional[str] = None,
    targets: Union[str, Sequence[str], None] = None,
    partitions: Optional[int] = None,
    **options: Any,
) -> Evaluation:
    """Evaluates Spark DataFrames of entities and observations (the documented columns):
    the evaluation :func:`zhibiao.evaluate` gives on the same data. ``partitions`` is the
    number of partitions the observations are spread over (default: Spark's default
    parallelism); ``options`` are :func:`zhibiao.evaluate`'s other keyword arguments
    (``region``, ``depth``, ``on_track`` …), applied on the driver."""
    entity_table = entities.toArrow()
    collected = partials_spark(entity_table, observations, as_of, document=document, targets=targets, partitions=partitions)
    return finalize(_by_partition(collected), load(entity_table), as_of, document=document, targets=targets, **options)


def partials_spark(
    entity_table: Any,
    observations: Any,
    as_of: Union[datetime.date, str],
    *,
    document: Optional[str] = None,
    targets: Union[str, Sequence[str], None] = None,
    partitions: Optional[int] = None,
) -> Any:
    """The partial step of :func:`evaluate_spark`: the observations repartitioned by
    ``entity_id``, each partition's partials computed with ``mapInArrow`` (every task
    loads ``entity_table``, a pyarrow Table of all entities, broadcast as Arrow IPC), and
    collected to the driver as one pyarrow Table with a ``partition`` column."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    spark = observations.sparkSession
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, entity_table.schema) as w:
        w.write_table(entity_table)
    shipped = spark.sparkContext.broadcast(sink.getvalue().to_pybytes())
    as_of_text = str(as_of)

    def partial_of_partition(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
        from pyspark import TaskContext  # type: ignore[import-untyped,unused-ignore]

        import zhibiao

        ents = pa.ipc.open_stream(shipped.value).read_all()
        rows = list(batches)
        obs = pa.Table.from_batches(rows) if rows else None
        data = zhibiao.load(ents, obs)
        t = pa.table(zhibiao.partials(data, as_of_text, document=document, targets=targets))
        ctx = TaskContext.get()
        pid = ctx.partitionId() if ctx is not None else 0
        t = t.append_column("partition", pa.array([pid] * t.num_rows, pa.int32()))
        yield from t.to_batches()

    n = partitions or spark.sparkContext.defaultParallelism
    return observations.repartition(n, "entity_id").mapInArrow(partial_of_partition, PARTIALS_SCHEMA).toArrow()


def _by_partition(t: Any) -> list[Any]:
    """The collected rows as one table per partition (each a partial)."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    ids = sorted(set(t.column("partition").to_pylist()))
    return [t.filter(pc.equal(t.column("partition"), i)) for i in ids]
