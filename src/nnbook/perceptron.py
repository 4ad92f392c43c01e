"""The perceptron and its learning rule (chapter 1).

A perceptron computes a weighted sum plus a bias and passes it through the step function:

.. math:: \\hat y = \\operatorname{step}(x \\cdot w + b), \\qquad
          \\operatorname{step}(z) = 1 \\text{ if } z > 0 \\text{ else } 0.

The learning rule (Rosenblatt, 1958) nudges the weights only when a prediction is wrong:

.. math:: w \\leftarrow w + \\eta\\,(t - \\hat y)\\,x, \\qquad b \\leftarrow b + \\eta\\,(t - \\hat y).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validation import as_binary_targets, as_float_array, as_matrix, check_positive_int
from .activations import step
from .datasets import GATE_INPUTS, GATES

__all__ = [
    "Perceptron",
    "Update",
    "format_truth_table",
    "perceptron_output",
    "truth_table",
    "update_rule",
]


def _as_weights(w: Any, n: int | None = None) -> np.ndarray:
    w = as_float_array(w, "w")
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"w must be a non-empty 1-D weight vector, got shape {w.shape}")
    if n is not None and w.size != n:
        raise ValueError(f"w has {w.size} weights but the input has {n} features")
    return w


def perceptron_output(w: Any, b: float, X: Any) -> np.ndarray:
    """Outputs (0 or 1, as int64) of the perceptron with weights ``w`` and bias ``b``.

    ``X`` may be one input vector of shape ``(d,)`` or a batch of shape ``(n, d)``.

    Examples
    --------
    >>> perceptron_output([0.5, 0.5], -0.7, [[0, 0], [0, 1], [1, 0], [1, 1]]).tolist()  # AND
    [0, 0, 0, 1]
    """
    X = as_float_array(X, "X")
    if X.ndim not in (1, 2):
        raise ValueError(f"X must be one input (1-D) or a batch (2-D), got shape {X.shape}")
    w = _as_weights(w, X.shape[-1])
    return step(X @ w + float(b)).astype(np.int64)


def update_rule(w: Any, b: float, x: Any, target: int, lr: float = 1.0) -> tuple[np.ndarray, float]:
    """One step of the perceptron learning rule on a single example.

    Returns new ``(w, b)``; the inputs are not modified. When the prediction is already
    right, ``t - ŷ = 0`` and nothing changes.
    """
    x = as_float_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be a single input vector (1-D), got shape {x.shape}")
    w = _as_weights(w, x.size)
    if target not in (0, 1):
        raise ValueError(f"target must be 0 or 1, got {target!r}")
    error = int(target) - int(perceptron_output(w, b, x))
    return w + lr * error * x, float(b) + lr * error


@dataclass(frozen=True)
class Update:
    """One visit of the learning rule to one example, as recorded in :attr:`Perceptron.history`."""

    epoch: int
    index: int
    prediction: int
    target: int
    w: np.ndarray = field(repr=False)
    b: float = 0.0

    @property
    def changed(self) -> bool:
        """Whether this visit changed the weights (the prediction was wrong)."""
        return self.prediction != self.target


class Perceptron:
    """A single perceptron trained with Rosenblatt's learning rule.

    Parameters
    ----------
    n_inputs
        Number of input features.
    lr
        Learning rate η > 0. With zero initial weights, the set of inputs it ends up
        classifying correctly does not depend on η (the weights only scale).
    seed
        ``None`` starts from zero weights and bias (deterministic); an integer draws small
        random weights from ``np.random.default_rng(seed)``.

    Attributes
    ----------
    w, b
        The current weights and bias.
    history
        Every visit of the rule, in order (:class:`Update`), after :meth:`fit`.
    errors_per_epoch
        Number of misclassified examples seen in each epoch.
    converged
        True if an epoch passed with no mistakes.
    """

    def __init__(self, n_inputs: int, lr: float = 1.0, seed: int | None = None) -> None:
        self.n_inputs = check_positive_int(n_inputs, "n_inputs")
        if not (isinstance(lr, (int, float)) and np.isfinite(lr) and lr > 0):
            raise ValueError(f"lr must be a positive finite number, got {lr!r}")
        self.lr = float(lr)
        if seed is None:
            self.w = np.zeros(self.n_inputs)
            self.b = 0.0
        else:
            rng = np.random.default_rng(seed)
            self.w = rng.normal(0.0, 0.1, size=self.n_inputs)
            self.b = float(rng.normal(0.0, 0.1))
        self.history: list[Update] = []
        self.errors_per_epoch: list[int] = []
        self.converged = False

    def net_input(self, X: Any) -> np.ndarray:
        """The weighted sum plus bias, ``X @ w + b``."""
        X = as_float_array(X, "X")
        if X.shape[-1:] != (self.n_inputs,):
            raise ValueError(
                f"X must have {self.n_inputs} features in its last axis, got shape {X.shape}"
            )
        return X @ self.w + self.b

    def predict(self, X: Any) -> np.ndarray:
        """Predicted labels (0 or 1, int64) for one input or a batch."""
        return perceptron_output(self.w, self.b, X)

    def fit(self, X: Any, y: Any, max_epochs: int = 20) -> Perceptron:
        """Apply the learning rule example by example, in order, for up to ``max_epochs``
        passes; stop early after the first pass with no mistakes.
        """
        X = as_matrix(X, "X", n_cols=self.n_inputs)
        y = as_binary_targets(y, X.shape[0])
        max_epochs = check_positive_int(max_epochs, "max_epochs")
        self.history, self.errors_per_epoch, self.converged = [], [], False
        for epoch in range(1, max_epochs + 1):
            mistakes = 0
            for i, (x, t) in enumerate(zip(X, y, strict=True)):
                prediction = int(self.predict(x))
                self.w, self.b = update_rule(self.w, self.b, x, int(t), self.lr)
                mistakes += prediction != t
                self.history.append(Update(epoch, i, prediction, int(t), self.w.copy(), self.b))
            self.errors_per_epoch.append(int(mistakes))
            if mistakes == 0:
                self.converged = True
                break
        return self

    def __repr__(self) -> str:
        w = np.array2string(self.w, precision=3)
        return f"Perceptron(w={w}, b={self.b:.3g}, lr={self.lr:g})"


def truth_table(w: Any, b: float) -> np.ndarray:
    """The perceptron's behaviour on the four binary inputs.

    Returns an array of shape (4, 4) whose columns are ``x1, x2, z = x·w + b, output``.
    """
    w = _as_weights(w, 2)
    z = GATE_INPUTS @ w + float(b)
    return np.column_stack([GATE_INPUTS, z, step(z)])


def format_truth_table(w: Any, b: float, gate: str | None = None) -> str:
    """A plain-text truth table of the perceptron ``(w, b)``, optionally compared with a gate.

    Examples
    --------
    >>> print(format_truth_table([1, 1], -1.5, gate="AND"))
    x1  x2       z  output  AND
     0   0  -1.500       0    0  ✓
     0   1  -0.500       0    0  ✓
     1   0  -0.500       0    0  ✓
     1   1   0.500       1    1  ✓
    """
    table = truth_table(w, b)
    expected = None
    header = "x1  x2       z  output"
    if gate is not None:
        key = gate.upper()
        if key not in GATES:
            raise ValueError(f"unknown gate {gate!r}; choose one of {', '.join(GATES)}")
        expected = GATES[key]
        header += f"  {key}"
    lines = [header]
    for i, (x1, x2, z, out) in enumerate(table):
        z = 0.0 if z == 0 else z  # never print -0.000
        line = f"{x1:2.0f}  {x2:2.0f}  {z:6.3f}  {out:6.0f}"
        if expected is not None:
            ok = "✓" if int(out) == expected[i] else "✗"
            line += f"  {expected[i]:{len(key)}d}  {ok}"
        lines.append(line)
    return "\n".join(lines)
