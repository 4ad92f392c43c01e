"""Timing on the reader's machine (chapters 2 and 7).

The book never states a speed ratio it has not measured: chapter cells time the functions
with :func:`median_time` and print the ratio. Those cells are tagged ``nbval-ignore-output``
because a timing differs on every run. Careful comparisons against ``scipy.special`` and
PyTorch live in ``benchmarks/``; the tests never assert on a time.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable
from typing import Any

from ._validation import check_positive_int

__all__ = ["median_time", "time_ratios"]


def median_time(f: Callable[..., Any], *args: Any, repeat: int = 9, number: int = 1) -> float:
    """Median wall-clock seconds of one call ``f(*args)``.

    ``f`` is called once to warm up (caches, lazy imports), then timed ``repeat`` times,
    each time over ``number`` calls. The median of the ``repeat`` measurements, divided
    by ``number``, is returned: the median shrugs off the occasional interruption by the
    operating system that spoils a mean or a minimum of a few runs.

    Parameters
    ----------
    f : callable
        The function to time.
    *args
        Passed to ``f`` on every call.
    repeat, number : int
        How many measurements, and how many calls in each.

    Returns
    -------
    float
        Seconds per call.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    repeat = check_positive_int(repeat, "repeat")
    number = check_positive_int(number, "number")
    f(*args)
    times = sorted(timeit.repeat(lambda: f(*args), number=number, repeat=repeat))
    middle = len(times) // 2
    median = times[middle] if repeat % 2 else (times[middle - 1] + times[middle]) / 2
    return median / number


def time_ratios(
    functions: dict[str, Callable[..., Any]],
    *args: Any,
    baseline: str,
    repeat: int = 9,
    number: int = 1,
) -> dict[str, tuple[float, float]]:
    """Time each function on the same arguments, relative to one of them.

    Returns ``{name: (seconds per call, time / time of baseline)}`` in the order given.
    Raises ``ValueError`` if ``baseline`` is not one of the names.
    """
    if not isinstance(functions, dict) or not functions:
        raise TypeError("functions must be a non-empty dict of name -> callable")
    if baseline not in functions:
        raise ValueError(f"baseline {baseline!r} is not one of {sorted(functions)}")
    seconds = {
        name: median_time(f, *args, repeat=repeat, number=number) for name, f in functions.items()
    }
    base = seconds[baseline]
    return {name: (t, t / base) for name, t in seconds.items()}
