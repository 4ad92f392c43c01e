"""Input checks shared by the package: one place that turns bad input into clear errors."""

from __future__ import annotations

from typing import Any

import numpy as np


def as_float_array(x: Any, name: str = "x") -> np.ndarray:
    """Return ``x`` as a floating-point ndarray, keeping float16/32/64 as they are.

    Integers, booleans, Python scalars and lists become float64. Anything that is not
    real-valued numeric data raises a ``TypeError`` that names the argument.
    """
    if isinstance(x, np.ndarray):
        arr = x
    else:
        if isinstance(x, (str, bytes)) or x is None:
            raise TypeError(
                f"{name} must be numeric (a number, list or array), got {type(x).__name__}"
            )
        try:
            arr = np.asarray(x)
        except ValueError as exc:  # ragged nested lists
            raise TypeError(f"{name} must be a rectangular numeric array: {exc}") from None
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "biu":
        return arr.astype(np.float64)
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be real-valued, got complex dtype {arr.dtype}")
    raise TypeError(f"{name} must be numeric, got an array of dtype {arr.dtype}")


def as_matrix(x: Any, name: str = "X", n_cols: int | None = None) -> np.ndarray:
    """Return ``x`` as a non-empty 2-D float array, optionally with ``n_cols`` columns."""
    arr = as_float_array(x, name)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with shape (n_samples, n_features), got shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has no rows")
    if n_cols is not None and arr.shape[1] != n_cols:
        raise ValueError(f"{name} must have {n_cols} columns, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains nan or inf")
    return arr


def as_binary_targets(y: Any, n: int, name: str = "y") -> np.ndarray:
    """Return ``y`` as a 1-D int array of 0s and 1s with ``n`` entries."""
    arr = np.asarray(y)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold the numbers 0 and 1, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D with one target per row, got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(f"{name} has {arr.shape[0]} targets but there are {n} samples")
    if not np.all((arr == 0) | (arr == 1)):
        bad = np.unique(arr[(arr != 0) & (arr != 1)])[:5]
        raise ValueError(f"{name} must contain only 0 and 1 (binary targets), found {bad.tolist()}")
    return arr.astype(np.int64)


def check_positive_int(value: Any, name: str) -> int:
    """Return ``value`` as an int if it is a positive integer, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)
