"""Run one call of a learner's function so that nothing it does can hang, crash or flood a
checker: a time limit, every exception but ``KeyboardInterrupt`` caught, its printing
captured with a bound, its warnings recorded, the functions the exercise forbids made
unavailable and the ones it must use counted (DESIGN §5).

The time limit uses ``signal.setitimer`` with ``SIGALRM``: it works in plain Python and in a
Jupyter kernel (ipykernel runs cells in the main thread) on Linux and macOS. Where it is not
available (Windows, or a call from another thread) the call runs without a limit and
:func:`time_limit_note` says so.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import inspect
import io
import math
import os
import signal
import sys
import threading
import types
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "Calls",
    "Outcome",
    "Printed",
    "guarded_call",
    "instrumented",
    "time_limit_available",
    "time_limit_note",
]

#: Seconds one call of the candidate may take (``NNBOOK_CHECK_TIME_LIMIT`` overrides it).
DEFAULT_TIME_LIMIT = float(os.environ.get("NNBOOK_CHECK_TIME_LIMIT", "3"))
#: Characters of the candidate's own printing kept to show.
KEPT = 2000


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that ``except Exception`` cannot stop it."""


class ForbiddenCall(Exception):
    """Raised inside the candidate when it calls a function the exercise forbids."""


@dataclass
class Printed:
    """Bounded capture of everything the candidate writes to stdout and stderr."""

    size: int = 0
    lines: int = 0
    head: list[str] = field(default_factory=list)
    kept: int = 0

    def add(self, text: str) -> None:
        self.size += len(text)
        self.lines += text.count("\n")
        if self.kept < KEPT:
            piece = text[: KEPT - self.kept]
            self.head.append(piece)
            self.kept += len(piece)

    def first_lines(self, n: int = 3, width: int = 60) -> list[str]:
        lines = "".join(self.head).splitlines()[:n]
        return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]


class _Sink(io.TextIOBase):
    def __init__(self, printed: Printed) -> None:
        self.printed = printed

    def write(self, s: Any) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        self.printed.add(s)
        return len(s)

    def writable(self) -> bool:
        return True


@dataclass
class Calls:
    """What the instrumented functions saw during one call: forbidden names that were
    called, and for each counted name the list of (args, kwargs, result)."""

    forbidden: list[str] = field(default_factory=list)
    counted: dict[str, list[tuple[tuple, dict, Any]]] = field(default_factory=dict)


@dataclass
class Outcome:
    """What one guarded call did."""

    value: Any = None  # the converted result when status is "ok"
    status: str = "ok"  # ok | raised | timeout | not_implemented
    error: str = ""  # "raised ValueError: ..." or "took longer than 3 s (an infinite loop?)"
    warnings: list[str] = field(default_factory=list)
    calls: Calls = field(default_factory=Calls)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# ----------------------------------------------------------------------------- time limit


def time_limit_available() -> bool:
    """Whether calls can be given a time limit here (SIGALRM, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def time_limit_note() -> str | None:
    """A sentence for the learner when no time limit can be enforced, else None."""
    if time_limit_available():
        return None
    return (
        "(no time limit is enforced here: this Python has no SIGALRM timer or the checker "
        "is not running in the main thread, so a function that never returns hangs it.)"
    )


_armed = {"on": False, "fired": False}


def _alarm(signum: int, frame: Any) -> None:
    if _armed["on"]:
        _armed["fired"] = True
        raise _Timeout


def _arm(seconds: float) -> Any:
    """Start the alarm; return what :func:`_disarm` needs (None when there is no limit)."""
    if not time_limit_available() or seconds <= 0:
        return None
    previous = signal.signal(signal.SIGALRM, _alarm)
    _armed.update(on=True, fired=False)
    # fire again every 50 ms, in case the candidate catches the first one with a bare except
    # (a candidate that catches BaseException inside its own endless loop cannot be stopped
    # from Python; every other loop can)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    return previous


def _disarm(previous: Any) -> None:
    """Stop the alarm (the caller has already set ``_armed["on"]`` to False)."""
    if previous is not None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ----------------------------------------------------------------------------- instrumentation

_state: dict[str, Any] = {"calls": None, "forbidden": {}, "counted": {}}


def _enter(name: str, args: tuple, kwargs: dict) -> Any:
    """Where an instrumented function's code jumps to (see :func:`instrumented`)."""
    calls: Calls | None = _state["calls"]
    if name in _state["forbidden"]:
        if calls is not None:
            calls.forbidden.append(name)
        raise ForbiddenCall(f"{name} is not allowed in this exercise")
    original = _state["counted"][name]
    result = original(*args, **kwargs)
    if calls is not None:
        calls.counted.setdefault(name, []).append((args, kwargs, result))
    return result


_TRAMPOLINE = (
    "def _trampoline(*args, **kwargs):\n"
    "    from nnbook.exercises import _guard\n"
    "    return _guard._enter({name!r}, args, kwargs)\n"
)


def _trampoline_code(name: str) -> types.CodeType:
    namespace: dict[str, Any] = {}
    exec(_TRAMPOLINE.format(name=name), namespace)
    return namespace["_trampoline"].__code__


def _targets(dotted: str) -> list[tuple[str, Any]]:
    """(qualified name, object) for a dotted name: a function, a class, or a module (its
    public functions and classes)."""
    module_name, _, attr = dotted.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError, ValueError):
        obj = importlib.import_module(dotted)
    if not inspect.ismodule(obj):
        return [(dotted, obj)]
    module = obj
    return [
        (f"{dotted}.{key}", obj)
        for key, obj in vars(module).items()
        if not key.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == dotted
    ]


def _raiser(name: str) -> Callable[..., Any]:
    def blocked(*args: Any, **kwargs: Any) -> Any:
        return _enter(name, args, kwargs)

    return blocked


@contextlib.contextmanager
def instrumented(
    forbid: tuple[str, ...] = (), count: tuple[str, ...] = (), allow: tuple[str, ...] = ()
) -> Iterator[None]:
    """While active, calling a forbidden function (anywhere, under any name) raises
    :class:`ForbiddenCall` and is recorded, and calls of counted functions are recorded.

    Functions are switched by replacing their code object, so every reference to them
    (an imported name in the notebook, a registry entry, an attribute) is affected; the
    methods of a forbidden class are replaced on the class.
    """
    undo: list[Callable[[], None]] = []
    forbidden: dict[str, Any] = {}
    counted: dict[str, Any] = {}
    for dotted in forbid:
        for name, obj in _targets(dotted):
            if name not in allow:
                forbidden[name] = obj
    for dotted in count:
        counted.update(_targets(dotted))
    try:
        for name, obj in [*forbidden.items(), *counted.items()]:
            if inspect.isclass(obj):
                for key, member in list(vars(obj).items()):
                    if inspect.isfunction(member):
                        setattr(obj, key, _raiser(name))
                        undo.append(lambda o=obj, k=key, m=member: setattr(o, k, m))
                continue
            if not inspect.isfunction(obj) or obj.__code__.co_freevars:
                continue
            if name in counted:
                counted[name] = types.FunctionType(
                    obj.__code__, obj.__globals__, obj.__name__, obj.__defaults__, obj.__closure__
                )
                counted[name].__kwdefaults__ = obj.__kwdefaults__
            code = obj.__code__
            obj.__code__ = _trampoline_code(name)
            undo.append(lambda o=obj, c=code: setattr(o, "__code__", c))
        _state["forbidden"], _state["counted"] = forbidden, counted
        yield
    finally:
        for step in reversed(undo):
            step()
        _state["forbidden"], _state["counted"] = {}, {}


# ----------------------------------------------------------------------------- the call


def _protected() -> list[Any]:
    """Modules whose attributes a candidate could rebind to fool the checker (np.isclose =
    lambda *a, **k: True): NumPy, builtins, math, warnings, and the checkers themselves."""
    engine = [m for name, m in list(sys.modules.items()) if name.startswith("nnbook.exercises")]
    return [np, builtins, math, warnings, *engine]


def _snapshot() -> list[tuple[Any, dict[str, Any]]]:
    return [(m, dict(vars(m))) for m in _protected()]


def _restore(snapshot: list[tuple[Any, dict[str, Any]]]) -> None:
    for module, saved in snapshot:
        current = vars(module)  # names added during the call stay (lazy submodules)
        for key, value in saved.items():
            if current.get(key, _MISSING) is not value:
                with contextlib.suppress(AttributeError, TypeError):
                    setattr(module, key, value)


_MISSING = object()


def _first_line(exc: BaseException) -> str:
    try:
        text = str(exc).strip()
    except Exception:
        text = ""
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= 200 else line[:199] + "…"


def guarded_call(
    fn: Callable[..., Any],
    args: tuple = (),
    kwargs: dict | None = None,
    *,
    convert: Callable[[Any], Any] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    printed: Printed | None = None,
    forbid: tuple[str, ...] = (),
    count: tuple[str, ...] = (),
    allow: tuple[str, ...] = (),
) -> Outcome:
    """Call ``fn(*args, **kwargs)`` and ``convert`` its result, under every guard.

    Never raises, except ``KeyboardInterrupt`` (the learner pressing stop).
    """
    outcome = Outcome()
    sink = _Sink(printed if printed is not None else Printed())
    calls = Calls()
    saved_err = np.geterr()
    saved_modules = _snapshot()
    try:
        with contextlib.ExitStack() as stack:
            caught = stack.enter_context(warnings.catch_warnings(record=True))
            warnings.simplefilter("always")
            # underflow to 0 is a right answer (exp(-1000) = 0), and NumPy ignores it by default
            np.seterr(over="warn", divide="warn", invalid="warn", under="ignore")
            stack.enter_context(contextlib.redirect_stdout(sink))
            stack.enter_context(contextlib.redirect_stderr(sink))
            stack.enter_context(instrumented(forbid, count, allow))
            _state["calls"] = calls
            stack.callback(_state.update, calls=None)
            previous = _arm(time_limit)
            try:
                value = fn(*args, **(kwargs or {}))
                outcome.value = convert(value) if convert is not None else value
            finally:
                # first, with no call before it: from here on an alarm is a no-op, so it
                # cannot land in the clean-up below (ExitStack, redirects, instrumentation)
                _armed["on"] = False
                _disarm(previous)
    except KeyboardInterrupt:
        raise
    except _Timeout:
        outcome.status = "timeout"
        outcome.error = f"took longer than {time_limit:g} s (an infinite loop?)"
    except NotImplementedError as exc:
        outcome.status = "not_implemented"
        outcome.error = "raised NotImplementedError" + (f": {m}" if (m := _first_line(exc)) else "")
    except BaseException as exc:
        outcome.status = "raised"
        outcome.error = f"raised {type(exc).__name__}" + (
            f": {m}" if (m := _first_line(exc)) else ""
        )
    finally:
        _restore(saved_modules)
        np.seterr(**saved_err)
    if _armed["fired"] and outcome.status in ("ok", "raised"):  # it caught the alarm
        outcome.status = "timeout"
        outcome.error = f"took longer than {time_limit:g} s (an infinite loop?)"
    _armed["fired"] = False
    outcome.calls = calls
    if outcome.status == "ok" or outcome.status == "raised":
        # underflow to 0 is never an error, even where the candidate asked NumPy to warn
        texts = [_warning_text(w) for w in caught]
        outcome.warnings = [t for t in texts if "underflow encountered" not in t]
    return outcome


def _warning_text(w: warnings.WarningMessage) -> str:
    try:
        message = str(w.message).strip().splitlines()[0]
    except Exception:
        message = ""
    return f"{w.category.__name__}: {message}"
