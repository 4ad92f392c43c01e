"""Chapter 3 checkers: collapsing a stack of affine layers, and a bump made of two sigmoids,
as data for the engine (:mod:`._engine`).

``check_collapse`` mistakes: the product in the column-vector order ``W_L ⋯ W_1``, a
transposed result, keeping only the last bias, summing the biases, pushing a bias through
the next layer only, forgetting the later biases, ``W_next @ b``, a bias of shape
``(1, n)``, a float64 result for float32 layers, changing the caller's lists or arrays.

``check_bump`` mistakes: the two steps subtracted the wrong way round, added or multiplied
instead of subtracted (a product is close to the difference only for sharp, wide bumps),
the steepness left out or applied to ``x`` only, the height on one step only, ``right``
used as a width, a naive sigmoid's overflow warning, a wrong dtype or shape.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..activations import sigmoid
from ..expressivity import collapse_affine, sigmoid_bump
from ._core import fmt
from ._engine import Case, Mistake, Spec, check

__all__ = ["check_bump", "check_collapse"]

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
PRODUCT = (
    "a bump is the *difference* of two steps, σ(s(x − left)) − σ(s(x − right)), not the "
    "product σ(s(x − left))·σ(−s(x − right)): the two agree only when the edges are sharp "
    "and far apart, so a soft or narrow bump shows the difference."
)


def _bump_variant(kind: str):
    def wrong(x, left, right, height=1.0, steepness=50.0):
        x = np.asarray(x, dtype=np.float64)
        s = steepness
        up, down = sigmoid(s * (x - left)), sigmoid(s * (x - right))
        return {
            "swapped": lambda: height * (down - up),
            "added": lambda: height * (up + down),
            "product": lambda: height * up * sigmoid(-s * (x - right)),
            "no_s": lambda: height * (sigmoid(x - left) - sigmoid(x - right)),
            "s_x": lambda: height * (sigmoid(s * x - left) - sigmoid(s * x - right)),
            "height_one": lambda: height * up - down,
            "width": lambda: height * (up - sigmoid(s * (x - left - right))),
        }[kind]()

    return wrong


def _bump_error(error: str) -> str | None:
    if "overflow" in error:
        return OVERFLOW
    if "missing" in error and "argument" in error:
        return DEFAULTS
    return None


def _fixed_bumps() -> list[tuple[str, Any, tuple, dict]]:
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


def _bump_cases(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case(d, (x, *a), k, hint=DEFAULTS if len(a) < 4 else None) for d, x, a, k in _fixed_bumps()
    ]
    x = np.round(np.sort(rng.uniform(-1.0, 2.0, 6)), 3)
    left = float(np.round(rng.uniform(-0.5, 0.5), 2))
    width = float(np.round(rng.uniform(0.05, 1.0), 2))
    s = float(np.round(rng.uniform(1.0, 8.0), 1))
    h = float(np.round(rng.uniform(-2.0, 2.0), 2))
    x_soft = np.linspace(-1.0, 2.0, 7)
    cases += [
        Case("a soft, narrow bump: steepness 3 on [0.4, 0.6]", (x_soft, 0.4, 0.6, 1.0, 3.0),
             counted=False),
        Case("a soft bump: steepness 2 on [0, 1], height 1.5", (x_soft, 0.0, 1.0, 1.5, 2.0),
             counted=False),
        Case("a random soft bump", (x, left, left + width, h, s), counted=False),
        Case("every argument by keyword", (),
             {"x": x, "left": left, "right": left + width, "height": h, "steepness": s},
             counted=False),
    ]  # fmt: skip
    return cases


BUMP = Spec(
    signature="x, left, right, height=1.0, steepness=50.0",
    name="bump",
    reference=lambda x, left, right, height=1.0, steepness=50.0: sigmoid_bump(
        x, left, right, height, steepness
    ),
    cases=_bump_cases,
    hint=BUMP_GENERIC,
    mistakes=[
        Mistake(SWAPPED, _bump_variant("swapped")),
        Mistake(ADDED, _bump_variant("added")),
        Mistake(PRODUCT, _bump_variant("product")),
        Mistake(NO_STEEPNESS, _bump_variant("no_s")),
        Mistake(STEEP_X_ONLY, _bump_variant("s_x")),
        Mistake(HEIGHT_ONE, _bump_variant("height_one")),
        Mistake(WIDTH, _bump_variant("width")),
    ],
    tol={"float64": (1e-7, 1e-9), "float32": (1e-5, 1e-6)},
    return_hint=SHAPE,
    dtype_hint=DTYPE,
    shape_hint=SHAPE,
    warning_hint=lambda w, right: (
        OVERFLOW
        if "overflow" in w
        else ("a correct bump runs silently; find the operation that warns and avoid it.")
    ),
    error_hint=_bump_error,
    forbid=("nnbook.expressivity.sigmoid_bump", "nnbook.expressivity.sigmoid_bumps"),
    forbid_reason="The statement asks for your own bump (nnbook's sigmoid is fine).",
)


def check_bump(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``bump(x, left, right, height=1.0, steepness=50.0)``, a bump made of two
    sigmoids, ``height * (σ(steepness*(x − left)) − σ(steepness*(x − right)))`` (chapter 3):
    sharp, soft and narrow bumps, negative heights, the defaults, x = ±1000 with steep
    edges, float32, a batch, a number, every argument by keyword. Never raises.
    """
    return check(BUMP, fn, time_limit)
