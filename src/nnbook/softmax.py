"""Softmax, log-softmax and log-sum-exp that never overflow (chapter 5).

For a vector of logits :math:`z = (z_1, \\dots, z_k)`,

.. math::
    \\operatorname{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}, \\qquad
    \\operatorname{logsumexp}(z) = \\log \\sum_j e^{z_j}, \\qquad
    \\operatorname{log\\_softmax}(z)_i = z_i - \\operatorname{logsumexp}(z).

Every function works along one ``axis`` of an array of any dimension (a batch of logits
``Z = X @ W + b`` of shape ``(n, k)`` uses the default ``axis=-1``: one softmax per row).

How they stay finite. With :math:`m = \\max_j z_j` (one per row),
:math:`\\operatorname{softmax}(z) = \\operatorname{softmax}(z - m)` and
:math:`\\operatorname{logsumexp}(z) = m + \\log \\sum_j e^{z_j - m}`: the largest exponent is 0,
so ``exp`` cannot overflow, and the sum is at least 1, so nothing divides by 0 or takes the
log of 0. The max term contributes exactly 1 to that sum, so the sum is ``1 + r`` with ``r``
the sum over the other entries, and ``log1p(r)`` keeps the digits that ``log(1 + r)`` would
round away (this makes log-softmax of the winning class accurate even when it is tiny).

Numerical contract (tested in ``tests/test_softmax.py``):

- any finite input, ±1e300 included: no warning, no nan; log-softmax and logsumexp are
  within a few ULP of an mpmath reference, relative to the row's magnitude;
- ``-inf`` entries act as a mask (probability exactly 0, log-probability ``-inf``);
- rows whose max is not finite follow PyTorch (``torch.softmax``, ``torch.log_softmax``,
  ``torch.logsumexp``), silently: a row of all ``-inf`` gives softmax ``nan``, log-softmax
  ``nan`` and logsumexp ``-inf``; a row containing ``+inf`` gives ``nan``, ``nan`` and
  ``+inf``; a row containing ``nan`` gives ``nan`` everywhere;
- float16/float32/float64 keep their dtype (the lower precisions are computed in float64
  and rounded once at the end); integers, booleans, lists and scalars become float64; a
  scalar counts as a vector of one entry;
- bad input raises: ``TypeError`` for non-numeric data or a non-integer ``axis``,
  ``ValueError`` for an axis out of range or a row with no entries.

:func:`softmax_naive` is the textbook formula, kept to demonstrate why all this is needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import as_float_array

__all__ = ["log_softmax", "logsumexp", "softmax", "softmax_naive"]

_QUIET = {"over": "ignore", "under": "ignore", "invalid": "ignore", "divide": "ignore"}


def _check_axis(axis: Any, shape: tuple[int, ...], name: str) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__} {axis!r}")
    ndim = len(shape)
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"axis {axis} is out of range for {name} with {ndim} dimension(s), shape {shape}"
        )
    axis = int(axis) % ndim
    if shape[axis] == 0:
        raise ValueError(
            f"{name} is empty along axis {axis} (shape {shape}): each softmax needs at least "
            "one entry"
        )
    return axis


def _prepare(z: Any, axis: Any, name: str = "z") -> tuple[np.ndarray, int, np.ndarray]:
    """``z`` as a float64 array of at least 1 dimension, the normalised axis, and ``z``'s
    own float array (whose dtype and shape the result takes)."""
    arr = as_float_array(z, name)
    work = arr.reshape(1) if arr.ndim == 0 else arr
    ax = _check_axis(axis, work.shape, name)
    if work.dtype != np.float64:
        work = work.astype(np.float64)
    return work, ax, arr


def _shifted(x: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The shared core of log-softmax and logsumexp.

    Returns ``(t, log1p_r, m, finite)``: ``t = x − m`` with ``m`` the per-row max (replaced
    by 0 where it is not finite), ``log1p_r = log(Σ exp(t))`` computed as ``log1p`` of the
    sum without the max term, the original per-row max ``m`` and the mask of rows whose
    max is finite. Must be called under ``np.errstate(**_QUIET)``.
    """
    idx = np.argmax(x, axis=axis, keepdims=True)  # nan counts as the max: the row stays nan
    m = np.take_along_axis(x, idx, axis=axis)
    finite = np.isfinite(m)
    shift = m if finite.all() else np.where(finite, m, 0.0)
    t = x - shift  # may overflow to -inf for entries ~1e308 below the max: exp gives 0
    e = np.exp(t)
    np.put_along_axis(e, idx, 0.0, axis=axis)  # exp(0) = 1 exactly, added back by log1p
    log1p_r = np.log1p(e.sum(axis=axis, keepdims=True))
    return t, log1p_r, m, finite


def _finish(values: np.ndarray, like: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.asarray(values.reshape(shape), dtype=like.dtype)


def softmax(z: Any, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: ``exp(z − m) / Σ exp(z − m)`` with ``m`` the max (chapter 5).

    Parameters
    ----------
    z
        Logits: a number, list or array of any dimension.
    axis
        The axis along which the outputs sum to 1 (default: the last, one softmax per row
        of a batch of shape ``(n, k)``).

    Returns
    -------
    ndarray
        Same shape and floating dtype as ``z``; entries in [0, 1] summing to 1 along
        ``axis``. Entries round to exactly 0 (or 1) when the gap to the max is beyond what
        the dtype resolves. See the module docstring for ``-inf``, ``+inf`` and ``nan``.

    Examples
    --------
    >>> softmax([1.2, 0.9, 0.4]).round(2).tolist()
    [0.46, 0.34, 0.2]
    >>> softmax([900.0, 1000.0, 1000.0]).tolist()  # the naive formula gives nan here
    [1.860037988010418e-44, 0.5, 0.5]
    """
    x, ax, arr = _prepare(z, axis)
    with np.errstate(**_QUIET):
        m = np.max(x, axis=ax, keepdims=True)
        finite = np.isfinite(m)
        all_finite = bool(finite.all())
        e = x - (m if all_finite else np.where(finite, m, 0.0))
        np.exp(e, out=e)
        e /= e.sum(axis=ax, keepdims=True)
    if not all_finite:
        e = np.where(finite, e, np.nan)
    return _finish(e, arr, arr.shape)


def log_softmax(z: Any, axis: int = -1) -> np.ndarray:
    """Log of the softmax along ``axis``, computed as ``z − logsumexp(z)`` (chapter 5).

    Unlike ``log(softmax(z))``, it is finite for every finite input: the log-probability of
    a class far below the max is a large negative number, not ``log(0) = -inf``.

    Returns an array of the same shape and floating dtype as ``z``, all entries ≤ 0.

    Examples
    --------
    >>> log_softmax([0.0, -800.0]).tolist()
    [0.0, -800.0]
    """
    x, ax, arr = _prepare(z, axis)
    with np.errstate(**_QUIET):
        t, log1p_r, _, finite = _shifted(x, ax)
        t -= log1p_r
    if not finite.all():
        t = np.where(finite, t, np.nan)
    return _finish(t, arr, arr.shape)


def logsumexp(z: Any, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    """``log Σ exp(z)`` along ``axis``, computed as ``m + log1p(Σ exp(z − m) − 1)`` (chapter 5).

    It is *shift-equivariant*: ``logsumexp(z + c) = logsumexp(z) + c``, and lies between
    ``max(z)`` and ``max(z) + log(k)`` for ``k`` entries.

    Parameters
    ----------
    z
        A number, list or array of any dimension.
    axis
        The axis to reduce (default: the last).
    keepdims
        Keep the reduced axis with length 1, so the result broadcasts against ``z``
        (``z - logsumexp(z, keepdims=True)`` is the log-softmax).

    Returns
    -------
    ndarray
        ``z``'s shape without ``axis`` (or with it as length 1), in ``z``'s floating dtype;
        a 0-d array for a vector.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))  # 1000 + log 2; the naive formula gives inf
    1000.6931471805599
    """
    if not isinstance(keepdims, (bool, np.bool_)):
        raise TypeError(f"keepdims must be True or False, got {keepdims!r}")
    x, ax, arr = _prepare(z, axis)
    with np.errstate(**_QUIET):
        _, log1p_r, m, finite = _shifted(x, ax)
        out = m + log1p_r
    if not finite.all():
        out = np.where(finite, out, m)  # -inf, +inf or nan, as PyTorch
    if arr.ndim == 0:
        return _finish(out, arr, ())
    if not keepdims:
        out = np.squeeze(out, axis=ax)
    return np.asarray(out, dtype=arr.dtype)


def softmax_naive(z: Any, axis: int = -1) -> np.ndarray:
    """The textbook softmax ``exp(z) / Σ exp(z)``, computed in ``z``'s own dtype (chapter 5).

    Kept only to show why :func:`softmax` subtracts the max: ``exp`` overflows to ``inf``
    above about 709.78 in float64 (88.72 in float32, 11.09 in float16), and ``inf / inf``
    is ``nan``. NumPy then emits ``RuntimeWarning`` ("overflow encountered in exp",
    "invalid value encountered in divide"); that is the point of this function, so the
    warnings are not suppressed. Never use it for real work.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     softmax_naive([900.0, 1000.0, 1000.0]).tolist()
    [nan, nan, nan]
    """
    arr = as_float_array(z, "z")
    work = arr.reshape(1) if arr.ndim == 0 else arr
    ax = _check_axis(axis, work.shape, "z")
    e = np.exp(work)
    return (e / e.sum(axis=ax, keepdims=True)).reshape(arr.shape)
