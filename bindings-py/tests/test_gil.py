"""Long work runs without the GIL: another Python thread makes progress *during* evaluate.

A thread counts while the main thread calls; only counts in the middle half of each call
are taken, away from its edges, where the GIL changes hands anyway as a call starts and
returns. A call that holds the GIL leaves that middle empty, which the second test shows
with a stand-in of the same length that holds it (so the first test can fail).
"""

from __future__ import annotations

import bisect
import statistics
import threading
import time
from typing import Callable

import zhibiao

CALLS = 20


def ticks_in_the_middle(call: Callable[[], object]) -> int:
    """How many times another thread ticked within the middle half of ``call``'s runs."""
    ticks: list[float] = []
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            for _ in range(20):  # a little Python work between ticks keeps the list small
                pass

    windows: list[tuple[float, float]] = []
    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        for _ in range(CALLS):
            start = time.perf_counter()
            call()
            end = time.perf_counter()
            quarter = (end - start) / 4
            windows.append((start + quarter, end - quarter))
    finally:
        stop.set()
        thread.join()
    return sum(bisect.bisect_left(ticks, b) - bisect.bisect_right(ticks, a) for a, b in windows)


def evaluate_once(data: zhibiao.Dataset) -> Callable[[], object]:
    return lambda: zhibiao.evaluate(data, "2024-12-31")


def test_another_thread_runs_during_evaluate(sample_data: zhibiao.Dataset) -> None:
    assert ticks_in_the_middle(evaluate_once(sample_data)) > 0


def holding_the_gil_for(seconds: float) -> Callable[[], object]:
    """A call that holds the GIL for about ``seconds``: ``sum(range(n))`` runs in C and
    never lets another thread in."""
    n = 100_000
    while True:
        start = time.perf_counter()
        sum(range(n))
        if time.perf_counter() - start >= seconds:
            return lambda: sum(range(n))
        n *= 2


def test_the_measure_sees_a_call_that_holds_the_gil(sample_data: zhibiao.Dataset) -> None:
    durations = []
    for _ in range(5):
        start = time.perf_counter()
        evaluate_once(sample_data)()
        durations.append(time.perf_counter() - start)
    stand_in = holding_the_gil_for(statistics.median(durations))
    assert ticks_in_the_middle(stand_in) == 0
