"""Throughput of `measures.score("odi", ...)` in-process on one core (a script, not a test).

    .venv/bin/python bench/measures_bench.py [n]

Prints scorings per second. Target: >= 50 000/s.
"""

from __future__ import annotations

import random
import sys
import time

from measures import score


def main(n: int = 200_000) -> float:
    rng = random.Random(2026)
    # 1 000 distinct, valid ODI forms (every tenth with one section blank, as Fairbank allows).
    forms: list[dict[str, object]] = []
    for k in range(1000):
        form: dict[str, object] = {f"q{i}": rng.randint(0, 5) for i in range(1, 11)}
        if k % 10 == 0:
            del form[f"q{rng.randint(1, 10)}"]
        forms.append(form)
    for form in forms:  # warm-up
        score("odi", form)
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for i in range(n):
            score("odi", forms[i % 1000])
        elapsed = time.perf_counter() - start
        best = max(best, n / elapsed)
    print(f"ODI: {best:,.0f} scorings/s (best of 3 x {n:,}, one core, in-process)")
    return best


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
