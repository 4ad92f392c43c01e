"""Chapter 4 checkers: He initialisation, and the best-case gradient factor of a chain of
sigmoid layers.

:func:`check_he_init` draws large weight matrices from the candidate, with generators made
from fresh random seeds, and compares their sample variance with 2/n_in, with a tolerance
derived from the sample size. When the variance is wrong it names the formula the
candidate actually used (LeCun's 1/n_in, Glorot's 2/(n_in + n_out), 2/n_out, 2/n_in used
as the standard deviation, N(0, 1)). It also checks the shape (row-vector convention), the
mean, normality (a uniform distribution has the right variance only by design), and that
the ``rng`` argument is the only source of randomness. nnbook's own initialisers are
unavailable during the call.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import Report, fmt, run_checker
from ._engine import Case, Mistake, Spec, check

__all__ = ["check_he_init", "check_sigmoid_chain_factor"]

# Shapes with enough entries for a precise variance, non-square both ways so that n_in
# and n_out cannot be confused unnoticed.
_STAT_SHAPES = [(400, 100), (100, 400), (784, 256)]
_SMALL_SHAPES = [(1, 1), (3, 5), (2, 64)]
_Z = 5.0  # tolerance in standard errors: a correct answer fails with probability < 1e-6
HE_FORBID = ("nnbook.nn",)
HE_HINT = (
    "draw with the generator you are given: rng.normal(0.0, np.sqrt(2/n_in), size=(n_in, n_out))."
)


def _variance_suspects(n_in: int, n_out: int) -> list[tuple[float, str]]:
    """Variances produced by the usual mistakes, each with its hint."""
    he = 2.0 / n_in
    return [
        (
            1.0 / n_in,
            "this is LeCun's variance 1/n_in. He initialisation doubles it, 2/n_in, "
            "because ReLU zeroes half of its inputs and so halves the second moment.",
        ),
        (
            2.0 / (n_in + n_out),
            "this is Glorot/Xavier's variance 2/(n_in + n_out). He initialisation uses the "
            "fan-in only: 2/n_in.",
        ),
        (
            2.0 / n_out,
            "the variance is 2/n_out: use the number of inputs, n_in (the fan-in), the "
            "first dimension of W.",
        ),
        (
            he**2,
            "2/n_in was used as the standard deviation. It is the variance: the standard "
            "deviation is np.sqrt(2/n_in), and rng.normal(0.0, scale, size) takes the "
            "standard deviation as `scale`.",
        ),
        (
            math.sqrt(he),
            "the standard deviation came out as (2/n_in)^(1/4): a square root taken twice. "
            "The variance is 2/n_in, the standard deviation np.sqrt(2/n_in).",
        ),
        (
            1.0,
            "these are N(0, 1) weights, variance 1 whatever the layer size: scale them by "
            "the standard deviation np.sqrt(2/n_in).",
        ),
    ]


def _as_weights(value: Any, shape: tuple[int, int]) -> tuple[np.ndarray | None, str | None]:
    """``value`` as a float array of ``shape``, or None with the reason and its hint."""
    if value is None:
        return None, "return the weight matrix W (did you forget `return`?)."
    if not isinstance(value, np.ndarray):
        return None, "return a NumPy array (rng.normal(...) returns one), not a list or a number."
    if value.dtype.kind != "f":
        return None, (
            f"W has dtype {value.dtype}: weights are floating-point numbers, as "
            "rng.normal returns them."
        )
    if value.shape != shape:
        if value.shape == shape[::-1]:
            return None, (
                "W is transposed. In the row-vector convention Z = X @ W with X of shape "
                "(n, n_in), W has shape (n_in, n_out)."
            )
        return None, "W must have shape (n_in, n_out): pass size=(n_in, n_out)."
    if not np.all(np.isfinite(value)):
        return None, "W contains nan or inf."
    return value, None


def _weights(report: Report, he_init: Any, head: str, n_in: int, n_out: int, seed: int,
             keyword: bool = False) -> np.ndarray | None:  # fmt: skip
    rng = np.random.default_rng(seed)
    out = (
        report.call(he_init, n_in=n_in, n_out=n_out, rng=rng)
        if keyword
        else report.call(he_init, n_in, n_out, rng)
    )
    if report.problem(head, out, HE_HINT):
        return None
    W, hint = _as_weights(out.value, (n_in, n_out))
    if W is None:
        report.fail(f"{head} returned {_describe(out.value)}.", hint or "")
        return None
    if out.warnings:
        report.fail(f"{head} emitted {out.warnings[0]}.", HE_HINT)
        return None
    return np.array(W, dtype=np.float64)


def check_he_init(he_init: Any, *, time_limit: float | None = None) -> bool:
    """Check ``he_init(n_in, n_out, rng) -> W``: W of shape ``(n_in, n_out)`` with entries
    drawn from N(0, 2/n_in) using the generator ``rng`` (chapter 4). Never raises.
    """
    fresh = np.random.default_rng()

    def seed() -> int:
        return int(fresh.integers(0, 2**31))

    def run(report: Report) -> None:
        # 1. shapes and types on small layers
        for n_in, n_out in _SMALL_SHAPES:
            report.case()
            _weights(report, he_init, f"he_init({n_in}, {n_out}, rng)", n_in, n_out, seed())
        # 2. the variance, the mean and the distribution on large layers
        for n_in, n_out in _STAT_SHAPES:
            report.case()
            head = f"he_init({n_in}, {n_out}, rng)"
            W = _weights(report, he_init, head, n_in, n_out, seed())
            if W is not None:
                _check_moments(report, head, W, n_in, n_out)
        report.case(counted=False)
        head = "he_init(n_in=50, n_out=30, rng=rng), by keyword"
        W = _weights(report, he_init, head, 50, 30, seed(), keyword=True)
        # 3. randomness comes from rng, and only from rng
        report.case()
        s, t = seed(), seed()
        arrays = [
            _weights(report, he_init, f"he_init(300, 200, np.random.default_rng({k}))", 300, 200, k)
            for k in (s, s, t)
        ]
        if any(a is None for a in arrays):
            return
        if not np.array_equal(arrays[0], arrays[1]):
            report.fail(
                f"two calls with generators made from the same seed, "
                f"np.random.default_rng({s}), returned different weights.",
                "draw with the rng argument (rng.normal(...) or rng.standard_normal(...)), "
                "not with np.random.randn, np.random.normal or a fresh unseeded generator: "
                "their state is not the one you were given, so results cannot be "
                "reproduced.",
            )
        elif np.array_equal(arrays[0], arrays[2]):
            report.fail(
                f"generators with different seeds ({s} and {t}) gave identical weights.",
                "the rng argument is ignored: a generator created inside the function "
                "(np.random.default_rng(0)), or weights stored from an earlier run, give "
                "every call the same weights. Draw them with rng.",
            )

    return run_checker(
        "he_init", he_init, run, time_limit=time_limit, forbid=HE_FORBID,
        forbid_reason="The statement asks you to draw the weights yourself with rng.",
    )  # fmt: skip


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}, dtype {value.dtype}"
    return fmt(value)


def _check_moments(report: Report, head: str, W: np.ndarray, n_in: int, n_out: int) -> None:
    N = W.size
    target = 2.0 / n_in
    mean = float(np.mean(W))
    se = math.sqrt(float(np.var(W)) / N)  # the mean's standard error, whatever the variance
    if abs(mean) > _Z * se:
        report.fail(
            f"{head}: the weights have mean {mean:.3g}, expected 0 (within {_Z * se:.2g}).",
            "centre the distribution at 0: rng.normal(0.0, std, size=...).",
        )
        return
    var = float(np.mean(W**2))  # the mean is 0, so this is the variance about it
    # For N normal draws the sample second moment has standard error target·√(2/N).
    tol = _Z * math.sqrt(2.0 / N)
    if abs(var / target - 1.0) > tol:
        hint = (
            "the variance of the weights should be 2/n_in: draw "
            "rng.normal(0.0, np.sqrt(2/n_in), size=(n_in, n_out))."
        )
        for suspect, suspect_hint in _variance_suspects(n_in, n_out):
            if abs(var / suspect - 1.0) <= tol:
                hint = suspect_hint
                break
        report.fail(
            f"{head}: expected variance 2/n_in = {target:.4g}, got {var:.4g} "
            f"(ratio {var / target:.3g}).",
            hint,
        )
        return
    # Kurtosis E[w⁴]/E[w²]² is 3 for a normal distribution and 1.8 for a uniform one; its
    # standard error for N normal draws is √(24/N).
    kurtosis = float(np.mean(W**4) / np.mean(W**2) ** 2)
    if abs(kurtosis - 3.0) > _Z * math.sqrt(24.0 / N):
        uniform = abs(kurtosis - 1.8) < 0.1
        report.fail(
            f"{head}: the variance is right but the weights are not normally distributed "
            f"(kurtosis {kurtosis:.3g}, a normal distribution has 3).",
            "draw from a normal distribution, rng.normal(0.0, np.sqrt(2/n_in), ...). "
            + (
                "He's uniform variant U(−√(6/n_in), √(6/n_in)) has the same variance and "
                "is fine in practice, but this exercise asks for the normal one."
                if uniform
                else ""
            ),
        )


# ----------------------------------------------------------------------------- chain factor

FACTOR_HINT = (
    "each sigmoid layer multiplies the gradient by σ′(z) ≤ σ′(0) = 1/4, so the best "
    "case over L layers is (1/4)^L."
)


def _factor_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(f"L = {L}", (L,), shown=str(L)) for L in [1, 2, 3, 5, 10, 20, 50, 0]]
    # two fresh depths, never one of the fixed ones: a memorised run cannot cover them
    pool = np.setdiff1d(np.arange(4, 300), [5, 7, 10, 20, 50])
    for L in rng.choice(pool, size=2, replace=False):
        cases.append(Case(f"a random depth L = {L}", (int(L),), shown=str(L), counted=False))
    cases.append(Case("L = 600, where (1/4)^L underflows to 0", (600,), shown="600", counted=False))
    cases.append(Case("L by keyword", (), {"L": 7}, counted=False))
    return cases


FACTOR = Spec(
    signature="L",
    name="sigmoid_chain_factor",
    label="factor",
    reference=lambda L: 0.25**L,
    cases=_factor_cases,
    hint=FACTOR_HINT,
    mistakes=[
        Mistake(
            "0.5 is σ(0), the sigmoid's value at its steepest point. Each layer "
            "contributes the slope σ′(0) = σ(0)·(1 − σ(0)) = 1/4.",
            lambda L: 0.5**L,
        ),
        Mistake(
            "the chain rule multiplies the factors of the layers: L layers give "
            "(1/4)·(1/4)·…·(1/4) = (1/4)^L, not L/4.",
            lambda L: 0.25 * L,
        ),
        Mistake(
            "count one factor σ′(z) per sigmoid layer: L layers, L factors.",
            lambda L: 0.25 ** (L - 1),
        ),
        Mistake(
            "count one factor σ′(z) per sigmoid layer: L layers, L factors.",
            lambda L: 0.25 ** (L + 1),
        ),
        Mistake(
            "1 is the best case of tanh′ (at 0). The sigmoid's derivative is at most 1/4, "
            "reached at z = 0.",
            lambda L: 1.0,
        ),
    ],
    result="number",
    dtype="any",  # "one number": a Python float or int, a NumPy scalar or a 0-d array
    tol={"float64": (1e-12, 0.0)},
    return_hint="return a single number (a float), e.g. `return 0.25 ** L`.",
)


def check_sigmoid_chain_factor(factor: Any, *, time_limit: float | None = None) -> bool:
    """Check ``factor(L)``: the largest possible value of ∏ σ′(z_l) over a chain of ``L``
    sigmoid layers, (1/4)^L (chapter 4), for fixed and fresh random depths. Never raises.
    """
    return check(FACTOR, factor, time_limit)
