"""The Python front door and the Rust command give the same numbers: the built-in sample
and the CSV fixtures evaluated both ways, compared exactly (the stable JSON form).

scripts/test-py.sh builds the command and sets ZHIBIAO_CLI; without it the test is skipped
(and the skip is listed in pytest's summary)."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import pytest

import zhibiao

from conftest import FIXTURES

CLI = os.environ.get("ZHIBIAO_CLI")
pytestmark = pytest.mark.skipif(not CLI, reason="ZHIBIAO_CLI (path of the zhibiao command) is not set")


def cli(*args: str) -> Any:
    out = subprocess.run([str(CLI), *args, "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_demo_matches_the_command() -> None:
    got = cli("demo", "--as-of", "2024-12-31")
    ev = zhibiao.evaluate(zhibiao.sample(), "2024-12-31")
    assert got["evaluation"] == json.loads(ev.to_json())
    assert got["load"] == ev.load_report.to_dict()


def test_csv_fixtures_match_the_command() -> None:
    e, o = FIXTURES / "entities-gbk.csv", FIXTURES / "observations-gbk.csv"
    got = cli("evaluate", "--entities", str(e), "--observations", str(o), "--as-of", "2022-12-31", "--region", "110000")
    ev = zhibiao.evaluate(zhibiao.load(e, o, strict=True), "2022-12-31", region="110000")
    assert got["evaluation"] == json.loads(ev.to_json())
