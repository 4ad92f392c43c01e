"""Chapter 6 checkers: the backward pass of a linear layer, backpropagation through tanh,
a centred-difference gradient check, and a 2-2-1 network trained on XOR from scratch.

Each checker runs the candidate on a battery of cases and, for every failed case, compares
what came back with what the usual mistakes produce on the same input, so that the hint
names the mistake actually made: a transposed weight gradient, the bias gradient summed
over the wrong axis or averaged instead of summed, a derivative written in terms of the
output instead of the input, a forward difference, a perturbation that is not undone, a
symmetric initialisation, a learning rate that is too small or too large.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..activations import sigmoid, tanh_grad
from ._core import Report, call, run_checker

__all__ = [
    "check_linear_backward",
    "check_numerical_gradient",
    "check_tanh_backward",
    "check_train_xor",
]

# ----------------------------------------------------------------------------- helpers


def _copy(args: tuple) -> tuple:
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _changed(before: tuple, after: tuple) -> bool:
    return any(
        isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True)
        for a, b in zip(before, after, strict=True)
    )


def _as_array(value: Any) -> np.ndarray | None:
    """``value`` as a numeric array if it is a NumPy array or number, else None."""
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind in "biuf" else None
    if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(value, bool):
        return np.asarray(value)
    return None


def _close(a: Any, b: np.ndarray, rtol: float, atol: float) -> bool:
    try:
        a = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    b = np.asarray(b, dtype=np.float64)
    return (
        a.shape == b.shape
        and bool(np.all(np.isfinite(a)))
        and bool(np.allclose(a, b, rtol=rtol, atol=atol))
    )


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _compare(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float) -> str:
    """What is wrong with ``got`` (same shape as ``expected``), in a few words."""
    if expected.size <= 4:
        e = ", ".join(f"{v:.6g}" for v in expected.ravel().tolist())
        g = ", ".join(f"{v:.6g}" for v in np.asarray(got, dtype=np.float64).ravel().tolist())
        return f"expected [{e}], got [{g}]"
    got = np.asarray(got, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol) | ~np.isfinite(got)
    where = tuple(int(i) for i in np.argwhere(wrong)[0])
    index = where[0] if len(where) == 1 else where
    return (
        f"{int(wrong.sum())} of {expected.size} entries are wrong; at index {index} expected "
        f"{float(expected[where]):.6g}, got {float(got[where]):.6g}"
    )


def _first_match(got: Any, mistakes: list[tuple[str, Any]], rtol: float = 1e-6) -> str | None:
    """The hint of the first mistake whose value ``got`` reproduces, if any."""
    for hint, value in mistakes:
        if value is not None and _close(got, value, rtol, 1e-12):
            return hint
    return None


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

# (description, n, n_in, n_out, dtype, scale, seed)
_LINEAR_CASES = [
    ("a batch of 5 samples, 3 inputs, 2 outputs", 5, 3, 2, np.float64, 1.0, 1),
    ("a batch of 4 samples, 2 inputs, 6 outputs", 4, 2, 6, np.float64, 1.0, 2),
    ("one sample (n = 1), 4 inputs, 3 outputs", 1, 4, 3, np.float64, 1.0, 3),
    ("a square layer (n = n_in = n_out = 3), where shapes cannot catch a transpose", 3, 3, 3,
     np.float64, 1.0, 4),
    ("large values (entries up to ±1000), 6 samples, 3 inputs, 5 outputs", 6, 3, 5,
     np.float64, 1000.0, 5),
    ("float32 inputs, 5 samples, 4 inputs, 3 outputs", 5, 4, 3, np.float32, 1.0, 6),
]  # fmt: skip


def linear_backward_reference(
    X: np.ndarray, W: np.ndarray, dZ: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The backward pass of ``Z = X @ W + b`` (chapter 6): ``(dX, dW, db)``."""
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def _linear_mistakes(X: np.ndarray, W: np.ndarray, dZ: np.ndarray) -> dict[str, list]:
    n = X.shape[0]
    square = W.shape[0] == W.shape[1]
    return {
        "dX": [
            (DX_TRANSPOSED, dZ @ W if square else None),
            (DX_FLIPPED, W @ dZ.T),
            (MEAN_NOT_SUM, dZ @ W.T / n),
        ],
        "dW": [
            (DW_TRANSPOSED, dZ.T @ X),
            (MEAN_NOT_SUM, X.T @ dZ / n),
        ],
        "db": [
            (DB_AXIS, dZ.sum(axis=1)),
            (MEAN_NOT_SUM, dZ.mean(axis=0)),
            (DB_NOT_SUMMED, dZ),
            (DB_NOT_SUMMED, dZ[0]),
            (DB_SUM_ALL, dZ.sum()),
        ],
    }


_GENERIC = {
    "dX": "dX = dZ @ W.T, shape (n, n_in).",
    "dW": "dW = X.T @ dZ, shape (n_in, n_out): row i, column j collects x_i · dz_j over the batch.",
    "db": "db = dZ.sum(axis=0), shape (n_out,).",
}


def _linear_case(report: Report, fn: Callable, case: tuple) -> None:
    desc, n, n_in, n_out, dtype, scale, seed = case
    rng = np.random.default_rng(seed)
    X = (scale * rng.uniform(-1, 1, (n, n_in))).astype(dtype)
    W = rng.uniform(-1, 1, (n_in, n_out)).astype(dtype)
    dZ = rng.uniform(-1, 1, (n, n_out)).astype(dtype)
    args = (X, W, dZ)
    given = _copy(args)
    head = f"{desc}: X {_shape(X.shape)}, W {_shape(W.shape)}, dZ {_shape(dZ.shape)}" + (
        ", float32" if dtype == np.float32 else ""
    )
    report.case()
    got = call(fn, *given)
    if _changed(args, given):
        report.fail(f"{head}: the function changed its input.", INPLACE)
        return
    if got.error is not None and got.error.startswith("raised"):
        shapes = any(w in got.error for w in ("mismatch", "shape", "broadcast", "aligned"))
        hint = SHAPES if shapes else LINEAR_RETURN
        report.fail(f"{head}: {got.error}.", hint)
        return
    if got.error is not None:
        report.fail(f"{head}: {got.error}.", f"the formulas are {LINEAR_FORMULAS}.")
        return
    value = got.value
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        report.fail(f"{head}: returned {type(value).__name__} {_brief(value)}.", LINEAR_RETURN)
        return
    arrays = [_as_array(v) for v in value]
    if any(a is None for a in arrays):
        kinds = ", ".join(type(v).__name__ for v in value)
        report.fail(f"{head}: returned a tuple of ({kinds}).", LINEAR_RETURN)
        return
    ref = linear_backward_reference(*(a.astype(np.float64) for a in args))
    rtol, atol = (1e-4, 1e-4 * scale) if dtype == np.float32 else (1e-9, 1e-12 * scale)
    if not all(_close(a, r, rtol, atol) for a, r in zip(arrays, ref, strict=True)):
        for perm in [(1, 0, 2), (0, 2, 1), (1, 2, 0), (2, 0, 1), (2, 1, 0)]:
            if all(_close(arrays[p], ref[i], rtol, atol) for i, p in enumerate(perm)):
                report.fail(f"{head}: the right gradients in the wrong order.", ORDER)
                return
    mistakes = _linear_mistakes(*(a.astype(np.float64) for a in args))
    problems, hints = [], []
    for name, got_a, exp in zip(("dX", "dW", "db"), arrays, ref, strict=True):
        if got_a.shape != exp.shape:
            problems.append(f"{name} has shape {_shape(got_a.shape)}, expected {_shape(exp.shape)}")
        elif not _close(got_a, exp, rtol, atol):
            problems.append(f"{name}: {_compare(exp, got_a, rtol, atol)}")
        else:
            continue
        hint = _first_match(got_a, mistakes[name], rtol=max(rtol, 1e-6)) or _GENERIC[name]
        if hint not in hints:
            hints.append(hint)
    if problems:
        report.fail(f"{head}: " + "; ".join(problems) + ".", " ".join(hints))
        return
    if dtype == np.float32 and any(a.dtype != np.float32 for a in arrays):
        dtypes = ", ".join(str(a.dtype) for a in arrays)
        report.fail(f"{head}: returned dtypes ({dtypes}), expected float32.", DTYPE)


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_linear_backward(fn: Any) -> bool:
    """Check ``fn(X, W, dZ) -> (dX, dW, db)``, the backward pass of ``Z = X @ W + b``
    (chapter 6): ``dX = dZ @ W.T``, ``dW = X.T @ dZ``, ``db = dZ.sum(axis=0)``.

    Cases: non-square layers both ways, one sample, a square layer (where only the values
    reveal a transpose), entries of ±1000, float32. Hints for a transposed ``dW`` or
    ``dX``, ``db`` summed over the wrong axis or not at all, a mean instead of a sum, the
    wrong order of the results, changed inputs and a changed dtype. Never raises.
    """

    def run(report: Report) -> None:
        for case in _LINEAR_CASES:
            _linear_case(report, fn, case)

    return run_checker("linear_backward", fn, run)


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

# (description, Z, dH)
_rng_t = np.random.default_rng(60)
_TANH_CASES = [
    ("a vector", np.array([-2.0, -0.5, 0.0, 0.3, 1.5]), np.array([1.0, -2.0, 0.5, 3.0, -1.0])),
    ("z = 0, where tanh′ = 1", np.array([0.0]), np.array([2.5])),
    ("a batch (3, 4)", _rng_t.uniform(-3, 3, (3, 4)), _rng_t.uniform(-2, 2, (3, 4))),
    ("saturated units, z = ±20 and ±1000", np.array([-1000.0, -20.0, 20.0, 1000.0]),
     np.array([1.0, 2.0, -1.0, 0.5])),
    ("float32, a batch (2, 3)", _rng_t.uniform(-2, 2, (2, 3)).astype(np.float32),
     _rng_t.uniform(-1, 1, (2, 3)).astype(np.float32)),
]  # fmt: skip


def _tanh_mistakes(Z: np.ndarray, dH: np.ndarray) -> list[tuple[str, Any]]:
    with np.errstate(all="ignore"):
        t = np.tanh(Z)
        s = 1 / (1 + np.exp(-Z))
        return [
            (OUTPUT_NOT_INPUT, dH * (1 - Z**2)),
            (NO_UPSTREAM, 1 - t**2),
            (NO_SQUARE, dH * (1 - t)),
            (SIGMOID_DERIV, dH * s * (1 - s)),
            (OUTPUT_NOT_INPUT, dH * (1 - np.tanh(t) ** 2)),
        ]


def check_tanh_backward(fn: Any) -> bool:
    """Check ``fn(Z, dH) -> dZ``: backpropagation through ``H = tanh(Z)``
    (chapter 6), ``dZ = dH * (1 − tanh(Z)**2)``.

    Cases: a vector, z = 0, a batch, saturated units (z = ±20, ±1000), float32. Hints for
    a derivative written in terms of the output (``1 − Z**2``), a missing upstream
    gradient, a missing square, the sigmoid's derivative, an overflowing ``cosh``, a matrix
    product, changed inputs and a changed dtype. Never raises.
    """

    def run(report: Report) -> None:
        for desc, Z, dH in _TANH_CASES:
            report.case()
            args = _copy((Z, dH))
            got = call(fn, *args)
            head = f"{desc}: tanh_backward(Z={_show(Z)}, dH={_show(dH)})"
            if _changed((Z, dH), args):
                report.fail(
                    f"{head} changed its input.", INPLACE.replace("X, W and dZ", "Z and dH")
                )
                continue
            expected = (dH.astype(np.float64) * tanh_grad(Z.astype(np.float64))).astype(Z.dtype)
            mistakes = _tanh_mistakes(Z.astype(np.float64), dH.astype(np.float64))
            if got.error is not None:
                hint = TANH_GENERIC
                if "overflow" in got.error:
                    hint = COSH
                elif "matmul" in got.error or "shapes" in got.error or "aligned" in got.error:
                    hint = MATMUL
                elif got.error.startswith("raised"):
                    hint = TANH_RETURN
                else:
                    hint = _first_match(got.value, mistakes) or hint
                report.fail(f"{head} {got.error}.", hint)
                continue
            arr = _as_array(got.value)
            if arr is None or arr.dtype.kind != "f":
                report.fail(f"{head} returned {_brief(got.value)}.", TANH_RETURN)
                continue
            if arr.shape != Z.shape:
                hint = MATMUL if arr.ndim == 2 and Z.ndim == 2 else TANH_RETURN
                report.fail(
                    f"{head} returned shape {_shape(arr.shape)}, expected {_shape(Z.shape)}.",
                    hint,
                )
                continue
            rtol, atol = (1e-4, 1e-6) if Z.dtype == np.float32 else (1e-7, 1e-12)
            if not _close(arr, expected, rtol, atol):
                hint = _first_match(arr, mistakes, rtol=1e-5) or TANH_GENERIC
                report.fail(f"{head}: {_compare(expected, arr, rtol, atol)}.", hint)
                continue
            if arr.dtype != Z.dtype:
                report.fail(f"{head} returned dtype {arr.dtype}, expected {Z.dtype}.", DTYPE)

    return run_checker("tanh_backward", fn, run)


def _show(a: np.ndarray) -> str:
    if a.size <= 5:
        return "[" + ", ".join(f"{v:.3g}" for v in a.ravel().tolist()) + "]"
    return f"array {_shape(a.shape)}"


# ----------------------------------------------------------------------------- numerical gradient

FORWARD_DIFF = (
    "this is a forward (or backward) difference, (f(x + eps) − f(x)) / eps: its error "
    "shrinks only like eps. The centred difference (f(x + eps) − f(x − eps)) / (2·eps) "
    "has an error like eps², which is what a gradient check needs."
)
HALF_STEP = (
    "the centred difference spans 2·eps, from x − eps to x + eps: divide by 2 * eps, "
    "not by eps (the result is twice too large)."
)
ROWS = (
    "x[i] on a 2-D array is a whole row, so a loop over range(len(x)) moves many "
    "entries at once. Visit every entry: for i in np.ndindex(x.shape), then x[i] is one "
    "number."
)
ALL_AT_ONCE = (
    "all entries were moved at once (f(x + eps) with a scalar eps), which measures the "
    "slope along the all-ones direction, not each partial derivative. Perturb one entry "
    "at a time."
)
NOT_RESTORED = (
    "x must be left as it was: after moving x[i] by ±eps, put the original value back "
    "(keep it in a variable), or work on a copy, x = x.astype(float) (a float64 copy)."
)
SHAPE_GRAD = "the gradient has the shape of x: grad = np.zeros_like(x), and grad[i] = ..."
UNPERTURBED = (
    "f must be evaluated at the perturbed points x ± eps·e_i: perturb the array you pass "
    "to f (or pass the perturbed copy), not a copy that f never sees."
)
EPS_ARG = (
    "use the eps argument: numerical_gradient(f, x, eps) must step by the eps it is "
    "given (the checker passes eps=1e-3 in one case)."
)
GRAD_RETURN = "return the gradient as a NumPy array with the shape of x."
FLOAT32_X = (
    "x arrived as float32 and was perturbed in float32, which keeps only about 7 digits: "
    "most of a 1e-6 step is lost to rounding. Do the check in float64: "
    "x = x.astype(np.float64) (a copy) before perturbing it."
)
GRAD_GENERIC = (
    "for each entry i: grad[i] = (f(x with x[i] + eps) − f(x with x[i] − eps)) / (2 * eps)."
)


def _cube(x: np.ndarray) -> float:
    return float(np.sum(x**3))


def _sinx(x: np.ndarray) -> float:
    return float(np.sum(np.sin(x) * x))


def _exp2(x: np.ndarray) -> float:
    return float(np.sum(np.exp(2 * x)))


def _fd_variants(f: Callable, x: np.ndarray, eps: float) -> list[tuple[str, Any]]:
    """Gradients that the usual mistakes compute, each with its hint."""
    in_dtype = [] if x.dtype == np.float64 else [(FLOAT32_X, _centred_in_place(f, x, eps))]
    x = x.astype(np.float64)
    fwd = np.zeros_like(x)
    bwd = np.zeros_like(x)
    half = np.zeros_like(x)
    f0 = f(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        fwd[i] = (f(x + e) - f0) / eps
        bwd[i] = (f0 - f(x - e)) / eps
        half[i] = (f(x + e) - f(x - e)) / eps
    rows = None
    if x.ndim >= 2:
        rows = np.zeros_like(x)
        for r in range(x.shape[0]):
            e = np.zeros_like(x)
            e[r] = eps
            rows[r] = (f(x + e) - f(x - e)) / (2 * eps)
    together = np.full_like(x, (f(x + eps) - f(x - eps)) / (2 * eps))
    return [
        (FORWARD_DIFF, fwd),
        (FORWARD_DIFF, bwd),
        (HALF_STEP, half),
        (ROWS, rows),
        (ALL_AT_ONCE, together),
        (UNPERTURBED, np.zeros_like(x)),
        *in_dtype,
    ]


def _centred_in_place(f: Callable, x: np.ndarray, eps: float) -> np.ndarray:
    """The centred difference computed on a copy of ``x`` in its own dtype."""
    work = x.copy()
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = work[i]
        work[i] = old + eps
        f_plus = f(work)
        work[i] = old - eps
        f_minus = f(work)
        work[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


# (description, f, its exact gradient, x, eps passed (None: use the default))
_FD_CASES: list[tuple[str, Callable, Callable, np.ndarray, float | None]] = [
    ("f(x) = Σ x³ at a vector", _cube, lambda x: 3 * x**2, np.array([0.5, -1.2, 2.0]), None),
    ("f(X) = Σ X·sin(X) at a (2, 3) matrix", _sinx, lambda x: np.sin(x) + x * np.cos(x),
     np.array([[0.3, -1.1, 2.0], [1.4, -0.7, 0.9]]), None),
    ("f(x) = Σ exp(2x) with eps=1e-3, compared with the centred difference at that eps",
     _exp2, lambda x: 2 * np.exp(2 * x), np.array([0.3, -0.4]), 1e-3),
    ("f(x) = Σ x³ at a (2, 2, 2) array", _cube, lambda x: 3 * x**2,
     np.array([[[0.5, -1.0], [1.5, 0.8]], [[-0.6, 1.2], [2.0, -1.3]]]), None),
    ("a single entry, f(x) = Σ x³ at x = [0.1]", _cube, lambda x: 3 * x**2, np.array([0.1]),
     None),
    ("float32 input (check in float64), f(x) = Σ x³", _cube,
     lambda x: 3 * x.astype(np.float64) ** 2, np.array([0.5, -1.2, 2.0], np.float32), None),
]  # fmt: skip


def check_numerical_gradient(fn: Any) -> bool:
    """Check ``fn(f, x, eps=1e-6) -> grad``, a centred-difference gradient of a scalar
    function ``f`` at ``x`` (chapter 6), like :func:`nnbook.gradcheck.numerical_gradient`.

    Cases: a vector, a matrix, a 3-D array, a single entry, and a curved function with
    ``eps=1e-3`` that tells a centred from a forward difference. Hints for a forward or
    backward difference, dividing by ``eps`` instead of ``2·eps``, a loop over rows of a
    matrix, moving every entry at once, not restoring ``x``, a wrong shape, ignoring
    ``eps``. Never raises.
    """

    def run(report: Report) -> None:
        for desc, f, exact, x, eps in _FD_CASES:
            report.case()
            x_arg = x.copy()
            got = call(fn, f, x_arg) if eps is None else call(fn, f, x_arg, eps=eps)
            head = f"{desc}: numerical_gradient(f, x={_show(x)}{'' if eps is None else f', eps={eps:g}'})"
            if got.error is not None and got.error.startswith("raised"):
                hint = EPS_ARG if "eps" in got.error else GRAD_RETURN
                report.fail(f"{head} {got.error}.", hint)
                continue
            if not np.array_equal(x_arg, x):
                report.fail(f"{head} left x changed.", NOT_RESTORED)
                continue
            if got.error is not None:
                report.fail(f"{head} {got.error}.", GRAD_GENERIC)
                continue
            arr = _as_array(got.value)
            if arr is None or arr.dtype.kind not in "fiu":
                report.fail(f"{head} returned {_brief(got.value)}.", GRAD_RETURN)
                continue
            # with eps given, the answer is the centred difference at that eps (which differs
            # from the exact gradient by about eps²); otherwise the exact gradient
            expected = exact(x) if eps is None else _centred(f, x, eps)
            if arr.shape != x.shape:
                report.fail(
                    f"{head} returned shape {_shape(arr.shape)}, expected {_shape(x.shape)}.",
                    SHAPE_GRAD,
                )
                continue
            step = 1e-6 if eps is None else eps
            rtol, atol = (1e-9, 1e-12) if eps is not None else (1e-6, 1e-8)
            if not _close(arr, expected, rtol, atol):
                variants = _fd_variants(f, x, step)
                if eps is not None:
                    variants += [(EPS_ARG, _centred(f, x, e)) for e in (1e-4, 1e-5, 1e-6, 1e-7)]
                    variants.append((EPS_ARG, exact(x)))
                hint = _first_match(arr, variants, rtol=min(rtol * 100, 1e-6)) or GRAD_GENERIC
                report.fail(f"{head}: {_compare(expected, arr, rtol, atol)}.", hint)

    return run_checker("numerical_gradient", fn, run)


def _centred(f: Callable, x: np.ndarray, eps: float) -> np.ndarray:
    x = x.astype(np.float64)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        g[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return g


# ----------------------------------------------------------------------------- XOR

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])
#: Seeds the XOR checker trains with.
XOR_SEEDS = (0, 1, 2, 3, 4)
#: A fit counts when every output is within this distance of its target (so on the right
#: side of 0.5 with a margin of 0.1).
XOR_TOLERANCE = 0.4

XOR_RETURN = (
    "return the trained parameters as a tuple (W1, b1, W2, b2) of NumPy arrays with "
    "shapes (2, 2), (2,), (2, 1) and (1,)."
)
XOR_SHAPES = (
    "use the row-vector convention Z = X @ W + b: W1 has shape (n_in, n_hidden) = (2, 2), "
    "b1 (2,), W2 (n_hidden, n_out) = (2, 1), b2 (1,)."
)
XOR_BLEW_UP = (
    "the parameters are not finite: the learning rate is too large, so the steps "
    "overshoot and the weights blow up. Try a smaller one (1 or 2 works here)."
)
XOR_TOO_LARGE = (
    "some outputs are confidently wrong: the learning rate may be too large (each step "
    "jumps across the valley instead of down it), or the gradient has the wrong sign "
    "(update with p -= lr * grad)."
)
XOR_SYMMETRIC = (
    "the two hidden units are identical (equal incoming weights and equal outgoing "
    "weights): they started equal, receive equal gradients and stay equal, so the "
    "network has in effect one hidden unit, which cannot compute XOR. Break the symmetry: "
    "draw the initial weights at random, rng.normal(0, 0.5, size)."
)
XOR_NO_BIAS = (
    "the biases are still 0: were they forgotten, or never updated? Without biases every "
    "unit gives tanh(0) = 0 for the input (0, 0), so the output there is stuck at "
    "σ(0) = 0.5. Give both layers a bias and update it with its gradient (the column sums "
    "of dZ)."
)
XOR_TOO_SMALL = (
    "the outputs are all still close to 0.5: the network has barely moved. The learning "
    "rate is too small or there are too few steps (lr = 2 with 1000 steps is enough "
    "for a 2-2-1 net with weights drawn from N(0, 0.5²))."
)
XOR_STUCK = (
    "training got stuck on a plateau with some outputs near 0.5: a 2-2-1 network on XOR "
    "does that for about a third of its random starts (6 of 20 in chapter 6's "
    "measurement, with weights drawn from N(0, 0.5²)). "
    "Check the loss at the end and, if it is still high (say above 0.05), start again "
    "from new random weights drawn from the same rng."
)
XOR_SIGMOID_HIDDEN = (
    "these parameters fit XOR with a sigmoid hidden layer, but the exercise (and the "
    "checker) uses tanh in the hidden layer: H = np.tanh(X @ W1 + b1)."
)
XOR_WARNING = (
    "training emitted a warning, usually np.exp overflowing in the sigmoid once |O| grows "
    "large: compute σ stably (nnbook.activations.sigmoid), and check that the learning "
    "rate is not too large."
)
XOR_SEED = (
    "different seeds gave identical weights: draw the initial weights from "
    "rng = np.random.default_rng(seed), so that each seed is a different start."
)
XOR_NOT_REPRODUCIBLE = (
    "the same seed gave different weights on two calls: take all randomness from "
    "rng = np.random.default_rng(seed), not from np.random.* (the global generator)."
)
XOR_GENERIC = (
    "the network does not fit XOR. Check the backward pass against numerical_gradient "
    "before training: dO = (σ(O) − y)/4, dW2 = H.T @ dO, dH = dO @ W2.T, "
    "dZ1 = dH * (1 − H**2), dW1 = X.T @ dZ1, biases: column sums."
)


def xor_forward(params: tuple) -> np.ndarray:
    """Output probabilities ``σ(tanh(X W1 + b1) W2 + b2)`` of a 2-2-1 network on the four
    XOR inputs (chapter 6)."""
    W1, b1, W2, b2 = params
    with np.errstate(all="ignore"):
        H = np.tanh(XOR_X @ W1 + b1)
        return np.asarray(sigmoid((H @ W2.reshape(2, 1) + b2).reshape(4)))


def _xor_params(value: Any) -> tuple[tuple | None, str | None, str | None]:
    """Validate the returned parameters: ``(params, problem, hint)``."""
    if not isinstance(value, (tuple, list)) or len(value) != 4:
        return None, f"returned {_brief(value)}", XOR_RETURN
    names = ("W1", "b1", "W2", "b2")
    for name, v in zip(names, value, strict=True):
        if v is None:
            hint = XOR_NO_BIAS if name.startswith("b") else XOR_RETURN
            return None, f"{name} is None", hint
    arrays = [np.asarray(v) if _as_array(v) is not None else None for v in value]
    for name, a, v in zip(names, arrays, value, strict=True):
        if a is None:
            return None, f"{name} is a {type(v).__name__}", XOR_RETURN
    W1, b1, W2, b2 = (a.astype(np.float64) for a in arrays)
    ok = W1.shape == (2, 2) and b1.shape == (2,) and W2.shape in ((2, 1), (2,))
    ok = ok and b2.shape in ((1,), ())
    if not ok:
        shapes = ", ".join(f"{n} {_shape(a.shape)}" for n, a in zip(names, arrays, strict=True))
        return None, f"returned shapes {shapes}", XOR_SHAPES
    return (W1, b1, W2.reshape(2, 1), b2.reshape(1)), None, None


def _xor_diagnose(params: tuple, p: np.ndarray) -> str:
    W1, b1, W2, b2 = params
    if not all(np.all(np.isfinite(a)) for a in params) or not np.all(np.isfinite(p)):
        return XOR_BLEW_UP
    if np.allclose(W1[:, 0], W1[:, 1]) and np.isclose(b1[0], b1[1]) and np.isclose(*W2[:, 0]):
        return XOR_SYMMETRIC
    if np.all(b1 == 0) and np.all(b2 == 0):
        return XOR_NO_BIAS
    with np.errstate(all="ignore"):
        p_sig = sigmoid((sigmoid(XOR_X @ W1 + b1) @ W2 + b2).reshape(4))
    if np.all(np.abs(p_sig - XOR_Y) < XOR_TOLERANCE):
        return XOR_SIGMOID_HIDDEN
    if np.all(np.abs(p - 0.5) < 0.1):
        return XOR_TOO_SMALL
    if np.any(np.abs(p - XOR_Y) > 0.9):
        return XOR_TOO_LARGE
    if np.any(np.abs(p - 0.5) < 0.1):
        return XOR_STUCK
    return XOR_GENERIC


def check_train_xor(fn: Any) -> bool:
    """Check ``fn(seed) -> (W1, b1, W2, b2)``: train a 2-2-1 network (tanh hidden layer,
    sigmoid output, binary cross-entropy) on XOR from scratch (chapter 6).

    Trains with each of :data:`XOR_SEEDS` and counts a seed as a pass when every one of
    the four outputs ``σ(tanh(X W1 + b1) W2 + b2)`` lies within 0.4 of its target. Also
    checks that the seed is used (different seeds, different weights; the same seed, the
    same weights). Hints for a learning rate too small or too large, forgotten biases, a
    symmetric initialisation, a plateau (restart), a sigmoid hidden layer, wrong shapes.
    Never raises.
    """

    def run(report: Report) -> None:
        results: dict[int, tuple] = {}
        for seed in XOR_SEEDS:
            report.case()
            got = call(fn, seed)
            head = f"seed {seed}"
            if got.error is not None and got.error.startswith("raised"):
                report.fail(f"{head}: train_xor({seed}) {got.error}.", XOR_RETURN)
                continue
            params, problem, hint = _xor_params(got.value)
            if params is None:
                report.fail(f"{head}: {problem}.", hint or XOR_RETURN)
                continue
            results[seed] = params
            p = xor_forward(params)
            outputs = ", ".join(f"{v:.3g}" for v in p)
            fits = bool(np.all(np.isfinite(p)) and np.all(np.abs(p - XOR_Y) < XOR_TOLERANCE))
            if got.error is not None:  # a warning
                hint = XOR_WARNING if fits else _xor_diagnose(params, p)
                report.fail(f"{head}: train_xor({seed}) {got.error}; outputs [{outputs}].", hint)
            elif not fits:
                report.fail(
                    f"{head}: outputs [{outputs}] for the inputs (0,0), (0,1), (1,0), (1,1); "
                    "expected [0, 1, 1, 0] within 0.4.",
                    _xor_diagnose(params, p),
                )
        if len(results) >= 2:
            report.case()
            first = list(results.values())
            if all(_same_params(first[0], other) for other in first[1:]):
                report.fail("every seed gave the same trained weights.", XOR_SEED)
            else:
                seed = next(iter(results))
                again = call(fn, seed)
                params, _, _ = _xor_params(again.value) if again.error is None else (None,) * 3
                if params is not None and not _same_params(params, results[seed]):
                    report.fail(
                        f"seed {seed} twice: the two calls gave different weights.",
                        XOR_NOT_REPRODUCIBLE,
                    )

    return run_checker("train_xor", fn, run)


def _same_params(a: tuple, b: tuple) -> bool:
    return all(np.array_equal(x, y, equal_nan=True) for x, y in zip(a, b, strict=True))
