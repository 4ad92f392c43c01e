"""Chapter 2 checkers: a stable sigmoid, Leaky ReLU with its slope, and the sigmoid's
derivative with respect to its input, as data for the engine (:mod:`._engine`).

The usual mistakes recognised: the naive ``1 / (1 + exp(-x))`` that overflows,
``np.where`` evaluating both branches, the sign of the exponent, a hard-coded slope or the
seed notes' constant 0.001 for Leaky ReLU, ``np.maximum(x, alpha*x)`` (right only for
0 ≤ alpha ≤ 1), a Python ``if`` on an array, the derivative written in terms of the output
``s·(1 − s)``, or the seed notes' wrong formula ``e^x / (1 + e^−x)²``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import leaky_relu, sigmoid, sigmoid_grad
from ._engine import Case, Mistake, Spec, check

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


MAXIMUM = (
    "np.maximum(x, alpha * x) is Leaky ReLU only for 0 ≤ alpha ≤ 1: for alpha > 1 it "
    "picks alpha·x on the positive side, for alpha < 0 it flips the negative side. The "
    "statement allows any alpha: np.where(x > 0, x, alpha * x)."
)


def _error_hint(error: str) -> str | None:
    if "truth value of an array" in error:
        return PYTHON_IF
    if "unexpected keyword argument" in error:
        return KEYWORD
    if "'float' object" in error or "'int' object" in error:
        return NUMBER
    return None


def _round(rng: np.random.Generator, lo: float, hi: float, size: Any, dtype: Any = np.float64):
    """Fresh random inputs, rounded so that a failure line shows them exactly."""
    return np.round(rng.uniform(lo, hi, size), 2).astype(dtype)


# ----------------------------------------------------------------------------- sigmoid


def _sigmoid_warning(warning: str, right: bool) -> str:
    if "overflow" in warning:
        return WARNED_RIGHT if right else OVERFLOW
    return "a correct sigmoid runs silently; find the operation that warns and avoid it."


def _sigmoid_cases(rng: np.random.Generator) -> list[Case]:
    x32 = np.array([-100.0, -20.0, -1.0, 0.0, 1.0, 20.0, 100.0], dtype=np.float32)
    batch = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 6.0]])
    return [
        Case("typical values", (np.array([-4.0, -1.0, 0.0, 0.5, 3.0]),), hint=SIGMOID_FORMULA),
        Case("a Python number", (0.25,), hint=SIGMOID_FORMULA),
        Case("a batch (2-D array)", (batch,), hint=SIGMOID_FORMULA),
        Case("inputs of ±1000", (np.array([-1000.0, -50.0, 50.0, 1000.0]),)),
        Case(
            "just past exp's overflow (x = ±710)",
            (np.array([-710.0, 710.0]),),
            rtol=1e-6,
            atol=0.0,
        ),
        Case("float32", (x32,), rtol=1e-6, atol=1e-30),
        # fresh random inputs on every run
        Case("random inputs", (_round(rng, -40, 40, 5),), hint=SIGMOID_FORMULA, counted=False),
        Case(
            "random float32 inputs",
            (_round(rng, -120, 120, 4, np.float32),),
            rtol=1e-6,
            atol=1e-30,
            counted=False,
        ),
        Case("x passed by keyword", (), {"x": _round(rng, -5, 5, 3)}, counted=False),
    ]


SIGMOID = Spec(
    name="sigmoid",
    reference=lambda x: sigmoid(x),
    cases=_sigmoid_cases,
    hint=SIGMOID_FORMULA,
    mistakes=[
        Mistake(SIGN_FLIPPED, lambda x: 1 / (1 + np.exp(x))),
        Mistake(FLUSHED, lambda x: 1 / (1 + np.exp(-x))),
        Mistake(OVERFLOW, lambda x: np.exp(x) / (1 + np.exp(x))),
    ],
    return_hint=RETURN_ARRAY,
    dtype_hint=FLOAT32,
    in_place_hint=IN_PLACE,
    warning_hint=_sigmoid_warning,
    error_hint=_error_hint,
    tol={"float64": (1e-9, 1e-15), "float32": (1e-6, 1e-30)},
    forbid=("nnbook.activations",),
    forbid_reason="The statement asks for your own sigmoid, without nnbook.activations.",
)


def check_sigmoid(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``fn(x) -> σ(x)``, a numerically stable logistic sigmoid (chapter 2).

    Cases: typical values, a Python number, a batch, inputs of ±1000 and ±710 (where exp
    overflows; σ(−710) ≈ 4.5e-309 is a tiny but representable number), float32 (where exp
    overflows above 88.72), fresh random inputs, ``x`` by keyword. Warnings count as
    failures; ``nnbook.activations`` is unavailable during the call. Never raises.
    """
    return check(SIGMOID, fn, time_limit)


# ----------------------------------------------------------------------------- leaky ReLU


def _leaky_cases(rng: np.random.Generator) -> list[Case]:
    x = np.array([-300.0, -2.0, -0.5, 0.0, 0.5, 3.0])
    x32 = np.array([-4.0, -1.0, 0.0, 2.0], dtype=np.float32)
    batch = np.array([[-1.0, 2.0], [3.0, -4.0]])
    alpha = float(np.round(rng.uniform(-2.0, 3.0), 2))
    return [
        Case("default alpha", (x,)),
        Case("alpha = 0.2", (x,), {"alpha": 0.2}),
        Case("alpha = 0.05", (batch,), {"alpha": 0.05}),
        Case("alpha = 0 (plain ReLU)", (x,), {"alpha": 0.0}),
        Case("inputs of ±1000", (np.array([-1000.0, 1000.0]),)),
        Case("float32", (x32,), {"alpha": 0.1}, rtol=1e-6),
        # the whole promised domain, "any alpha", and fresh random inputs
        Case("alpha = 1.5 (any alpha is allowed)", (x,), {"alpha": 1.5}, counted=False),
        Case("alpha = -0.5 (any alpha is allowed)", (x,), {"alpha": -0.5}, counted=False),
        Case("random inputs", (_round(rng, -10, 10, 6),), {"alpha": alpha}, counted=False),
        Case(
            "x and alpha by keyword", (), {"x": _round(rng, -3, 3, 4), "alpha": 0.3}, counted=False
        ),
    ]


LEAKY_RELU = Spec(
    signature="x, alpha=0.01",
    name="leaky_relu",
    reference=lambda x, alpha=0.01: leaky_relu(x, alpha=alpha),
    cases=_leaky_cases,
    hint=LEAKY_FORMULA,
    mistakes=[
        Mistake(ALPHA_IGNORED, lambda x, alpha=0.01: np.where(x > 0, x, 0.01 * x)),
        Mistake(CONSTANT_NEGATIVE, lambda x, alpha=0.01: np.where(x > 0, x, 0.001)),
        Mistake(CONSTANT_NEGATIVE, lambda x, alpha=0.01: np.where(x > 0, x, alpha)),
        Mistake(CONSTANT_NEGATIVE, lambda x, alpha=0.01: np.where(x > 0, x, -alpha)),
        Mistake(NEGATIVE_SIGN, lambda x, alpha=0.01: np.where(x > 0, x, -alpha * x)),
        Mistake(RELU_NOT_LEAKY, lambda x, alpha=0.01: np.maximum(x, 0)),
        Mistake(MAXIMUM, lambda x, alpha=0.01: np.maximum(x, alpha * x)),
        Mistake(SWAPPED, lambda x, alpha=0.01: np.where(x > 0, alpha * x, x)),
    ],
    return_hint=RETURN_ARRAY,
    dtype_hint=FLOAT32,
    in_place_hint=IN_PLACE,
    error_hint=_error_hint,
    tol={"float64": (1e-9, 1e-15), "float32": (1e-6, 1e-15)},
    forbid=("nnbook.activations.leaky_relu", "nnbook.activations.relu"),
    forbid_reason="The statement asks for your own Leaky ReLU.",
)


def check_leaky_relu(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``fn(x, alpha=0.01)``: Leaky ReLU, x for x > 0 and ``alpha·x`` otherwise
    (chapter 2), with its default slope and any other ``alpha`` (0, 0.2, above 1, below 0,
    random), passed by keyword, float32 kept. Never raises.
    """
    return check(LEAKY_RELU, fn, time_limit)


# ----------------------------------------------------------------------------- sigmoid_grad


def _grad_warning(warning: str, right: bool) -> str:
    return (
        GRAD_OVERFLOW
        if "overflow" in warning or "invalid" in warning
        else ("a correct derivative runs silently; find the operation that warns and avoid it.")
    )


def _grad_cases(rng: np.random.Generator) -> list[Case]:
    x32 = np.array([-5.0, 0.0, 0.5, 5.0], dtype=np.float32)
    return [
        Case("typical values", (np.array([-3.0, -1.0, 0.0, 1.0, 2.0]),)),
        Case("x = 0, where σ′ is largest", (np.array([0.0]),)),
        Case("a batch (2-D array)", (np.array([[-2.0, 0.1], [1.5, 4.0]]),)),
        Case("inputs of ±1000", (np.array([-1000.0, -40.0, 40.0, 1000.0]),)),
        # s·(1 − s) in float32 loses digits in 1 − s: a float32 answer is good to ~1e-5
        Case("float32", (x32,), rtol=1e-4, atol=1e-30),
        Case("random inputs", (_round(rng, -30, 30, 5),), counted=False),
        Case("x passed by keyword", (), {"x": _round(rng, -4, 4, 3)}, counted=False),
    ]


SIGMOID_GRAD = Spec(
    name="sigmoid_grad",
    reference=lambda x: sigmoid_grad(np.asarray(x, dtype=np.float64)),
    cases=_grad_cases,
    hint=GRAD_FORMULA,
    mistakes=[
        Mistake(OF_OUTPUT, lambda x: x * (1 - x)),
        Mistake(SEED_FORMULA, lambda x: np.exp(x) / (1 + np.exp(-x)) ** 2),
        Mistake(GRAD_IS_SIGMOID, lambda x: sigmoid(x)),
        Mistake(GRAD_SIGN, lambda x: sigmoid(x) * (1 + sigmoid(x))),
        Mistake(GRAD_SIGN, lambda x: sigmoid(x) * (sigmoid(x) - 1)),
    ],
    return_hint=RETURN_ARRAY,
    in_place_hint=IN_PLACE,
    dtype="any",  # the statement does not ask to keep float32
    warning_hint=_grad_warning,
    error_hint=_error_hint,
    tol={"float64": (1e-9, 1e-15), "float32": (1e-4, 1e-30)},
    forbid=("nnbook.activations.sigmoid_grad",),
    forbid_reason="The statement asks for your own derivative (nnbook's sigmoid is fine).",
)


def check_sigmoid_grad(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``fn(x) -> σ′(x)``, the derivative of the sigmoid with respect to its input x
    (chapter 2). Cases: typical values, x = 0 (the maximum 1/4), a batch, inputs of ±1000,
    float32 (any float dtype back is fine), fresh random inputs. Never raises.
    """
    return check(SIGMOID_GRAD, fn, time_limit)
