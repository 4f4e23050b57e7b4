"""Shared paths and fixtures of the Python tests (run by scripts/test-py.sh)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
VECTORS = REPO / "spec" / "vectors"


@pytest.fixture(scope="session")
def sample_data():  # type: ignore[no-untyped-def]
    import zhibiao

    return zhibiao.sample()


@pytest.fixture(scope="session")
def sample_eval(sample_data):  # type: ignore[no-untyped-def]
    import zhibiao

    return zhibiao.evaluate(sample_data, "2024-12-31")
