"""Numerals and figures through the Python front door.

Chinese numerals are checked against an independent implementation, the PyPI package
``cn2an`` (an oracle: it writes the numbers, zhibiao reads them back): every number to
10 000, the boundaries around each power of ten up to 10^12, and a seeded random sample
spread over every magnitude, in the everyday (``low``), financial (``up``) and money
(``rmb``, ``…元整``) styles.
"""

from __future__ import annotations

import random

import cn2an
import pytest

import zhibiao

SEED = 20240611


def _numbers() -> list[int]:
    ns = set(range(0, 10_001))
    for e in range(4, 13):
        p = 10**e
        for k in range(1, 10):
            for d in (0, 1, 5, 10, 999, 1000, 1001, 9999):
                ns.update((k * p - d, k * p + d))
    rng = random.Random(SEED)
    for _ in range(5000):
        ns.add(rng.randint(0, 10 ** rng.randint(1, 12)))
    return sorted(n for n in ns if 0 <= n <= 10**12)


NUMBERS = _numbers()


def _read_back(text: str) -> list[tuple[float, str]]:
    return [(q["value"], q["unit"]) for q in zhibiao.parse_quantities(text)]


@pytest.mark.parametrize("style", ["low", "up"])
def test_chinese_numerals_read_back_as_cn2an_writes_them(style: str) -> None:
    wrong = []
    for n in NUMBERS:
        written = cn2an.an2cn(n, style)
        got = _read_back(written + "个")
        if got != [(n, "个")]:
            wrong.append((n, written, got))
    assert not wrong, f"{len(wrong)} of {len(NUMBERS)} misread, e.g. {wrong[:10]}"


def test_amounts_of_money_read_back_as_cn2an_writes_them() -> None:
    wrong = []
    for n in NUMBERS[::7]:
        written = cn2an.an2cn(n, "rmb")  # 壹仟贰佰元整
        got = _read_back(written)
        figure = zhibiao.read_figure(written)
        if got != [(n, "元")] or (figure["value"], figure["unit"]) != (n, "元"):
            wrong.append((n, written, got, figure))
    assert not wrong, f"{len(wrong)} misread, e.g. {wrong[:10]}"


def test_a_written_figure_reads_as_its_number() -> None:
    wrong = [n for n in NUMBERS[::11] if zhibiao.read_figure(cn2an.an2cn(n, "low"))["value"] != n]
    assert not wrong, wrong[:10]


def test_the_forms_of_the_issue() -> None:
    q = zhibiao.parse_quantities("两亿五千万个")
    assert [(x["value"], x["unit"]) for x in q] == [(250_000_000, "个")]
    r = zhibiao.parse_quantities("遴选3至5个示范区，增长10%，提升至95%")
    assert [(x["comparator"], x["value"], x["high"], x["relation"]) for x in r] == [
        ("at_least", 3, 5, "level"),
        ("reach", 10, None, "increase"),
        ("reach", 95, None, "level"),
    ]
    assert zhibiao.parse_quantities("不足10%")[0]["comparator"] == "less_than"
    assert zhibiao.parse_quantities("庆祝建党100周年") == []


def test_read_figure() -> None:
    assert zhibiao.read_figure("1,291") == {"value": 1291, "unit": None, "qualifier": "exact", "numerator": None, "denominator": None}
    f = zhibiao.read_figure("超过70%")
    assert (f["value"], f["unit"], f["qualifier"]) == (70, "%", "more_than")
    assert zhibiao.read_figure("近12万间")["qualifier"] == "about"
    assert zhibiao.read_figure("９７．６ ％")["value"] == 97.6
    f = zhibiao.read_figure("118/120")
    assert (f["numerator"], f["denominator"]) == (118, 120)


def test_errors_are_coded_value_errors() -> None:
    with pytest.raises(zhibiao.QuantityError) as e:
        zhibiao.parse_quantities("9" * 400 + "个")
    assert e.value.code == "quantity.out_of_range"
    assert isinstance(e.value, ValueError)
    with pytest.raises(zhibiao.QuantityError) as e:
        zhibiao.read_figure("50%-70%")
    assert e.value.code == "quantity.bad_figure"
    assert "range" in e.value.details["reason"]
    with pytest.raises(zhibiao.QuantityError) as e:
        zhibiao.read_figure("很多")
    assert e.value.code == "quantity.not_found"
    assert e.value.value == "很多"
