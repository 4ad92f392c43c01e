"""Chapter 3 checkers: collapsing a stack of affine layers, and a bump made of two sigmoids.

Each checker runs the candidate on a battery of cases and, for every failed case, compares
what came back with what the usual mistakes produce on the same input, so the hint names
the mistake actually made.

``check_collapse``: non-square layers, a single layer, square stacks (where a reversed
product or a transpose gives wrong numbers instead of a shape error), a width-1
bottleneck, weights of ±1000, float32 and a ten-layer stack. Mistakes recognised: the
product in the column-vector order ``W_L ⋯ W_1`` (or ``W_next @ b`` for the bias), a
transposed result, keeping only the last bias, summing the biases, pushing a bias through
the next layer only, forgetting the later biases, a bias of shape ``(1, n)``, a float64
result for float32 layers, and changing the caller's lists or arrays.

``check_bump``: typical bumps, negative heights, the default arguments, inputs of ±1000
and steep edges (where the naive sigmoid overflows), float32, 2-D batches and a scalar.
Mistakes recognised: the two steps subtracted the wrong way round, added instead of
subtracted, the steepness left out or applied to ``x`` only, the height on one step only,
``right`` used as a width, a naive sigmoid's overflow warning, a wrong dtype or shape.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..activations import sigmoid
from ..expressivity import collapse_affine, sigmoid_bump
from ._core import Outcome, Report, call, fmt, run_checker

__all__ = ["check_bump", "check_collapse"]


# ----------------------------------------------------------------------------- shared


def _as_float_array(value: Any) -> np.ndarray | None:
    """``value`` as a floating ndarray (numbers and numeric arrays only), else None."""
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (list, tuple)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return np.asarray(value, dtype=np.float64)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value if value.dtype.kind == "f" else value.astype(np.float64)
    return None


def _close(got: np.ndarray, expected: np.ndarray, rtol: float) -> bool:
    scale = max(1.0, float(np.max(np.abs(expected)))) if expected.size else 1.0
    return got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=rtol, atol=rtol * scale)
    )


def _short(error: str) -> str:
    """An error message cut to its gist: NumPy's matmul and broadcasting messages are
    long; their first clause says enough."""
    if "matmul" in error and "mismatch" in error:
        return error.split(":")[0] + ": matmul: the inner dimensions do not match"
    if len(error) > 110:
        return error[:107].rstrip() + "…"
    return error


def _bump_difference(x: np.ndarray, expected: np.ndarray, got: np.ndarray) -> str:
    """Where the candidate's bump is furthest from the right one, and how many values are
    off."""
    with np.errstate(invalid="ignore"):
        gap = np.abs(got.astype(np.float64) - expected.astype(np.float64))
    gap = np.where(np.isnan(gap), np.inf, gap)
    k = int(np.argmax(gap))
    n_wrong = int(np.sum(~np.isclose(got, expected, rtol=1e-5, atol=1e-6)))
    at = f"at x = {float(x.reshape(-1)[k]):.6g}" if x.ndim else f"at x = {float(x):.6g}"
    return (
        f"{n_wrong} of {expected.size} values are off; {at} expected "
        f"{float(expected.reshape(-1)[k]):.6g}, got {float(got.reshape(-1)[k]):.6g}."
    )


# ----------------------------------------------------------------------------- collapse

ORDER = (
    "multiply in layer order, W = W1 @ W2 @ … @ WL: with row vectors the input meets W1 "
    "first (X @ W1, then @ W2). The order WL ⋯ W2 W1 is the column-vector habit (y = W x), "
    "which this course does not use."
)
PRODUCT_SHAPES = (
    "a product's shapes did not line up. With row vectors the data is always on the left "
    "and the layers come in order: W = W @ W_next and b = b @ W_next + b_next. "
    "W_next @ W or W_next @ b is the column-vector habit (y = W x)."
)
TRANSPOSE = (
    "W must have shape (n_in, n_out) = (Ws[0].shape[0], Ws[-1].shape[1]), like every "
    "layer's W in the row-vector convention; no transposes are needed."
)
LAST_BIAS = (
    "b must include the earlier biases too: each bias is pushed through every later "
    "layer, b = (…((b1 @ W2 + b2) @ W3 + b3)…) @ WL + bL. Keeping only bL drops them."
)
SUM_BIASES = (
    "adding the biases up is not enough: an earlier bias is multiplied by every later "
    "weight matrix, b = (…((b1 @ W2 + b2) @ W3 + b3)…) @ WL + bL."
)
NEXT_ONLY = (
    "each bias must go through all the layers after it, not just the next one: update "
    "b = b @ W_next + b_next at every layer, so that earlier terms keep being multiplied."
)
FIRST_ONLY = (
    "the later biases are missing: after pushing b through the next W, add that layer's "
    "own bias, b = b @ W_next + b_next."
)
BIAS_LEFT = (
    "push the bias through a layer with b @ W_next (the row vector on the left), not "
    "W_next @ b: in the row-vector convention every product has the data on the left."
)
BIAS_GENERIC = (
    "b is wrong while W is right: start from b = b1 and, for each later layer, update "
    "b = b @ W_next + b_next."
)
BIAS_SHAPE = (
    "return b as a 1-D array of shape (n_out,), like the biases you were given, not as a "
    "row (1, n_out) or column (n_out, 1)."
)
MUTATES = (
    "your function changed the lists or arrays it was given (for example `b += …` on "
    "bs[0], `W @= …`, or Ws.pop()). Work on new arrays: W, b = Ws[0].copy(), bs[0].copy() "
    "or W = W @ W_next."
)
FLOAT32 = (
    "keep the layers' dtype: float32 layers give a float32 W and b. Start from Ws[0] and "
    "bs[0]; np.eye, np.zeros and np.array(..., dtype=float) start in float64."
)
RETURN_PAIR = "return two NumPy arrays, the collapsed weights and bias: `return W, b`."
WIDTH_CHAIN = (
    "the shapes did not line up. Ws[i] has shape (n_i, n_(i+1)), so the row-vector product "
    "W1 @ W2 @ … @ WL chains; b has the width of the layer it belongs to."
)


def _collapse_cases() -> list[tuple[str, list[np.ndarray], list[np.ndarray]]]:
    rng = np.random.default_rng(3)

    def stack(widths, scale=1.0, dtype=np.float64):
        Ws = [
            (scale * rng.standard_normal((a, b)) / np.sqrt(a)).astype(dtype)
            for a, b in itertools.pairwise(widths)
        ]
        bs = [(scale * rng.standard_normal(b)).astype(dtype) for b in widths[1:]]
        return Ws, bs

    return [
        ("two layers 3 → 5 → 2", *stack([3, 5, 2])),
        ("three layers 4 → 6 → 3 → 2", *stack([4, 6, 3, 2])),
        ("one layer 3 → 2 (nothing to collapse)", *stack([3, 2])),
        ("four square layers 3 → 3 → 3 → 3 → 3", *stack([3, 3, 3, 3, 3])),
        ("a bottleneck 5 → 1 → 4", *stack([5, 1, 4])),
        ("weights and biases of size up to about ±1000, 3 → 4 → 2", *stack([3, 4, 2], 1000.0)),
        ("float32 layers 2 → 3 → 2", *stack([2, 3, 2], dtype=np.float32)),
        ("ten layers of width 2", *stack([2] * 11)),
    ]


def _shapes_text(Ws: list[np.ndarray]) -> str:
    if len(Ws) > 4 and all(W.shape == Ws[0].shape for W in Ws):
        return f"{len(Ws)} × {Ws[0].shape}"
    return ", ".join(str(W.shape) for W in Ws)


def _product(mats: list[np.ndarray]) -> np.ndarray:
    P = mats[0]
    for M in mats[1:]:
        P = P @ M
    return P


def _weight_mistakes(Ws: list[np.ndarray]) -> list[tuple[str, np.ndarray]]:
    """(hint, W) for the usual mistakes in W that can be computed for these layers."""
    W_ref = _product(Ws)
    out = [(TRANSPOSE, W_ref.T)]
    with contextlib.suppress(ValueError):
        out.insert(0, (ORDER, _product(Ws[::-1])))
    return out


def _bias_mistakes(Ws: list[np.ndarray], bs: list[np.ndarray]) -> list[tuple[str, np.ndarray]]:
    """(hint, b) for the usual mistakes in b that can be computed for these layers (a
    mistake that would not even run on these shapes is left out)."""
    if len(Ws) == 1:
        return []

    def next_only() -> np.ndarray:
        b = bs[-1].copy()
        for i in range(len(Ws) - 1):
            b = b + bs[i] @ Ws[i + 1]
        return b

    def bias_left() -> np.ndarray:
        b = bs[0]
        for W, b_next in zip(Ws[1:], bs[1:], strict=True):
            b = W @ b + b_next
        return b

    candidates: list[tuple[str, Callable[[], np.ndarray]]] = [
        (LAST_BIAS, lambda: bs[-1]),
        (SUM_BIASES, lambda: sum(bs[1:], start=bs[0])),
        (NEXT_ONLY, next_only),
        (FIRST_ONLY, lambda: bs[0] @ _product(Ws[1:])),
        (BIAS_LEFT, bias_left),
    ]
    out = []
    for hint, make in candidates:
        with contextlib.suppress(ValueError):
            out.append((hint, make()))
    return out


def check_collapse(collapse: Callable) -> bool:
    """Check ``collapse(Ws, bs) -> (W, b)``, which turns a stack of affine layers into the
    one affine map it equals, ``W = W1 @ W2 @ … @ WL`` and
    ``b = (…((b1 @ W2 + b2) @ W3 + b3)…) @ WL + bL`` (chapter 3). Never raises.
    """

    def run(report: Report) -> None:
        for desc, Ws, bs in _collapse_cases():
            report.case()
            W_ref, b_ref = collapse_affine(Ws, bs)
            Ws_arg, bs_arg = [W.copy() for W in Ws], [b.copy() for b in bs]
            outcome = call(collapse, Ws_arg, bs_arg)
            head = f"{desc}: shapes {_shapes_text(Ws)}"
            fail = _collapse_verdict(outcome, Ws, bs, Ws_arg, bs_arg, W_ref, b_ref)
            if fail is not None:
                what, hint = fail
                report.fail(f"{head}: {what}", hint)

    return run_checker("collapse", collapse, run)


def _collapse_verdict(
    outcome: Outcome,
    Ws: list[np.ndarray],
    bs: list[np.ndarray],
    Ws_arg: list[Any],
    bs_arg: list[Any],
    W_ref: np.ndarray,
    b_ref: np.ndarray,
) -> tuple[str, str] | None:
    """None if the outcome is right, else (what happened, hint)."""
    changed = len(Ws_arg) != len(Ws) or len(bs_arg) != len(bs)
    if not changed:
        changed = not all(
            isinstance(a, np.ndarray) and a.shape == r.shape and np.array_equal(a, r)
            for a, r in zip(Ws_arg + bs_arg, Ws + bs, strict=True)
        )
    if outcome.error is not None:
        text = _short(outcome.error)
        if "broadcast" in text:
            hint = SUM_BIASES
        elif "matmul" in text or "aligned" in text or "mismatch" in text:
            hint = PRODUCT_SHAPES if len(Ws) > 1 else WIDTH_CHAIN
        else:
            hint = (
                "start from W, b = Ws[0], bs[0] and, for each later layer, "
                "W = W @ W_next and b = b @ W_next + b_next."
            )
        return f"collapse(Ws, bs) {text}.", hint
    if changed:
        return "the input lists or arrays were changed.", MUTATES
    got = outcome.value
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return f"returned {fmt(got)}.", RETURN_PAIR
    got_W, got_b = _as_float_array(got[0]), _as_float_array(got[1])
    if got_W is None or got_b is None:
        kinds = ", ".join(type(v).__name__ for v in got)
        return f"returned a pair of ({kinds}), not two real-valued arrays.", RETURN_PAIR
    n_in, n_out = Ws[0].shape[0], Ws[-1].shape[1]
    if got_W.shape != (n_in, n_out):
        # (n_out, n_in) is a transposed W, unless its numbers are not even W's transposed
        reversed_shape = got_W.shape == (n_out, n_in) and not _close(got_W.T, W_ref, 1e-6)
        return f"W has shape {got_W.shape}, expected ({n_in}, {n_out}).", (
            ORDER if reversed_shape else TRANSPOSE
        )
    if got_b.shape != (n_out,):
        return f"b has shape {got_b.shape}, expected ({n_out},).", BIAS_SHAPE
    rtol = 1e-5 if W_ref.dtype == np.float32 else 1e-9
    W_ok, b_ok = _close(got_W, W_ref, rtol), _close(got_b, b_ref, rtol)
    if W_ok and b_ok:
        if got_W.dtype != W_ref.dtype or got_b.dtype != b_ref.dtype:
            return (
                f"returned dtypes ({got_W.dtype}, {got_b.dtype}) for {W_ref.dtype} layers.",
                FLOAT32,
            )
        return None
    what = _difference_text(got_W, got_b, W_ref, b_ref, W_ok)
    if not W_ok:
        for hint, W in _weight_mistakes(Ws):
            if _close(got_W, np.asarray(W, dtype=np.float64), 1e-6):
                return what, hint
        return what, "W = W1 @ W2 @ … @ WL, multiplied in layer order (row vectors: X @ W1 first)."
    for hint, b in _bias_mistakes(Ws, bs):
        if _close(got_b, np.asarray(b, dtype=np.float64), 1e-6):
            return what, hint
    return what, BIAS_GENERIC


def _difference_text(
    got_W: np.ndarray, got_b: np.ndarray, W_ref: np.ndarray, b_ref: np.ndarray, W_ok: bool
) -> str:
    if W_ok:
        return f"W is right, but b: expected {fmt(b_ref)}, got {fmt(got_b)}."
    i, j = np.unravel_index(np.argmax(np.abs(got_W - W_ref)), W_ref.shape)
    return (
        f"W is wrong: at [{i}, {j}] expected {float(W_ref[i, j]):.6g}, "
        f"got {float(got_W[i, j]):.6g}."
    )


# ----------------------------------------------------------------------------- bump

SWAPPED = (
    "the bump is upside down: subtract the step at `right` from the step at `left`, "
    "height * (σ(s(x − left)) − σ(s(x − right))), not the other way round."
)
ADDED = (
    "a bump is the *difference* of two steps, not their sum: the second step switches "
    "the first one off again after `right`."
)
NO_STEEPNESS = (
    "the steepness is missing: multiply inside the sigmoids, σ(steepness * (x − left)); "
    "without it the edges are so soft that there is hardly a bump."
)
STEEP_X_ONLY = (
    "the steepness must multiply the whole shift, σ(steepness * (x − left)), not only x: "
    "σ(steepness * x − left) moves the edge to left / steepness."
)
HEIGHT_ONE = (
    "multiply the whole difference by the height: height * (σ(…left…) − σ(…right…)), "
    "not just one of the two steps."
)
WIDTH = (
    "`right` is where the bump ends, not its width: the second step is σ(steepness * (x − right))."
)
OVERFLOW = (
    "1 / (1 + np.exp(-z)) overflows (with a warning) once -z exceeds about 709 in "
    "float64 (88.7 in float32). Use the stable nnbook.activations.sigmoid, which never "
    "overflows, or np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))."
)
DTYPE = (
    "keep x's dtype: float32 in, float32 out. Avoid np.float64(...), float(...) and "
    "dtype=float on arrays; NumPy's own operations keep float32."
)
SHAPE = (
    "work element-wise on the whole array and return the shape of x (no loops that "
    "flatten, no .sum(), no list)."
)
DEFAULTS = "check the default arguments: height=1.0 and steepness=50.0."
BUMP_GENERIC = (
    "compute height * (σ(steepness * (x − left)) − σ(steepness * (x − right))) element-wise."
)


def _bump_cases() -> list[tuple[str, Any, tuple, dict]]:
    """(description, x, positional arguments after x, keyword arguments)."""
    return [
        ("a unit bump on [0, 1]", np.linspace(-0.5, 1.5, 9), (0.0, 1.0, 1.0, 50.0), {}),
        (
            "height 2.5 on [-2, 3], steepness 10",
            np.linspace(-4.0, 5.0, 10),
            (-2.0, 3.0, 2.5, 10.0),
            {},
        ),
        (
            "a negative bump, height -0.7, on [1, 2]",
            np.linspace(0.0, 3.0, 7),
            (1.0, 2.0, -0.7, 20.0),
            {},
        ),
        (
            "the defaults (height 1, steepness 50), bump on [0.2, 0.6]",
            np.linspace(0, 1, 11),
            (0.2, 0.6),
            {},
        ),
        (
            "far from the bump, x = ±1000",
            np.array([-1000.0, -50.0, 0.5, 50.0, 1000.0]),
            (0.0, 1.0, 1.0, 50.0),
            {},
        ),
        (
            "steep edges, steepness 1000",
            np.array([-1.0, 0.0, 0.5, 1.0, 2.0]),
            (0.0, 1.0, 1.0, 1000.0),
            {},
        ),
        ("float32 x", np.linspace(-1, 2, 7, dtype=np.float32), (0.0, 1.0, 2.0, 20.0), {}),
        (
            "a 2-D batch of shape (3, 4)",
            np.linspace(-1, 2, 12).reshape(3, 4),
            (0.0, 1.0, 1.0, 20.0),
            {},
        ),
        ("a single number x = 0.5", 0.5, (0.0, 1.0, 3.0, 50.0), {}),
    ]


def _call_quiet_underflow(fn: Callable, *args: Any, **kwargs: Any) -> Outcome:
    """:func:`call` with underflow allowed: exp(-50000) = 0 is the right answer, and NumPy
    is silent about it by default, so a learner never sees such a warning."""

    def quiet(*a: Any, **kw: Any) -> Any:
        with np.errstate(under="ignore"):
            return fn(*a, **kw)

    return call(quiet, *args, **kwargs)


def _bump_ref(x: Any, left: float, right: float, height: float = 1.0, steepness: float = 50.0):
    return sigmoid_bump(x, left, right, height, steepness)


def _bump_mistakes() -> list[tuple[str, Callable]]:
    def variant(kind: str) -> Callable:
        def wrong(x, left, right, height=1.0, steepness=50.0):
            x = np.asarray(x, dtype=np.float64)
            s = steepness
            up, down = sigmoid(s * (x - left)), sigmoid(s * (x - right))
            return {
                "swapped": height * (down - up),
                "added": height * (up + down),
                "no_s": height * (sigmoid(x - left) - sigmoid(x - right)),
                "s_x": height * (sigmoid(s * x - left) - sigmoid(s * x - right)),
                "height_one": height * up - down,
                "width": height * (up - sigmoid(s * (x - left - right))),
            }[kind]

        return wrong

    return [
        (SWAPPED, variant("swapped")),
        (ADDED, variant("added")),
        (NO_STEEPNESS, variant("no_s")),
        (STEEP_X_ONLY, variant("s_x")),
        (HEIGHT_ONE, variant("height_one")),
        (WIDTH, variant("width")),
    ]


def check_bump(bump: Callable) -> bool:
    """Check ``bump(x, left, right, height=1.0, steepness=50.0)``, a bump made of two
    sigmoids, ``height * (σ(steepness*(x − left)) − σ(steepness*(x − right)))`` (chapter 3).
    Never raises.
    """

    def run(report: Report) -> None:
        for desc, x, args, kwargs in _bump_cases():
            report.case()
            x_arg = x.copy() if isinstance(x, np.ndarray) else x
            expected = np.asarray(_bump_ref(x, *args, **kwargs))
            outcome = _call_quiet_underflow(bump, x_arg, *args, **kwargs)
            shown = ", ".join(f"{a:g}" for a in args)
            head = f"{desc}: bump(x, {shown})"
            fail = _bump_verdict(outcome, x, args, expected, len(args) < 4)
            if fail is not None:
                what, hint = fail
                report.fail(f"{head}: {what}", hint)

    return run_checker("bump", bump, run)


def _bump_verdict(
    outcome: Outcome, x: Any, args: tuple, expected: np.ndarray, uses_defaults: bool
) -> tuple[str, str] | None:
    if outcome.error is not None:
        error = _short(outcome.error)
        if "overflow" in error:
            return f"{error}.", OVERFLOW
        if uses_defaults and "missing" in error and "argument" in error:
            return f"{error}.", DEFAULTS
        return f"{error}.", BUMP_GENERIC
    got = _as_float_array(outcome.value)
    if got is None:
        value = outcome.value
        if isinstance(value, (list, tuple)):
            return f"returned a {type(value).__name__} of {len(value)} items.", SHAPE
        return f"returned {fmt(value)}.", SHAPE
    if got.shape != expected.shape:
        return f"returned shape {got.shape}, expected {expected.shape}.", SHAPE
    rtol = 1e-5 if expected.dtype == np.float32 else 1e-7
    if _close(got, expected, rtol):
        if got.dtype != expected.dtype:
            return f"returned dtype {got.dtype} for {expected.dtype} input.", DTYPE
        return None
    what = _bump_difference(np.asarray(x, dtype=np.float64), expected, got)
    x64 = np.asarray(x, dtype=np.float64)
    for hint, wrong in _bump_mistakes():
        with np.errstate(all="ignore"):
            value = np.asarray(wrong(x64, *args))
        if value.shape == got.shape and np.allclose(got, value, rtol=1e-5, atol=1e-6):
            return what, hint
    return what, DEFAULTS if uses_defaults else BUMP_GENERIC
