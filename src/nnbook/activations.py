"""Activation functions and their derivatives.

Introduced in chapter 1 (the step function) and chapter 2 (everything else). Every function
accepts a number, a list or an array, returns an array of the same shape and floating dtype
(integers become float64), propagates nan, and raises ``TypeError`` for non-numeric input.

Conventions: ``step(0) == 0`` (a perceptron fires only when its weighted sum is strictly
positive), and ``<name>_grad(x)`` is the derivative with respect to the *input* ``x``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import as_float_array

__all__ = ["identity", "identity_grad", "step"]


def step(x: Any) -> np.ndarray:
    """Heaviside step function, the perceptron's activation (chapter 1).

    .. math:: \\operatorname{step}(x) = 1 \\text{ if } x > 0 \\text{ else } 0

    The value at exactly 0 is 0. nan stays nan.

    Examples
    --------
    >>> step([-1.0, 0.0, 2.5]).tolist()
    [0.0, 0.0, 1.0]
    """
    x = as_float_array(x)
    out = (x > 0).astype(x.dtype)
    return np.where(np.isnan(x), x, out)


def identity(x: Any) -> np.ndarray:
    """The identity activation ``f(x) = x``, used by regression output layers (chapter 5)."""
    return as_float_array(x).copy()


def identity_grad(x: Any) -> np.ndarray:
    """Derivative of :func:`identity`: 1 everywhere (nan stays nan)."""
    x = as_float_array(x)
    return np.where(np.isnan(x), x, np.ones_like(x))
