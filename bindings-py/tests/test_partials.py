"""Partial results that merge: the sample's observations split by entity into k parts, the
partials of each part (Arrow tables) finalized together, equal zhibiao.evaluate on the whole
(METHODOLOGY §17)."""

from __future__ import annotations

import zlib

import pyarrow as pa
import pytest

import zhibiao


def _parts(observations: pa.Table, k: int) -> list[pa.Table]:
    ids = observations.column("entity_id").to_pylist()
    part = [zlib.crc32(i.encode()) % k for i in ids]
    return [observations.filter(pa.array([p == j for p in part])) for j in range(k)]


@pytest.mark.parametrize("k", [1, 2, 7])
def test_partitions_by_entity_give_evaluate(k: int) -> None:
    entities, observations = (pa.table(t) for t in zhibiao.sample_tables())
    whole = zhibiao.evaluate(zhibiao.load(entities, observations), "2024-12-31")
    only_entities = zhibiao.load(entities)
    tables = [zhibiao.partials(zhibiao.load(entities, part), "2024-12-31") for part in _parts(observations, k)]
    # Through pyarrow and back, as a cluster would ship them.
    tables = [pa.table(t) for t in tables]
    got = zhibiao.finalize(tables, only_entities, "2024-12-31")
    assert got.to_json() == whole.to_json()


def test_partials_table_columns() -> None:
    t = pa.table(zhibiao.partials(zhibiao.sample(), "2024-12-31"))
    assert t.column_names[:3] == ["part", "key", "region"]
    parts = set(t.column("part").to_pylist())
    assert {"meta", "target", "series", "units", "row"} <= parts
    assert t.schema.field("passing").type == pa.int64()


def test_mismatched_partials_are_refused() -> None:
    data = zhibiao.sample()
    p = zhibiao.partials(data, "2024-12-31")
    with pytest.raises(zhibiao.EvaluationError) as e:
        zhibiao.finalize(p, data, "2025-12-31")
    assert e.value.code == "eval.bad_partials"
