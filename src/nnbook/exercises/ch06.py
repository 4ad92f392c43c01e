"""Chapter 6 checkers: the backward pass of a linear layer, backpropagation through tanh,
as data for the engine (:mod:`._engine`); the gradient check is in :mod:`.ch06_gradcheck`
and the XOR training checker in :mod:`.ch06_xor`.

Mistakes recognised: a transposed weight gradient, the bias gradient summed over the wrong
axis or averaged instead of summed, the results in the wrong order, a derivative written
in terms of the output instead of the input, a missing upstream gradient, an overflowing
``cosh``, a forward difference, dividing by ``eps``, a loop over rows, moving every entry
at once, a perturbation that is not undone, float32 perturbations, ignoring ``eps``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..activations import tanh_grad
from ._engine import Case, Mistake, Spec, check
from .ch06_gradcheck import check_numerical_gradient
from .ch06_xor import check_train_xor

__all__ = [
    "check_linear_backward",
    "check_numerical_gradient",
    "check_tanh_backward",
    "check_train_xor",
]

INPLACE = (
    "it changed its input arrays in place (+=, -=, or an out= argument). Gradients are "
    "new arrays: leave X, W and dZ as they were, the caller still needs them."
)
DTYPE = (
    "keep the dtype: float32 inputs give float32 gradients. Avoid np.float64(...), "
    "dtype=float and astype(float); NumPy's own operations keep float32."
)

# ----------------------------------------------------------------------------- linear backward

LINEAR_FORMULAS = "dX = dZ @ W.T, dW = X.T @ dZ and db = dZ.sum(axis=0)"
DW_TRANSPOSED = (
    "dW is transposed: it must have W's shape (n_in, n_out), dW = X.T @ dZ. dZ.T @ X is its "
    "transpose; on a square layer even the shapes match and only the values are wrong."
)
DX_TRANSPOSED = (
    "dX must have X's shape (n, n_in): dX = dZ @ W.T, the upstream gradient sent back "
    "through the transposed weights. dZ @ W fits only a square layer, and is wrong there."
)
DX_FLIPPED = (
    "dX is transposed: W @ dZ.T has shape (n_in, n), one column per sample. Each sample "
    "is a row, so dX = dZ @ W.T, shape (n, n_in)."
)
DB_AXIS = (
    "db is summed over the wrong axis: axis=1 adds up the output units of each sample. "
    "Sum over the batch, axis=0: db = dZ.sum(axis=0), one entry per output unit."
)
MEAN_NOT_SUM = (
    "mean instead of sum: the 1/n of the mean loss is already inside dZ (the loss "
    "gradient divided by n), so dW = X.T @ dZ and db = dZ.sum(axis=0) with no further "
    "division; dividing again makes the step n times too small."
)
DB_NOT_SUMMED = (
    "b is added to every row of Z, so its gradient collects every row: db = "
    "dZ.sum(axis=0), shape (n_out,). dZ itself, or one row of it, leaves out the "
    "other samples."
)
DB_SUM_ALL = (
    "dZ.sum() adds up everything into one number; db needs one sum per output unit, "
    "over the batch: dZ.sum(axis=0)."
)
ORDER = "return the three gradients in the order (dX, dW, db)."
LINEAR_RETURN = "return a tuple (dX, dW, db) of three NumPy arrays."
SHAPES = (
    "a matrix product whose shapes do not fit: each gradient has the shape of what it "
    f"is the gradient of, and {LINEAR_FORMULAS} are the products that fit (a transpose "
    "missing or misplaced is the usual cause)."
)


def linear_backward_reference(
    X: np.ndarray, W: np.ndarray, dZ: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The backward pass of ``Z = X @ W + b`` (chapter 6): ``(dX, dW, db)``."""
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def _linear_cases(rng: np.random.Generator) -> list[Case]:
    raw = [  # (description, n, n_in, n_out, dtype, scale, seed)
        ("a batch of 5 samples, 3 inputs, 2 outputs", 5, 3, 2, np.float64, 1.0, 1),
        ("a batch of 4 samples, 2 inputs, 6 outputs", 4, 2, 6, np.float64, 1.0, 2),
        ("one sample (n = 1), 4 inputs, 3 outputs", 1, 4, 3, np.float64, 1.0, 3),
        ("a square layer (n = n_in = n_out = 3), where shapes cannot catch a transpose",
         3, 3, 3, np.float64, 1.0, 4),
        ("large values (entries up to ±1000), 6 samples, 3 inputs, 5 outputs",
         6, 3, 5, np.float64, 1000.0, 5),
        ("float32 inputs, 5 samples, 4 inputs, 3 outputs", 5, 4, 3, np.float32, 1.0, 6),
    ]  # fmt: skip
    cases = []
    for desc, n, n_in, n_out, dtype, scale, seed in raw:
        g = np.random.default_rng(seed)
        X = (scale * g.uniform(-1, 1, (n, n_in))).astype(dtype)
        W = g.uniform(-1, 1, (n_in, n_out)).astype(dtype)
        dZ = g.uniform(-1, 1, (n, n_out)).astype(dtype)
        shown = f"X {X.shape}, W {W.shape}, dZ {dZ.shape}" + (
            ", float32" if dtype == np.float32 else ""
        )
        cases.append(Case(desc, (X, W, dZ), atol=1e-12 * scale if dtype == np.float64 else None,
                          shown=shown))  # fmt: skip
    for kw in (False, True):  # fresh random layers, shown in full
        n, n_in, n_out = (int(v) for v in rng.integers(1, 4, 3))
        X, W, dZ = (
            np.round(rng.uniform(-2, 2, s), 2) for s in ((n, n_in), (n_in, n_out), (n, n_out))
        )
        if kw:
            cases.append(
                Case("random layer, by keyword", (), {"X": X, "W": W, "dZ": dZ}, counted=False)
            )
        else:
            cases.append(Case("random layer", (X, W, dZ), counted=False))
    return cases


def _linear_mistake(kind: str) -> Callable:
    def wrong(X, W, dZ):
        dX, dW, db = linear_backward_reference(X, W, dZ)
        n = X.shape[0]
        return {
            "dX_T": lambda: (dZ @ W, dW, db),
            "dX_flip": lambda: (W @ dZ.T, dW, db),
            "mean": lambda: (dX / n, dW / n, dZ.mean(axis=0)),
            "dW_T": lambda: (dX, dZ.T @ X, db),
            "db_axis": lambda: (dX, dW, dZ.sum(axis=1)),
            "db_dZ": lambda: (dX, dW, dZ),
            "db_row": lambda: (dX, dW, dZ[0]),
            "db_all": lambda: (dX, dW, dZ.sum()),
        }[kind]()

    return wrong


def _order(perm: tuple[int, ...]) -> Callable:
    return lambda X, W, dZ: tuple(linear_backward_reference(X, W, dZ)[p] for p in perm)


LINEAR_BACKWARD = Spec(
    signature="X, W, dZ",
    name="linear_backward",
    reference=linear_backward_reference,
    cases=_linear_cases,
    hint=f"the formulas are {LINEAR_FORMULAS}.",
    mistakes=[
        Mistake(DX_TRANSPOSED, _linear_mistake("dX_T")),
        Mistake(DX_FLIPPED, _linear_mistake("dX_flip")),
        Mistake(MEAN_NOT_SUM, _linear_mistake("mean")),
        Mistake(DW_TRANSPOSED, _linear_mistake("dW_T")),
        Mistake(DB_AXIS, _linear_mistake("db_axis")),
        Mistake(DB_NOT_SUMMED, _linear_mistake("db_dZ")),
        Mistake(DB_NOT_SUMMED, _linear_mistake("db_row")),
        Mistake(DB_SUM_ALL, _linear_mistake("db_all")),
        *(Mistake(ORDER, _order(p)) for p in itertools.permutations(range(3)) if p != (0, 1, 2)),
    ],
    result="tuple",
    parts=("dX", "dW", "db"),
    tol={"float64": (1e-9, 1e-12), "float32": (1e-4, 1e-4)},
    return_hint=LINEAR_RETURN,
    dtype_hint=DTYPE,
    in_place_hint=INPLACE,
    shape_hint=SHAPES,
    error_hint=lambda e: (
        SHAPES
        if any(w in e for w in ("mismatch", "shape", "broadcast", "aligned"))
        else LINEAR_RETURN
    ),
    forbid=("nnbook.nn.Linear", "nnbook.nn.MLP", "nnbook.exercises.ch06.linear_backward_reference"),
    forbid_reason="The statement asks for your own backward pass.",
)


def check_linear_backward(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``fn(X, W, dZ) -> (dX, dW, db)``, the backward pass of ``Z = X @ W + b``
    (chapter 6): ``dX = dZ @ W.T``, ``dW = X.T @ dZ``, ``db = dZ.sum(axis=0)``. Cases:
    non-square layers both ways, one sample, a square layer, entries of ±1000, float32
    (kept), fresh random layers. Never raises.
    """
    return check(LINEAR_BACKWARD, fn, time_limit)


# ----------------------------------------------------------------------------- tanh backward

OUTPUT_NOT_INPUT = (
    "the derivative is written in terms of the output but fed the input: 1 − h² is "
    "tanh′ only when h = tanh(z) is the layer's output. Here the argument is the "
    "pre-activation Z, so use 1 − np.tanh(Z)**2 (or keep H = np.tanh(Z) and use 1 − H**2)."
)
NO_UPSTREAM = (
    "the upstream gradient is missing: the chain rule multiplies the local derivative "
    "tanh′(Z) by the gradient that arrives from above, dZ = dH * (1 − tanh(Z)**2)."
)
NO_SQUARE = "tanh′(z) = 1 − tanh(z)², with the square: 1 − np.tanh(Z)**2."
SIGMOID_DERIV = (
    "that is the sigmoid's derivative σ(z)(1 − σ(z)); tanh′(z) = 1 − tanh(z)² (at z = 0 "
    "it is 1, not 1/4)."
)
COSH = (
    "np.cosh overflows for |z| above about 710 (float64) or 89 (float32): 1/cosh(z)² is "
    "right in exact arithmetic but not in floating point. Use 1 − np.tanh(Z)**2, whose "
    "tanh saturates at ±1 without overflow."
)
MATMUL = (
    "backpropagating through an element-wise function is an element-wise product: "
    "dZ = dH * tanh′(Z), not a matrix product (@ or np.dot)."
)
TANH_RETURN = "return dZ as a NumPy array of the same shape as Z."
TANH_GENERIC = "dZ = dH * (1 − np.tanh(Z)**2), element by element."


def _tanh_cases(rng: np.random.Generator) -> list[Case]:
    g = np.random.default_rng(60)
    return [
        Case("a vector", (np.array([-2.0, -0.5, 0.0, 0.3, 1.5]), np.array([1.0, -2.0, 0.5, 3.0, -1.0]))),
        Case("z = 0, where tanh′ = 1", (np.array([0.0]), np.array([2.5]))),
        Case("a batch (3, 4)", (g.uniform(-3, 3, (3, 4)), g.uniform(-2, 2, (3, 4)))),
        Case("saturated units, z = ±20 and ±1000", (np.array([-1000.0, -20.0, 20.0, 1000.0]),
             np.array([1.0, 2.0, -1.0, 0.5]))),
        Case("float32, a batch (2, 3)", (g.uniform(-2, 2, (2, 3)).astype(np.float32),
             g.uniform(-1, 1, (2, 3)).astype(np.float32))),
        Case("random inputs", (np.round(rng.uniform(-4, 4, (2, 3)), 2),
             np.round(rng.uniform(-2, 2, (2, 3)), 2)), counted=False),
        Case("Z and dH by keyword", (), {"Z": np.round(rng.uniform(-3, 3, 3), 2),
             "dH": np.round(rng.uniform(-2, 2, 3), 2)}, counted=False),
    ]  # fmt: skip


def _tanh_mistake(kind: str) -> Callable:
    def wrong(Z, dH):
        t = np.tanh(Z)
        s = 1 / (1 + np.exp(-Z))
        return {
            "output": lambda: dH * (1 - Z**2),
            "upstream": lambda: 1 - t**2,
            "square": lambda: dH * (1 - t),
            "sigmoid": lambda: dH * s * (1 - s),
            "twice": lambda: dH * (1 - np.tanh(t) ** 2),
        }[kind]()

    return wrong


def _tanh_error(error: str) -> str | None:
    if "overflow" in error:
        return COSH
    if any(w in error for w in ("matmul", "shapes", "aligned")):
        return MATMUL
    return None


TANH_BACKWARD = Spec(
    signature="Z, dH",
    name="tanh_backward",
    reference=lambda Z, dH: np.asarray(dH, np.float64) * tanh_grad(np.asarray(Z, np.float64)),
    cases=_tanh_cases,
    hint=TANH_GENERIC,
    mistakes=[
        Mistake(OUTPUT_NOT_INPUT, _tanh_mistake("output")),
        Mistake(NO_UPSTREAM, _tanh_mistake("upstream")),
        Mistake(NO_SQUARE, _tanh_mistake("square")),
        Mistake(SIGMOID_DERIV, _tanh_mistake("sigmoid")),
        Mistake(OUTPUT_NOT_INPUT, _tanh_mistake("twice")),
    ],
    dtype="any",  # the statement does not ask to keep float32
    tol={"float64": (1e-7, 1e-12), "float32": (1e-4, 1e-6)},
    return_hint=TANH_RETURN,
    in_place_hint=INPLACE.replace("X, W and dZ", "Z and dH"),
    shape_hint=MATMUL,
    warning_hint=lambda w, right: COSH if "overflow" in w else TANH_GENERIC,
    error_hint=_tanh_error,
    forbid=("nnbook.activations.tanh_grad",),
    forbid_reason="The statement asks you to derive tanh′ and write it yourself.",
)


def check_tanh_backward(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``fn(Z, dH) -> dZ``: backpropagation through ``H = tanh(Z)`` (chapter 6),
    ``dZ = dH * (1 − tanh(Z)**2)``. Cases: a vector, z = 0, a batch, saturated units
    (z = ±20, ±1000), float32 (any float dtype back is fine), fresh random inputs.
    Never raises.
    """
    return check(TANH_BACKWARD, fn, time_limit)
