"""A small multilayer perceptron written from scratch, for measuring how gradients flow
(chapter 4) and for training with backpropagation (chapter 6).

Everything uses row vectors: a batch ``X`` has shape ``(n, n_in)``, a layer computes
``Z = X @ W + b`` with ``W`` of shape ``(n_in, n_out)`` and ``b`` of shape ``(n_out,)``.

The pieces
----------
:class:`Linear`
    One affine layer, ``Z = X @ W + b``, with the weight initialisations of
    :data:`INIT_SCHEMES`.
:class:`BatchNorm`
    Batch normalisation (Ioffe & Szegedy, 2015): training-mode forward/backward with batch
    statistics, running statistics for inference, and a ``train()``/``eval()`` switch.
:class:`MLP`
    Linear layers with an activation between them. Hidden layers apply the activation; the
    last layer is linear and returns logits. Optional identity skips (``residual=True``)
    and batch normalisation (``batchnorm=True``). After ``forward`` and ``backward`` it
    reports per-layer statistics (:meth:`MLP.statistics`): gradient norms, activation
    means and standard deviations, and the fractions of saturated and dead units.
:func:`sgd_step`
    Plain gradient descent, ``p ← p − lr·g`` in place.

Initialisation schemes (weights are drawn from a zero-mean *normal* distribution with
the variance below; biases start at 0):

============  ======================  =========================================
name          variance of each weight  source
============  ======================  =========================================
``"normal"``  1                       the naive choice, N(0, 1)
``"xavier"``  2 / (n_in + n_out)      Glorot & Bengio (2010), normal variant
``"he"``      2 / n_in                He et al. (2015), for ReLU
``"lecun"``   1 / n_in                LeCun et al. (1998)
============  ======================  =========================================

Some notes call the 1/n_in variance "Xavier"; in this package it is ``"lecun"``, and
``"xavier"`` always means 2/(n_in + n_out).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from ._validation import as_float_array, check_positive_int
from .activations import ACTIVATIONS

__all__ = [
    "INIT_SCHEMES",
    "LEAKY_SLOPE",
    "MLP",
    "NETWORK_ACTIVATIONS",
    "SATURATING",
    "SATURATION_THRESHOLD",
    "BatchNorm",
    "Linear",
    "NetworkStats",
    "gradient_flow",
    "init_std",
    "init_weights",
    "sgd_step",
]

#: Initialisation scheme → a short description of the weight variance it uses.
INIT_SCHEMES: dict[str, str] = {
    "normal": "N(0, 1): variance 1, whatever the layer's size",
    "xavier": "Glorot/Xavier (normal): variance 2 / (n_in + n_out)",
    "he": "He/Kaiming (normal): variance 2 / n_in",
    "lecun": "LeCun (normal): variance 1 / n_in",
}

#: Activations an :class:`MLP` accepts (the differentiable ones of
#: :data:`nnbook.activations.ACTIVATIONS`; ``step`` has no useful derivative and ``logit``
#: is only defined on [0, 1]).
NETWORK_ACTIVATIONS: tuple[str, ...] = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "softplus",
    "silu",
    "gelu",
    "identity",
)

#: Slope of Leaky ReLU for negative inputs in an :class:`MLP` (Maas et al., 2013).
LEAKY_SLOPE = 0.01

#: Activations that saturate on both sides, for which :meth:`MLP.statistics` reports the
#: fraction of saturated units.
SATURATING: tuple[str, ...] = ("sigmoid", "tanh")

#: A unit is *saturated* on a sample when its local derivative φ′(z) is below this fraction
#: of the activation's largest derivative: σ′(z) < 0.0025, i.e. |z| > 5.986 for the sigmoid,
#: and tanh′(z) < 0.01, i.e. |z| > 2.993 for tanh. Such a unit passes back less than 1% of
#: the gradient it would pass at its steepest point.
SATURATION_THRESHOLD = 0.01


def _check_name(value: Any, choices: Sequence[str], what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, one of {', '.join(choices)}; got {value!r}")
    if value not in choices:
        raise ValueError(f"unknown {what} {value!r}; choose one of {', '.join(choices)}")
    return value


def _make_rng(rng: np.random.Generator | int | None) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy Generator, an int seed or None, got {rng!r}")


def _check_dtype(dtype: Any) -> np.dtype:
    dt = np.dtype(dtype)
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be float32 or float64, got {dt}")
    return dt


def init_std(scheme: str, n_in: int, n_out: int) -> float:
    """Standard deviation of the weights of an ``n_in → n_out`` layer under ``scheme``
    (chapter 4).

    ``"normal"``: 1; ``"xavier"``: √(2/(n_in+n_out)); ``"he"``: √(2/n_in);
    ``"lecun"``: √(1/n_in). The *variance* is the square of this number.

    Examples
    --------
    >>> round(init_std("he", 50, 10) ** 2, 12)
    0.04
    """
    _check_name(scheme, tuple(INIT_SCHEMES), "init scheme")
    n_in, n_out = check_positive_int(n_in, "n_in"), check_positive_int(n_out, "n_out")
    variance = {
        "normal": 1.0,
        "xavier": 2.0 / (n_in + n_out),
        "he": 2.0 / n_in,
        "lecun": 1.0 / n_in,
    }[scheme]
    return math.sqrt(variance)


def init_weights(
    n_in: int,
    n_out: int,
    scheme: str = "he",
    rng: np.random.Generator | int | None = None,
    dtype: Any = np.float64,
) -> np.ndarray:
    """A weight matrix of shape ``(n_in, n_out)`` drawn from N(0, init_std(scheme)²)
    (chapter 4).

    ``rng`` is a :class:`numpy.random.Generator`, an int seed, or None for a fresh,
    unseeded generator.
    """
    std = init_std(scheme, n_in, n_out)
    generator = _make_rng(rng)
    return (std * generator.standard_normal((n_in, n_out))).astype(_check_dtype(dtype), copy=False)


def _check_batch(X: Any, n_cols: int, name: str, layer: str, dtype: np.dtype) -> np.ndarray:
    arr = as_float_array(X, name)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with shape (n_samples, {n_cols}) (one sample per row), "
            f"got shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has no rows")
    if arr.shape[1] != n_cols:
        raise ValueError(
            f"{name} has {arr.shape[1]} columns but {layer} expects {n_cols} "
            f"(got shape {arr.shape})"
        )
    return arr.astype(dtype, copy=False)


def _check_dout(dout: Any, shape: tuple[int, int], dtype: np.dtype) -> np.ndarray:
    arr = as_float_array(dout, "dout")
    if arr.shape != shape:
        raise ValueError(
            f"dout must have the shape of the last forward output, {shape}, got {arr.shape}"
        )
    return arr.astype(dtype, copy=False)


_NO_FORWARD = "backward() called before forward(): run forward(X) first, then backward(dout)"


class Linear:
    """An affine layer ``Z = X @ W + b`` (chapter 4; used again in chapter 6).

    Parameters
    ----------
    n_in, n_out
        Input and output widths: ``W`` has shape ``(n_in, n_out)``, ``b`` shape ``(n_out,)``.
    init
        Weight initialisation, one of :data:`INIT_SCHEMES` (``"normal"``, ``"xavier"``,
        ``"he"``, ``"lecun"``). The bias starts at 0.
    rng
        A :class:`numpy.random.Generator`, an int seed, or None (a fresh, unseeded generator).
    bias
        Whether the layer has a bias. A layer followed by batch normalisation does not need
        one: normalisation subtracts the batch mean, so the bias would have zero gradient.
    dtype
        float64 (default) or float32, for the parameters and the computation.

    Attributes
    ----------
    W, b
        The parameters (``b`` is None without a bias). Update them in place.
    dW, db
        Their gradients, filled by :meth:`backward`.
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        init: str = "he",
        rng: np.random.Generator | int | None = None,
        bias: bool = True,
        dtype: Any = np.float64,
    ) -> None:
        self.n_in, self.n_out = check_positive_int(n_in, "n_in"), check_positive_int(n_out, "n_out")
        self.init = _check_name(init, tuple(INIT_SCHEMES), "init scheme")
        self.dtype = _check_dtype(dtype)
        self.W = init_weights(self.n_in, self.n_out, init, _make_rng(rng), self.dtype)
        self.b = np.zeros(self.n_out, dtype=self.dtype) if bias else None
        self.dW = np.zeros_like(self.W)
        self.db = None if self.b is None else np.zeros_like(self.b)
        self._X: np.ndarray | None = None

    @property
    def params(self) -> list[np.ndarray]:
        """``[W, b]`` (or ``[W]`` without a bias)."""
        return [self.W] if self.b is None else [self.W, self.b]

    @property
    def grads(self) -> list[np.ndarray]:
        """``[dW, db]``, aligned with :attr:`params`."""
        return [self.dW] if self.db is None else [self.dW, self.db]

    def forward(self, X: Any) -> np.ndarray:
        """Return ``X @ W + b`` and keep ``X`` for :meth:`backward`."""
        X = _check_batch(X, self.n_in, "X", f"Linear({self.n_in}, {self.n_out})", self.dtype)
        self._X = X
        Z = X @ self.W
        if self.b is not None:
            Z += self.b
        return Z

    def backward(self, dout: Any, input_grad: bool = True) -> np.ndarray | None:
        """Given ``dout = ∂L/∂Z``, fill ``dW = Xᵀ·dout`` and ``db = Σ_rows dout`` and
        return ``∂L/∂X = dout·Wᵀ`` (None with ``input_grad=False``, which skips that
        product when nobody needs it, as for the input of a network)."""
        if self._X is None:
            raise RuntimeError(_NO_FORWARD)
        dout = _check_dout(dout, (self._X.shape[0], self.n_out), self.dtype)
        self.dW = self._X.T @ dout
        if self.b is not None:
            self.db = dout.sum(axis=0)
        return dout @ self.W.T if input_grad else None

    def __repr__(self) -> str:
        extra = "" if self.b is not None else ", bias=False"
        return f"Linear({self.n_in}, {self.n_out}, init={self.init!r}{extra})"


class BatchNorm:
    """Batch normalisation of each feature (column) over the batch (chapter 4;
    Ioffe & Szegedy, 2015).

    In training mode (the default; :meth:`train`) each column is standardised with the
    batch's own mean and (biased) variance, then scaled and shifted:

    .. math:: \\hat z = \\frac{z - \\mu_B}{\\sqrt{\\sigma_B^2 + \\varepsilon}}, \\qquad
              y = \\gamma \\hat z + \\beta,

    and the running statistics are updated as
    ``running = (1 − momentum)·running + momentum·batch``, where the running variance uses
    the unbiased batch variance (n/(n−1) times the biased one), as PyTorch does. In
    evaluation mode (:meth:`eval`) the running statistics replace the batch ones, so the
    layer is a fixed affine map and a single sample can be processed.

    Parameters
    ----------
    n_features
        Number of columns.
    momentum
        Weight of the current batch in the running statistics, in (0, 1].
    eps
        Added to the variance before the square root.
    dtype
        float64 (default) or float32.

    Attributes
    ----------
    gamma, beta
        Scale (starts at 1) and shift (starts at 0); :attr:`params` is ``[gamma, beta]``.
    dgamma, dbeta
        Their gradients, filled by :meth:`backward`.
    running_mean, running_var
        Inference statistics (start at 0 and 1).
    training
        True in training mode.
    """

    def __init__(
        self, n_features: int, momentum: float = 0.1, eps: float = 1e-5, dtype: Any = np.float64
    ) -> None:
        self.n_features = check_positive_int(n_features, "n_features")
        if not (isinstance(momentum, (int, float)) and 0 < momentum <= 1):
            raise ValueError(f"momentum must be a number in (0, 1], got {momentum!r}")
        if not (isinstance(eps, (int, float)) and math.isfinite(eps) and eps >= 0):
            raise ValueError(f"eps must be a finite number >= 0, got {eps!r}")
        self.momentum, self.eps = float(momentum), float(eps)
        self.dtype = _check_dtype(dtype)
        self.gamma = np.ones(self.n_features, dtype=self.dtype)
        self.beta = np.zeros(self.n_features, dtype=self.dtype)
        self.dgamma = np.zeros_like(self.gamma)
        self.dbeta = np.zeros_like(self.beta)
        self.running_mean = np.zeros(self.n_features, dtype=self.dtype)
        self.running_var = np.ones(self.n_features, dtype=self.dtype)
        self.training = True
        self._cache: tuple[np.ndarray, np.ndarray, bool] | None = None

    @property
    def params(self) -> list[np.ndarray]:
        """``[gamma, beta]``."""
        return [self.gamma, self.beta]

    @property
    def grads(self) -> list[np.ndarray]:
        """``[dgamma, dbeta]``, aligned with :attr:`params`."""
        return [self.dgamma, self.dbeta]

    def train(self) -> BatchNorm:
        """Switch to training mode (batch statistics, running statistics updated)."""
        self.training = True
        return self

    def eval(self) -> BatchNorm:
        """Switch to evaluation mode (running statistics, nothing updated)."""
        self.training = False
        return self

    def forward(self, X: Any, update_running: bool = True) -> np.ndarray:
        """Normalise ``X`` (shape ``(n, n_features)``) and cache what :meth:`backward` needs.

        In training mode the batch needs at least 2 rows (one row has no variance).
        ``update_running=False`` leaves the running statistics alone (used for gradient
        checks, which call forward many times).
        """
        X = _check_batch(X, self.n_features, "X", f"BatchNorm({self.n_features})", self.dtype)
        if self.training:
            n = X.shape[0]
            if n < 2:
                raise ValueError(
                    "BatchNorm in training mode needs a batch of at least 2 rows to estimate "
                    "a variance; call eval() to use the running statistics for one sample"
                )
            mean = X.mean(axis=0)
            centred = X - mean
            var = np.einsum("ij,ij->j", centred, centred) / n
            inv_std = 1.0 / np.sqrt(var + self.eps)
            if update_running:
                m = self.momentum
                self.running_mean *= 1 - m
                self.running_mean += m * mean
                self.running_var *= 1 - m
                self.running_var += m * var * (n / (n - 1))
        else:
            inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
            centred = X - self.running_mean
        x_hat = centred * inv_std
        self._cache = (x_hat, inv_std, self.training)
        return x_hat * self.gamma + self.beta

    def backward(self, dout: Any) -> np.ndarray:
        """Given ``dout = ∂L/∂y``, fill ``dgamma``, ``dbeta`` and return ``∂L/∂X``.

        Training mode (the batch statistics depend on every row):

        .. math:: \\frac{\\partial L}{\\partial z} = \\frac{\\gamma}{n\\sqrt{\\sigma_B^2+\\varepsilon}}
                  \\Bigl(n\\,g - \\textstyle\\sum_i g_i - \\hat z \\sum_i g_i \\hat z_i\\Bigr),
                  \\quad g = \\partial L/\\partial y.

        Evaluation mode: ``∂L/∂X = γ·dout / √(running_var + ε)``.
        """
        if self._cache is None:
            raise RuntimeError(_NO_FORWARD)
        x_hat, inv_std, training = self._cache
        dout = _check_dout(dout, x_hat.shape, self.dtype)
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.einsum("ij,ij->j", dout, x_hat)
        if not training:
            return dout * (self.gamma * inv_std)
        n = x_hat.shape[0]
        scale = self.gamma * inv_std
        return scale * (dout - self.dbeta / n - x_hat * (self.dgamma / n))

    def __repr__(self) -> str:
        mode = "train" if self.training else "eval"
        return f"BatchNorm({self.n_features}, momentum={self.momentum}, eps={self.eps}, {mode})"


@dataclass(frozen=True)
class NetworkStats:
    """Per-layer statistics of one forward + backward pass of an :class:`MLP` (chapter 4).

    Arrays over the ``L`` linear layers (index 0 = the layer next to the input):

    - ``grad_norm``: Frobenius norm ‖∂L/∂W‖ of each layer's weight gradient.

    Arrays over the ``L − 1`` hidden layers, computed on the activation outputs
    ``a = φ(z)`` (before a residual skip is added):

    - ``act_mean``, ``act_std``: mean and standard deviation of ``a`` over the batch and the
      units;
    - ``out_grad_norm``: Frobenius norm ‖∂L/∂h_l‖ of the gradient arriving at each hidden
      layer's output ``h_l`` (the signal that backpropagation carries towards the input);
    - ``saturated``: fraction of (sample, unit) pairs whose derivative φ′(z) is below
      :data:`SATURATION_THRESHOLD` (1%) of φ′'s maximum; nan for activations that do not
      saturate on both sides (only ``"sigmoid"`` and ``"tanh"`` have it);
    - ``dead``: fraction of units whose derivative φ′(z) is exactly 0 on *every* sample of
      the batch, so that no gradient reaches their incoming weights (ReLU units whose
      pre-activation is ≤ 0 for the whole batch; never for Leaky ReLU, sigmoid or tanh).
    """

    grad_norm: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    out_grad_norm: np.ndarray
    saturated: np.ndarray
    dead: np.ndarray


class MLP:
    """A multilayer perceptron with an activation between linear layers (chapter 4;
    trained in chapter 6).

    ``sizes = [n_0, n_1, …, n_L]`` gives ``L`` linear layers ``n_{l-1} → n_l``. For each
    hidden layer ``l = 1 … L−1``, with input ``h_{l−1}`` (``h_0 = X``)::

        z_l = h_{l−1} @ W_l + b_l          (Linear)
        z_l = BatchNorm_l(h_{l−1} @ W_l)   (instead, with batchnorm=True: no bias)
        a_l = φ(z_l)                        (the activation)
        h_l = a_l                           (plain)
        h_l = h_{l−1} + a_l                 (residual=True and n_{l−1} == n_l)

    and the output layer returns logits ``h_{L−1} @ W_L + b_L`` (no activation, no
    normalisation, no skip).

    Parameters
    ----------
    sizes
        Layer widths, input first: at least two positive integers.
    activation
        Name of the hidden activation, one of :data:`NETWORK_ACTIVATIONS`
        (``"relu"``, ``"leaky_relu"`` with slope :data:`LEAKY_SLOPE` = 0.01,
        ``"sigmoid"``, ``"tanh"``, …).
    init
        Weight initialisation, one of :data:`INIT_SCHEMES` (``"normal"``, ``"xavier"``,
        ``"he"``, ``"lecun"``), used for every layer; biases start at 0.
    seed
        Seed of the ``np.random.default_rng`` that draws the weights (or a Generator).
    residual
        Add an identity skip ``h_l = h_{l−1} + φ(z_l)`` around every *hidden* layer whose
        input and output widths are equal (so the first hidden layer gets one only if
        ``n_0 == n_1``; the output layer never does). :attr:`skips` lists which do.
    batchnorm
        Insert a :class:`BatchNorm` after each hidden linear layer, before the activation.
        Those linear layers then have no bias (it would be cancelled by the normalisation).
    dtype
        float64 (default) or float32, for parameters and computation.

    Attributes
    ----------
    params : list of ndarray
        Parameters in layer order. Without batch norm ``[W1, b1, W2, b2, …, WL, bL]``; with
        it, each hidden layer contributes ``[W_l, gamma_l, beta_l]`` and the output layer
        ``[WL, bL]``. :attr:`param_names` names them. Update them in place.
    grads : list of ndarray
        Gradients aligned with :attr:`params`, filled by :meth:`backward`.

    Examples
    --------
    >>> net = MLP([2, 16, 16, 3], activation="tanh", init="xavier", seed=0)
    >>> logits = net.forward(np.ones((5, 2)))
    >>> logits.shape
    (5, 3)
    >>> dX = net.backward(np.ones((5, 3)) / 5)
    >>> [g.shape for g in net.grads][:2]
    [(2, 16), (16,)]
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        init: str = "he",
        seed: int | np.random.Generator | None = 0,
        residual: bool = False,
        batchnorm: bool = False,
        dtype: Any = np.float64,
    ) -> None:
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence | np.ndarray):
            raise TypeError(f"sizes must be a list of layer widths, got {sizes!r}")
        if len(sizes) < 2:
            raise ValueError(
                f"sizes needs at least two widths (input and output), got {list(sizes)}"
            )
        self.sizes = [check_positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
        self.activation = _check_name(activation, NETWORK_ACTIVATIONS, "activation")
        self.init = _check_name(init, tuple(INIT_SCHEMES), "init scheme")
        self.residual, self.batchnorm = bool(residual), bool(batchnorm)
        self.dtype = _check_dtype(dtype)
        self._fn = ACTIVATIONS[self.activation].fn
        self._grad = ACTIVATIONS[self.activation].grad
        if self.activation == "leaky_relu":
            self._fn = partial(self._fn, alpha=LEAKY_SLOPE)
            self._grad = partial(self._grad, alpha=LEAKY_SLOPE)
        self._max_slope = ACTIVATIONS[self.activation].max_slope
        rng = _make_rng(seed)
        n_layers = len(self.sizes) - 1
        self.layers: list[Linear] = []
        self.norms: list[BatchNorm | None] = []
        self.skips: list[bool] = []
        for i in range(n_layers):
            hidden = i < n_layers - 1
            n_in, n_out = self.sizes[i], self.sizes[i + 1]
            self.layers.append(
                Linear(n_in, n_out, init, rng, bias=not (hidden and self.batchnorm), dtype=dtype)
            )
            if hidden:
                self.norms.append(BatchNorm(n_out, dtype=dtype) if self.batchnorm else None)
                self.skips.append(self.residual and n_in == n_out)
        self.training = True
        self._cache: dict[str, Any] | None = None

    # ------------------------------------------------------------------ parameters
    @property
    def n_layers(self) -> int:
        """Number of linear layers ``L`` (hidden layers + the output layer)."""
        return len(self.layers)

    @property
    def params(self) -> list[np.ndarray]:
        """All parameters in the documented order (see the class docstring)."""
        out: list[np.ndarray] = []
        for i, layer in enumerate(self.layers):
            out += layer.params
            if i < len(self.norms) and self.norms[i] is not None:
                out += self.norms[i].params
        return out

    @property
    def grads(self) -> list[np.ndarray]:
        """Gradients aligned with :attr:`params`."""
        out: list[np.ndarray] = []
        for i, layer in enumerate(self.layers):
            out += layer.grads
            if i < len(self.norms) and self.norms[i] is not None:
                out += self.norms[i].grads
        return out

    @property
    def param_names(self) -> list[str]:
        """Names aligned with :attr:`params`: ``"W1"``, ``"b1"``, ``"gamma1"``, …"""
        out: list[str] = []
        for i, layer in enumerate(self.layers, start=1):
            out += [f"W{i}"] + ([f"b{i}"] if layer.b is not None else [])
            if i - 1 < len(self.norms) and self.norms[i - 1] is not None:
                out += [f"gamma{i}", f"beta{i}"]
        return out

    # ------------------------------------------------------------------ modes
    def train(self) -> MLP:
        """Training mode: batch norm uses (and records) batch statistics."""
        self.training = True
        for norm in self.norms:
            if norm is not None:
                norm.train()
        return self

    def eval(self) -> MLP:
        """Evaluation mode: batch norm uses its running statistics."""
        self.training = False
        for norm in self.norms:
            if norm is not None:
                norm.eval()
        return self

    # ------------------------------------------------------------------ passes
    def forward(self, X: Any, update_running: bool = True) -> np.ndarray:
        """Logits for the batch ``X`` of shape ``(n, sizes[0])``; caches what
        :meth:`backward` needs. ``update_running=False`` leaves batch norm's running
        statistics unchanged (for gradient checks)."""
        X = _check_batch(X, self.sizes[0], "X", "the network's input layer (sizes[0])", self.dtype)
        pre, acts, slopes = [], [], []
        h = X
        for i, layer in enumerate(self.layers[:-1]):
            z = layer.forward(h)
            norm = self.norms[i]
            if norm is not None:
                z = norm.forward(z, update_running=update_running)
            if self.activation == "sigmoid":
                a, slope = _sigmoid_and_slope(z)
                slopes.append(slope)
            else:
                a = self._fn(z)
                slopes.append(None)
            pre.append(z)
            acts.append(a)
            h = h + a if self.skips[i] else a
        logits = self.layers[-1].forward(h)
        self._cache = {"pre": pre, "acts": acts, "slopes": slopes, "shape": logits.shape}
        return logits

    def backward(self, dout: Any, input_grad: bool = True) -> np.ndarray | None:
        """Backpropagate ``dout = ∂L/∂logits`` (shape of the last forward output): fill
        :attr:`grads` and return ``∂L/∂X``.

        ``input_grad=False`` skips the last product, ``∂L/∂X = ∂L/∂Z₁ · W₁ᵀ``, and returns
        None: training needs only the parameter gradients.
        """
        if self._cache is None:
            raise RuntimeError(_NO_FORWARD)
        dout = _check_dout(dout, self._cache["shape"], self.dtype)
        dh = self.layers[-1].backward(dout)
        out_grads: list[np.ndarray] = [dh] * (self.n_layers - 1)
        for i in range(self.n_layers - 2, -1, -1):
            out_grads[i] = dh
            slope = self._cache["slopes"][i]
            dz = dh * slope if slope is not None else self._times_slope(dh, self._cache["pre"][i])
            norm = self.norms[i]
            if norm is not None:
                dz = norm.backward(dz)
            dx = self.layers[i].backward(dz, input_grad=input_grad or i > 0)
            dh = None if dx is None else (dh + dx if self.skips[i] else dx)
        self._cache["out_grads"] = out_grads
        return dh

    def _times_slope(self, dh: np.ndarray, z: np.ndarray) -> np.ndarray:
        """``dh · φ′(z)``; for ReLU and Leaky ReLU without forming φ′(z) (faster, same
        values for every finite z)."""
        if self.activation == "relu":
            return dh * (z > 0)
        if self.activation == "leaky_relu":
            return np.where(z > 0, dh, dh * LEAKY_SLOPE)
        return dh * self._grad(z)

    def predict(self, X: Any) -> np.ndarray:
        """Class labels ``argmax(logits)`` in evaluation mode (batch norm uses its running
        statistics). Leaves the mode and the backward cache as they were."""
        saved = (
            self._cache,
            [layer._X for layer in self.layers],
            [None if norm is None else norm._cache for norm in self.norms],
        )
        mode = self.training
        try:
            self.eval()
            return np.argmax(self.forward(X), axis=1)
        finally:
            if mode:
                self.train()
            self._cache = saved[0]
            for layer, x in zip(self.layers, saved[1], strict=True):
                layer._X = x
            for norm, c in zip(self.norms, saved[2], strict=True):
                if norm is not None:
                    norm._cache = c

    def sgd_step(self, lr: float) -> None:
        """One step of gradient descent on every parameter: ``p ← p − lr·g``."""
        sgd_step(self.params, self.grads, lr)

    # ------------------------------------------------------------------ statistics
    @property
    def pre_activations(self) -> list[np.ndarray]:
        """The hidden pre-activations ``z_l`` (after batch norm) of the last forward pass."""
        if self._cache is None:
            raise RuntimeError("no forward pass yet: run forward(X) first")
        return list(self._cache["pre"])

    @property
    def hidden_activations(self) -> list[np.ndarray]:
        """The hidden activation outputs ``a_l = φ(z_l)`` of the last forward pass."""
        if self._cache is None:
            raise RuntimeError("no forward pass yet: run forward(X) first")
        return list(self._cache["acts"])

    def grad_norms(self) -> np.ndarray:
        """Frobenius norm of each layer's weight gradient ``∂L/∂W_l``, input side first."""
        return np.array([float(np.linalg.norm(layer.dW)) for layer in self.layers])

    def statistics(self) -> NetworkStats:
        """Per-layer statistics of the last forward and backward pass (see
        :class:`NetworkStats` for the definitions and thresholds)."""
        if self._cache is None or "out_grads" not in self._cache:
            raise RuntimeError("no statistics yet: run forward(X) and then backward(dout) first")
        means, stds, saturated, dead = [], [], [], []
        for z, a in zip(self._cache["pre"], self._cache["acts"], strict=True):
            means.append(float(a.mean()))
            stds.append(float(a.std()))
            slope = self._grad(z)
            if self.activation in SATURATING:
                limit = SATURATION_THRESHOLD * self._max_slope
                saturated.append(float(np.mean(slope < limit)))
            else:
                saturated.append(math.nan)
            dead.append(float(np.mean(np.all(slope == 0, axis=0))))
        return NetworkStats(
            grad_norm=self.grad_norms(),
            act_mean=np.array(means),
            act_std=np.array(stds),
            out_grad_norm=np.array([float(np.linalg.norm(g)) for g in self._cache["out_grads"]]),
            saturated=np.array(saturated),
            dead=np.array(dead),
        )

    def __repr__(self) -> str:
        opts = [f"activation={self.activation!r}", f"init={self.init!r}"]
        if self.residual:
            opts.append("residual=True")
        if self.batchnorm:
            opts.append("batchnorm=True")
        return f"MLP({self.sizes}, {', '.join(opts)})"


def _sigmoid_and_slope(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``σ(z)`` and ``σ′(z)`` from one exponential, accurate over the whole range.

    With ``e = exp(−|z|)`` (never overflows) and ``r = 1/(1 + e)``: ``σ(z) = r`` for
    z ≥ 0 and ``e·r`` for z < 0, and ``σ′(z) = σ(z)·σ(−z) = e·r²`` on both sides. The same
    values as :func:`nnbook.activations.sigmoid` and ``sigmoid_grad`` to a few ULP, in a
    third of the time: the forward pass keeps the slope for the backward pass.
    """
    e = np.exp(-np.abs(z))
    r = 1.0 / (1.0 + e)
    er = e * r
    return np.where(z >= 0, r, er), er * r


def sgd_step(params: Sequence[np.ndarray], grads: Sequence[np.ndarray], lr: float) -> None:
    """Gradient descent in place: ``p -= lr * g`` for each aligned pair (chapters 4 and 6).

    The arrays in ``params`` are modified, so a network holding them sees the update.
    """
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)):
        raise TypeError(f"lr must be a number, got {lr!r}")
    if not (math.isfinite(lr) and lr >= 0):
        raise ValueError(f"lr must be a finite number >= 0, got {lr}")
    if len(params) != len(grads):
        raise ValueError(f"got {len(params)} parameters but {len(grads)} gradients")
    for i, (p, g) in enumerate(zip(params, grads, strict=True)):
        if p.shape != np.shape(g):
            raise ValueError(f"parameter {i} has shape {p.shape} but its gradient {np.shape(g)}")
        p -= lr * g


def gradient_flow(
    depth: int,
    activation: str = "sigmoid",
    init: str = "xavier",
    residual: bool = False,
    batchnorm: bool = False,
    width: int = 32,
    n: int = 256,
    seed: int = 0,
) -> NetworkStats:
    """Per-layer statistics of a fresh network on the spirals data (chapter 4).

    Builds ``MLP([2, width, …, width, 3])`` with ``depth`` linear layers (``depth − 1``
    hidden layers of ``width`` units) from ``seed``, runs one forward pass on ``n`` points
    of :func:`nnbook.datasets.spirals` (3 classes, the same ``seed``) and backpropagates the
    mean cross-entropy. Returns :meth:`MLP.statistics`. Nothing is trained.
    """
    from .datasets import spirals
    from .losses import cross_entropy_grad

    depth = check_positive_int(depth, "depth")
    if depth < 2:
        raise ValueError(f"depth must be at least 2 (one hidden layer and the output), got {depth}")
    width = check_positive_int(width, "width")
    X, y = spirals(check_positive_int(n, "n"), n_classes=3, seed=seed)
    net = MLP(
        [2] + [width] * (depth - 1) + [3],
        activation=activation,
        init=init,
        seed=seed,
        residual=residual,
        batchnorm=batchnorm,
    )
    logits = net.forward(X)
    net.backward(cross_entropy_grad(logits, y), input_grad=False)
    return net.statistics()
