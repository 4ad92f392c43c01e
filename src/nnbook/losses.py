"""Loss functions for the three classic output layers, and their gradients (chapter 5).

=====================  ==========================================  ==========================
output layer           loss                                         gradient w.r.t. the first
                                                                    argument
=====================  ==========================================  ==========================
identity (regression)  :func:`mse`                                  ``2 (ŷ − y) / N``
sigmoid (binary)       :func:`binary_cross_entropy_with_logits`     ``(σ(z) − t) / N``
softmax (multi-class)  :func:`cross_entropy`                        ``(softmax(Z) − Y) / n``
=====================  ==========================================  ==========================

Each pairing has the gradient *(prediction − target) / count* (times 2 for the MSE, the
derivative of the square): the output layer's own derivative cancels against the loss's.
That is why frameworks fuse them: the two cross-entropies here take **logits**
(pre-activations) and apply the sigmoid or softmax themselves, stably. Never feed them
probabilities (chapter 5 shows what a second softmax does to training).

What is averaged, precisely:

- :func:`mse` and :func:`binary_cross_entropy_with_logits` are **means over all elements**,
  ``N = pred.size`` (as ``torch.nn.MSELoss`` and ``BCEWithLogitsLoss`` with their default
  ``reduction="mean"``). For the usual single-output shape ``(n,)`` or ``(n, 1)``, ``N`` is
  the batch size ``n``; for ``(n, d)`` outputs it is ``n·d`` (the mean over the batch of the
  per-sample mean over outputs).
- :func:`cross_entropy` is the **mean over the batch** of the per-sample loss, which already
  sums over the ``k`` classes: it divides by ``n``, the number of rows.
- The factor 2 in the MSE gradient is the derivative of the square. Half the MSE,
  ``½·mse``, is the Gaussian negative log-likelihood (up to a constant), and its gradient is
  exactly ``(ŷ − y) / N``, the same pattern as the other two.

Conventions shared by all functions here:

- the result (a NumPy scalar) and every gradient take the floating dtype of the first
  argument; float16/float32 are computed in float64 and rounded once;
- no warnings and no nan for finite logits, ±1e300 included; a loss is finite wherever its
  true value is finite, and ``0·log 0`` counts as 0 (a class with target probability 0
  contributes nothing, even when it is masked with a ``-inf`` logit);
- bad input raises ``TypeError`` (non-numeric data, float class labels) or ``ValueError``
  (empty batch, shape mismatch, labels out of range, probabilities outside [0, 1] or rows
  not summing to 1), with a message naming the problem.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import as_float_array
from .activations import sigmoid, softplus
from .softmax import _QUIET, _shifted, softmax

__all__ = [
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "mse",
    "mse_grad",
]


# ----------------------------------------------------------------------------- validation


def _first(x: Any, name: str) -> tuple[np.ndarray, np.dtype]:
    """The first argument as float64 plus its own floating dtype; rejects empty input."""
    arr = as_float_array(x, name)
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}): there is no batch to average over")
    return arr.astype(np.float64, copy=False), arr.dtype


def _same_shape(a: np.ndarray, b: Any, names: tuple[str, str]) -> np.ndarray:
    b = as_float_array(b, names[1]).astype(np.float64, copy=False)
    if b.shape != a.shape:
        raise ValueError(
            f"{names[0]} has shape {a.shape} but {names[1]} has shape {b.shape}; they must "
            "match (no broadcasting)"
        )
    return b


def _as_scalar(value: Any, dtype: np.dtype) -> np.floating:
    return np.asarray(value, dtype=dtype)[()]


def _check_probabilities(t: np.ndarray, name: str) -> None:
    bad = ~((t >= 0) & (t <= 1))  # also catches nan
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} must be probabilities in [0, 1]; found {float(t[where]):g} at index "
            f"{where if len(where) > 1 else where[0]}"
        )


def _class_targets(z: np.ndarray, targets: Any) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Validate cross-entropy targets: ``(labels, None)`` or ``(None, probability rows)``."""
    n, k = z.shape
    if isinstance(targets, (str, bytes)) or targets is None:
        raise TypeError(f"targets must be numeric, got {type(targets).__name__}")
    try:
        y = np.asarray(targets)
    except ValueError as exc:
        raise TypeError(f"targets must be a rectangular numeric array: {exc}") from None
    if y.dtype.kind not in "biuf":
        raise TypeError(f"targets must be numeric, got an array of dtype {y.dtype}")
    if y.ndim == 1:
        if y.dtype.kind not in "iu":
            raise TypeError(
                f"class labels of shape (n,) must be integers, got dtype {y.dtype}. Pass "
                "labels.astype(int), or probability rows of shape (n, k)"
            )
        if y.shape[0] != n:
            raise ValueError(f"targets has {y.shape[0]} labels but logits has {n} rows")
        bad = (y < 0) | (y >= k)
        if bad.any():
            raise ValueError(
                f"class labels must be in 0..{k - 1} for {k} classes; found "
                f"{np.unique(y[bad])[:5].tolist()}"
            )
        return y.astype(np.intp), None
    if y.ndim == 2:
        if y.shape != z.shape:
            raise ValueError(
                f"probability targets must have the shape of the logits {z.shape}, got {y.shape}"
            )
        if y.dtype.kind == "b":
            raise TypeError("probability targets must be numbers, got booleans")
        eps = float(np.finfo(y.dtype).eps) if y.dtype.kind == "f" else 0.0
        y = y.astype(np.float64)
        _check_probabilities(y, "probability targets")
        tol = max(1e-6, k * eps)
        sums = y.sum(axis=1)
        off = np.abs(sums - 1.0) > tol
        if off.any():
            i = int(np.argmax(off))
            raise ValueError(
                f"each row of probability targets must sum to 1 (within {tol:.1g}); row {i} "
                f"sums to {sums[i]:.6g}"
            )
        return None, y
    raise ValueError(
        "targets must be class labels of shape (n,) or probability rows of shape (n, k), "
        f"got shape {y.shape}"
    )


def _logits_matrix(logits: Any) -> tuple[np.ndarray, np.dtype]:
    arr = as_float_array(logits, "logits")
    if arr.ndim != 2:
        raise ValueError(
            f"logits must be 2-D with shape (n_samples, n_classes), got shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"logits is an empty batch (shape {arr.shape}): nothing to average")
    if arr.shape[1] == 0:
        raise ValueError(f"logits has no classes (shape {arr.shape}): need at least one column")
    return arr.astype(np.float64, copy=False), arr.dtype


# ----------------------------------------------------------------------------- MSE


def mse(pred: Any, target: Any) -> np.floating:
    """Mean squared error ``(1/N) Σ (pred − target)²`` over all ``N = pred.size`` elements.

    The loss for an identity (linear) output layer in regression (chapter 5). ``pred`` and
    ``target`` must have the same shape. Returns a NumPy scalar in ``pred``'s dtype.

    Examples
    --------
    >>> float(mse([1.0, 2.0, 3.0], [1.0, 0.0, 4.0]))  # (0 + 4 + 1) / 3
    1.6666666666666667
    """
    p, dtype = _first(pred, "pred")
    t = _same_shape(p, target, ("pred", "target"))
    with np.errstate(**_QUIET):
        d = p - t
        out = np.mean(d * d)
        if not np.isfinite(out) and np.isfinite(d).all():  # d² overflowed: rescale
            s = np.max(np.abs(d))
            out = np.mean((d / s) ** 2) * s * s
    return _as_scalar(out, dtype)


def mse_grad(pred: Any, target: Any) -> np.ndarray:
    """Gradient of :func:`mse` with respect to ``pred``: ``2 (pred − target) / N``.

    ``N = pred.size``, the number of elements averaged (chapter 5). Same shape and dtype
    as ``pred``.
    """
    p, dtype = _first(pred, "pred")
    t = _same_shape(p, target, ("pred", "target"))
    with np.errstate(**_QUIET):
        g = (p - t) * (2.0 / p.size)
    return np.asarray(g, dtype=dtype)


# ----------------------------------------------------------------------------- binary


def binary_cross_entropy_with_logits(logits: Any, targets: Any) -> np.floating:
    """Binary cross-entropy of ``sigmoid(logits)`` against ``targets``, from the logits.

    Per element, with ``p = σ(z)``,
    ``−t log p − (1 − t) log(1 − p) = t·softplus(−z) + (1 − t)·softplus(z)``, which never
    takes the log of a rounded 0 (chapter 5). Averaged over all ``N = logits.size``
    elements, as ``torch.nn.functional.binary_cross_entropy_with_logits``.

    ``targets`` has the shape of ``logits`` and holds probabilities in [0, 1] (usually the
    labels 0 and 1). A term with target weight 0 contributes exactly 0, so infinite logits
    give the limit (0 for a confident right answer, inf for a confident wrong one) where
    PyTorch returns nan.

    Examples
    --------
    >>> float(binary_cross_entropy_with_logits([800.0, -800.0], [0.0, 0.0]))  # (800 + 0) / 2
    400.0
    """
    z, dtype = _first(logits, "logits")
    t = _same_shape(z, targets, ("logits", "targets"))
    _check_probabilities(t, "targets")
    with np.errstate(**_QUIET):
        pos = np.where(t > 0, t * softplus(-z), 0.0)
        neg = np.where(t < 1, (1.0 - t) * softplus(z), 0.0)
        out = np.mean(pos + neg)
    return _as_scalar(out, dtype)


def binary_cross_entropy_with_logits_grad(logits: Any, targets: Any) -> np.ndarray:
    """Gradient of :func:`binary_cross_entropy_with_logits` w.r.t. the logits:
    ``(σ(z) − t) / N`` with ``N = logits.size`` (chapter 5). Same shape and dtype as
    ``logits``.
    """
    z, dtype = _first(logits, "logits")
    t = _same_shape(z, targets, ("logits", "targets"))
    _check_probabilities(t, "targets")
    # σ(z) − t written as (1 − t)·σ(z) − t·σ(−z): for t = 1 this is −σ(−z), which keeps
    # its digits when σ(z) rounds towards 1 (a confident right answer's tiny gradient)
    g = (1.0 - t) * sigmoid(z) - t * sigmoid(-z)
    return np.asarray(g / z.size, dtype=dtype)


# ----------------------------------------------------------------------------- multi-class


def _row_log_softmax(z: np.ndarray) -> np.ndarray:
    with np.errstate(**_QUIET):
        t, log1p_r, _, finite = _shifted(z, 1)
        t -= log1p_r
    return t if finite.all() else np.where(finite, t, np.nan)


def cross_entropy(logits: Any, targets: Any) -> np.floating:
    """Softmax cross-entropy from logits, averaged over the batch (chapter 5).

    For row ``i`` with logits ``z_i`` and target distribution ``y_i``, the loss is
    ``−Σ_c y_ic log softmax(z_i)_c = logsumexp(z_i) − Σ_c y_ic z_ic``; the result is the
    mean over the ``n`` rows. Like ``torch.nn.functional.cross_entropy``, it applies the
    softmax itself: pass logits, not probabilities.

    Parameters
    ----------
    logits
        Shape ``(n, k)``: one row of ``k`` class scores per sample. ``-inf`` masks a class.
    targets
        Either integer class labels of shape ``(n,)`` with values in ``0..k−1``, or
        probability rows of shape ``(n, k)`` (non-negative, each summing to 1 within
        ``max(1e-6, k·eps)`` of the targets' dtype), e.g. one-hot or label-smoothed rows.

    Returns
    -------
    numpy floating scalar
        In the logits' dtype. Finite for finite logits whenever the true loss is finite.

    Examples
    --------
    >>> float(cross_entropy([[0.0, -800.0]], [1]))  # log(softmax) would give inf
    800.0
    """
    z, dtype = _logits_matrix(logits)
    labels, probs = _class_targets(z, targets)
    logp = _row_log_softmax(z)
    if labels is not None:
        per_row = -np.take_along_axis(logp, labels[:, None], axis=1)[:, 0]
    else:
        with np.errstate(**_QUIET):
            per_row = -np.where(probs > 0, probs * logp, 0.0).sum(axis=1)
    return _as_scalar(np.mean(per_row), dtype)


def cross_entropy_grad(logits: Any, targets: Any) -> np.ndarray:
    """Gradient of :func:`cross_entropy` w.r.t. the logits: ``(softmax(Z) − Y) / n``.

    ``Y`` is the one-hot encoding of the labels (or the probability rows) and ``n`` the
    number of rows (chapter 5). Same shape and dtype as ``logits``.
    """
    z, dtype = _logits_matrix(logits)
    labels, probs = _class_targets(z, targets)
    g = softmax(z, axis=1)
    if labels is not None:
        rows = np.arange(z.shape[0])
        # p_y − 1 = −Σ_{j≠y} p_j, summed directly: no cancellation when p_y is near 1
        g[rows, labels] = 0.0
        g[rows, labels] = -g.sum(axis=1)
    else:
        g -= probs
    g /= z.shape[0]
    return np.asarray(g, dtype=dtype)
