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
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..losses import cross_entropy
from ..softmax import logsumexp, softmax
from ._core import Outcome, Report, call, fmt, run_checker

__all__ = ["check_cross_entropy", "check_logsumexp", "check_softmax"]

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


# ----------------------------------------------------------------------------- machinery


@dataclass
class _Case:
    desc: str
    args: tuple  # positional arguments; arrays are copied before each call
    expected: np.ndarray
    hint: str  # the hint when no known mistake reproduces the wrong answer


def _call(fn: Callable, *args: Any) -> Outcome:
    """:func:`call` with underflow to 0 allowed: exp(-1000) = 0 is the right answer (and
    NumPy is silent about it by default, so the learner never sees such a warning)."""

    def quiet_underflow(*a: Any) -> Any:
        with np.errstate(under="ignore"):
            return fn(*a)

    return call(quiet_underflow, *args)


def _copies(args: tuple) -> tuple:
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _close(a: Any, b: Any, rtol: float, atol: float) -> bool:
    try:
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def _same(got: Outcome, ref: Outcome) -> bool:
    """Did the candidate do what a known mistake does (same error, or same values)?"""
    if got.error is not None and got.error.startswith("raised"):
        if ref.error is None or not ref.error.startswith("raised"):
            return False
        return got.error.split(":")[0] == ref.error.split(":")[0] and (
            ("broadcast" in got.error) == ("broadcast" in ref.error)
        )
    if ref.error is not None and ref.error.startswith("raised"):
        return False
    return _close(got.value, ref.value, rtol=1e-6, atol=1e-12)


def _diagnose(
    got: Outcome, case: _Case, mistakes: list[tuple[str, Callable]], row_axis: bool = False
) -> str:
    for hint, wrong in mistakes:
        if _same(got, _call(wrong, *_copies(case.args))):
            return hint
    fallback = case.hint
    if got.error is not None and "overflow" in got.error:
        fallback = NO_MAX
    elif got.error is not None and "broadcast" in got.error:
        fallback = NO_KEEPDIMS
    return fallback.replace("axis=axis", "axis=1") if row_axis else fallback


def _nested(x: Any) -> str:
    if isinstance(x, list):
        return "[" + ", ".join(_nested(v) for v in x) + "]"
    return f"{x:.6g}" if isinstance(x, (int, float)) else repr(x)


def _show(value: Any) -> str:
    """Small arrays in full on one line (nested lists), bigger ones by their shape."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        prefix = "" if value.dtype in (np.float64, np.int64) else f"{value.dtype} "
        if value.size <= 12:
            return prefix + _nested(value.tolist())
        return f"{'a ' + prefix if prefix else 'an '}array of shape {value.shape}"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    return fmt(value)


def _difference(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float) -> str:
    if expected.size <= 12:
        return f"expected {_show(expected)}, got {_show(got)}"
    with np.errstate(invalid="ignore"):
        wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol) | np.isnan(got)
    where = tuple(int(i) for i in np.argwhere(wrong)[0])
    return (
        f"{int(wrong.sum())} of {expected.size} entries are wrong; at index {where} "
        f"expected {float(expected[where]):.6g}, got {float(got[where]):.6g}"
    )


def _show_args(args: tuple) -> str:
    return ", ".join(_show(a) for a in args)


def _run(
    report: Report,
    fn: Callable,
    name: str,
    cases: list[_Case],
    mistakes: list[tuple[str, Callable]],
    tol: dict[Any, tuple[float, float]],
) -> None:
    row_axis = name == "cross_entropy"
    for case in cases:
        report.case()
        args = _copies(case.args)
        got = _call(fn, *args)
        head = f"{case.desc}: {name}({_show_args(case.args)})"
        if any(
            isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True)
            for a, b in zip(args, case.args, strict=True)
        ):
            report.fail(f"{head} changed its input.", IN_PLACE)
            continue
        if got.error is not None and got.error.startswith("raised"):
            report.fail(f"{head} {got.error}.", _diagnose(got, case, mistakes, row_axis))
            continue
        value = got.value
        if value is None or isinstance(value, (list, tuple, str)):
            report.fail(f"{head} returned {_show(value)}.", RETURN_ARRAY)
            continue
        try:
            arr = np.asarray(value)
        except Exception:  # an exotic object: report it
            arr = np.asarray(None)
        expected = case.expected
        if arr.dtype.kind != "f":
            report.fail(f"{head} returned {_show(value)} (dtype {arr.dtype}).", RETURN_ARRAY)
            continue
        if arr.shape != expected.shape:
            hint = _diagnose(got, case, mistakes, row_axis)
            if hint == case.hint:  # no known mistake gives this shape
                hint = SHAPE_HINTS[name]
            report.fail(
                f"{head} returned shape {arr.shape}, expected shape {expected.shape}.", hint
            )
            continue
        rtol, atol = tol[expected.dtype.type]
        if got.error is not None:  # a warning, perhaps with the right numbers
            report.fail(
                f"{head} {got.error}; it returned {_show(arr)}.",
                _diagnose(got, case, mistakes, row_axis),
            )
            continue
        if not _close(arr, expected, rtol, atol) or np.isnan(arr).any():
            report.fail(
                f"{head}: {_difference(expected, arr, rtol, atol)}.",
                _diagnose(got, case, mistakes, row_axis),
            )
            continue
        if arr.dtype != expected.dtype:
            report.fail(f"{head} returned dtype {arr.dtype}, expected {expected.dtype}.", FLOAT32)


_TOL = {np.float64: (1e-7, 1e-12), np.float32: (2e-5, 1e-7)}


def _per_axis(z: np.ndarray, axis: int | None) -> int:
    return -1 if axis is None else axis


def _axis_args(z: np.ndarray, axis: int | None) -> tuple:
    return (z,) if axis is None else (z, axis)


# ----------------------------------------------------------------------------- softmax


def _softmax_mistakes() -> list[tuple[str, Callable]]:
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
        (NO_MAX, naive),
        (GLOBAL_MAX, global_max),
        (NO_KEEPDIMS, no_keepdims),
        (NO_KEEPDIMS, no_keepdims_in_sum),
        (SUM_ALL, sum_all),
        (WRONG_AXIS, fixed_axis(0)),
        (WRONG_AXIS, fixed_axis(-1)),
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


def check_softmax(fn: Callable) -> bool:
    """Check ``fn(z, axis=-1)``: a numerically stable softmax along ``axis`` (chapter 5).

    Cases: a vector, logits of ±1000 and ±1e300, batches whose rows have different scales
    (square and not), a masked class, ``axis=0`` and ``axis=1`` of a 3-D array, float32.
    Never raises.
    """
    cases = [
        _Case(desc, _axis_args(z, axis), softmax(z, _per_axis(z, axis)), hint)
        for desc, z, axis, hint in _batch_cases()
    ]
    return run_checker(
        "softmax",
        fn,
        lambda report: _run(report, fn, "softmax", cases, _softmax_mistakes(), _TOL),
    )


# ----------------------------------------------------------------------------- logsumexp


def _logsumexp_mistakes() -> list[tuple[str, Callable]]:
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
        (NO_MAX, naive),
        (GLOBAL_MAX, global_max),
        (ADD_MAX_BACK, no_add_back),
        (KEEPDIMS_OUT, keepdims_out),
        (NO_KEEPDIMS, no_keepdims),
        (WRONG_AXIS, fixed_axis(0)),
        (WRONG_AXIS, fixed_axis(-1)),
    ]


def check_logsumexp(fn: Callable) -> bool:
    """Check ``fn(z, axis=-1)``: ``log Σ exp(z)`` along ``axis``, computed stably, with the
    reduced axis removed (a vector gives a scalar) (chapter 5). Never raises.
    """
    cases = []
    for desc, z, axis, hint in _batch_cases():
        if desc == "a vector":
            hint = "check the formula m + log Σ exp(z_j − m) with m = max(z)."
        cases.append(_Case(desc, _axis_args(z, axis), logsumexp(z, _per_axis(z, axis)), hint))
    return run_checker(
        "logsumexp",
        fn,
        lambda report: _run(report, fn, "logsumexp", cases, _logsumexp_mistakes(), _TOL),
    )


# ----------------------------------------------------------------------------- cross-entropy


def _log_softmax_rows(z, axis=1, keepdims=True, max_axis=1, global_max=False):
    m = np.max(z) if global_max else np.max(z, axis=max_axis, keepdims=keepdims)
    return z - m - np.log(np.sum(np.exp(z - m), axis=axis, keepdims=keepdims))


CE_WRONG_AXIS = (
    "the wrong axis: each sample's softmax runs over its own row, so reduce along the "
    "class axis (axis=1 or -1), not axis 0, in the max and in the sum."
)


def _rows(hint: str) -> str:
    """A hint phrased for cross-entropy, whose softmax always runs along axis 1."""
    return hint.replace("axis=axis", "axis=1")


def _ce_mistakes() -> list[tuple[str, Callable]]:
    def rows(logp, labels):
        return logp[np.arange(len(labels)), labels]

    def summed(z, y):
        return -np.sum(rows(_log_softmax_rows(z), y))

    def mean_all(z, y):
        return -np.sum(rows(_log_softmax_rows(z), y)) / z.size

    def log_of_softmax(z, y):
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        return -np.mean(np.log(rows(e / np.sum(e, axis=1, keepdims=True), y)))

    def naive(z, y):
        return -np.mean(rows(z - np.log(np.sum(np.exp(z), axis=1, keepdims=True)), y))

    def global_max(z, y):
        return -np.mean(rows(_log_softmax_rows(z, global_max=True), y))

    def wrong_sign(z, y):
        return np.mean(rows(_log_softmax_rows(z), y))

    def wrong_index(z, y):
        return -np.mean(_log_softmax_rows(z)[:, y])

    def double_softmax(z, y):
        return float(cross_entropy(softmax(z), y))

    def no_keepdims(z, y):
        return -np.mean(rows(_log_softmax_rows(z, keepdims=False), y))

    def axis0(z, y):
        return -np.mean(rows(_log_softmax_rows(z, axis=0, max_axis=0), y))

    return [
        (LOG_OF_SOFTMAX, log_of_softmax),
        (_rows(NO_MAX), naive),
        (_rows(GLOBAL_MAX), global_max),
        (SUM_NOT_MEAN, summed),
        (MEAN_ALL, mean_all),
        (WRONG_SIGN, wrong_sign),
        (WRONG_INDEX, wrong_index),
        (DOUBLE_SOFTMAX, double_softmax),
        (_rows(NO_KEEPDIMS), no_keepdims),
        (CE_WRONG_AXIS, axis0),
    ]


def check_cross_entropy(fn: Callable) -> bool:
    """Check ``fn(logits, labels)``: softmax cross-entropy from logits of shape ``(n, k)``
    and integer labels of shape ``(n,)``, the mean over the batch (chapter 5).

    Cases: a typical batch, one sample, logits of ±800 and ±1000, rows of different
    scales, a square batch, a bigger batch, float32 logits. Never raises.
    """
    rng = np.random.default_rng(7)
    raw = [
        (
            "a batch of 3",
            np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [1.0, 1.0, 3.0]]),
            np.array([0, 2, 1]),
            "loss = mean over rows of logsumexp(z_i) − z_i[label_i].",
        ),
        ("one sample", np.array([[2.0, 1.0, 0.1, -1.0]]), np.array([0]), WRONG_SIGN),
        ("a class far below the max", np.array([[0.0, -800.0]]), np.array([1]), LOG_OF_SOFTMAX),
        ("large logits", np.array([[1000.0, 0.0, -1000.0]]), np.array([0]), _rows(NO_MAX)),
        (
            "rows of different scales",
            np.array([[1000.0, 999.0, 998.0], [1.0, 2.0, 3.0]]),
            np.array([2, 0]),
            _rows(GLOBAL_MAX),
        ),
        (
            "a batch of 6 with 4 classes",
            np.round(rng.standard_normal((6, 4)) * 2, 2),
            np.array([0, 3, 1, 1, 2, 3]),
            SUM_NOT_MEAN,
        ),
        (
            "float32 logits",
            np.array([[3.0, -1.0, 0.5], [0.0, 0.0, 8.0]], dtype=np.float32),
            np.array([0, 1]),
            FLOAT32,
        ),
    ]
    cases = [_Case(desc, (z, y), np.asarray(cross_entropy(z, y)), hint) for desc, z, y, hint in raw]
    return run_checker(
        "cross_entropy",
        fn,
        lambda report: _run(report, fn, "cross_entropy", cases, _ce_mistakes(), _TOL),
    )
