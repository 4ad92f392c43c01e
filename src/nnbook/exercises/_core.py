"""The machinery every checker shares: run a candidate safely, collect failed cases, print
wrapped feedback with hints, and return the verdict.

A chapter's checkers live in ``chNN.py`` and use :func:`run_checker`, :func:`call`,
:class:`Report`, :func:`say` and :func:`fmt`; see ``ch01.py`` for the pattern.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "MAX_REPORTED",
    "WIDTH",
    "NotImplementedYet",
    "Outcome",
    "Report",
    "as_vector_or_none",
    "call",
    "fmt",
    "run_checker",
    "say",
]

#: At most this many failed cases are printed in full; the rest are counted.
MAX_REPORTED = 5
#: Feedback is wrapped to this width, so it reads without a horizontal scroll bar inside the
#: book's exercise boxes (about 69 monospace characters wide) and in JupyterLab.
WIDTH = 66


def say(text: str, indent: str = "", first: str | None = None) -> None:
    """Print ``text`` wrapped to :data:`WIDTH`, with ``first`` (default ``indent``) before the
    first line and ``indent`` before the others."""
    print(
        textwrap.fill(
            text,
            width=WIDTH,
            initial_indent=indent if first is None else first,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    )


class NotImplementedYet(Exception):
    """The candidate is still the stub."""


@dataclass
class Outcome:
    """What one call of the candidate did."""

    value: Any = None
    error: str | None = None  # "raised TypeError: ..." or "emitted RuntimeWarning: ..."


@dataclass
class Report:
    """Collects the failed cases of one checker run and prints the verdict."""

    name: str
    failures: list[tuple[str, str]] = field(default_factory=list)
    n_cases: int = 0

    def case(self) -> None:
        self.n_cases += 1

    def fail(self, what: str, hint: str) -> None:
        self.failures.append((what, hint))

    def finish(self) -> bool:
        if not self.failures:
            say(f"✓ {self.name}: all {self.n_cases} cases pass. Well done!")
            return True
        n = len(self.failures)
        say(f"✗ {self.name}: {n} of {self.n_cases} cases failed.")
        previous_hint = None
        for what, hint in self.failures[:MAX_REPORTED]:
            say(what, indent="    ", first="  - ")
            if hint and hint != previous_hint:
                say(f"Hint: {hint}", indent="    ")
            previous_hint = hint
        if n > MAX_REPORTED:
            say(f"  … and {n - MAX_REPORTED} more; fix the ones above first.")
        return False


def fmt(value: Any) -> str:
    """A short, stable text form of a value for feedback lines."""
    if isinstance(value, np.ndarray):
        if value.size > 8:
            return f"array of shape {value.shape}, dtype {value.dtype}"
        if value.ndim == 1 and value.dtype.kind in "biuf":
            return "[" + ", ".join(f"{v:.6g}" for v in value.tolist()) + "]"
        return np.array2string(value, precision=4, separator=", ", suppress_small=True)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    if isinstance(value, list) and len(value) <= 8:
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def call(fn: Callable, *args: Any, **kwargs: Any) -> Outcome:
    """Call the candidate, turning exceptions and warnings into an :class:`Outcome`."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        try:
            value = fn(*args, **kwargs)
        except NotImplementedError:
            raise NotImplementedYet from None
        except Exception as exc:  # the learner's bug: report it, never crash
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            return Outcome(
                error=f"raised {type(exc).__name__}" + (f": {message}" if message else "")
            )
    if caught:
        w = caught[0]
        return Outcome(value=value, error=f"emitted {w.category.__name__}: {w.message}")
    return Outcome(value=value)


def run_checker(name: str, candidate: Any, cases: Callable[[Report], None]) -> bool:
    """Shared driver: validate the candidate, run the cases, print the verdict."""
    if not callable(candidate):
        say(
            f"✗ {name}: expected a function, got {type(candidate).__name__}. "
            f"Pass the function itself, e.g. check_{name}({name}), without calling it."
        )
        return False
    report = Report(name)
    try:
        cases(report)
    except NotImplementedYet:
        say(
            f"… {name}: not implemented yet. Replace the `raise NotImplementedError` line "
            "with your code, run the cell again, and the checker will tell you how it does."
        )
        return False
    return report.finish()


def as_vector_or_none(value: Any, n: int) -> np.ndarray | None:
    """``value`` as a finite float64 vector of length ``n``, or None if it is not one."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr if arr.shape == (n,) and np.all(np.isfinite(arr)) else None
