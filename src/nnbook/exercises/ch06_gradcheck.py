"""Chapter 6's gradient-check exercise: a centred-difference gradient, as data for the engine
(:mod:`._engine`). The functions it is checked on are fresh and random on every run, and
count their calls: a centred difference calls ``f`` twice per entry.

Mistakes recognised: a forward or backward difference, dividing by ``eps``, a loop over
rows, moving every entry at once, a perturbation that is not undone, float32
perturbations, ignoring ``eps``, a formula instead of calls of ``f``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._core import Report, fmt
from ._engine import Case, Mistake, Spec, check

__all__ = ["check_numerical_gradient"]

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
TOO_FEW_CALLS = (
    "a centred difference evaluates f twice per entry, at x[i] + eps and x[i] − eps; "
    "the gradient cannot be right with fewer calls (a formula for this f is not a "
    "numerical gradient)."
)


class _Scalar:
    """f(x) = Σ a·x³ + c·sin(b·x), a scalar function whose calls are counted."""

    def __init__(self, a: float, b: float, c: float) -> None:
        self._coef = (a, b, c)
        self.calls = 0

    def __call__(self, x: np.ndarray) -> float:
        self.calls += 1
        a, b, c = self._coef
        x = np.asarray(x, dtype=np.float64)
        return float(np.sum(a * x**3 + c * np.sin(b * x)))

    def exact(self, x: np.ndarray) -> np.ndarray:
        a, b, c = self._coef
        x = np.asarray(x, dtype=np.float64)
        return 3 * a * x**2 + c * b * np.cos(b * x)

    def __repr__(self) -> str:
        return "f"


def _centred(f: Callable, x: np.ndarray, eps: float, dtype: Any = np.float64) -> np.ndarray:
    x = np.array(x, dtype=dtype)
    g = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = f(x)
        x[i] = old - eps
        down = f(x)
        x[i] = old
        g[i] = (up - down) / (2 * eps)
    return g


def _fd(kind: str) -> Callable:
    def wrong(f, x, eps=1e-6):
        x64 = np.asarray(x, dtype=np.float64)
        out = np.zeros(x64.shape)
        f0 = f(x64)
        if kind == "float32":
            return _centred(f, x, eps, x.dtype)
        if kind == "together":
            return np.full(x64.shape, (f(x64 + eps) - f(x64 - eps)) / (2 * eps))
        if kind == "unperturbed":
            return out
        if kind == "rows":
            for r in range(x64.shape[0]):
                e = np.zeros_like(x64)
                e[r] = eps
                out[r] = (f(x64 + e) - f(x64 - e)) / (2 * eps)
            return out
        for i in np.ndindex(x64.shape):
            e = np.zeros_like(x64)
            e[i] = eps
            if kind == "fwd":
                out[i] = (f(x64 + e) - f0) / eps
            elif kind == "bwd":
                out[i] = (f0 - f(x64 - e)) / eps
            else:  # "half": divided by eps instead of 2 eps
                out[i] = (f(x64 + e) - f(x64 - e)) / eps
        return out

    return wrong


def _fd_reference(f: _Scalar, x: np.ndarray, eps: float | None = None) -> np.ndarray:
    return f.exact(x) if eps is None else _centred(f, x, eps)


def _fd_cases(rng: np.random.Generator) -> list[Case]:
    cube, sinx = _Scalar(1.0, 1.0, 0.0), _Scalar(0.0, 1.0, 1.0)
    raw = [
        ("f(x) = Σ x³ at a vector", cube, np.array([0.5, -1.2, 2.0]), None),
        ("f(X) = Σ sin(X) at a (2, 3) matrix", sinx, np.array([[0.3, -1.1, 2.0], [1.4, -0.7, 0.9]]), None),
        ("f(x) = Σ x³ + sin(2x) with eps=1e-3, compared with the centred difference at that eps",
         _Scalar(1.0, 2.0, 1.0), np.array([0.3, -0.4]), 1e-3),
        ("f(x) = Σ x³ at a (2, 2, 2) array", cube, np.array([[[0.5, -1.0], [1.5, 0.8]], [[-0.6, 1.2], [2.0, -1.3]]]), None),
        ("a single entry, f(x) = Σ x³ at x = [0.1]", cube, np.array([0.1]), None),
        ("float32 input (check in float64), f(x) = Σ x³", cube, np.array([0.5, -1.2, 2.0], np.float32), None),
    ]  # fmt: skip
    cases = []
    for desc, f, x, eps in raw:
        kwargs = {} if eps is None else {"eps": eps}
        shown = "f, x=" + fmt(x) + ("" if eps is None else f", eps={eps:g}")
        cases.append(Case(desc, (f, x), kwargs, rtol=1e-9 if eps else 1e-6,
                          atol=1e-12 if eps else 1e-8, shown=shown))  # fmt: skip
    a, b, c = (float(v) for v in np.round(rng.uniform(0.5, 2.0, 3), 2))
    x = np.round(rng.uniform(-1.5, 1.5, (2, 2)), 2)
    cases.append(Case(f"random f(x) = Σ {a}·x³ + {c}·sin({b}·x)", (_Scalar(a, b, c), x),
                      rtol=1e-6, atol=1e-8, counted=False, shown=f"f, x={fmt(x)}"))  # fmt: skip
    x = np.round(rng.uniform(-1.5, 1.5, 3), 2)
    cases.append(Case("f, x and eps by keyword", (), {"f": _Scalar(a, b, c), "x": x, "eps": 1e-4},
                      rtol=1e-8, atol=1e-10, counted=False, shown=f"f=f, x={fmt(x)}, eps=1e-4"))  # fmt: skip
    return cases


def _count_calls(report: Report, head: str, args: tuple, kwargs: dict, value: Any) -> None:
    f, x = (*args, *kwargs.values())[:2]
    if f.calls < 2 * np.asarray(x).size:
        report.fail(
            f"{head}: f was called {f.calls} times for an x of {x.size} entries.", TOO_FEW_CALLS
        )


NUMERICAL_GRADIENT = Spec(
    signature="f, x, eps=1e-6",
    name="numerical_gradient",
    label="numerical_gradient",
    reference=_fd_reference,
    cases=_fd_cases,
    hint=GRAD_GENERIC,
    mistakes=[
        Mistake(FORWARD_DIFF, _fd("fwd")),
        Mistake(FORWARD_DIFF, _fd("bwd")),
        Mistake(HALF_STEP, _fd("half")),
        Mistake(ROWS, _fd("rows")),
        Mistake(ALL_AT_ONCE, _fd("together")),
        Mistake(UNPERTURBED, _fd("unperturbed")),
        Mistake(FLOAT32_X, _fd("float32")),
        *(
            Mistake(EPS_ARG, lambda f, x, eps=1e-6, e=e: _centred(f, x, e))
            for e in (1e-4, 1e-5, 1e-6, 1e-7)
        ),
    ],
    dtype="any",
    return_hint=GRAD_RETURN,
    in_place_hint=NOT_RESTORED,
    shape_hint=SHAPE_GRAD,
    error_hint=lambda e: EPS_ARG if "eps" in e else None,
    forbid=("nnbook.gradcheck.numerical_gradient",),
    forbid_reason="The statement asks you to write the centred difference yourself.",
    extra=_count_calls,
)


def check_numerical_gradient(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``fn(f, x, eps=1e-6) -> grad``, a centred-difference gradient of a scalar
    function ``f`` at ``x`` (chapter 6), perturbing one entry at a time. Cases: a vector, a
    matrix, a 3-D array, a single entry, float32 input, ``eps=1e-3`` (compared with the
    centred difference at that eps), fresh random functions and points. Never raises.
    """
    return check(NUMERICAL_GRADIENT, fn, time_limit)
