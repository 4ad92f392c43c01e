"""Chapter 4 checkers: He initialisation, and the best-case gradient factor of a chain of
sigmoid layers.

:func:`check_he_init` draws large weight matrices from the candidate and compares their
sample variance with 2/n_in, with a tolerance derived from the sample size. When the
variance is wrong it names the formula the candidate actually used (LeCun's 1/n_in,
Glorot's 2/(n_in + n_out), 2/n_out, 2/n_in used as the standard deviation, N(0, 1)). It
also checks the shape (row-vector convention), the mean, normality (a uniform
distribution has the right variance only by design), and that the ``rng`` argument is the
only source of randomness.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ._core import Report, call, fmt, run_checker

__all__ = ["check_he_init", "check_sigmoid_chain_factor"]

# Shapes with enough entries for a precise variance, non-square both ways so that n_in
# and n_out cannot be confused unnoticed.
_STAT_SHAPES = [(400, 100), (100, 400), (784, 256)]
_SMALL_SHAPES = [(1, 1), (3, 5), (2, 64)]
_Z = 5.0  # tolerance in standard errors: a correct answer fails with probability < 1e-6


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


def check_he_init(he_init: Callable[..., Any]) -> bool:
    """Check ``he_init(n_in, n_out, rng) -> W``: W of shape ``(n_in, n_out)`` with entries
    drawn from N(0, 2/n_in) using the generator ``rng`` (chapter 4). Never raises.
    """

    def run(report: Report) -> None:
        # 1. shapes and types on small layers
        for n_in, n_out in _SMALL_SHAPES:
            report.case()
            out = call(he_init, n_in, n_out, np.random.default_rng(0))
            head = f"he_init({n_in}, {n_out}, rng)"
            if out.error is not None:
                report.fail(
                    f"{head} {out.error}.",
                    "draw with the generator you are given: "
                    "rng.normal(0.0, np.sqrt(2/n_in), size=(n_in, n_out)).",
                )
                continue
            W, hint = _as_weights(out.value, (n_in, n_out))
            if W is None:
                report.fail(f"{head} returned {_describe(out.value)}.", hint or "")

        # 2. the variance, the mean and the distribution on large layers
        for k, (n_in, n_out) in enumerate(_STAT_SHAPES):
            report.case()
            out = call(he_init, n_in, n_out, np.random.default_rng(100 + k))
            head = f"he_init({n_in}, {n_out}, rng)"
            if out.error is not None:
                report.fail(f"{head} {out.error}.", "see the first failure above.")
                continue
            W, hint = _as_weights(out.value, (n_in, n_out))
            if W is None:
                report.fail(f"{head} returned {_describe(out.value)}.", hint or "")
                continue
            _check_moments(report, head, W.astype(np.float64), n_in, n_out)

        # 3. randomness comes from rng, and only from rng
        report.case()
        first = call(he_init, 300, 200, np.random.default_rng(7))
        again = call(he_init, 300, 200, np.random.default_rng(7))
        other = call(he_init, 300, 200, np.random.default_rng(8))
        arrays = [_as_weights(o.value, (300, 200))[0] for o in (first, again, other)]
        if any(o.error is not None for o in (first, again, other)) or any(
            a is None for a in arrays
        ):
            report.fail(
                "he_init(300, 200, rng) could not be checked for reproducibility.",
                "fix the failures above first.",
            )
        elif not np.array_equal(arrays[0], arrays[1]):
            report.fail(
                "two calls with generators made from the same seed, "
                "np.random.default_rng(7), returned different weights.",
                "draw with the rng argument (rng.normal(...) or rng.standard_normal(...)), "
                "not with np.random.randn, np.random.normal or a fresh unseeded generator: "
                "their state is not the one you were given, so results cannot be "
                "reproduced.",
            )
        elif np.array_equal(arrays[0], arrays[2]):
            report.fail(
                "generators with different seeds (7 and 8) gave identical weights.",
                "the rng argument is ignored: a generator created inside the function "
                "(np.random.default_rng(0)) gives every layer the same weights. Use rng.",
            )

    return run_checker("he_init", he_init, run)


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}, dtype {value.dtype}"
    return fmt(value)


def _check_moments(report: Report, head: str, W: np.ndarray, n_in: int, n_out: int) -> None:
    N = W.size
    target = 2.0 / n_in
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
    mean = float(np.mean(W))
    if abs(mean) > _Z * math.sqrt(target / N):
        report.fail(
            f"{head}: the weights have mean {mean:.3g}, expected 0 "
            f"(within {_Z * math.sqrt(target / N):.2g}).",
            "centre the distribution at 0: rng.normal(0.0, std, size=...).",
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


def check_sigmoid_chain_factor(factor: Callable[[int], Any]) -> bool:
    """Check ``factor(L)``: the largest possible value of ∏ σ′(z_l) over a chain of ``L``
    sigmoid layers, (1/4)^L (chapter 4). Never raises.
    """
    layers = [1, 2, 3, 5, 10, 20, 50, 0]

    def run(report: Report) -> None:
        for L in layers:
            report.case()
            expected = 0.25**L
            out = call(factor, L)
            head = f"factor({L})"
            if out.error is not None:
                report.fail(
                    f"{head} {out.error}.",
                    "factor takes the number of layers L and returns one number.",
                )
                continue
            got = _as_number(out.value)
            if got is None:
                report.fail(
                    f"{head} returned {fmt(out.value)}.",
                    "return a single number (a float), e.g. `return 0.25 ** L`.",
                )
                continue
            if math.isclose(got, expected, rel_tol=1e-12, abs_tol=0.0):
                continue
            report.fail(
                f"{head}: expected (1/4)^{L} = {expected:.6g}, got {got:.6g}.",
                _factor_hint(L, got),
            )

    return run_checker("sigmoid_chain_factor", factor, run)


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, np.ndarray):
        if value.size != 1 or value.dtype.kind not in "iuf":
            return None
        value = value.reshape(()).item()
    if not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _factor_hint(L: int, got: float) -> str:
    def close(x: float) -> bool:
        return math.isclose(got, x, rel_tol=1e-9)

    if close(0.5**L):
        return (
            "0.5 is σ(0), the sigmoid's value at its steepest point. Each layer "
            "contributes the slope σ′(0) = σ(0)·(1 − σ(0)) = 1/4."
        )
    if close(0.25 * L):
        return (
            "the chain rule multiplies the factors of the layers: L layers give "
            "(1/4)·(1/4)·…·(1/4) = (1/4)^L, not L/4."
        )
    if L > 0 and (close(0.25 ** (L - 1)) or close(0.25 ** (L + 1))):
        return "count one factor σ′(z) per sigmoid layer: L layers, L factors."
    if close(1.0):
        return (
            "1 is the best case of tanh′ (at 0). The sigmoid's derivative is at most 1/4, "
            "reached at z = 0."
        )
    return (
        "each sigmoid layer multiplies the gradient by σ′(z) ≤ σ′(0) = 1/4, so the best "
        "case over L layers is (1/4)^L."
    )
