"""Long work runs without the GIL: another Python thread keeps running during evaluate."""

from __future__ import annotations

import bisect
import threading
import time

import zhibiao


def test_evaluate_releases_the_gil(sample_data: zhibiao.Dataset) -> None:
    ticks: list[float] = []
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())

    inside = 0
    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        for _ in range(10):
            start = time.perf_counter()
            zhibiao.evaluate(sample_data, "2024-12-31")
            end = time.perf_counter()
            # Ticks recorded strictly inside the call: the other thread ran while Rust worked.
            snapshot = list(ticks)
            inside += bisect.bisect_left(snapshot, end) - bisect.bisect_right(snapshot, start)
    finally:
        stop.set()
        thread.join()
    assert inside > 0
