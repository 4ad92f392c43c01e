"""Activation functions and their derivatives.

Introduced in chapter 1 (the step function) and chapter 2 (everything else); used by the
networks of chapters 3-6. Every function

- accepts a number, a list or an array and returns an ndarray of the same shape;
- keeps float16/float32/float64 as they are (integers and booleans become float64);
- is correct over the whole floating-point range: no overflow warning and no nan for any
  finite input, the right limits at ±inf, and nan propagated;
- raises ``TypeError`` for non-numeric input.

Conventions: ``step(0) == 0`` and ``relu_grad(0) == 0``; ``<name>_grad(x)`` is the derivative
with respect to the *input* ``x``. :data:`ACTIVATIONS` maps each name to an
:class:`Activation` with the function, its derivative and its facts.

GELU is implemented in its **tanh approximation** (Hendrycks & Gimpel, 2016, eq. for
"GELU(x) ≈ 0.5x(1 + tanh[√(2/π)(x + 0.044715x³)])"), the form GPT-2 and BERT use, written
as ``x * sigmoid(2u)`` so that it never cancels.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import as_float_array

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "elu",
    "elu_grad",
    "gelu",
    "gelu_grad",
    "identity",
    "identity_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "logit",
    "logit_grad",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "silu",
    "silu_grad",
    "softplus",
    "softplus_grad",
    "step",
    "tanh",
    "tanh_grad",
]


def _exp_overflow_threshold(dtype: np.dtype) -> float:
    """Largest x (a little below log(max)) for which exp(x) is finite in ``dtype``."""
    return float(np.log(np.finfo(dtype).max)) - 1.0


def _out(values: Any, dtype: np.dtype) -> np.ndarray:
    """Return ``values`` as an ndarray of ``dtype`` (0-d for scalar input, never a NumPy scalar)."""
    return np.asarray(values, dtype=dtype)


def _check_alpha(alpha: Any) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.integer, np.floating)):
        raise TypeError(f"alpha must be a real number, got {type(alpha).__name__}")
    if not math.isfinite(alpha):
        raise ValueError(f"alpha must be finite, got {alpha}")
    return float(alpha)


# ----------------------------------------------------------------------------- step, identity


def step(x: Any) -> np.ndarray:
    """Heaviside step function, the perceptron's activation (chapter 1).

    .. math:: \\operatorname{step}(x) = 1 \\text{ if } x > 0 \\text{ else } 0

    The value at exactly 0 is 0. nan stays nan. Its derivative is 0 wherever it exists,
    which is why networks of step units cannot be trained by gradient descent.

    Examples
    --------
    >>> step([-1.0, 0.0, 2.5]).tolist()
    [0.0, 0.0, 1.0]
    """
    x = as_float_array(x)
    out = (x > 0).astype(x.dtype)
    return _out(np.where(np.isnan(x), x, out), x.dtype)


def identity(x: Any) -> np.ndarray:
    """The identity activation ``f(x) = x``, used by regression output layers (chapter 5)."""
    return as_float_array(x).copy()


def identity_grad(x: Any) -> np.ndarray:
    """Derivative of :func:`identity`: 1 everywhere (nan stays nan)."""
    x = as_float_array(x)
    return _out(np.where(np.isnan(x), x, np.ones_like(x)), x.dtype)


# ----------------------------------------------------------------------------- logistic family


def sigmoid(x: Any) -> np.ndarray:
    """Logistic sigmoid ``σ(x) = 1 / (1 + exp(-x))`` (chapter 2).

    Stable and accurate to 2 ULP over the whole range, subnormal results included. The fast
    path is the textbook formula, which is accurate wherever ``exp(-x)`` does not overflow;
    for the few inputs below about -708 (float64) the result is ``exp(x) / (1 + exp(x))``,
    whose ``exp(x)`` is a subnormal number rather than an overflow.

    Examples
    --------
    >>> sigmoid([0.0, -800.0, 800.0]).tolist()
    [0.5, 0.0, 1.0]
    """
    x = as_float_array(x)
    with np.errstate(over="ignore"):
        out = np.asarray(1.0 / (1.0 + np.exp(-x)))
    low = x < -_exp_overflow_threshold(x.dtype)
    if np.any(low):
        e = np.exp(x[low])
        out[low] = e / (1.0 + e)
    return _out(out, x.dtype)


def sigmoid_grad(x: Any) -> np.ndarray:
    """Derivative of the sigmoid, ``σ'(x) = σ(x)·(1 − σ(x)) = σ(x)·σ(−x)``; at most 1/4, at 0.

    Written as ``σ(x)·σ(−x)`` because ``1 − σ(x)`` loses all its digits once σ(x) rounds to 1.
    """
    x = as_float_array(x)
    return _out(sigmoid(x) * sigmoid(-x), x.dtype)


def logit(p: Any) -> np.ndarray:
    """The inverse of the sigmoid, ``logit(p) = log(p / (1 − p))`` (chapter 2).

    Defined on [0, 1] with ``logit(0) = -inf`` and ``logit(1) = inf``; inputs outside [0, 1]
    give nan (no warning), as ``scipy.special.logit`` does. Computed as
    ``log(p) − log1p(−p)``, accurate for p near 0 and near 1.
    """
    p = as_float_array(p, "p")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(p) - np.log1p(-p)
    out = np.where((p < 0) | (p > 1), np.nan, out)
    return _out(out, p.dtype)


def logit_grad(p: Any) -> np.ndarray:
    """Derivative of :func:`logit`, ``1 / (p (1 − p))``; inf at 0 and 1, nan outside [0, 1]."""
    p = as_float_array(p, "p")
    with np.errstate(divide="ignore", over="ignore"):
        out = 1.0 / (p * (1.0 - p))
    out = np.where((p < 0) | (p > 1), np.nan, out)
    return _out(out, p.dtype)


def tanh(x: Any) -> np.ndarray:
    """Hyperbolic tangent, ``tanh(x) = 2σ(2x) − 1`` (chapter 2), zero-centred, range (−1, 1)."""
    x = as_float_array(x)
    return _out(np.tanh(x), x.dtype)


def tanh_grad(x: Any) -> np.ndarray:
    """Derivative of tanh, ``1 − tanh²(x) = sech²(x)``; at most 1, at 0.

    Computed as ``4e / (1 + e)²`` with ``e = exp(−2|x|)``, which keeps full relative accuracy
    in the tails, where ``1 − tanh²`` would round to 0.
    """
    x = as_float_array(x)
    with np.errstate(over="ignore"):  # -2|x| may round to -inf: exp gives the right 0
        e = np.exp(-2.0 * np.abs(x))
    return _out(4.0 * e / (1.0 + e) ** 2, x.dtype)


# ----------------------------------------------------------------------------- rectifiers


def relu(x: Any) -> np.ndarray:
    """Rectified linear unit ``max(x, 0)`` (chapter 2)."""
    x = as_float_array(x)
    return _out(np.maximum(x, 0), x.dtype)


def relu_grad(x: Any) -> np.ndarray:
    """Derivative of ReLU: 1 for x > 0, 0 for x ≤ 0 (``relu_grad(0) == 0`` by convention)."""
    return step(x)


def leaky_relu(x: Any, alpha: float = 0.01) -> np.ndarray:
    """Leaky ReLU: ``x`` for x > 0 and ``alpha·x`` otherwise (chapter 2).

    For negative inputs it returns ``alpha·x``, a small *multiple* of x (slope ``alpha``,
    usually 0.01), not a fixed small number.
    """
    x = as_float_array(x)
    alpha = _check_alpha(alpha)
    return _out(np.where(x > 0, x, x * alpha), x.dtype)


def leaky_relu_grad(x: Any, alpha: float = 0.01) -> np.ndarray:
    """Derivative of Leaky ReLU: 1 for x > 0, ``alpha`` for x ≤ 0 (nan stays nan)."""
    x = as_float_array(x)
    alpha = _check_alpha(alpha)
    return _out(np.where(np.isnan(x), x, np.where(x > 0, 1.0, alpha)), x.dtype)


def elu(x: Any, alpha: float = 1.0) -> np.ndarray:
    """Exponential linear unit: ``x`` for x > 0, ``alpha·(exp(x) − 1)`` otherwise (chapter 2).

    Uses ``expm1`` so that small negative inputs keep their digits.
    """
    x = as_float_array(x)
    alpha = _check_alpha(alpha)
    negative = alpha * np.expm1(np.minimum(x, 0))
    return _out(np.where(x > 0, x, negative), x.dtype)


def elu_grad(x: Any, alpha: float = 1.0) -> np.ndarray:
    """Derivative of ELU: 1 for x > 0, ``alpha·exp(x)`` for x ≤ 0."""
    x = as_float_array(x)
    alpha = _check_alpha(alpha)
    out = np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0)))
    return _out(np.where(np.isnan(x), x, out), x.dtype)


# ----------------------------------------------------------------------------- smooth modern ones


def softplus(x: Any) -> np.ndarray:
    """Softplus ``log(1 + exp(x))``, a smooth ReLU (chapter 2).

    Computed as ``max(x, 0) + log1p(exp(−|x|))``: no overflow for large x, full accuracy
    (subnormal results included) for very negative x.
    """
    x = as_float_array(x)
    with np.errstate(invalid="ignore"):  # inf - inf never happens below; nan stays nan
        out = np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
    return _out(out, x.dtype)


def softplus_grad(x: Any) -> np.ndarray:
    """Derivative of softplus: exactly the sigmoid."""
    return sigmoid(x)


def silu(x: Any) -> np.ndarray:
    """SiLU / Swish ``x·σ(x)`` (chapter 2; Ramachandran et al., 2017, with β = 1)."""
    x = as_float_array(x)
    with np.errstate(invalid="ignore"):  # -inf * 0 at x = -inf; the limit is 0
        out = x * sigmoid(x)
    return _out(np.where(np.isneginf(x), 0.0, out), x.dtype)


def silu_grad(x: Any) -> np.ndarray:
    """Derivative of SiLU, ``σ(x)·(1 + x·σ(−x))``; negative for x below about −1.28."""
    x = as_float_array(x)
    s = sigmoid(x)
    with np.errstate(invalid="ignore"):  # only for x = ±inf, handled below
        out = s * (1.0 + x * sigmoid(-x))
    out = np.where(np.isposinf(x), 1.0, np.where(np.isneginf(x), 0.0, out))
    return _out(out, x.dtype)


_GELU_C = math.sqrt(2.0 / math.pi)
_GELU_A = 0.044715


def _gelu_u(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Beyond the clip, sigmoid(2u) is exactly 0 or 1 in x's dtype, and x**3 could overflow.
    clip = min(1e6, 0.25 * float(np.finfo(x.dtype).max) ** (1 / 3))
    xc = np.clip(x, -clip, clip)
    return xc, _GELU_C * (xc + _GELU_A * xc**3)


def gelu(x: Any) -> np.ndarray:
    """GELU in its tanh approximation (chapter 2; Hendrycks & Gimpel, 2016):

    .. math:: \\operatorname{GELU}(x) \\approx \\tfrac12 x\\,\\bigl(1 + \\tanh u\\bigr)
              = x\\,\\sigma(2u), \\qquad u = \\sqrt{2/\\pi}\\,(x + 0.044715\\,x^3).

    The ``x·σ(2u)`` form is used because ``1 + tanh u`` cancels for negative x.
    """
    x = as_float_array(x)
    _, u = _gelu_u(x)
    with np.errstate(invalid="ignore"):  # -inf * 0 at x = -inf; the limit is 0
        out = x * sigmoid(2.0 * u)
    return _out(np.where(np.isneginf(x), 0.0, out), x.dtype)


def gelu_grad(x: Any) -> np.ndarray:
    """Derivative of the tanh-approximation GELU:
    ``σ(2u) + x·2σ(2u)σ(−2u)·u'`` with ``u' = √(2/π)(1 + 3·0.044715 x²)``.
    """
    x = as_float_array(x)
    xc, u = _gelu_u(x)
    s, s_neg = sigmoid(2.0 * u), sigmoid(-2.0 * u)
    du = _GELU_C * (1.0 + 3.0 * _GELU_A * xc**2)
    out = s + xc * 2.0 * s * s_neg * du
    out = np.where(np.isnan(x), x, out)
    return _out(out, x.dtype)


# ----------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Activation:
    """One activation function with its derivative and the facts chapter 2 tabulates."""

    name: str
    fn: Callable[..., np.ndarray]
    grad: Callable[..., np.ndarray] | None
    output_range: tuple[float, float]
    zero_centred: bool
    max_slope: float
    max_slope_at: str
    monotonic: bool
    saturates: str


_INF = math.inf
ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation(
            "step",
            step,
            None,
            (0, 1),
            False,
            0.0,
            "nowhere (0 almost everywhere)",
            True,
            "both sides (flat)",
        ),
        Activation(
            "identity",
            identity,
            identity_grad,
            (-_INF, _INF),
            True,
            1.0,
            "everywhere",
            True,
            "never",
        ),
        Activation(
            "sigmoid", sigmoid, sigmoid_grad, (0, 1), False, 0.25, "x = 0", True, "both sides"
        ),
        Activation("tanh", tanh, tanh_grad, (-1, 1), True, 1.0, "x = 0", True, "both sides"),
        Activation(
            "relu", relu, relu_grad, (0, _INF), False, 1.0, "x > 0", True, "x < 0 (zero gradient)"
        ),
        Activation(
            "leaky_relu",
            leaky_relu,
            leaky_relu_grad,
            (-_INF, _INF),
            False,
            1.0,
            "x > 0",
            True,
            "never",
        ),
        Activation(
            "elu", elu, elu_grad, (-1, _INF), False, 1.0, "x ≥ 0", True, "x → −∞ (to −alpha)"
        ),
        Activation(
            "softplus", softplus, softplus_grad, (0, _INF), False, 1.0, "x → ∞", True, "x → −∞"
        ),
        Activation(
            "silu",
            silu,
            silu_grad,
            (-0.2784645427610738, _INF),
            False,
            1.0998383194222526,
            "x ≈ 2.40",
            False,
            "x → −∞",
        ),
        Activation(
            "gelu", gelu, gelu_grad, (-0.17, _INF), False, 1.129, "x ≈ 1.42", False, "x → −∞"
        ),
    ]
}
