"""Every Python block of bindings-py/README.md runs as written and prints exactly what the
``text`` block after it shows (a block with no such block must print nothing). Blocks
run in order in one namespace, as in a notebook: later ones may use earlier names."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\S*)[^\n]*\n(.*?)^```[ \t]*$", flags=re.M | re.S)


def examples(markdown: str) -> list[tuple[str, str | None]]:
    """(code, expected output or None) for each ``python`` block."""
    fences = []
    last = 0
    for m in FENCE.finditer(markdown):
        fences.append((m.group(1), m.group(2), markdown[last : m.start()]))
        last = m.end()
    out = []
    for i, (lang, code, _) in enumerate(fences):
        if lang != "python":
            continue
        nxt = fences[i + 1] if i + 1 < len(fences) else None
        shown = nxt is not None and nxt[0] == "text" and re.fullmatch(r"\s*(?:[^\n]*prints:)?\s*", nxt[2], flags=re.I)
        out.append((code, nxt[1] if shown and nxt is not None else None))
    return out


BLOCKS = examples(README.read_text(encoding="utf-8"))


def test_readme_has_python_examples_with_their_output() -> None:
    assert len(BLOCKS) >= 4
    assert sum(output is not None for _, output in BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_block_prints_what_the_readme_shows(index: int) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    namespace: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for code, _ in BLOCKS[:index]:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(code, "README.md", "exec"), namespace)
        code, expected = BLOCKS[index]
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"README.md[python block {index + 1}]", "exec"), namespace)
    plt.close("all")
    if expected is None:
        assert printed.getvalue() == "", "the block prints, but the README shows no output: add a ```text block after it"
    else:
        assert printed.getvalue().rstrip() == expected.rstrip()


def test_module_docstring_example() -> None:
    import doctest

    import zhibiao

    failures, tried = doctest.testmod(zhibiao, verbose=False)
    assert tried > 0 and failures == 0
