"""Chapter 3's bump exercise, as data for the engine (:mod:`._engine`).

Mistakes recognised: the two steps subtracted the wrong way round, added or multiplied
instead of subtracted (a product is close to the difference only for sharp, wide bumps),
the steepness left out or applied to ``x`` only, the height on one step only, ``right``
used as a width, a naive sigmoid's overflow warning, wrong defaults, dtype or shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import sigmoid
from ..expressivity import sigmoid_bump
from ._engine import Case, Mistake, Spec, check

__all__ = ["check_bump"]

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
