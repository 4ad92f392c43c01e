"""Activation functions and their derivatives.

Introduced in chapter 1 (the step function) and chapter 2 (everything else); used by the
networks of chapters 3-6. Every function

- accepts a number, a list or an array and returns an ndarray of the same shape (0-d for a
  scalar);
- keeps float16/float32/float64 as they are (integers and booleans become float64). Inputs
  narrower than float64 are computed in float64 and rounded once to their own dtype, so
  float32 and float16 results are as accurate as their format allows;
- is correct over the whole floating-point range: no overflow, underflow or invalid-value
  warning and no nan for any finite input (±1e308 included), the right limits at ±inf,
  and nan propagated;
- raises ``TypeError`` for non-numeric input and ``ValueError`` for a non-finite ``alpha``.

Conventions: ``step(0) == 0`` and ``relu_grad(0) == 0`` (the left derivative at a kink);
``<name>_grad(x)`` is the derivative with respect to the *input* ``x``, never written in
terms of the output. :data:`ACTIVATIONS` maps each name to an :class:`Activation` with the
function, its derivative and the facts chapter 2 tabulates.

Accuracy (float64, checked against mpmath in ``tests/test_activations.py``): ``sigmoid``,
``tanh`` and ``softplus`` are within 2 ULP of the correctly rounded result, and ``silu``
within 4 ULP, over the whole range, results in the subnormal range included (where
``scipy.special.expit`` returns 0). "Within n ULP" means at most n representable numbers
away from the correctly rounded value, the distance ``np.testing.assert_array_max_ulp``
measures.

GELU is implemented in its **tanh approximation** (Hendrycks & Gimpel, 2016),
``GELU(x) ≈ 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))``, the form GPT-2 and BERT use,
evaluated as ``x·σ(2u)`` so that it never cancels. It differs from the exact
``x·Φ(x)`` by at most about 4.7e-4 (chapter 2 measures it).
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

# ----------------------------------------------------------------------------- helpers

#: Elements per block in :func:`_blockwise`: the sigmoid's temporaries for one block
#: (4 arrays of 16384 float64 = 512 KiB) stay in the CPU cache instead of going to memory.
_BLOCK = 16_384


_FLOAT64 = np.dtype(np.float64)


def _compute_dtype(dtype: np.dtype) -> np.dtype:
    """float64, or the input's own dtype if it is wider (long double)."""
    if dtype == _FLOAT64:
        return _FLOAT64
    return dtype if np.finfo(dtype).nmant > np.finfo(np.float64).nmant else _FLOAT64


def _prepare(x: Any, name: str = "x") -> tuple[np.ndarray, np.dtype]:
    """Validate ``x`` and return ``(x in the compute dtype, the dtype to return)``."""
    arr = as_float_array(x, name)
    return arr.astype(_compute_dtype(arr.dtype), copy=False), arr.dtype


def _finish(values: Any, dtype: np.dtype) -> np.ndarray:
    """Round ``values`` once to ``dtype``. A result beyond float16's range becomes ±inf and
    one below its smallest subnormal becomes ±0, the correctly rounded values, so the
    cast's overflow and underflow signals are silenced."""
    if isinstance(values, np.ndarray) and values.dtype == dtype:
        return values
    with np.errstate(over="ignore", under="ignore"):
        return np.asarray(values, dtype=dtype)


def _check_alpha(alpha: Any) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.integer, np.floating)):
        raise TypeError(f"alpha must be a real number, got {type(alpha).__name__}")
    if not math.isfinite(alpha):
        raise ValueError(f"alpha must be finite, got {alpha}")
    return float(alpha)


def _blockwise(kernel: Callable[..., None], x: np.ndarray, n_scratch: int) -> np.ndarray:
    """Apply ``kernel(x_block, out_block, *scratch_blocks)`` to ``x`` in cache-sized blocks.

    ``x`` is already in its compute dtype; the result has the same dtype and shape. A kernel
    that makes many passes over its data runs several times faster this way than on whole
    arrays, whose temporaries would go through main memory on every pass.
    """
    out = np.empty(x.shape, dtype=x.dtype)
    n = x.size
    if n <= _BLOCK:  # one block: no slicing (this matters for small arrays)
        kernel(x, out, *(np.empty(x.shape, dtype=x.dtype) for _ in range(n_scratch)))
        return out
    flat_x, flat_out = x.reshape(-1), out.reshape(-1)
    scratch = [np.empty(min(_BLOCK, n), dtype=x.dtype) for _ in range(n_scratch)]
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        kernel(flat_x[start:stop], flat_out[start:stop], *(s[: stop - start] for s in scratch))
    return out


def _set_where(out: np.ndarray, mask: np.ndarray, values: Any) -> np.ndarray:
    """``out[mask] = values`` if any element is selected; for the rare special inputs
    (nan, ±inf) this is much faster than an ``np.where`` over the whole array."""
    if np.any(mask):
        out[mask] = values if np.ndim(values) == 0 else np.asarray(values)[mask]
    return out


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
    out = np.asarray(x > 0).astype(x.dtype)
    return _set_where(out, np.isnan(x), np.nan)


def identity(x: Any) -> np.ndarray:
    """The identity activation ``f(x) = x``, used by regression output layers (chapter 5).

    Returns a copy, so changing the result never changes the input.
    """
    return as_float_array(x).copy()


def identity_grad(x: Any) -> np.ndarray:
    """Derivative of :func:`identity`: 1 everywhere (nan stays nan)."""
    x = as_float_array(x)
    return _set_where(np.ones_like(x), np.isnan(x), np.nan)


# ----------------------------------------------------------------------------- logistic family


def _sigmoid_kernel(
    x: np.ndarray, out: np.ndarray, e: np.ndarray, d: np.ndarray, err: np.ndarray
) -> None:
    """σ(x) for one block, with the rounding error of 1 + e compensated (see sigmoid)."""
    np.abs(x, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e = exp(-|x|) in [0, 1]: never overflows
    np.add(e, 1.0, out=d)  # d = fl(1 + e)
    np.subtract(d, 1.0, out=err)  # exact, since 1 <= d <= 2
    np.subtract(e, err, out=err)  # err = (1 + e) - d exactly (Fast2Sum, as 1 >= e)
    np.minimum(x, 0.0, out=out)
    np.exp(out, out=out)  # numerator: 1 for x >= 0, e for x < 0
    np.divide(out, d, out=out)  # q = numerator / d
    np.multiply(err, out, out=err)
    np.divide(err, d, out=err)
    np.subtract(out, err, out=out)  # q·d/(d + err) to first order = numerator / (1 + e)


def _sigmoid_grad_kernel(
    x: np.ndarray, out: np.ndarray, e: np.ndarray, d: np.ndarray, err: np.ndarray
) -> None:
    """σ'(x) = e / (1 + e)² for one block, e = exp(-|x|), with 1 + e compensated."""
    np.abs(x, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)
    np.add(e, 1.0, out=d)
    np.subtract(d, 1.0, out=err)
    np.subtract(e, err, out=err)  # 1 + e = d + err exactly
    np.multiply(d, d, out=out)
    np.divide(e, out, out=out)  # q = e / d²
    np.multiply(err, out, out=err)
    np.divide(err, d, out=err)
    np.multiply(err, 2.0, out=err)
    np.subtract(out, err, out=out)  # e / (d + err)² ≈ q·(1 - 2·err/d)


def sigmoid(x: Any) -> np.ndarray:
    """Logistic sigmoid ``σ(x) = 1 / (1 + exp(-x))`` (chapter 2).

    Computed as ``σ(x) = exp(min(x, 0)) / (1 + e)`` with ``e = exp(-|x|)``, so no
    exponential ever overflows: for x ≥ 0 this is ``1 / (1 + e)``, for x < 0 it is
    ``e / (1 + e)``, and far out on the left it is ``e`` itself, subnormal results included
    (``1 / (1 + exp(-x))`` returns 0 there, after an overflow). The sum ``1 + e`` is
    rounded; its rounding error ``err = e - (d - 1)`` is exact and is divided back out,
    which keeps the result within 2 ULP of the correctly rounded value (the plain forms
    ``1 / (1 + exp(-x))`` and ``e / (1 + e)`` are off by 3 ULP at some inputs). The kernel
    runs over cache-sized blocks (:func:`_blockwise`), which makes it about as fast as
    ``scipy.special.expit`` (``benchmarks/activations.py``).

    The result is monotone up to one unit in the last place: two adjacent inputs can give
    results in the wrong order by 1 ULP, the price of the last two roundings.

    Examples
    --------
    >>> sigmoid([0.0, -800.0, 800.0]).tolist()
    [0.5, 0.0, 1.0]
    >>> float(sigmoid(-720.0)) > 0  # a subnormal number, not 0
    True
    """
    x, dtype = _prepare(x)
    with np.errstate(under="ignore"):
        return _finish(_blockwise(_sigmoid_kernel, x, 3), dtype)


def sigmoid_grad(x: Any) -> np.ndarray:
    """Derivative of the sigmoid, ``σ'(x) = σ(x)·(1 − σ(x)) = e / (1 + e)²`` with
    ``e = exp(−|x|)``; at most 1/4, at x = 0 (chapter 2).

    This is a function of the *input* x: the form ``s·(1 − s)`` needs the output
    ``s = σ(x)``, and ``1 − σ(x)`` loses all its digits once σ(x) rounds to 1 (above
    x ≈ 37). The symmetric form ``e / (1 + e)²`` keeps full relative accuracy everywhere;
    like :func:`sigmoid` it compensates the rounding of ``1 + e``.
    """
    x, dtype = _prepare(x)
    with np.errstate(under="ignore"):
        return _finish(_blockwise(_sigmoid_grad_kernel, x, 3), dtype)


def logit(p: Any) -> np.ndarray:
    """The inverse of the sigmoid, ``logit(p) = log(p / (1 − p))`` (chapter 2).

    Defined on [0, 1] with ``logit(0) = -inf`` and ``logit(1) = inf``; inputs outside
    [0, 1] give nan (no warning), as ``scipy.special.logit`` does. Computed as
    ``log(p) − log1p(−p)`` below p = 1/4 and as ``2·atanh(2p − 1)`` above it (where
    ``2p − 1`` is exact), so it is within 2 ULP near 0, near 1/2 (where
    ``log(p/(1 − p))`` cancels) and near 1.
    """
    p, dtype = _prepare(p, "p")
    with np.errstate(divide="ignore", invalid="ignore", under="ignore", over="ignore"):
        low = np.log(p) - np.log1p(-p)  # nan for p < 0
        high = 2.0 * np.arctanh(2.0 * p - 1.0)  # nan for p > 1
    return _finish(np.where(p < 0.25, low, high), dtype)


def logit_grad(p: Any) -> np.ndarray:
    """Derivative of :func:`logit`, ``1 / (p (1 − p))``; inf at 0 and 1, nan outside [0, 1]."""
    p, dtype = _prepare(p, "p")
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        out = np.asarray(1.0 / (p * (1.0 - p)))
        outside = (p < 0) | (p > 1)
    return _finish(_set_where(out, outside, np.nan), dtype)


def tanh(x: Any) -> np.ndarray:
    """Hyperbolic tangent, ``tanh(x) = 2σ(2x) − 1`` (chapter 2): zero-centred, range (−1, 1),
    slope 1 at 0. Evaluated with ``np.tanh`` (in float64 for narrower inputs)."""
    x, dtype = _prepare(x)
    with np.errstate(under="ignore"):
        return _finish(np.tanh(x), dtype)


def tanh_grad(x: Any) -> np.ndarray:
    """Derivative of tanh, ``1 − tanh²(x) = sech²(x)``; at most 1, at x = 0 (chapter 2).

    Computed as ``4e / (1 + e)²`` with ``e = exp(−2|x|)``, which keeps full relative accuracy
    in the tails, where ``1 − tanh²`` would round to 0.
    """
    x, dtype = _prepare(x)
    with np.errstate(over="ignore", under="ignore"):  # -2|x| may round to -inf: exp gives 0
        e = np.exp(-2.0 * np.abs(x))
        out = 4.0 * e / (1.0 + e) ** 2
    return _finish(out, dtype)


# ----------------------------------------------------------------------------- rectifiers


def relu(x: Any) -> np.ndarray:
    """Rectified linear unit ``max(x, 0)`` (chapter 2; Nair & Hinton, 2010). nan stays nan."""
    x = as_float_array(x)
    return np.asarray(np.maximum(x, 0), dtype=x.dtype)


def relu_grad(x: Any) -> np.ndarray:
    """Derivative of ReLU: 1 for x > 0, 0 for x ≤ 0 (``relu_grad(0) == 0`` by convention)."""
    return step(x)


def _one_or(x: np.ndarray, left: np.ndarray | float, alpha: float) -> np.ndarray:
    """1 where x > 0, ``left`` elsewhere (nan where x is nan), without a branchy np.where.

    ``left + (x > 0)·(1 − left)`` is exactly 1 where x > 0 when ``left == alpha`` there and
    0 ≤ alpha ≤ 2 (then ``1 − alpha`` is exact or ``alpha + fl(1 − alpha)`` rounds to 1).
    """
    positive = np.asarray(x > 0)
    if 0.0 <= alpha <= 2.0:
        out = np.asarray(left + positive * (1.0 - np.asarray(left)), dtype=x.dtype)
    else:
        out = np.asarray(np.where(positive, 1.0, left), dtype=x.dtype)
    return _set_where(out, np.isnan(x), np.nan)


def leaky_relu(x: Any, alpha: float = 0.01) -> np.ndarray:
    """Leaky ReLU: ``x`` for x > 0 and ``alpha·x`` otherwise (chapter 2; Maas et al., 2013).

    For negative inputs it returns ``alpha·x``, a small *multiple* of x (slope ``alpha``,
    usually 0.01), not a fixed small number: ``leaky_relu(-300.0) == -3.0``. Computed as
    ``max(x, 0) + alpha·min(x, 0)``: one of the two terms is 0, so the sum is exact.
    """
    x, dtype = _prepare(x)
    alpha = _check_alpha(alpha)
    if alpha == 0:  # ReLU; alpha·min(x, 0) would be 0·(−inf) = nan at x = −inf
        return _finish(np.maximum(x, 0.0), dtype)
    with np.errstate(under="ignore"):
        return _finish(np.maximum(x, 0.0) + alpha * np.minimum(x, 0.0), dtype)


def leaky_relu_grad(x: Any, alpha: float = 0.01) -> np.ndarray:
    """Derivative of Leaky ReLU: 1 for x > 0, ``alpha`` for x ≤ 0 (nan stays nan)."""
    x, dtype = _prepare(x)
    alpha = _check_alpha(alpha)
    return _finish(_one_or(x, alpha, alpha), dtype)


def elu(x: Any, alpha: float = 1.0) -> np.ndarray:
    """Exponential linear unit: ``x`` for x > 0, ``alpha·(exp(x) − 1)`` otherwise (chapter 2).

    Computed as ``max(x, 0) + alpha·expm1(min(x, 0))`` (one term is 0, so the sum is
    exact); ``expm1`` keeps the digits of small negative inputs. Saturates to ``−alpha``
    as x → −∞.
    """
    x, dtype = _prepare(x)
    alpha = _check_alpha(alpha)
    with np.errstate(under="ignore"):
        return _finish(np.maximum(x, 0.0) + alpha * np.expm1(np.minimum(x, 0.0)), dtype)


def elu_grad(x: Any, alpha: float = 1.0) -> np.ndarray:
    """Derivative of ELU: 1 for x > 0, ``alpha·exp(x)`` for x ≤ 0 (the left derivative at 0,
    which equals 1 for the default ``alpha = 1``)."""
    x, dtype = _prepare(x)
    alpha = _check_alpha(alpha)
    with np.errstate(under="ignore"):
        left = alpha * np.exp(np.minimum(x, 0.0))
        return _finish(_one_or(x, left, alpha), dtype)


# ----------------------------------------------------------------------------- smooth modern ones


def softplus(x: Any) -> np.ndarray:
    """Softplus ``log(1 + exp(x))``, a smooth ReLU (chapter 2).

    Computed as ``max(x, log1p(exp(min(x, 50))))``: the exponential never overflows (above
    x = 50, softplus(x) = x + e^(−x) rounds to x), very negative inputs keep full accuracy,
    subnormal results included, and every step is monotone, so the result is exactly
    monotone too. (The common ``max(x, 0) + log1p(exp(−|x|))`` is as accurate but adds an
    increasing and a decreasing term, which can put adjacent results 1 ULP out of order.)
    """
    x, dtype = _prepare(x)
    with np.errstate(under="ignore"):
        out = np.maximum(x, np.log1p(np.exp(np.minimum(x, 50.0))))
    return _finish(out, dtype)


def softplus_grad(x: Any) -> np.ndarray:
    """Derivative of softplus: exactly the sigmoid."""
    return sigmoid(x)


#: Below this input σ(x) may be subnormal (e^x < 2.2e-308 for x < -708.4), and x·σ(x)
#: would multiply its rounding error by |x|: silu uses a rescaled formula there.
_SILU_TAIL = -700.0
#: exp(-64), correctly rounded (checked against mpmath in the tests).
_EXP_MINUS_64 = 1.603810890548638e-28


def silu(x: Any) -> np.ndarray:
    """SiLU / Swish ``x·σ(x)`` (chapter 2; Ramachandran et al., 2017, with β = 1).

    Its minimum is ``−W(1/e) ≈ −0.2785`` at ``x = −1 − W(1/e) ≈ −1.2785`` (W is Lambert's
    function). For x < −700, where σ(x) may be a subnormal number with few significant
    digits, it is computed as ``(x·exp(x + 64))·exp(−64)``, which keeps full accuracy;
    ``x + 64`` is exact there.
    """
    x, dtype = _prepare(x)
    with np.errstate(invalid="ignore", under="ignore"):  # -inf * 0 at x = -inf; fixed below
        out = np.asarray(x * sigmoid(x))
        tail = x < _SILU_TAIL
        if np.any(tail):
            xt = x[tail]
            values = (xt * np.exp(xt + 64.0)) * _EXP_MINUS_64
            out[tail] = _set_where(values, np.isneginf(xt), -0.0)
    return _finish(out, dtype)


def silu_grad(x: Any) -> np.ndarray:
    """Derivative of SiLU, ``σ(x)·(1 + x·σ(−x)) = σ(x) + x·σ′(x)``; negative for x below
    about −1.2785, largest (≈ 1.0998) at x ≈ 2.3994."""
    x, dtype = _prepare(x)
    with np.errstate(invalid="ignore", under="ignore"):  # inf * 0 at x = ±inf; fixed below
        out = np.asarray(sigmoid(x) + x * sigmoid_grad(x))
    infinite = np.isinf(x)
    return _finish(_set_where(out, infinite, (x > 0).astype(x.dtype)), dtype)


_GELU_C = math.sqrt(2.0 / math.pi)
_GELU_A = 0.044715
#: Beyond ±1e6, σ(2u) is exactly 0 or 1 in float64 and x³ could overflow: x is clipped.
_GELU_CLIP = 1e6


def _gelu_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x clipped, x², 2u)`` with ``u = √(2/π)·(x + 0.044715·x³)``."""
    xc = np.clip(x, -_GELU_CLIP, _GELU_CLIP)
    with np.errstate(under="ignore"):  # x² of a tiny x
        x2 = xc * xc
        two_u = (2.0 * _GELU_C) * (xc + _GELU_A * (xc * x2))
    return xc, x2, two_u


def gelu(x: Any) -> np.ndarray:
    """GELU in its tanh approximation (chapter 2; Hendrycks & Gimpel, 2016):

    .. math:: \\operatorname{GELU}(x) \\approx \\tfrac12 x\\,\\bigl(1 + \\tanh u\\bigr)
              = x\\,\\sigma(2u), \\qquad u = \\sqrt{2/\\pi}\\,(x + 0.044715\\,x^3).

    The ``x·σ(2u)`` form is used because ``1 + tanh u`` cancels for negative x. Its minimum
    is about −0.1700 at x ≈ −0.7525; it differs from the exact ``x·Φ(x)`` by at most about
    4.7e-4.
    """
    x, dtype = _prepare(x)
    _, _, two_u = _gelu_parts(x)
    with np.errstate(invalid="ignore", under="ignore"):  # -inf * 0 at x = -inf; fixed below
        out = np.asarray(x * sigmoid(two_u))
    return _finish(_set_where(out, np.isneginf(x), -0.0), dtype)


def gelu_grad(x: Any) -> np.ndarray:
    """Derivative of the tanh-approximation GELU,
    ``σ(2u) + 2x·σ′(2u)·u'`` with ``u' = √(2/π)(1 + 3·0.044715 x²)``; largest
    (≈ 1.1290) at x ≈ 1.4185, negative for x below about −0.7525.
    """
    x, dtype = _prepare(x)
    xc, x2, two_u = _gelu_parts(x)
    with np.errstate(under="ignore"):
        du = _GELU_C * (1.0 + (3.0 * _GELU_A) * x2)
        out = sigmoid(two_u) + (2.0 * xc) * sigmoid_grad(two_u) * du
    return _finish(out, dtype)


# ----------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Activation:
    """One activation function with its derivative and the facts chapter 2 tabulates.

    Attributes
    ----------
    name, fn, grad
        The registry key, the function and its derivative (None for ``step``, whose
        derivative is 0 wherever it exists).
    output_range
        ``(inf, sup)`` of the outputs over the real line (for the default ``alpha``);
        ``range_text`` says which ends are attained, e.g. ``"[0, ∞)"``.
    zero_centred
        Whether the function is odd, f(−x) = −f(x), so that inputs symmetric about 0 give
        outputs with mean 0.
    max_slope, max_slope_at
        The supremum of f′ and where it is reached (text).
    monotonic
        Whether f is non-decreasing on the whole real line.
    saturates
        Where f′ → 0: ``"both sides"``, ``"negative side"``, ``"never"`` or
        ``"everywhere"`` (the step: f′ = 0 wherever it exists).
    formula, derivative
        LaTeX for f(x) and f′(x).
    alpha
        The default of the function's ``alpha`` parameter, or None if it has none.
    """

    name: str
    fn: Callable[..., np.ndarray]
    grad: Callable[..., np.ndarray] | None
    output_range: tuple[float, float]
    zero_centred: bool
    max_slope: float
    max_slope_at: str
    monotonic: bool
    saturates: str
    range_text: str = ""
    formula: str = ""
    derivative: str = ""
    alpha: float | None = None


_INF = math.inf
ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation(
            "step",
            step,
            None,
            (0.0, 1.0),
            zero_centred=False,
            max_slope=0.0,
            max_slope_at="x ≠ 0",
            monotonic=True,
            saturates="everywhere",
            range_text="{0, 1}",
            formula=r"1 \text{ if } x > 0 \text{ else } 0",
            derivative=r"0 \quad (x \neq 0)",
        ),
        Activation(
            "identity",
            identity,
            identity_grad,
            (-_INF, _INF),
            zero_centred=True,
            max_slope=1.0,
            max_slope_at="all x",
            monotonic=True,
            saturates="never",
            range_text="(−∞, ∞)",
            formula="x",
            derivative="1",
        ),
        Activation(
            "sigmoid",
            sigmoid,
            sigmoid_grad,
            (0.0, 1.0),
            zero_centred=False,
            max_slope=0.25,
            max_slope_at="x = 0",
            monotonic=True,
            saturates="both sides",
            range_text="(0, 1)",
            formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
            derivative=r"\sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        ),
        Activation(
            "tanh",
            tanh,
            tanh_grad,
            (-1.0, 1.0),
            zero_centred=True,
            max_slope=1.0,
            max_slope_at="x = 0",
            monotonic=True,
            saturates="both sides",
            range_text="(−1, 1)",
            formula=r"\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1",
            derivative=r"1 - \tanh^2 x",
        ),
        Activation(
            "relu",
            relu,
            relu_grad,
            (0.0, _INF),
            zero_centred=False,
            max_slope=1.0,
            max_slope_at="x > 0",
            monotonic=True,
            saturates="negative side",
            range_text="[0, ∞)",
            formula=r"\max(x, 0)",
            derivative=r"1 \text{ if } x > 0 \text{ else } 0",
        ),
        Activation(
            "leaky_relu",
            leaky_relu,
            leaky_relu_grad,
            (-_INF, _INF),
            zero_centred=False,
            max_slope=1.0,
            max_slope_at="x > 0",
            monotonic=True,
            saturates="never",
            range_text="(−∞, ∞)",
            formula=r"x \text{ if } x > 0 \text{ else } \alpha x",
            derivative=r"1 \text{ if } x > 0 \text{ else } \alpha",
            alpha=0.01,
        ),
        Activation(
            "elu",
            elu,
            elu_grad,
            (-1.0, _INF),
            zero_centred=False,
            max_slope=1.0,
            max_slope_at="x ≥ 0",
            monotonic=True,
            saturates="negative side",
            range_text="(−α, ∞)",
            formula=r"x \text{ if } x > 0 \text{ else } \alpha\,(e^{x} - 1)",
            derivative=r"1 \text{ if } x > 0 \text{ else } \alpha e^{x}",
            alpha=1.0,
        ),
        Activation(
            "softplus",
            softplus,
            softplus_grad,
            (0.0, _INF),
            zero_centred=False,
            max_slope=1.0,
            max_slope_at="x → ∞, not reached",
            monotonic=True,
            saturates="negative side",
            range_text="(0, ∞)",
            formula=r"\log(1 + e^{x})",
            derivative=r"\sigma(x)",
        ),
        Activation(
            "silu",
            silu,
            silu_grad,
            (-0.2784645427610738, _INF),
            zero_centred=False,
            max_slope=1.0998393201288669,
            max_slope_at="x ≈ 2.3994",
            monotonic=False,
            saturates="negative side",
            range_text="[−0.2785, ∞)",
            formula=r"x\,\sigma(x)",
            derivative=r"\sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        ),
        Activation(
            "gelu",
            gelu,
            gelu_grad,
            (-0.17004075057125405, _INF),
            zero_centred=False,
            max_slope=1.1289930686587718,
            max_slope_at="x ≈ 1.4185",
            monotonic=False,
            saturates="negative side",
            range_text="[−0.1700, ∞)",
            formula=r"x\,\sigma(2u),\ u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)",
            derivative=r"\sigma(2u) + 2x\,\sigma(2u)\,\sigma(-2u)\,u'",
        ),
    ]
}
