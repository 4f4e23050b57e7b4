"""Long work runs without the GIL: another Python thread makes progress *during* evaluate.

A thread ticks (holding the GIL only for the tick) while the main thread calls; only
ticks in the middle half of each call count, away from its edges, where the GIL changes
hands anyway as a call starts and returns. A call that holds the GIL leaves that middle empty, which the second test shows
with a stand-in of the same length that holds it (so the first test can fail).
"""

from __future__ import annotations

import bisect
import random
import statistics
import threading
import time
from typing import Callable

import zhibiao

CALLS = 20


def ticks_in_the_middle(call: Callable[[], object]) -> list[int]:
    """For each of CALLS runs of ``call``, how many times another thread ticked within
    the middle half of the run."""
    ticks: list[float] = []
    stop = threading.Event()

    def ticker() -> None:
        # Holds the GIL only to take a tick, then sleeps without it, so that it never keeps
        # the main thread waiting for a whole switch interval (5 ms) at a call's edges.
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0001)

    windows: list[tuple[float, float]] = []
    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        while not ticks:  # the other thread is up and ticking
            time.sleep(0.001)
        call()  # once untimed: first calls pay for warming up
        for _ in range(CALLS):
            start = time.perf_counter()
            call()
            end = time.perf_counter()
            quarter = (end - start) / 4
            windows.append((start + quarter, end - quarter))
    finally:
        stop.set()
        thread.join()
    return [bisect.bisect_left(ticks, b) - bisect.bisect_right(ticks, a) for a, b in windows]


def runs_with_progress(counts: list[int]) -> int:
    return sum(n > 0 for n in counts)


def evaluate_once(data: zhibiao.Dataset) -> Callable[[], object]:
    return lambda: zhibiao.evaluate(data, "2024-12-31")


# On a machine this busy (2 cores shared by many builds) a thread may wait for a core
# for milliseconds, so the tests judge the share of runs, not every run: while Rust
# works, the other thread ticks in (nearly) every run; a GIL-holding call leaves (nearly)
# every run without a tick.


def test_another_thread_runs_during_evaluate(sample_data: zhibiao.Dataset) -> None:
    counts = ticks_in_the_middle(evaluate_once(sample_data))
    assert runs_with_progress(counts) >= CALLS // 2, counts


def holding_the_gil_for(seconds: float) -> Callable[[], object]:
    """A call that holds the GIL for about ``seconds``: sorting floats runs in C and never
    lets another thread in (unlike, say, ``sum(range(n))``, which does, as measured)."""
    rng = random.Random(2021)
    n = 10_000
    while True:
        data = [rng.random() for _ in range(n)]
        start = time.perf_counter()
        sorted(data)
        if time.perf_counter() - start >= seconds:
            return lambda: sorted(data)
        n *= 2


def test_the_measure_sees_a_call_that_holds_the_gil(sample_data: zhibiao.Dataset) -> None:
    durations = []
    for _ in range(5):
        start = time.perf_counter()
        evaluate_once(sample_data)()
        durations.append(time.perf_counter() - start)
    stand_in = holding_the_gil_for(statistics.median(durations))
    counts = ticks_in_the_middle(stand_in)
    assert runs_with_progress(counts) <= CALLS // 4, counts
