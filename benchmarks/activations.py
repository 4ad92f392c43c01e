"""Time nnbook.activations against a reference on 10⁶ float64 values (chapter 2).

Run: ``.venv/bin/python benchmarks/activations.py``. For every function it prints the median
time of nnbook's version, the median time of a reference (the two timed alternately), and
their ratio (nnbook / reference). The references are ``scipy.special.expit`` for the sigmoid (and softplus′,
which is the sigmoid), ``scipy.special.logit`` for the logit, and otherwise the naive NumPy
formula from a textbook (for example ``np.log(1 + np.exp(x))`` for softplus). The goal is a
sigmoid within 1.5× of ``expit``; the other ratios show what the stable, accurate forms
cost over formulas that overflow or lose digits. Takes about ten seconds.

The input is ``rng.normal(0, 4, 10**6)`` with ``rng = np.random.default_rng(0)``, typical
pre-activations, on which none of the naive formulas overflows (so the comparison is of
speed, not of correctness; the tests cover correctness).
"""

from __future__ import annotations

import math
import platform
import statistics
import timeit
from collections.abc import Callable

import numpy as np
import scipy
import scipy.special as sp

from nnbook import activations as A

GOAL = 1.5
REPEAT = 31
N = 10**6
C = math.sqrt(2 / math.pi)


def median_ms(ours: Callable, ref: Callable, x: np.ndarray) -> tuple[float, float]:
    """Median times of ``ours(x)`` and ``ref(x)`` in ms, timed alternately so that a change
    in the machine's load during the run affects both alike."""
    ours(x), ref(x)  # warm up
    t_ours, t_ref = [], []
    for _ in range(REPEAT):
        t_ours.append(timeit.timeit(lambda: ours(x), number=1))
        t_ref.append(timeit.timeit(lambda: ref(x), number=1))
    return 1e3 * statistics.median(t_ours), 1e3 * statistics.median(t_ref)


def _gelu_naive(x):
    return 0.5 * x * (1 + np.tanh(C * (x + 0.044715 * x**3)))


def _gelu_grad_naive(x):
    t = np.tanh(C * (x + 0.044715 * x**3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * C * (1 + 3 * 0.044715 * x**2)


def _silu_grad_naive(x):
    s = 1 / (1 + np.exp(-x))
    return s * (1 + x * (1 - s))


# (nnbook function, reference name, reference, input: "x" or "p" = sigmoid(x))
CASES: list[tuple[Callable, str, Callable, str]] = [
    (A.sigmoid, "scipy.special.expit", sp.expit, "x"),
    (A.tanh, "np.tanh", np.tanh, "x"),
    (A.relu, "np.maximum(x, 0)", lambda x: np.maximum(x, 0), "x"),
    (A.leaky_relu, "where(x > 0, x, 0.01x)", lambda x: np.where(x > 0, x, 0.01 * x), "x"),
    (A.elu, "where(x > 0, x, exp(x) - 1)", lambda x: np.where(x > 0, x, np.exp(x) - 1), "x"),
    (A.softplus, "log(1 + exp(x))", lambda x: np.log(1 + np.exp(x)), "x"),
    (A.silu, "x / (1 + exp(-x))", lambda x: x / (1 + np.exp(-x)), "x"),
    (A.gelu, "0.5x(1 + tanh(u))", _gelu_naive, "x"),
    (A.step, "(x > 0).astype(float)", lambda x: (x > 0).astype(np.float64), "x"),
    (A.logit, "scipy.special.logit", sp.logit, "p"),
    (A.sigmoid_grad, "s(1 - s), s = expit(x)", lambda x: (s := sp.expit(x)) * (1 - s), "x"),
    (A.tanh_grad, "1 - tanh(x)**2", lambda x: 1 - np.tanh(x) ** 2, "x"),
    (A.relu_grad, "(x > 0).astype(float)", lambda x: (x > 0).astype(np.float64), "x"),
    (A.leaky_relu_grad, "where(x > 0, 1, 0.01)", lambda x: np.where(x > 0, 1.0, 0.01), "x"),
    (A.elu_grad, "where(x > 0, 1, exp(x))", lambda x: np.where(x > 0, 1.0, np.exp(x)), "x"),
    (A.softplus_grad, "scipy.special.expit", sp.expit, "x"),
    (A.silu_grad, "s(1 + x(1 - s))", _silu_grad_naive, "x"),
    (A.gelu_grad, "naive tanh-form derivative", _gelu_grad_naive, "x"),
    (A.logit_grad, "1 / (p(1 - p))", lambda p: 1 / (p * (1 - p)), "p"),
]


def main() -> None:
    x = np.random.default_rng(0).normal(0.0, 4.0, N)
    inputs = {"x": x, "p": sp.expit(x)}
    print(
        f"10^6 float64 values ~ N(0, 4²), median of {REPEAT}; numpy {np.__version__}, "
        f"scipy {scipy.__version__}, {platform.machine()}"
    )
    print(f"{'function':<16} {'nnbook ms':>9}  {'reference':<28} {'ref ms':>7} {'ratio':>6}")
    sigmoid_ratio = math.nan
    for fn, ref_name, ref, arg in CASES:
        data = inputs[arg]
        np.testing.assert_allclose(fn(data), ref(data), rtol=1e-9, atol=1e-12)
        t_ours, t_ref = median_ms(fn, ref, data)
        ratio = t_ours / t_ref
        if fn is A.sigmoid:
            sigmoid_ratio = ratio
        print(f"{fn.__name__:<16} {t_ours:>9.2f}  {ref_name:<28} {t_ref:>7.2f} {ratio:>6.2f}")
    verdict = "meets" if sigmoid_ratio <= GOAL else "MISSES"
    print(f"sigmoid / scipy.special.expit = {sigmoid_ratio:.2f}: {verdict} the goal of <= {GOAL}x")


if __name__ == "__main__":
    main()
