"""The verdict side of the checker engine: a :class:`Report` that runs the candidate through
:func:`~nnbook.exercises._guard.guarded_call`, collects failed cases, and prints the
wrapped verdict with hints; :func:`run_checker` drives one checker; :func:`fmt` and
:func:`show` give short, stable text forms of values for feedback lines.

A chapter module describes its exercises as data for :mod:`._engine`; this module is what
the engine (and the few checkers that need their own loop) print with.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import numpy as np

from ._guard import DEFAULT_TIME_LIMIT, Outcome, Printed, guarded_call, time_limit_note

__all__ = ["EXIT", "MAX_REPORTED", "WIDTH", "Report", "fmt", "run_checker", "say", "show"]

#: At most this many failed cases are printed in full; the rest are counted.
MAX_REPORTED = 5
#: Feedback is wrapped to this width, so it reads without a horizontal scroll bar inside the
#: book's exercise boxes (about 69 monospace characters wide) and in JupyterLab.
WIDTH = 66

EXIT = (
    "your function called sys.exit() (or exit(), quit()), which would stop the whole "
    "program or kernel: return the result instead."
)
NOT_IMPLEMENTED_PART = (
    "this case still reaches a `raise NotImplementedError`: finish every branch of the "
    "function (or remove the stub's line)."
)


def say(text: str, indent: str = "", first: str | None = None) -> None:
    """Print ``text`` wrapped to :data:`WIDTH`, with ``first`` (default ``indent``) before the
    first line and ``indent`` before the others."""
    print(
        textwrap.fill(
            text,
            width=WIDTH,
            initial_indent=indent if first is None else first,
            subsequent_indent=indent,
            break_long_words=True,
            break_on_hyphens=False,
        )
    )


def _number(v: float, digits: int = 6) -> str:
    return f"{v:.{digits}g}"


def fmt(value: Any, limit: int = 12) -> str:
    """A short, stable text form of a value for feedback lines (arrays of more than
    ``limit`` entries by their shape)."""
    if isinstance(value, np.ndarray):
        if value.size > limit:
            return f"array of shape {value.shape}, dtype {value.dtype}"
        if value.dtype.kind in "biuf":
            return np.array2string(
                value.astype(np.float64) if value.dtype.kind == "b" else value,
                separator=", ",
                formatter={"float_kind": _number, "int_kind": str},
                threshold=limit + 1,
                max_line_width=10**6,
            ).replace("\n", "")
        return "array of dtype " + str(value.dtype)
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return _number(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, tuple) and len(value) <= 8:
        return "(" + ", ".join(fmt(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list) and len(value) <= 8:
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__
        text = ""
    if not text or " at 0x" in text:  # no memory addresses in feedback
        text = f"an object of type {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def show(value: Any, limit: int = 12) -> str:
    """Like :func:`fmt`, with the dtype of a non-float64 array in front."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        prefix = "" if value.dtype in (np.float64, np.int64) else f"{value.dtype} "
        if value.size > limit:
            return f"{'a ' + prefix if prefix else 'an '}array of shape {value.shape}"
        return prefix + fmt(value, limit)
    return fmt(value, limit)


class Report:
    """One run of a checker: calls the candidate under the guards, collects the failed
    cases, and prints the verdict."""

    def __init__(
        self,
        name: str,
        *,
        time_limit: float | None = None,
        forbid: tuple[str, ...] = (),
        allow: tuple[str, ...] = (),
        count: tuple[str, ...] = (),
        forbid_reason: str = "",
    ) -> None:
        self.name = name
        self.time_limit = DEFAULT_TIME_LIMIT if time_limit is None else float(time_limit)
        self.forbid, self.allow, self.count = forbid, allow, count
        self.forbid_reason = forbid_reason
        self.failures: list[tuple[str, str]] = []
        self.n_cases = 0  # the fixed cases, counted in the success line
        self.n_checks = 0  # every check, fresh random inputs and probes included
        self.printed = Printed()
        self.n_calls = 0
        self.n_not_implemented = 0
        self.timed_out = False
        self.skipped = 0
        self.n_failed = 0  # cases with at least one failure
        self._this_case_failed = False

    # ------------------------------------------------------------------ running
    def case(self, counted: bool = True) -> None:
        self.n_checks += 1
        self.n_cases += counted
        self._this_case_failed = False

    def call(
        self, fn: Callable, *args: Any, convert: Callable[[Any], Any] | None = None, **kwargs: Any
    ) -> Outcome:
        """Call the candidate under every guard. After a timeout, later calls are skipped."""
        if self.timed_out:
            self.skipped += 1
            return Outcome(status="skipped", error="was not run")
        out = guarded_call(
            fn,
            args,
            kwargs,
            convert=convert,
            time_limit=self.time_limit,
            printed=self.printed,
            forbid=self.forbid,
            allow=self.allow,
            count=self.count,
        )
        self.n_calls += 1
        self.n_not_implemented += out.status == "not_implemented"
        self.timed_out = out.status == "timeout"
        return out

    def fail(self, what: str, hint: str) -> None:
        self.failures.append((what, hint))
        if not self._this_case_failed:
            self.n_failed += 1
        self._this_case_failed = True

    def problem(self, head: str, out: Outcome, hint: str | None = None) -> bool:
        """Report what stops a case before its value can be judged (a timeout, a forbidden
        call, an exception); return True if there was such a problem."""
        if out.status == "skipped":
            return True
        if out.calls.forbidden:
            names = ", ".join(dict.fromkeys(out.calls.forbidden))
            self.fail(
                f"{head} called {names}, which this exercise does not allow.",
                f"the checker makes {names} unavailable while it runs your function. "
                + (self.forbid_reason or "Write the computation yourself with NumPy."),
            )
            return True
        if out.status == "timeout":
            self.fail(
                f"{head} {out.error}.",
                "the remaining cases were skipped. Look for a loop whose condition never "
                "changes (while True, or a counter that is never updated).",
            )
            return True
        if out.status == "not_implemented":
            self.fail(f"{head} {out.error}.", NOT_IMPLEMENTED_PART)
            return True
        if out.status == "raised":
            self.fail(f"{head} {out.error}.", EXIT if "SystemExit" in out.error else hint or "")
            return True
        return False

    # ------------------------------------------------------------------ verdict
    def finish(self) -> bool:
        note = time_limit_note()
        if self.n_calls and self.n_not_implemented == self.n_calls:
            say(
                f"… {self.name}: not implemented yet. Replace the `raise NotImplementedError` "
                "line with your code, run the cell again, and the checker will tell you how "
                "it does."
            )
            return False
        if not self.failures:
            say(f"✓ {self.name}: all {self.n_cases} cases pass. Well done!")
            self._printed_note()
            if note:
                say(note)
            return True
        n = len(self.failures)
        say(f"✗ {self.name}: {self.n_failed} of {max(self.n_checks, self.n_failed)} cases failed.")
        previous_hint = None
        for what, hint in self.failures[:MAX_REPORTED]:
            say(what, indent="    ", first="  - ")
            if hint and hint != previous_hint:
                say(f"Hint: {hint}", indent="    ")
            previous_hint = hint
        if n > MAX_REPORTED:
            say(f"  … and {n - MAX_REPORTED} more; fix the ones above first.")
        if self.skipped:
            say(f"  ({self.skipped} later calls were skipped after the timeout.)")
        self._printed_note()
        if note:
            say(note)
        return False

    def _printed_note(self) -> None:
        p = self.printed
        if not p.size:
            return
        say(
            f"Note: your function printed {p.size:,} characters ({p.lines:,} lines) while it "
            "was checked; the first lines were:"
        )
        for line in p.first_lines():
            print("    | " + line[: WIDTH - 6])


def run_checker(name: str, candidate: Any, cases: Callable[[Report], None], **options: Any) -> bool:
    """Shared driver: validate the candidate, run the cases, print the verdict."""
    if not callable(candidate):
        say(
            f"✗ {name}: expected a function, got {type(candidate).__name__}. "
            f"Pass the function itself, e.g. check_{name}({name}), without calling it."
        )
        return False
    report = Report(name, **options)
    try:
        cases(report)
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        report.fail(
            f"the checker could not finish ({type(exc).__name__}: {exc}).",
            "your function returned something the checker did not expect; please report "
            "this with your code.",
        )
    return report.finish()
