"""Numerical gradients and how to compare them with analytic ones (chapter 6, used in tests
from chapter 2 on).

Rules of thumb for :func:`relative_error` between an analytic and a numerical gradient,
computed in float64 with centred differences:

- about 1e-7 or less: the gradient is right;
- between 1e-7 and 1e-2: look closer (kinks, float32, a too-large ``eps``);
- above 1e-2: the gradient is wrong.

Near a kink (ReLU at 0, the max in max-pooling) the centred difference straddles the kink
and can disagree with a correct gradient; check at points away from kinks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["numerical_gradient", "relative_error"]


def numerical_gradient(f: Callable[[np.ndarray], Any], x: Any, eps: float = 1e-6) -> np.ndarray:
    """Centred-difference gradient of a scalar function ``f`` at ``x``.

    .. math:: \\frac{\\partial f}{\\partial x_i} \\approx
              \\frac{f(x + \\varepsilon e_i) - f(x - \\varepsilon e_i)}{2\\varepsilon}

    ``x`` may have any shape; the result has the same shape and is float64. ``f`` is called
    with a float64 array that is perturbed in place one entry at a time and restored before
    the function returns, so the caller's ``x`` is left unchanged (the perturbed array is a
    copy when ``x`` is not already a float64 array). The error of the estimate is O(eps²).
    """
    if not callable(f):
        raise TypeError(f"f must be a function of an array, got {type(f).__name__}")
    if isinstance(eps, bool) or not (
        isinstance(eps, (int, float)) and np.isfinite(eps) and eps > 0
    ):
        raise ValueError(f"eps must be a positive finite number, got {eps!r}")
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"x must be a numeric array, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError("x is empty: there is nothing to differentiate")
    work = (
        arr if (isinstance(x, np.ndarray) and arr.dtype == np.float64) else arr.astype(np.float64)
    )
    grad = np.zeros(work.shape, dtype=np.float64)
    it = np.nditer(work, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        original = work[i]
        try:
            work[i] = original + eps
            f_plus = _scalar(f(work))
            work[i] = original - eps
            f_minus = _scalar(f(work))
        finally:
            work[i] = original
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _scalar(value: Any) -> float:
    arr = np.asarray(value)
    if arr.size != 1:
        raise ValueError(f"f must return a scalar, got an array of shape {arr.shape}")
    return float(arr.reshape(()))


def relative_error(a: Any, b: Any, floor: float = 1e-12) -> float:
    """The largest element-wise relative error ``|a − b| / max(|a| + |b|, floor)``.

    Symmetric in ``a`` and ``b``; ``floor`` keeps the ratio defined where both are 0 (then
    the error is 0). Shapes must match.
    """
    if not (isinstance(floor, (int, float)) and np.isfinite(floor) and floor > 0):
        raise ValueError(f"floor must be a positive finite number, got {floor!r}")
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    denom = np.maximum(np.abs(a) + np.abs(b), floor)
    return float(np.max(np.abs(a - b) / denom))
