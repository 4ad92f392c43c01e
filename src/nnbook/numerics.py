"""Experiments on floating-point formats (chapters 5 and 7).

The book does not quote the thresholds where ``exp`` overflows or underflows: it finds them
by bisection over the representable numbers of each dtype, and compares them with what the
format's constants predict (:func:`numpy.finfo`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

__all__ = ["ExpLimits", "exp_limits", "last_true"]


def _float_dtype(dtype: Any) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a NumPy float dtype, got {dtype!r}") from None
    if dt.kind != "f" or dt.itemsize > 8:
        raise TypeError(f"dtype must be float16, float32 or float64, got {dt.name}")
    return dt


def last_true(test: Callable[[Any], Any], lo: float, hi: float, dtype: Any) -> np.floating:
    """The last value of ``dtype``, going from ``lo`` towards ``hi``, for which ``test`` holds.

    A bisection over the representable numbers: ``test(lo)`` must be true and ``test(hi)``
    false, and ``test`` must switch once between them. The answer ``x`` has ``test(x)``
    true and ``test`` false at its neighbour towards ``hi`` (``np.nextafter``). ``lo`` may
    be above ``hi`` (searching downwards). float16, float32 and float64 are supported.

    Examples
    --------
    The largest float64 whose square is below 2, one step below the rounded √2:

    >>> float(last_true(lambda x: x * x < 2, 0.0, 2.0, np.float64))
    1.414213562373095
    """
    dt = _float_dtype(dtype)
    if not callable(test):
        raise TypeError(f"test must be callable, got {type(test).__name__}")
    with np.errstate(over="ignore"):  # a value too large for dtype becomes inf: reported
        lo, hi = dt.type(lo), dt.type(hi)
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"lo and hi must be finite in {dt.name}, got {lo} and {hi}")
    if lo == hi:
        raise ValueError(f"lo and hi must differ, both are {lo}")
    if not test(lo):
        raise ValueError(f"test(lo) must be true, it is false at lo = {lo}")
    if test(hi):
        raise ValueError(f"test(hi) must be false, it is true at hi = {hi}")
    # Halving the gap takes at most (exponent range + significand bits) steps.
    info = np.finfo(dt)
    for _ in range(2 * (info.maxexp - info.minexp + info.nmant) + 8):
        mid = dt.type(float(lo) / 2 + float(hi) / 2)  # in float64: no overflow
        if mid in (lo, hi):  # lo and hi are neighbours
            return lo
        if test(mid):
            lo = mid
        else:
            hi = mid
    raise RuntimeError("bisection did not converge: does test switch more than once?")


class ExpLimits(NamedTuple):
    """Where ``exp`` leaves the finite, nonzero numbers of one dtype."""

    dtype: str
    #: the largest x with exp(x) finite, found by bisection
    overflow: float
    #: log of the largest finite number, the textbook prediction of ``overflow``
    log_max: float
    #: the smallest x with exp(x) > 0 (subnormal results count), found by bisection; about
    #: ``log_smallest_subnormal − log 2``, since results down to half the smallest
    #: subnormal round up to it
    underflow: float
    #: log of the smallest positive subnormal, the naive prediction of ``underflow``
    log_smallest_subnormal: float
    #: the smallest x with exp(x) a normal number (not subnormal)
    normal: float


def exp_limits(dtype: Any) -> ExpLimits:
    """Find where ``np.exp`` overflows to ``inf`` and underflows to 0 in ``dtype``.

    The searches run with floating-point warnings silenced (an overflow is what they look
    for). The predictions use :func:`numpy.finfo`: ``log(finfo.max)`` and
    ``log(finfo.smallest_subnormal)``; the bisection shows they are right to within the
    spacing of the numbers near them.

    Examples
    --------
    >>> round(exp_limits(np.float32).overflow, 3)
    88.723
    """
    dt = _float_dtype(dtype)
    info = np.finfo(dt)
    top = float(info.max)
    with np.errstate(all="ignore"):
        overflow = last_true(lambda x: np.isfinite(np.exp(x)), 0.0, math.log(top) * 2, dt)
        tiny = float(info.smallest_subnormal)
        bottom = math.log(tiny) * 2
        underflow = last_true(lambda x: np.exp(x) > 0, 0.0, bottom, dt)
        smallest_normal = dt.type(info.smallest_normal)
        normal = last_true(lambda x: np.exp(x) >= smallest_normal, 0.0, bottom, dt)
    return ExpLimits(
        dtype=dt.name,
        overflow=float(overflow),
        log_max=math.log(top),
        underflow=float(underflow),
        log_smallest_subnormal=math.log(tiny),
        normal=float(normal),
    )
