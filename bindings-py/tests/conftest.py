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


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ZHIBIAO_NO_SKIP=1 (scripts/test-py.sh sets it) a skipped test fails the run:
    in CI every optional package is installed, so a skip means something is missing."""
    if os.environ.get("ZHIBIAO_NO_SKIP") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and exitstatus == 0:
        reporter.write_line(f"{len(skipped)} test(s) skipped with ZHIBIAO_NO_SKIP=1: that is a failure", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
