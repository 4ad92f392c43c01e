"""Chapter 2 checkers: a stable sigmoid, Leaky ReLU with its slope, and the sigmoid's
derivative with respect to its input.

Each checker runs the candidate on a battery of cases (typical values, inputs of ±1000,
a batch, float32, a non-default ``alpha``) and, for every failed case, compares what came
back with what the usual mistakes produce on the same input, so the hint names the mistake
actually made: the naive ``1 / (1 + exp(-x))`` that overflows, ``np.where`` evaluating
both branches, the sign of the exponent, a hard-coded slope or the seed notes' constant
0.001 for Leaky ReLU, a Python ``if`` on an array, the derivative written in terms of the
output ``s·(1 − s)``, or the seed notes' wrong formula ``e^x / (1 + e^−x)²``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..activations import leaky_relu, sigmoid, sigmoid_grad
from ._core import Outcome, Report, call, fmt, run_checker

__all__ = ["check_leaky_relu", "check_sigmoid", "check_sigmoid_grad"]

# ----------------------------------------------------------------------------- the hints

OVERFLOW = (
    "exp overflows: np.exp(z) is inf for z above 709.78 in float64 (88.72 in float32), "
    "so 1 / (1 + np.exp(-x)) overflows for very negative x and np.exp(x) / (1 + np.exp(x)) "
    "gives inf / inf = nan for very positive x. Only ever take exp of a number ≤ 0: with "
    "e = np.exp(-np.abs(x)), σ(x) is 1 / (1 + e) for x ≥ 0 and e / (1 + e) for x < 0."
)
WARNED_RIGHT = (
    "the numbers are right, but exp overflowed on the way (above 709.78 in float64, "
    "88.72 in float32). 1 / (1 + np.exp(-x)) gets 1 / (1 + inf) = 0 for very negative x, "
    "right here only by luck; and np.where(c, a, b) computes a and b for every element "
    "before choosing, so the branch you throw away still overflows. Build both branches "
    "from e = np.exp(-np.abs(x)), which never overflows."
)
FLUSHED = (
    "σ(−710) ≈ 4.5e-309 is tiny but representable in float64; 1 / (1 + np.exp(710)) = "
    "1 / inf flushes it to 0. For x < 0 compute e / (1 + e) with e = np.exp(x), which "
    "stays accurate."
)
NUMBER = (
    "x may be a plain Python number as well as an array: np.exp, np.abs, np.where and "
    "arithmetic accept both; x.shape, x.copy() or x[...] do not (np.asarray(x) helps)."
)
SIGN_FLIPPED = (
    "this is σ(−x) = 1 / (1 + exp(x)): the exponent's sign is flipped. σ(x) = "
    "1 / (1 + exp(−x)) increases from 0 to 1 as x grows."
)
SIGMOID_FORMULA = "σ(x) = 1 / (1 + exp(−x)): it is 0.5 at 0 and increases towards 1."
RETURN_ARRAY = (
    "return a NumPy array of the same shape as x (what np.exp, np.where and arithmetic "
    "on arrays give), not None, a list or a string."
)
FLOAT32 = (
    "keep the dtype: float32 input gives a float32 result. Avoid np.asarray(x, "
    "dtype=float), np.float64(...) and math.exp; NumPy's own operations keep float32."
)
IN_PLACE = (
    "it changed its input in place (x *= ..., x[...] = ..., np.exp(x, out=x)): build a "
    "new array so the caller's x stays as it was."
)
PYTHON_IF = (
    "a Python `if` (or `and`/`or`, max, min) on an array asks for one True/False and "
    "NumPy cannot give one for many elements. Work elementwise: np.where(x > 0, x, "
    "alpha * x), or np.maximum(x, alpha * x) for 0 ≤ alpha ≤ 1."
)
ALPHA_IGNORED = (
    "the slope alpha was ignored: the answer matches alpha = 0.01 whatever alpha is "
    "passed. Use the `alpha` argument instead of a hard-coded 0.01."
)
CONSTANT_NEGATIVE = (
    "for x ≤ 0 Leaky ReLU returns alpha·x, a small *multiple* of x (so −300 gives −3 with "
    "alpha = 0.01), not a small constant such as 0.001 or alpha. The seed notes' "
    "'returns a very small number like 0.001' is a common misreading: the slope alpha is "
    "what leaks, so the gradient for x < 0 is alpha instead of 0."
)
KEYWORD = (
    "alpha is passed by keyword, fn(x, alpha=0.2): define the function as "
    "def leaky_relu(x, alpha=0.01), with that parameter name and default."
)
NEGATIVE_SIGN = "for x < 0 the output must be negative: alpha·x, not −alpha·x or alpha·|x|."
RELU_NOT_LEAKY = (
    "this is the plain ReLU, 0 for x ≤ 0: Leaky ReLU lets a slope alpha through, alpha·x."
)
SWAPPED = "the branches are swapped: x for x > 0, alpha·x for x ≤ 0."
LEAKY_FORMULA = "Leaky ReLU is x for x > 0 and alpha·x for x ≤ 0."
OF_OUTPUT = (
    "this is σ′ written in terms of the *output*: s·(1 − s) with s = σ(x). The function "
    "receives the input x, so compute s = sigmoid(x) first and return s * (1 - s) (or "
    "σ(x)·σ(−x))."
)
SEED_FORMULA = (
    "this is the seed notes' formula e^x / (1 + e^−x)², which is wrong: differentiating "
    "1 / (1 + e^−x) gives e^−x / (1 + e^−x)² = σ(x)·(1 − σ(x)). At x = 1 the wrong one "
    "gives 1.45, the right one 0.197; at x = 0 both give 0.25, which hides the bug."
)
GRAD_OVERFLOW = (
    "exp overflows for large |x| (np.exp(1000) is inf, and inf / inf is nan). Write the "
    "derivative with a stable sigmoid, s = σ(x) computed without overflow, as s * (1 - s)."
)
GRAD_IS_SIGMOID = "this is σ(x) itself, not its derivative σ′(x) = σ(x)·(1 − σ(x))."
GRAD_SIGN = "the derivative is σ(x)·(1 − σ(x)): a product, at most 0.25, never negative."
GRAD_FORMULA = "σ′(x) = σ(x)·(1 − σ(x)), the derivative with respect to the input x."


# ----------------------------------------------------------------------------- machinery


@dataclass
class _Case:
    desc: str
    x: np.ndarray | float
    expected: np.ndarray
    hint: str  # the hint when no known mistake reproduces the wrong answer
    kwargs: dict[str, Any] = field(default_factory=dict)
    rtol: float = 1e-9
    atol: float = 1e-15


def _call(fn: Callable, *args: Any, **kwargs: Any) -> Outcome:
    """:func:`call` with underflow allowed: exp(−1000) = 0 is the right answer, and NumPy
    is silent about underflow by default, so the learner never sees that warning."""

    def quiet_underflow(*a: Any, **k: Any) -> Any:
        with np.errstate(under="ignore"):
            return fn(*a, **k)

    return call(quiet_underflow, *args, **kwargs)


def _as_float(value: Any) -> np.ndarray | None:
    try:
        arr = np.asarray(value)
    except Exception:  # an exotic object: report it as not an array
        return None
    return arr if arr.dtype.kind == "f" else None


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    with np.errstate(invalid="ignore", over="ignore"):
        return got.shape == expected.shape and bool(
            np.allclose(got.astype(np.float64), expected, rtol=rtol, atol=atol)
        )


def _copy(x: np.ndarray | float) -> np.ndarray | float:
    return x.copy() if isinstance(x, np.ndarray) else x


def _mistake_values(wrong: Callable, case: _Case) -> np.ndarray | None:
    """What a known mistake returns on the case's input (with its warnings silenced)."""
    try:
        with np.errstate(all="ignore"):
            return _as_float(wrong(np.asarray(_copy(case.x)), **case.kwargs))
    except Exception:
        return None


def _diagnose(
    got: np.ndarray | None, case: _Case, mistakes: list[tuple[str, Callable]]
) -> str | None:
    """The hint of the first known mistake that reproduces ``got``, else None."""
    if got is not None:
        for hint, wrong in mistakes:
            values = _mistake_values(wrong, case)
            if values is not None and values.shape == got.shape:
                with np.errstate(invalid="ignore"):
                    same = np.allclose(
                        got.astype(np.float64), values, rtol=1e-6, atol=1e-12, equal_nan=True
                    )
                if same:
                    return hint
    return None


def _show(value: Any) -> str:
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        prefix = "" if value.dtype == np.float64 else f"{value.dtype} "
        if value.size <= 8:
            return (
                prefix
                + fmt(value.astype(np.float64).reshape(-1))
                + (f" (shape {value.shape})" if value.ndim > 1 else "")
            )
        return f"a {prefix}array of shape {value.shape}"
    return fmt(value)


def _first_wrong(got: np.ndarray, case: _Case) -> str:
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~np.isclose(got.astype(np.float64), case.expected, rtol=case.rtol, atol=case.atol)
    i = tuple(int(k) for k in np.argwhere(bad)[0])
    return (
        f"at x = {float(np.asarray(case.x)[i]):.6g} expected {float(case.expected[i]):.6g}, "
        f"got {float(got[i]):.6g}"
    )


def _run(
    report: Report,
    fn: Callable,
    name: str,
    cases: list[_Case],
    mistakes: list[tuple[str, Callable]],
    on_warning: Callable[[np.ndarray | None, _Case], str],
) -> None:
    for case in cases:
        report.case()
        x = _copy(case.x)
        outcome = _call(fn, x, **case.kwargs)
        extra = "".join(f", {k}={v}" for k, v in case.kwargs.items())
        head = f"{case.desc}: {name}({_show(case.x)}{extra})"
        if isinstance(x, np.ndarray) and not np.array_equal(x, case.x, equal_nan=True):
            report.fail(f"{head} changed its input.", IN_PLACE)
            continue
        if outcome.error is not None and outcome.error.startswith("raised"):
            hint = case.hint
            if "truth value of an array" in outcome.error:
                hint = PYTHON_IF
            elif "unexpected keyword argument" in outcome.error:
                hint = KEYWORD
            elif not isinstance(x, np.ndarray) and "'float' object" in outcome.error:
                hint = NUMBER
            report.fail(f"{head} {outcome.error}.", hint)
            continue
        value = outcome.value
        got = None if isinstance(value, (list, tuple, str)) else _as_float(value)
        if got is None:
            report.fail(f"{head} returned {_show(value)}.", RETURN_ARRAY)
            continue
        if got.shape != case.expected.shape:
            report.fail(
                f"{head} returned shape {got.shape}, expected {case.expected.shape}.",
                RETURN_ARRAY,
            )
            continue
        if outcome.error is not None:  # a warning, perhaps with the right numbers
            report.fail(f"{head} {outcome.error}.", on_warning(got, case))
            continue
        if not _close(got, case.expected, case.rtol, case.atol):
            hint = _diagnose(got, case, mistakes) or case.hint
            report.fail(f"{head}: {_first_wrong(got, case)}.", hint)
            continue
        if got.dtype != case.expected.dtype:
            report.fail(
                f"{head} returned dtype {got.dtype}, expected {case.expected.dtype}.", FLOAT32
            )


# ----------------------------------------------------------------------------- check_sigmoid


def _sigmoid_mistakes() -> list[tuple[str, Callable]]:
    return [
        (SIGN_FLIPPED, lambda x: 1 / (1 + np.exp(x))),
        (FLUSHED, lambda x: 1 / (1 + np.exp(-x))),
        (OVERFLOW, lambda x: np.exp(x) / (1 + np.exp(x))),
    ]


def _sigmoid_on_warning(got: np.ndarray | None, case: _Case) -> str:
    if got is not None and _close(got, case.expected, case.rtol, case.atol):
        return WARNED_RIGHT
    return _diagnose(got, case, _sigmoid_mistakes()) or OVERFLOW


def check_sigmoid(fn: Callable) -> bool:
    """Check ``fn(x) -> σ(x)``, a numerically stable logistic sigmoid (chapter 2).

    Cases: typical values, a Python number, a batch, inputs of ±1000 and ±710 (where exp
    overflows; σ(−710) ≈ 4.5e-309 is a tiny but representable number), and float32 (where
    exp overflows above 88.72). Warnings count as failures. Never raises.
    """
    x32 = np.array([-100.0, -20.0, -1.0, 0.0, 1.0, 20.0, 100.0], dtype=np.float32)
    batch = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 6.0]])
    cases = [
        _Case(
            "typical values",
            np.array([-4.0, -1.0, 0.0, 0.5, 3.0]),
            sigmoid([-4.0, -1.0, 0.0, 0.5, 3.0]),
            SIGMOID_FORMULA,
        ),
        _Case("a Python number", 0.25, sigmoid(0.25), SIGMOID_FORMULA),
        _Case("a batch (2-D array)", batch, sigmoid(batch), SIGMOID_FORMULA),
        _Case(
            "inputs of ±1000",
            np.array([-1000.0, -50.0, 50.0, 1000.0]),
            sigmoid([-1000.0, -50.0, 50.0, 1000.0]),
            OVERFLOW,
        ),
        _Case(
            "just past exp's overflow (x = ±710)",
            np.array([-710.0, 710.0]),
            sigmoid([-710.0, 710.0]),
            FLUSHED,
            rtol=1e-6,
            atol=0.0,
        ),
        _Case("float32", x32, sigmoid(x32), OVERFLOW, rtol=1e-6, atol=1e-30),
    ]
    return run_checker(
        "sigmoid",
        fn,
        lambda report: _run(report, fn, "sigmoid", cases, _sigmoid_mistakes(), _sigmoid_on_warning),
    )


# ----------------------------------------------------------------------------- check_leaky_relu


def _leaky_mistakes() -> list[tuple[str, Callable]]:
    return [
        (ALPHA_IGNORED, lambda x, alpha=0.01: np.where(x > 0, x, 0.01 * x)),
        (CONSTANT_NEGATIVE, lambda x, alpha=0.01: np.where(x > 0, x, 0.001)),
        (CONSTANT_NEGATIVE, lambda x, alpha=0.01: np.where(x > 0, x, alpha)),
        (CONSTANT_NEGATIVE, lambda x, alpha=0.01: np.where(x > 0, x, -alpha)),
        (NEGATIVE_SIGN, lambda x, alpha=0.01: np.where(x > 0, x, -alpha * x)),
        (RELU_NOT_LEAKY, lambda x, alpha=0.01: np.maximum(x, 0)),
        (SWAPPED, lambda x, alpha=0.01: np.where(x > 0, alpha * x, x)),
    ]


def check_leaky_relu(fn: Callable) -> bool:
    """Check ``fn(x, alpha=0.01)``: Leaky ReLU, x for x > 0 and ``alpha·x`` otherwise
    (chapter 2), with its default slope and with other values of ``alpha`` (passed as a
    keyword). Never raises.
    """
    x = np.array([-300.0, -2.0, -0.5, 0.0, 0.5, 3.0])
    x32 = np.array([-4.0, -1.0, 0.0, 2.0], dtype=np.float32)
    batch = np.array([[-1.0, 2.0], [3.0, -4.0]])
    big = np.array([-1000.0, 1000.0])
    cases = [
        _Case("default alpha", x, leaky_relu(x), LEAKY_FORMULA),
        _Case("alpha = 0.2", x, leaky_relu(x, alpha=0.2), LEAKY_FORMULA, {"alpha": 0.2}),
        _Case("alpha = 0.05", batch, leaky_relu(batch, alpha=0.05), LEAKY_FORMULA, {"alpha": 0.05}),
        _Case("alpha = 0 (plain ReLU)", x, leaky_relu(x, alpha=0.0), LEAKY_FORMULA, {"alpha": 0.0}),
        _Case("inputs of ±1000", big, leaky_relu(big), LEAKY_FORMULA),
        _Case("float32", x32, leaky_relu(x32, alpha=0.1), LEAKY_FORMULA, {"alpha": 0.1}, 1e-6),
    ]
    return run_checker(
        "leaky_relu",
        fn,
        lambda report: _run(
            report, fn, "leaky_relu", cases, _leaky_mistakes(), lambda got, case: case.hint
        ),
    )


# ----------------------------------------------------------------------------- check_sigmoid_grad


def _stable_sigmoid(x: np.ndarray) -> np.ndarray:
    return sigmoid(x)


def _grad_mistakes() -> list[tuple[str, Callable]]:
    return [
        (OF_OUTPUT, lambda x: x * (1 - x)),
        (SEED_FORMULA, lambda x: np.exp(x) / (1 + np.exp(-x)) ** 2),
        (GRAD_IS_SIGMOID, _stable_sigmoid),
        (GRAD_SIGN, lambda x: _stable_sigmoid(x) * (1 + _stable_sigmoid(x))),
        (GRAD_SIGN, lambda x: _stable_sigmoid(x) * (_stable_sigmoid(x) - 1)),
    ]


def _grad_on_warning(got: np.ndarray | None, case: _Case) -> str:
    if _diagnose(got, case, _grad_mistakes()) is SEED_FORMULA:
        return SEED_FORMULA
    return GRAD_OVERFLOW


def check_sigmoid_grad(fn: Callable) -> bool:
    """Check ``fn(x) -> σ′(x)``, the derivative of the sigmoid with respect to its input x
    (chapter 2). Cases: typical values, x = 0 (the maximum 1/4), a batch, inputs of ±1000
    and float32. Never raises.
    """
    x = np.array([-3.0, -1.0, 0.0, 1.0, 2.0])
    x32 = np.array([-5.0, 0.0, 0.5, 5.0], dtype=np.float32)
    batch = np.array([[-2.0, 0.1], [1.5, 4.0]])
    big = np.array([-1000.0, -40.0, 40.0, 1000.0])
    cases = [
        _Case("typical values", x, sigmoid_grad(x), GRAD_FORMULA),
        _Case("x = 0, where σ′ is largest", np.array([0.0]), np.array([0.25]), GRAD_FORMULA),
        _Case("a batch (2-D array)", batch, sigmoid_grad(batch), GRAD_FORMULA),
        _Case("inputs of ±1000", big, sigmoid_grad(big), GRAD_OVERFLOW, atol=1e-15),
        # s·(1 − s) in float32 loses digits in 1 − s: a float32 answer is good to ~1e-5
        _Case("float32", x32, sigmoid_grad(x32), GRAD_FORMULA, rtol=1e-4, atol=1e-30),
    ]
    return run_checker(
        "sigmoid_grad",
        fn,
        lambda report: _run(report, fn, "sigmoid_grad", cases, _grad_mistakes(), _grad_on_warning),
    )
