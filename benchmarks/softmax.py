"""Time nnbook.softmax against scipy.special on a (1000, 1000) float64 batch (chapter 5).

Run: ``.venv/bin/python benchmarks/softmax.py``. Prints the best-of-N time of each function
along the last axis (one softmax per row) and along axis 0, and the ratio
nnbook / scipy.special. The goal is a ratio of at most 1.5: the stable, masked, accurate
versions should cost no more than the reference. Takes a few seconds.

nnbook does some work scipy does not (non-finite rows handled as PyTorch does, no warnings,
``log1p`` for the winning class); scipy.special.logsumexp does more (weights ``b``, complex
input, the array API), which is why it is the slowest of the three.
"""

from __future__ import annotations

import platform
import timeit

import numpy as np
import scipy
import scipy.special as sp

from nnbook.softmax import log_softmax, logsumexp, softmax

GOAL = 1.5
REPEAT = 25


def best_ms(fn, *args, **kwargs) -> float:
    fn(*args, **kwargs)  # warm up
    times = timeit.repeat(lambda: fn(*args, **kwargs), number=1, repeat=REPEAT)
    return 1e3 * min(times)


def main() -> None:
    z = np.random.default_rng(0).standard_normal((1000, 1000)) * 10
    pairs = [
        ("softmax", softmax, sp.softmax),
        ("log_softmax", log_softmax, sp.log_softmax),
        ("logsumexp", logsumexp, sp.logsumexp),
    ]
    print(
        f"(1000, 1000) float64, best of {REPEAT}; numpy {np.__version__}, "
        f"scipy {scipy.__version__}, {platform.machine()}"
    )
    print(f"{'function':<12} {'axis':>4} {'nnbook ms':>10} {'scipy ms':>9} {'ratio':>6}")
    worst = 0.0
    for name, ours, theirs in pairs:
        for axis in (-1, 0):
            np.testing.assert_allclose(ours(z, axis=axis), theirs(z, axis=axis), atol=1e-12)
            t_ours = best_ms(ours, z, axis=axis)
            t_theirs = best_ms(theirs, z, axis=axis)
            ratio = t_ours / t_theirs
            worst = max(worst, ratio)
            print(f"{name:<12} {axis:>4} {t_ours:>10.2f} {t_theirs:>9.2f} {ratio:>6.2f}")
    verdict = "meets" if worst <= GOAL else "MISSES"
    print(f"worst ratio {worst:.2f}: {verdict} the goal of <= {GOAL}x scipy.special")


if __name__ == "__main__":
    main()
