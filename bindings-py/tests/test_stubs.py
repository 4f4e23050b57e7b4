"""The type stubs match the compiled module (mypy stubtest), and the package type-checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import zhibiao

PACKAGE = Path(zhibiao.__file__).parent


def test_package_ships_stubs_and_marker() -> None:
    assert (PACKAGE / "_zhibiao.pyi").is_file()
    assert (PACKAGE / "py.typed").is_file()


def test_stubtest() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "zhibiao", "--concise"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_on_the_package_and_an_example(tmp_path: Path) -> None:
    example = tmp_path / "typed_use.py"
    example.write_text(
        "import zhibiao\n"
        "ev = zhibiao.evaluate(zhibiao.sample(), '2024-12-31', region='110000')\n"
        "r: zhibiao.TargetResult = ev.result('bj-plan-2021/t1/gigabit-to-school')\n"
        "v: float | None = r.value\n"
        "s: str = r.status\n",
        encoding="utf-8",
    )
    for target in (["-p", "zhibiao"], [str(example)]):
        out = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", *target],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert out.returncode == 0, out.stdout + out.stderr
