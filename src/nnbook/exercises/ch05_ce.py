"""Chapter 5's cross-entropy exercise, as data for the engine (:mod:`._engine`): any number
type and float dtype is a right answer; the hints are shared with :mod:`.ch05`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..losses import cross_entropy
from ..softmax import softmax
from ._engine import Case, Mistake, Spec, check
from .ch05 import (
    _TOL,
    DOUBLE_SOFTMAX,
    FORBID,
    FORBID_REASON,
    GLOBAL_MAX,
    IN_PLACE,
    LOG_OF_SOFTMAX,
    MEAN_ALL,
    NO_KEEPDIMS,
    NO_MAX,
    SHAPE_HINTS,
    SUM_NOT_MEAN,
    WRONG_INDEX,
    WRONG_SIGN,
    _rows_apart,
    _warning_hint,
)

__all__ = ["check_cross_entropy"]

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


def _ce_mistakes() -> list[Mistake]:
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
        Mistake(LOG_OF_SOFTMAX, log_of_softmax),
        Mistake(_rows(NO_MAX), naive),
        Mistake(_rows(GLOBAL_MAX), global_max),
        Mistake(SUM_NOT_MEAN, summed),
        Mistake(MEAN_ALL, mean_all),
        Mistake(WRONG_SIGN, wrong_sign),
        Mistake(WRONG_INDEX, wrong_index),
        Mistake(DOUBLE_SOFTMAX, double_softmax),
        Mistake(_rows(NO_KEEPDIMS), no_keepdims),
        Mistake(CE_WRONG_AXIS, axis0),
    ]


def _ce_cases(rng: np.random.Generator) -> list[Case]:
    fixed = np.random.default_rng(7)
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
            np.round(fixed.standard_normal((6, 4)) * 2, 2),
            np.array([0, 3, 1, 1, 2, 3]),
            SUM_NOT_MEAN,
        ),
        (
            "float32 logits",
            np.array([[3.0, -1.0, 0.5], [0.0, 0.0, 8.0]], dtype=np.float32),
            np.array([0, 1]),
            "loss = mean over rows of logsumexp(z_i) − z_i[label_i].",
        ),
    ]
    cases = [Case(desc, (z, y)) for desc, z, y, _ in raw]  # the formula, no guessed mistake
    n = int(rng.integers(2, 5))
    z = _rows_apart(rng, (n, 3))
    z[np.arange(n), rng.integers(0, 3, n)] -= 700.0  # some classes far below the max
    labels = rng.integers(0, 3, n)
    cases.append(Case("random logits with classes far apart", (z, labels), counted=False))
    cases.append(
        Case(
            "random logits by keyword",
            (),
            {"logits": _rows_apart(rng, (2, 4)), "labels": rng.integers(0, 4, 2)},
            counted=False,
        )
    )
    return cases


CROSS_ENTROPY = Spec(
    signature="logits, labels",
    name="cross_entropy",
    reference=lambda logits, labels: cross_entropy(np.asarray(logits, np.float64), labels),
    cases=_ce_cases,
    hint="loss = mean over rows of logsumexp(z_i) − z_i[label_i].",
    mistakes=_ce_mistakes(),
    result="number",
    dtype="any",  # "a number": a Python float, a NumPy scalar or a 0-d array, any float dtype
    tol=_TOL,
    return_hint="return one number: the mean loss (np.mean gives one, and float(...) is fine).",
    in_place_hint=IN_PLACE.replace("(z -= m)", "(logits -= m)"),
    shape_hint=SHAPE_HINTS["cross_entropy"],
    warning_hint=lambda w, right: _rows(_warning_hint(w)),
    error_hint=lambda e: _rows(NO_KEEPDIMS) if "broadcast" in e else None,
    forbid=FORBID,
    forbid_reason=FORBID_REASON,
)


def check_cross_entropy(fn: Callable, *, time_limit: float | None = None) -> bool:
    """Check ``fn(logits, labels)``: softmax cross-entropy from logits of shape ``(n, k)``
    and integer labels of shape ``(n,)``, the mean over the batch, returned as a number
    (chapter 5). Cases: a typical batch, one sample, logits of ±800 and ±1000, rows of
    different scales, a bigger batch, float32 logits, fresh random logits. Never raises.
    """
    return check(CROSS_ENTROPY, fn, time_limit)
