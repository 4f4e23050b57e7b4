"""Every Python block of bindings-py/README.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_block_runs(index: int) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    import warnings

    import matplotlib.pyplot as plt

    namespace: dict[str, object] = {}
    # Later blocks may use names of earlier ones (the plot block uses `ev`).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for block in BLOCKS[: index + 1]:
            exec(compile(block, f"README.md[python block {index}]", "exec"), namespace)
    plt.close("all")


def test_module_docstring_example() -> None:
    import doctest

    import zhibiao

    failures, tried = doctest.testmod(zhibiao, verbose=False)
    assert tried > 0 and failures == 0
