"""The checker engine: an exercise is a :class:`Spec` (a reference, fixed and random cases,
known mistakes with their hints, and a comparison policy); :func:`check` runs a candidate
on it and says what went wrong, case by case (DESIGN §5).

For every case the engine, in this order:

1. calls the candidate on copies of the arguments, under the guards of :mod:`._guard`
   (time limit, exceptions, bounded printing, forbidden and counted functions);
2. reports a timeout, a forbidden call or an exception (with a hint matched on the error);
3. reports arguments changed in place;
4. converts the result (arrays, numbers or a tuple of them) and checks its type and shape;
5. compares values with the case's tolerance; if they are wrong, names a known mistake
   only if that mistake reproduces the returned value *and* differs from the right answer
   on this case;
6. if the values are right, reports a warning ("values right, but your function emitted a
   warning: …") or, under the ``"same"`` dtype policy, a dtype change ("values right, but
   the dtype is float64; expected float32").

Random cases are drawn from a fresh generator on every run; a failure line shows their
values, the success line does not, so a committed notebook output reproduces.
"""

from __future__ import annotations

import copy
import numbers
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._core import EXIT, Report, fmt, run_checker, show

__all__ = ["Case", "Mistake", "Spec", "check", "close", "difference", "same_args"]


@dataclass
class Case:
    """One call of the candidate: ``fn(*args, **kwargs)``."""

    desc: str
    args: tuple
    kwargs: dict[str, Any] = field(default_factory=dict)
    hint: str | None = None  # when no known mistake explains a wrong value
    rtol: float | None = None
    atol: float | None = None
    counted: bool = True  # counted in the success line; random cases and probes are not
    shown: str | None = None  # how to show the arguments (default: from the values)


@dataclass
class Mistake:
    """A known wrong answer: ``fn`` has the candidate's signature and returns what that
    mistake returns (or raises what it raises)."""

    hint: str
    fn: Callable[..., Any]


@dataclass
class Spec:
    """An exercise for :func:`check`."""

    name: str  # "sigmoid": the verdict says "✓ sigmoid: ..."
    reference: Callable[..., Any]  # the right answer for (*args, **kwargs)
    cases: Callable[[np.random.Generator], list[Case]]  # fixed cases, then random ones
    hint: str  # the formula, when nothing more specific applies
    mistakes: list[Mistake] = field(default_factory=list)
    result: str = "array"  # "array", "number" (a float, numpy scalar or 0-d array), "tuple"
    parts: tuple[str, ...] = ()  # names of the tuple's items, e.g. ("dX", "dW", "db")
    dtype: str = "same"  # "same": the result keeps the inputs' dtype; "any": any float
    tol: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"float64": (1e-9, 1e-14), "float32": (1e-5, 1e-7)}
    )
    return_hint: str = "return a NumPy array (what NumPy's operations give), not None or a list."
    dtype_hint: str = (
        "keep the dtype: float32 in, float32 out. Avoid float(...), np.float64(...), "
        "dtype=float and math functions; NumPy's own operations keep float32."
    )
    in_place_hint: str = (
        "it changed its input in place (x *= ..., x[...] = ..., out=x): build new arrays, "
        "so the caller's arguments stay as they were."
    )
    shape_hint: str | None = None
    # the hint for a warning, given whether the values were right despite it
    warning_hint: Callable[[str, bool], str] = lambda w, right: (
        "a correct function runs silently; find the operation that warns and avoid it."
    )
    error_hint: Callable[[str], str | None] = lambda e: None
    forbid: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    forbid_reason: str = ""
    count: tuple[str, ...] = ()
    time_limit: float | None = None
    extra: Callable[[Report, str, tuple, dict, Any], None] | None = None  # more per-case checks
    label: str | None = None  # how the call is shown; default the name
    signature: str = "x"  # the parameters, as the statement names them
    lists: bool = False  # accept a list of numbers as an item of a tuple result


# ----------------------------------------------------------------------------- comparison


def _floats(value: Any) -> np.ndarray | None:
    """A numeric NumPy array or number as a float64 array, else None (lists included)."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return np.asarray(value, dtype=np.float64)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return np.array(value, dtype=np.float64, subok=False)
    return None


def close(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> bool:
    """Same shape and every entry within tolerance (nan where nan, inf where inf)."""
    if got.shape != want.shape:
        return False
    with np.errstate(all="ignore"):
        return bool(np.all(np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)))


def _digits(a: float, b: float) -> int:
    for d in range(6, 18):
        if f"{a:.{d}g}" != f"{b:.{d}g}":
            return d
    return 17


def difference(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> str:
    """'expected [...], got [...]' for small arrays, else where the first wrong entry is."""
    with np.errstate(all="ignore"):
        bad = ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    idx = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    d = _digits(float(want[idx]), float(got[idx]))
    if want.size <= 6:
        e = ", ".join(f"{v:.{d}g}" for v in want.reshape(-1).tolist())
        g = ", ".join(f"{v:.{d}g}" for v in got.reshape(-1).tolist())
        return f"expected [{e}], got [{g}]" if want.ndim else f"expected {e}, got {g}"
    where = idx[0] if len(idx) == 1 else idx
    return (
        f"{int(bad.sum())} of {want.size} entries are wrong; at index {where} expected "
        f"{float(want[idx]):.{d}g}, got {float(got[idx]):.{d}g}"
    )


def same_args(a: Any, b: Any) -> bool:
    """Whether an argument is unchanged (arrays, lists, tuples and dicts, recursively)."""
    if isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and bool(np.array_equal(a, b, equal_nan=b.dtype.kind in "fc"))
        )
    if isinstance(b, (list, tuple)):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(same_args(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(b, dict):
        return (
            isinstance(a, dict) and a.keys() == b.keys() and all(same_args(a[k], b[k]) for k in b)
        )
    return True


def _quiet(fn: Callable, case: Case) -> Any:
    """What the checker's own function gives on the case (warnings silenced), or the
    text of the error it raises."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    except Exception as exc:
        return _Raised(
            f"raised {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        )


@dataclass
class _Raised:
    text: str


def _parts(value: Any, spec: Spec) -> list[np.ndarray] | None:
    """The result as a list of float64 arrays (one, or one per tuple item), or None."""
    if spec.result == "tuple":
        if not isinstance(value, (tuple, list)) or len(value) != len(spec.parts):
            return None
        items = [_floats(_listed(v) if spec.lists else v) for v in value]
        return None if any(i is None for i in items) else items  # type: ignore[return-value]
    item = _floats(value)
    if item is not None and spec.result == "number" and item.size == 1:
        item = item.reshape(())
    return None if item is None else [item]


def _listed(value: Any) -> Any:
    """A list of numbers as a float array (for exercises that accept lists)."""
    if isinstance(value, list) and all(
        isinstance(v, (int, float, np.integer, np.floating)) for v in value
    ):
        return np.asarray(value, dtype=np.float64)
    return value


def _dtypes(value: Any, spec: Spec) -> list[np.dtype]:
    items = list(value) if spec.result == "tuple" else [value]
    return [np.result_type(v) for v in items]


def _arrays(values: Any) -> list[np.ndarray]:
    if isinstance(values, np.ndarray):
        return [values]
    if isinstance(values, (list, tuple)):
        return [a for v in values for a in _arrays(v)]
    return []


def _input_dtype(case: Case) -> np.dtype:
    arrays = _arrays([*case.args, *case.kwargs.values()])
    floats = [a.dtype for a in arrays if a.dtype.kind == "f"]
    return np.result_type(*floats) if floats else np.dtype(np.float64)


def _convert(value: Any) -> Any:
    """Inside the guard: turn array-likes the candidate returned into plain arrays, so that
    nothing the candidate defined runs later in the checker."""
    if isinstance(value, (tuple, list)):
        return type(value)(_convert(v) for v in value)
    if isinstance(value, np.ndarray):
        return np.array(value, subok=False)
    if isinstance(value, np.generic):
        return value
    if isinstance(value, (bool, int, float)) and type(value) in (bool, int, float):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)  # a Fraction, a subclass of float...
    if value is None or type(value) is str:
        return value
    return _Opaque(type(value).__name__)


@dataclass
class _Opaque:
    kind: str

    def __repr__(self) -> str:
        return f"a {self.kind} object"


# ----------------------------------------------------------------------------- one case


def _call_text(spec: Spec, case: Case) -> str:
    if case.shown is not None:
        return f"{spec.label or spec.name}({case.shown})"
    limit = 12 if case.counted else 10**4  # fresh random inputs are shown in full
    shown = [show(a, limit) for a in case.args]
    shown += [f"{k}={show(v, limit)}" for k, v in case.kwargs.items()]
    return f"{spec.label or spec.name}({', '.join(shown)})"


def _diagnose(spec: Spec, case: Case, got: Any, want_parts: list[np.ndarray] | None) -> list[str]:
    """Hints of the known mistakes that reproduce ``got`` (a value or a _Raised) and differ
    from the right answer on this case."""
    hints: list[str] = []
    found: dict[int, str] = {}
    rtol, atol = _tolerance(spec, case)
    for mistake in spec.mistakes:
        wrong = _quiet(mistake.fn, case)
        if isinstance(got, _Raised) or isinstance(wrong, _Raised):
            if isinstance(got, _Raised) and isinstance(wrong, _Raised) and got.text == wrong.text:
                hints.append(mistake.hint)
            continue
        wrong_parts, got_parts = _parts(wrong, spec), _parts(got, spec)
        if wrong_parts is None or got_parts is None or want_parts is None:
            continue
        for i, (w, g, r) in enumerate(zip(wrong_parts, got_parts, want_parts, strict=True)):
            if i in found or close(w, r, rtol, atol) or not close(g, w, max(rtol, 1e-6), atol):
                continue
            found[i] = mistake.hint
    # the first mistake that explains each wrong part
    return list(dict.fromkeys([*hints[:1], *(found[i] for i in sorted(found))]))


def _tolerance(spec: Spec, case: Case) -> tuple[float, float]:
    default = spec.tol.get(str(_input_dtype(case)), spec.tol["float64"])
    return (
        default[0] if case.rtol is None else case.rtol,
        default[1] if case.atol is None else case.atol,
    )


def run_case(report: Report, fn: Callable, spec: Spec, case: Case) -> None:
    """Run one case and report what is wrong with it, if anything."""
    report.case(case.counted)
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    out = report.call(fn, *args, convert=_convert, **kwargs)
    head = f"{case.desc}: {_call_text(spec, case)}"
    if out.status == "raised" and not out.calls.forbidden:
        hint = EXIT if "SystemExit" in out.error else spec.error_hint(out.error)
        if any(w in out.error for w in ("unexpected keyword", "multiple values for argument")):
            hint = (
                "the checker also passes the arguments by keyword, with the names the "
                f"statement uses: {spec.label or spec.name}({spec.signature})."
            )
        if hint is None:
            hints = _diagnose(spec, case, _Raised(out.error), None)
            hint = hints[0] if hints else (case.hint or spec.hint)
        report.fail(f"{head} {out.error}.", hint)
        return
    if report.problem(head, out):
        return
    if not (same_args(args, case.args) and same_args(kwargs, case.kwargs)):
        report.fail(f"{head} changed its input.", spec.in_place_hint)
        return
    value = out.value
    got = _parts(value, spec)
    want_value = _quiet(spec.reference, case)
    want = _parts(want_value, spec)
    assert want is not None, f"reference failed on {case.desc}: {want_value}"
    if got is None:
        report.fail(f"{head} returned {fmt(value)}.", spec.return_hint)
        return
    rtol, atol = _tolerance(spec, case)
    names = spec.parts or ("the result",)
    shape_problems = [
        f"{n} has shape {g.shape}, expected {w.shape}"
        for n, g, w in zip(names, got, want, strict=True)
        if g.shape != w.shape
    ]
    if shape_problems:
        hints = _diagnose(spec, case, value, want)
        report.fail(
            f"{head}: " + "; ".join(shape_problems) + ".",
            " ".join(hints) or spec.shape_hint or spec.return_hint,
        )
        return
    wrong = [
        (f"{n}: " if spec.parts else "") + difference(g, w, rtol, atol)
        for n, g, w in zip(names, got, want, strict=True)
        if not close(g, w, rtol, atol)
    ]
    if wrong:
        hints = _diagnose(spec, case, value, want)
        numeric = [w for w in out.warnings if w.startswith("RuntimeWarning")]
        if not hints and numeric:  # the warning is evidence of what went wrong
            hints = [spec.warning_hint(numeric[0], False)]
        warned = f" (it also emitted {out.warnings[0]})" if out.warnings else ""
        report.fail(
            f"{head}: " + "; ".join(wrong) + warned + ".", " ".join(hints) or case.hint or spec.hint
        )
        return
    if out.warnings:
        report.fail(
            f"{head}: values right, but your function emitted a warning: {out.warnings[0]}.",
            spec.warning_hint(out.warnings[0], True),
        )
        return
    if spec.dtype == "same":
        got_types, want_types = _dtypes(value, spec), _dtypes(want_value, spec)
        for n, g, w in zip(names, got_types, want_types, strict=True):
            if g != w:
                what = f"of {n} " if spec.parts else ""
                report.fail(
                    f"{head}: values right, but the dtype {what}is {g}; expected {w}.",
                    spec.dtype_hint,
                )
                return
    if spec.extra is not None:
        spec.extra(report, head, args, kwargs, value)


def check(spec: Spec, fn: Any, time_limit: float | None = None) -> bool:
    """Run ``fn`` on every case of ``spec`` and print the verdict; never raises."""

    def body(report: Report) -> None:
        for case in spec.cases(np.random.default_rng()):
            run_case(report, fn, spec, case)

    return run_checker(
        spec.name,
        fn,
        body,
        time_limit=spec.time_limit if time_limit is None else time_limit,
        forbid=spec.forbid,
        allow=spec.allow,
        count=spec.count,
        forbid_reason=spec.forbid_reason,
    )
