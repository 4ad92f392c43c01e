"""Chapter 5 checkers: a stable softmax, log-sum-exp, and cross-entropy from logits.

Each checker runs the candidate on a battery of cases (typical values, logits of ±1000,
batches whose rows have different scales, a non-default axis, float32) and, for every
failed case, compares what came back with what the usual mistakes produce on the same
input, so the hint names the mistake actually made: no max-subtraction, a global max
instead of a per-row max, the wrong axis, missing ``keepdims``, a sum instead of a mean,
forgetting to add the max back, ``log(softmax)``, a softmax applied twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..softmax import logsumexp, softmax
from ._engine import Case, Mistake, Spec, check

__all__ = ["check_logsumexp", "check_softmax"]

# ----------------------------------------------------------------------------- the hints

NO_MAX = (
    "no max-subtraction: exp overflows to inf above about 709.78 in float64 (88.72 in "
    "float32) and underflows to 0 below about -745, giving inf/inf, 0/0 or log(0). "
    "Subtract the max first: m = np.max(z, axis=axis, keepdims=True), then use z - m."
)
GLOBAL_MAX = (
    "a global max instead of a per-row max: np.max(z) is the max of the whole batch, so "
    "a row far below it underflows to 0. Take one max per row: "
    "np.max(z, axis=axis, keepdims=True)."
)
WRONG_AXIS = (
    "the wrong axis: reduce along the `axis` argument, in the max and in the sum alike "
    "(with the default axis=-1, one softmax per row), not along a fixed axis 0 or -1."
)
NO_KEEPDIMS = (
    "missing keepdims: np.max(z, axis=axis) and np.sum(..., axis=axis) drop that axis, "
    "so z - m no longer lines up row by row (it fails to broadcast, or silently pairs "
    "rows with columns in a square batch). Pass keepdims=True."
)
SUM_ALL = (
    "the sum runs over the whole array: each row must be divided by its own sum, "
    "np.sum(e, axis=axis, keepdims=True)."
)
ADD_MAX_BACK = (
    "forgetting to add the max back: log Σ exp(z − m) is logsumexp(z) − m, so return "
    "m + np.log(np.sum(np.exp(z - m), axis=axis)) with m shaped like the result."
)
KEEPDIMS_OUT = (
    "logsumexp returns the reduced shape (keepdims=False): a vector gives a scalar and a "
    "batch of shape (n, k) gives shape (n,). Keep the axis for z - m, then squeeze it, "
    "e.g. np.squeeze(m, axis) + np.log(...sum(..., axis=axis))."
)
SUM_NOT_MEAN = (
    "sum instead of mean: the loss is the mean over the batch, so divide the summed "
    "losses by n (np.mean)."
)
MEAN_ALL = (
    "the mean runs over all n·k entries: each sample's loss is a sum over its k classes "
    "(only the true class counts), and the mean is over the n samples."
)
LOG_OF_SOFTMAX = (
    "log(softmax(z)) underflows: the softmax of a class far below the max rounds to 0 "
    "and log(0) = -inf. Use the log-softmax z − logsumexp(z) (max-subtracted) instead."
)
WRONG_SIGN = "the wrong sign: cross-entropy is −log p(true class), which is never negative."
WRONG_INDEX = (
    "pick each sample's own label: logp[np.arange(n), labels]. logp[:, labels] takes "
    "every label for every row (an n × n array)."
)
DOUBLE_SOFTMAX = (
    "softmax applied twice: cross-entropy from logits applies the softmax itself, so "
    "feed it the raw logits, not probabilities."
)
IN_PLACE = (
    "it changed its input in place (z -= m): build a new array (z - m) so the caller's "
    "logits stay as they were."
)
RETURN_ARRAY = (
    "return the result as a NumPy array or number (what np.exp, np.sum and np.mean give), "
    "not None, a list or a string."
)
FLOAT32 = (
    "keep the dtype: float32 logits give a float32 result. Avoid float(...), "
    "np.float64(...) and dtype=float; NumPy's own operations keep float32."
)


SHAPE_HINTS = {
    "softmax": "softmax returns an array of the same shape as z.",
    "logsumexp": KEEPDIMS_OUT,
    "cross_entropy": "cross-entropy returns one number: the mean over the batch of the "
    "per-sample losses.",
}


_TOL = {"float64": (1e-7, 1e-12), "float32": (2e-5, 1e-7)}
FORBID = ("nnbook.softmax", "nnbook.losses")
FORBID_REASON = "The statement asks for your own code, without nnbook.softmax or nnbook.losses."


def _error_hint(error: str) -> str | None:
    return NO_KEEPDIMS if "broadcast" in error else None


def _warning_hint(warning: str, right: bool = True) -> str:
    if any(w in warning for w in ("overflow", "invalid", "divide")):
        return NO_MAX
    return "a stable version runs silently; find the operation that warns and avoid it."


def _rows_apart(rng: np.random.Generator, shape: tuple[int, int], dtype: Any = np.float64):
    """Fresh random logits whose rows sit far apart (up to ±900, or ±100 in float32),
    rounded to 2 decimals."""
    # float32 resolves about 7 digits: offsets of ±100 still overflow a naive exp (88.7)
    far = 900.0 if np.dtype(dtype) == np.float64 else 100.0
    offsets = rng.choice(np.array([-1.0, -0.33, 0.0, 0.33, 1.0]) * far, (shape[0], 1))
    z = rng.normal(0, 3, shape) + offsets
    return np.round(z, 2).astype(dtype)


def _fixed(hint_for_vector: str | None = None) -> list[Case]:
    cases = []
    for desc, z, axis, hint in _batch_cases():
        if desc == "a vector" and hint_for_vector:
            hint = hint_for_vector
        neutral = hint if desc == "a masked class (-inf)" else None  # no guessed mistake
        cases.append(Case(desc, (z,) if axis is None else (z, axis), hint=neutral))
    return cases


def _random(rng: np.random.Generator) -> list[Case]:
    return [
        Case("random rows far apart", (_rows_apart(rng, (3, 4)),), counted=False),
        Case(
            "random rows far apart, axis=0 by keyword",
            (_rows_apart(rng, (3, 2)).T.copy(),),
            {"axis": 0},
            counted=False,
        ),
        Case(
            "random float32 logits, z and axis by keyword",
            (),
            {"z": _rows_apart(rng, (2, 3), np.float32), "axis": -1},
            counted=False,
        ),
    ]


# ----------------------------------------------------------------------------- softmax


def _softmax_mistakes() -> list[Mistake]:
    def naive(z, axis=-1):
        e = np.exp(z)
        return e / np.sum(e, axis=axis, keepdims=True)

    def global_max(z, axis=-1):
        e = np.exp(z - np.max(z))
        return e / np.sum(e, axis=axis, keepdims=True)

    def no_keepdims(z, axis=-1):
        e = np.exp(z - np.max(z, axis=axis))
        return e / np.sum(e, axis=axis)

    def no_keepdims_in_sum(z, axis=-1):
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis)

    def fixed_axis(fixed):
        def wrong(z, axis=-1):
            e = np.exp(z - np.max(z, axis=fixed, keepdims=True))
            return e / np.sum(e, axis=fixed, keepdims=True)

        return wrong

    def sum_all(z, axis=-1):
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
        return e / np.sum(e)

    return [
        Mistake(NO_MAX, naive),
        Mistake(GLOBAL_MAX, global_max),
        Mistake(NO_KEEPDIMS, no_keepdims),
        Mistake(NO_KEEPDIMS, no_keepdims_in_sum),
        Mistake(SUM_ALL, sum_all),
        Mistake(WRONG_AXIS, fixed_axis(0)),
        Mistake(WRONG_AXIS, fixed_axis(-1)),
    ]


def _batch_cases() -> list[tuple[str, np.ndarray, int | None, str]]:
    """(description, z, axis or None for the default, hint) shared by softmax and logsumexp."""
    rng = np.random.default_rng(5)
    return [
        ("a vector", np.array([1.2, 0.9, 0.4]), None, "check the formula exp(z_i) / Σ exp(z_j)."),
        ("large logits", np.array([900.0, 1000.0, 1000.0]), None, NO_MAX),
        ("very negative logits", np.array([-1000.0, -1000.0, -1001.0]), None, NO_MAX),
        ("logits of ±1e300", np.array([1e300, -1e300, 0.0]), None, NO_MAX),
        (
            "a batch whose rows have different scales",
            np.array([[1000.0, 999.0, 998.0], [1.0, 2.0, 3.0]]),
            None,
            GLOBAL_MAX,
        ),
        (
            "a batch of 4 rows",
            np.round(rng.standard_normal((4, 3)) * 3, 2),
            None,
            "one softmax per row (axis=-1): use axis=axis and keepdims=True.",
        ),
        (
            "a square batch",
            np.array([[1.0, 2.0, 3.0], [10.0, 0.0, -10.0], [0.5, 0.5, 4.0]]),
            None,
            NO_KEEPDIMS,
        ),
        (
            "a masked class (-inf)",
            np.array([[0.0, -np.inf, 1.0], [2.0, 2.0, -np.inf]]),
            None,
            "exp(-inf) = 0, so a -inf logit should simply get probability 0.",
        ),
        ("axis=0", np.array([[1.0, 5.0], [2.0, -5.0], [3.0, 0.0]]), 0, WRONG_AXIS),
        ("axis=1 of a 3-D array", np.round(rng.standard_normal((2, 3, 4)) * 2, 2), 1, WRONG_AXIS),
        (
            "float32 logits",
            np.array([[100.0, 101.0, 102.0], [-3.0, 0.0, 3.0]], dtype=np.float32),
            None,
            FLOAT32,
        ),
    ]


SOFTMAX = Spec(
    signature="z, axis=-1",
    name="softmax",
    reference=lambda z, axis=-1: softmax(z, axis),
    cases=lambda rng: _fixed() + _random(rng),
    hint="check the formula exp(z_i) / Σ exp(z_j).",
    mistakes=_softmax_mistakes(),
    tol=_TOL,
    return_hint=RETURN_ARRAY,
    dtype_hint=FLOAT32,
    in_place_hint=IN_PLACE,
    shape_hint=SHAPE_HINTS["softmax"],
    warning_hint=_warning_hint,
    error_hint=_error_hint,
    forbid=FORBID,
    forbid_reason=FORBID_REASON,
)


def check_softmax(fn: Callable, *, time_limit: float | None = None) -> bool:
    """Check ``fn(z, axis=-1)``: a numerically stable softmax along ``axis`` (chapter 5).

    Cases: a vector, logits of ±1000 and ±1e300, batches whose rows have different scales
    (square and not), a masked class, ``axis=0`` and ``axis=1`` of a 3-D array, float32,
    and fresh random rows far apart (``axis`` also by keyword). Never raises.
    """
    return check(SOFTMAX, fn, time_limit)


# ----------------------------------------------------------------------------- logsumexp


def _logsumexp_mistakes() -> list[Mistake]:
    def naive(z, axis=-1):
        return np.log(np.sum(np.exp(z), axis=axis))

    def global_max(z, axis=-1):
        m = np.max(z)
        return m + np.log(np.sum(np.exp(z - m), axis=axis))

    def no_add_back(z, axis=-1):
        m = np.max(z, axis=axis, keepdims=True)
        return np.log(np.sum(np.exp(z - m), axis=axis))

    def keepdims_out(z, axis=-1):
        m = np.max(z, axis=axis, keepdims=True)
        return m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))

    def no_keepdims(z, axis=-1):
        m = np.max(z, axis=axis)
        return m + np.log(np.sum(np.exp(z - m), axis=axis))

    def fixed_axis(fixed):
        def wrong(z, axis=-1):
            m = np.max(z, axis=fixed, keepdims=True)
            return np.squeeze(m, fixed) + np.log(np.sum(np.exp(z - m), axis=fixed))

        return wrong

    return [
        Mistake(NO_MAX, naive),
        Mistake(GLOBAL_MAX, global_max),
        Mistake(ADD_MAX_BACK, no_add_back),
        Mistake(KEEPDIMS_OUT, keepdims_out),
        Mistake(NO_KEEPDIMS, no_keepdims),
        Mistake(WRONG_AXIS, fixed_axis(0)),
        Mistake(WRONG_AXIS, fixed_axis(-1)),
    ]


LOGSUMEXP = Spec(
    signature="z, axis=-1",
    name="logsumexp",
    reference=lambda z, axis=-1: logsumexp(z, axis),
    cases=lambda rng: (
        _fixed("check the formula m + log Σ exp(z_j − m) with m = max(z).") + _random(rng)
    ),
    hint="check the formula m + log Σ exp(z_j − m) with m = max(z).",
    mistakes=_logsumexp_mistakes(),
    tol=_TOL,
    return_hint=RETURN_ARRAY,
    dtype_hint=FLOAT32,
    in_place_hint=IN_PLACE,
    shape_hint=SHAPE_HINTS["logsumexp"],
    warning_hint=_warning_hint,
    error_hint=_error_hint,
    forbid=FORBID,
    forbid_reason=FORBID_REASON,
)


def check_logsumexp(fn: Callable, *, time_limit: float | None = None) -> bool:
    """Check ``fn(z, axis=-1)``: ``log Σ exp(z)`` along ``axis``, computed stably, with the
    reduced axis removed (a vector gives a scalar) and the dtype of ``z`` (chapter 5).
    Never raises.
    """
    return check(LOGSUMEXP, fn, time_limit)
