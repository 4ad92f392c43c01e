"""Chapter 3 checkers: collapsing a stack of affine layers, as data for the engine
(:mod:`._engine`); the bump exercise is in :mod:`.ch03_bump`.

``check_collapse`` mistakes: the product in the column-vector order ``W_L ⋯ W_1``, a
transposed result, keeping only the last bias, summing the biases, pushing a bias through
the next layer only, forgetting the later biases, ``W_next @ b``, a bias of shape
``(1, n)``, a float64 result for float32 layers, changing the caller's lists or arrays.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..expressivity import collapse_affine
from ._core import fmt
from ._engine import Case, Mistake, Spec, check

__all__ = ["check_collapse"]

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


def _stack(rng: np.random.Generator, widths: list[int], scale: float = 1.0, dtype: Any = float):
    Ws = [
        np.round(scale * rng.standard_normal((a, b)) / np.sqrt(a), 3).astype(dtype)
        for a, b in itertools.pairwise(widths)
    ]
    bs = [np.round(scale * rng.standard_normal(b), 3).astype(dtype) for b in widths[1:]]
    return Ws, bs


def _shapes(Ws: list[np.ndarray]) -> str:
    if len(Ws) > 4 and all(W.shape == Ws[0].shape for W in Ws):
        return f"{len(Ws)} × {Ws[0].shape}"
    return ", ".join(str(W.shape) for W in Ws)


def _collapse_cases(rng: np.random.Generator) -> list[Case]:
    fixed = np.random.default_rng(3)
    raw = [
        ("two layers 3 → 5 → 2", [3, 5, 2], 1.0, float),
        ("three layers 4 → 6 → 3 → 2", [4, 6, 3, 2], 1.0, float),
        ("one layer 3 → 2 (nothing to collapse)", [3, 2], 1.0, float),
        ("four square layers 3 → 3 → 3 → 3 → 3", [3, 3, 3, 3, 3], 1.0, float),
        ("a bottleneck 5 → 1 → 4", [5, 1, 4], 1.0, float),
        ("weights and biases of size up to about ±1000, 3 → 4 → 2", [3, 4, 2], 1000.0, float),
        ("float32 layers 2 → 3 → 2", [2, 3, 2], 1.0, np.float32),
        ("ten layers of width 2", [2] * 11, 1.0, float),
    ]
    cases = []
    for desc, widths, scale, dtype in raw:
        Ws, bs = _stack(fixed, widths, scale, dtype)
        cases.append(Case(desc, (Ws, bs), shown=f"Ws, bs with shapes {_shapes(Ws)}"))
    for _k in range(2):  # fresh random stacks, shown in full
        widths = [int(w) for w in rng.integers(1, 4, int(rng.integers(3, 5)))]
        Ws, bs = _stack(rng, widths)
        cases.append(
            Case(f"a random stack {' → '.join(map(str, widths))}", (Ws, bs),
                 shown=f"Ws={fmt(Ws)}, bs={fmt(bs)}", counted=False)
        )  # fmt: skip
    Ws, bs = _stack(rng, [2, 3, 2])
    cases.append(Case("Ws and bs by keyword", (), {"Ws": Ws, "bs": bs}, counted=False,
                      shown=f"Ws={fmt(Ws)}, bs={fmt(bs)}"))  # fmt: skip
    return cases


def _product(mats: list[np.ndarray]) -> np.ndarray:
    P = mats[0]
    for M in mats[1:]:
        P = P @ M
    return P


def _bias(kind: str):
    def wrong(Ws: list[np.ndarray], bs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        W = _product(Ws)
        if kind == "last":
            return W, bs[-1]
        if kind == "sum":
            return W, sum(bs[1:], start=bs[0])
        if kind == "first":
            return W, bs[0] @ _product(Ws[1:])
        b = bs[-1].copy() if kind == "next" else bs[0]
        for i in range(len(Ws) - 1):
            b = b + bs[i] @ Ws[i + 1] if kind == "next" else Ws[i + 1] @ b + bs[i + 1]
        return W, b

    return wrong


def _collapse_error(error: str) -> str | None:
    if "broadcast" in error:
        return SUM_BIASES
    if any(w in error for w in ("matmul", "aligned", "mismatch")):
        return PRODUCT_SHAPES
    return None


COLLAPSE = Spec(
    signature="Ws, bs",
    name="collapse",
    reference=lambda Ws, bs: collapse_affine(Ws, bs),
    cases=_collapse_cases,
    hint="W = W1 @ W2 @ … @ WL, multiplied in layer order (row vectors: X @ W1 first).",
    mistakes=[
        Mistake(ORDER, lambda Ws, bs: (_product(Ws[::-1]), collapse_affine(Ws, bs)[1])),
        Mistake(TRANSPOSE, lambda Ws, bs: (_product(Ws).T, collapse_affine(Ws, bs)[1])),
        Mistake(LAST_BIAS, _bias("last")),
        Mistake(SUM_BIASES, _bias("sum")),
        Mistake(NEXT_ONLY, _bias("next")),
        Mistake(FIRST_ONLY, _bias("first")),
        Mistake(BIAS_LEFT, _bias("left")),
        Mistake(
            BIAS_SHAPE, lambda Ws, bs: (lambda W, b: (W, b[None, :]))(*collapse_affine(Ws, bs))
        ),
    ],
    result="tuple",
    parts=("W", "b"),
    tol={"float64": (1e-9, 1e-9), "float32": (1e-5, 1e-5)},
    return_hint=RETURN_PAIR,
    dtype_hint=FLOAT32,
    in_place_hint=MUTATES,
    shape_hint=TRANSPOSE + " " + BIAS_SHAPE,
    error_hint=_collapse_error,
    forbid=("nnbook.expressivity.collapse_affine",),
    forbid_reason="The statement asks you to write the collapse yourself.",
)


def check_collapse(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``collapse(Ws, bs) -> (W, b)``, which turns a stack of affine layers into the
    one affine map it equals, ``W = W1 @ W2 @ … @ WL`` and
    ``b = (…((b1 @ W2 + b2) @ W3 + b3)…) @ WL + bL`` (chapter 3). Never raises.
    """
    return check(COLLAPSE, fn, time_limit)
