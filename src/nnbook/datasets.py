"""Generated toy data sets: nothing is downloaded, everything is seeded.

Logic gates (chapter 1), and the 2-D classification sets used from chapter 3 on: noisy XOR,
spirals, moons and concentric circles. Each generator returns ``(X, y)`` with ``X`` of shape
``(n, 2)`` (float64) and ``y`` of shape ``(n,)`` (int64 class labels).
"""

from __future__ import annotations

import numpy as np

from ._validation import check_positive_int

__all__ = ["GATES", "circles", "identify_gate", "logic_gate", "moons", "spirals", "xor"]

#: The four inputs of a two-input gate, in truth-table order.
GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)

#: Truth tables: gate name → outputs for the rows of :data:`GATE_INPUTS`.
GATES: dict[str, tuple[int, int, int, int]] = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
    "XNOR": (1, 0, 0, 1),
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table of a two-input logic gate as ``(X, y)`` (chapter 1).

    Parameters
    ----------
    name
        One of ``"AND"``, ``"OR"``, ``"NAND"``, ``"NOR"``, ``"XOR"``, ``"XNOR"``
        (case-insensitive).

    Returns
    -------
    X : ndarray of shape (4, 2)
        The inputs ``(0,0), (0,1), (1,0), (1,1)``.
    y : ndarray of shape (4,)
        The gate's output for each row, as int64.

    Examples
    --------
    >>> X, y = logic_gate("and")
    >>> y.tolist()
    [0, 0, 0, 1]
    """
    if not isinstance(name, str):
        raise TypeError(f"gate name must be a string, got {type(name).__name__}")
    key = name.upper()
    if key not in GATES:
        raise ValueError(f"unknown gate {name!r}; choose one of {', '.join(GATES)}")
    return GATE_INPUTS.copy(), np.array(GATES[key], dtype=np.int64)


def identify_gate(outputs) -> str:
    """Name the two-input Boolean function with these four outputs (truth-table order).

    Returns a gate name from :data:`GATES`, ``"always 0"``/``"always 1"``, ``"x1"``/``"x2"``
    (copies an input), ``"NOT x1"``/``"NOT x2"``, or a description of the other functions
    such as ``"x1 AND NOT x2"``. All 16 functions have a name.

    Examples
    --------
    >>> identify_gate([0, 1, 1, 1])
    'OR'
    """
    try:
        key = tuple(int(v) for v in outputs)
    except (TypeError, ValueError):
        raise TypeError(f"outputs must be four 0/1 values, got {outputs!r}") from None
    if len(key) != 4 or any(v not in (0, 1) for v in key):
        raise ValueError(f"outputs must be four 0/1 values, got {outputs!r}")
    return _GATE_NAMES[key]


_GATE_NAMES: dict[tuple[int, ...], str] = {v: k for k, v in GATES.items()}
_GATE_NAMES.update(
    {
        (0, 0, 0, 0): "always 0",
        (1, 1, 1, 1): "always 1",
        (0, 0, 1, 1): "x1",
        (0, 1, 0, 1): "x2",
        (1, 1, 0, 0): "NOT x1",
        (1, 0, 1, 0): "NOT x2",
        (0, 0, 1, 0): "x1 AND NOT x2",
        (0, 1, 0, 0): "x2 AND NOT x1",
        (1, 1, 0, 1): "x1 IMPLIES x2",
        (1, 0, 1, 1): "x2 IMPLIES x1",
    }
)


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def _check_noise(noise: float) -> float:
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    return float(noise)


def xor(n: int = 200, noise: float = 0.2, seed: int | np.random.Generator = 0):
    """Noisy XOR: four Gaussian blobs at the corners of the unit square.

    Points near ``(0,0)`` and ``(1,1)`` get label 0, points near ``(0,1)`` and ``(1,0)`` label 1.
    """
    n = check_positive_int(n, "n")
    noise = _check_noise(noise)
    rng = _rng(seed)
    corners = rng.integers(0, 4, size=n)
    X = GATE_INPUTS[corners] + noise * rng.standard_normal((n, 2))
    y = np.array(GATES["XOR"], dtype=np.int64)[corners]
    return X, y


def spirals(
    n: int = 300, n_classes: int = 3, noise: float = 0.2, seed: int | np.random.Generator = 0
):
    """Interleaved spiral arms, one per class (the CS231n toy set), in roughly [-1, 1]².

    ``n`` points are split as evenly as possible between the ``n_classes`` arms.
    """
    n = check_positive_int(n, "n")
    n_classes = check_positive_int(n_classes, "n_classes")
    noise = _check_noise(noise)
    rng = _rng(seed)
    y = np.arange(n) % n_classes
    y.sort()
    # position along each arm, 0 at the centre to 1 at the tip
    counts = np.bincount(y, minlength=n_classes)
    t = np.concatenate([np.linspace(0.0, 1.0, c) for c in counts])
    theta = t * 4.0 + y * (2 * np.pi / n_classes) + noise * rng.standard_normal(n)
    X = np.column_stack([t * np.sin(theta), t * np.cos(theta)])
    return X, y.astype(np.int64)


def moons(n: int = 200, noise: float = 0.1, seed: int | np.random.Generator = 0):
    """Two interleaving half circles (label 0 on top, label 1 below)."""
    n = check_positive_int(n, "n")
    noise = _check_noise(noise)
    rng = _rng(seed)
    n0 = (n + 1) // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t0), np.sin(t0)]),
            np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)]),
        ]
    )
    X += noise * rng.standard_normal(X.shape)
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)])
    return X, y


def circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int | np.random.Generator = 0
):
    """Two concentric circles: label 0 on the outer circle (radius 1), label 1 on the inner one.

    ``factor`` is the inner radius, strictly between 0 and 1.
    """
    n = check_positive_int(n, "n")
    noise = _check_noise(noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor (inner radius) must be strictly between 0 and 1, got {factor}")
    rng = _rng(seed)
    n0 = (n + 1) // 2
    angles = rng.uniform(0, 2 * np.pi, size=n)
    radius = np.where(np.arange(n) < n0, 1.0, factor)
    X = np.column_stack([radius * np.cos(angles), radius * np.sin(angles)])
    X += noise * rng.standard_normal(X.shape)
    y = (np.arange(n) >= n0).astype(np.int64)
    return X, y
