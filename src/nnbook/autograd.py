"""A scalar reverse-mode automatic differentiation engine, and a drawing of its graphs
(chapter 6).

Every :class:`Value` holds a number (``data``), the derivative of the last output that
:meth:`Value.backward` was called on with respect to it (``grad``), the ``op`` that made it,
its inputs, and the *local* derivative of the op with respect to each input, computed during
the forward pass. ``backward()`` is then only the chain rule: walk the graph from the output
back to the inputs in reverse topological order and add ``local derivative × grad of the
output`` into each input. Inspired by Karpathy's micrograd, with these choices made explicit:

- **Operations.** ``+ − × ÷`` with another Value or a real number on either side, unary
  minus, ``Value ** number``, and :meth:`~Value.exp`, :meth:`~Value.log`,
  :meth:`~Value.tanh`, :meth:`~Value.sigmoid`, :meth:`~Value.relu`.
  ``Value ** Value`` and ``number ** Value`` are *not* supported (a ``TypeError`` shows how
  to write them with ``exp`` and ``log``); anything else that is not a real number is a
  ``TypeError`` as well.
- **backward() can be called again.** It first sets ``grad = 0`` on every node of the graph
  below the output, then accumulates. Calling it twice gives the same gradients, not twice
  them. A node used in two places (a shared subexpression) still gets the *sum* of both
  contributions. The flip side: calling ``backward()`` on another output that shares nodes
  overwrites their gradients (there is no accumulation across calls, unlike PyTorch).
- **Iterative.** The topological sort uses an explicit stack, so graphs deeper than
  Python's recursion limit (chains of 100 000 nodes) work.
- **Numerically careful.** ``sigmoid``, ``tanh`` and their derivatives come from
  :mod:`nnbook.activations` (no overflow, full accuracy in the tails); ``relu``'s derivative
  at 0 is 0, as ``relu_grad``. Overflow gives ``±inf`` as in IEEE arithmetic (``exp(1000)``,
  ``Value(1e200) ** 2``), never an exception. ``log`` of a number ≤ 0 is a ``ValueError``;
  dividing by 0 and ``0 ** negative`` raise ``ZeroDivisionError``, as Python floats do.

:func:`draw_graph` draws the graph below a Value with matplotlib alone (no graphviz).
"""

from __future__ import annotations

import math
from itertools import pairwise
from numbers import Real
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from . import activations as act
from .plotting import COLORS

__all__ = ["Value", "draw_graph", "topological_order"]


def _number(x: Any, what: str) -> float:
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{what} must be a real number, got {type(x).__name__}")
    return float(x)


def _power(x: float, p: float) -> float:
    try:
        return x**p
    except OverflowError:  # Python raises where IEEE arithmetic gives ±inf
        return math.copysign(math.inf, x) if p % 2 == 1 else math.inf


class Value:
    """A scalar in a computational graph that can backpropagate (chapter 6).

    Parameters
    ----------
    data
        The number (int, float, or NumPy real scalar; stored as a Python float).
    label
        An optional name, shown by ``repr`` and :func:`draw_graph`.

    Examples
    --------
    >>> x, w, b = Value(2.0, "x"), Value(-3.0, "w"), Value(1.0, "b")
    >>> y = (x * w + b).tanh()
    >>> y.backward()
    >>> round(w.grad, 6), round(x.grad, 6)  # tanh'(-5) · x and tanh'(-5) · w
    (0.000363, -0.000545)
    """

    def __init__(
        self,
        data: Any,
        label: str = "",
        _inputs: tuple[Value, ...] = (),
        _op: str = "",
        _local: tuple[float, ...] = (),
    ) -> None:
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__}")
        self.data = _number(data, "Value data")
        self.grad = 0.0
        self.label, self.op = label, _op
        self._inputs = _inputs
        self._local = _local  # ∂self/∂input, one per input

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The Values this one was computed from (empty for a leaf)."""
        return self._inputs

    def _unary(self, data: float, op: str, local: float) -> Value:
        return Value(data, "", (self,), op, (local,))

    # ------------------------------------------------------------ arithmetic
    def __add__(self, other: Any) -> Value:
        if (o := _coerce(other)) is None:
            return NotImplemented
        return Value(self.data + o.data, "", (self, o), "+", (1.0, 1.0))

    def __sub__(self, other: Any) -> Value:
        if (o := _coerce(other)) is None:
            return NotImplemented
        return Value(self.data - o.data, "", (self, o), "-", (1.0, -1.0))

    def __mul__(self, other: Any) -> Value:
        if (o := _coerce(other)) is None:
            return NotImplemented
        return Value(self.data * o.data, "", (self, o), "*", (o.data, self.data))

    def __truediv__(self, other: Any) -> Value:
        if (o := _coerce(other)) is None:
            return NotImplemented
        if o.data == 0:
            raise ZeroDivisionError(f"division by zero: the divisor {o!r} is 0")
        q = self.data / o.data  # ∂(a/b)/∂a = 1/b and ∂(a/b)/∂b = −a/b² = −q/b
        return Value(q, "", (self, o), "/", (1.0 / o.data, -q / o.data))

    def __radd__(self, other: Any) -> Value:  # number + Value
        return NotImplemented if (o := _coerce(other)) is None else o + self

    def __rsub__(self, other: Any) -> Value:
        return NotImplemented if (o := _coerce(other)) is None else o - self

    def __rmul__(self, other: Any) -> Value:
        return NotImplemented if (o := _coerce(other)) is None else o * self

    def __rtruediv__(self, other: Any) -> Value:
        return NotImplemented if (o := _coerce(other)) is None else o / self

    def __neg__(self) -> Value:
        return self._unary(-self.data, "neg", -1.0)

    def __pow__(self, p: Any) -> Value:
        if isinstance(p, Value):
            raise TypeError(
                "Value ** Value is not supported: the exponent must be a number; "
                "for a ** b with a > 0 write (b * a.log()).exp()"
            )
        p, x = _number(p, "the exponent"), self.data
        if not math.isfinite(p):
            raise ValueError(f"the exponent must be finite, got {p}")
        if x < 0 and p != int(p):
            raise ValueError(f"a negative base ({x}) needs an integer exponent, got {p}")
        if x == 0 and p < 0:
            raise ZeroDivisionError(f"0 cannot be raised to the negative power {p:g}")
        if p == 0 or (x == 0 and p < 1):  # d/dx x**0 = 0; x**p is vertical at 0 for 0 < p < 1
            local = 0.0 if p == 0 else math.inf
        else:
            local = p * _power(x, p - 1)
        return self._unary(_power(x, p), f"**{p:g}", local)

    def __rpow__(self, base: Any) -> Value:
        raise TypeError(
            "number ** Value is not supported; for c ** x with c > 0 write (x * math.log(c)).exp()"
        )

    # ------------------------------------------------------------ functions
    def exp(self) -> Value:
        """``e**x``; its derivative is itself. Overflows to ``inf`` above about 709.78."""
        try:
            y = math.exp(self.data)
        except OverflowError:
            y = math.inf
        return self._unary(y, "exp", y)

    def log(self) -> Value:
        """Natural logarithm, derivative ``1/x``; ``ValueError`` for x ≤ 0."""
        if self.data <= 0:
            raise ValueError(f"log is defined only for positive numbers, got {self!r}")
        return self._unary(math.log(self.data), "log", 1.0 / self.data)

    def tanh(self) -> Value:
        """``tanh(x)``, derivative ``1 − tanh²(x)`` computed without cancellation."""
        return self._unary(float(act.tanh(self.data)), "tanh", float(act.tanh_grad(self.data)))

    def sigmoid(self) -> Value:
        """``σ(x) = 1/(1 + e**−x)``, derivative ``σ(x)σ(−x)``; stable for any x."""
        x = self.data
        return self._unary(float(act.sigmoid(x)), "sigmoid", float(act.sigmoid_grad(x)))

    def relu(self) -> Value:
        """``max(x, 0)``, derivative 1 for x > 0 and 0 for x ≤ 0."""
        return self._unary(float(act.relu(self.data)), "relu", float(act.relu_grad(self.data)))

    # ------------------------------------------------------------ backpropagation
    def backward(self) -> None:
        """Fill ``grad`` of every node below this one with ∂self/∂node.

        Gradients of the whole graph are reset to 0 first, so calling ``backward()`` twice
        gives the same result; ``self.grad`` becomes 1.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # outputs before the inputs they were made from
            for child, local in zip(node._inputs, node._local, strict=True):
                child.grad += local * node.grad

    def __repr__(self) -> str:
        extra = (f", label={self.label!r}" if self.label else "") + (
            f", op={self.op!r}" if self.op else ""
        )
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{extra})"


def _coerce(x: Any) -> Value | None:
    """``x`` as a Value (a number becomes a leaf), or None for an unsupported type."""
    if isinstance(x, Value):
        return x
    if isinstance(x, Real) and not isinstance(x, bool):
        return Value(x)
    return None


def topological_order(root: Value) -> list[Value]:
    """Every node of the graph below ``root``, each after all of its inputs (chapter 6).

    Iterative depth-first search, so the depth of the graph is not limited by Python's
    recursion limit. ``root`` is last.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node._inputs) if id(c) not in seen)
    return order


# ---------------------------------------------------------------------------- drawing

_OP_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷", "neg": "−x", "sigmoid": "σ"}
# geometry in inches: box width, column pitch, line height, op circle radius, gap between rows
_BOX_W, _COL, _LINE, _OP_R, _GAP = 1.2, 2.05, 0.15, 0.17, 0.2


def _box_lines(n: Value, digits: int) -> list[str]:
    def fmt(v: float) -> str:
        return f"{v + 0.0:.{digits}g}"  # + 0.0 turns −0.0 into 0.0

    return ([n.label] if n.label else []) + [f"data {fmt(n.data)}", f"grad {fmt(n.grad)}"]


def _graph_layout(
    order: list[Value], heights: dict[int, float]
) -> tuple[dict[Any, tuple[float, float]], dict[tuple[int, int], list[Any]]]:
    """Place the nodes of ``order`` (a topological order) in columns, left to right.

    A node sits one column right of its deepest input, a leaf one column left of its first
    consumer. An edge that spans several columns gets a waypoint in each column it crosses,
    so that it is routed around the boxes (the layered layout of Sugiyama et al., 1981).
    Columns are filled from the output leftwards: each item goes as close to the mean height
    of what it feeds as the boxes above it allow. Returns the centre of every node and
    waypoint (in inches, y downwards) and, per edge ``(id(node), id(input))``, its waypoints.
    """
    rank = {id(n): i for i, n in enumerate(order)}
    depth: dict[int, int] = {}
    consumers: dict[int, list[Value]] = {id(n): [] for n in order}
    for n in order:
        depth[id(n)] = 1 + max((depth[id(c)] for c in n.inputs), default=-1)
        for c in dict.fromkeys(n.inputs):  # each input once, in order
            consumers[id(c)].append(n)
    for n in order:
        if not n.inputs and consumers[id(n)]:
            depth[id(n)] = min(depth[id(p)] for p in consumers[id(n)]) - 1
    column: dict[Any, int] = dict(depth)
    height: dict[Any, float] = dict(heights)
    tie: dict[Any, tuple[int, int]] = {id(n): (rank[id(n)], 0) for n in order}
    feeds: dict[Any, list[Any]] = {id(n): [] for n in order}
    routes: dict[tuple[int, int], list[Any]] = {}
    for n in order:
        for c in dict.fromkeys(n.inputs):
            prev, route = id(c), []
            for d in range(depth[id(c)] + 1, depth[id(n)]):
                via = ("via", id(n), id(c), d)
                column[via], height[via], tie[via], feeds[via] = d, 0.0, (rank[id(c)], 1), []
                feeds[prev].append(via)
                route.append(via)
                prev = via
            feeds[prev].append(id(n))
            routes[(id(n), id(c))] = route
    y: dict[Any, float] = {}
    for d in sorted(set(column.values()), reverse=True):  # the output's column first
        items = [k for k in column if column[k] == d]
        key = {k: sum(y[f] for f in feeds[k]) / len(feeds[k]) if feeds[k] else 0.0 for k in items}
        items.sort(key=lambda k: (key[k], tie[k]))
        placed = [key[items[0]]]
        for above, k in pairwise(items):
            placed.append(max(key[k], placed[-1] + (height[above] + height[k]) / 2 + _GAP))
        shift = (sum(key.values()) - sum(placed)) / len(items)  # keep the column centred
        for k, p in zip(items, placed, strict=True):
            y[k] = p + shift
    return {k: (column[k] * _COL, y[k]) for k in column}, routes


def draw_graph(
    root: Value, ax: Axes | None = None, digits: int = 4, max_nodes: int = 200
) -> tuple[Figure, Axes]:
    """Draw the computational graph below ``root``, inputs on the left (chapter 6).

    Each Value is a box with its label (if any), ``data`` and ``grad`` rounded to ``digits``
    significant digits (call ``root.backward()`` first to see gradients); each operation is
    a circle just left of its result, with an arrow from each input. Leaves are orange,
    ``root`` green, the rest blue. The layered layout follows the topological order and is
    deterministic. Only matplotlib is needed. Without ``ax``, the figure is sized so that
    the text is 8 pt: about 2 inches per column (per step of depth) and 0.8 inch per box
    of the fullest column. Graphs of a few dozen nodes stay legible (a 30-node, depth-10
    graph is about 22 × 5 inches). With ``ax``, the graph is drawn there at equal aspect.

    Returns
    -------
    (fig, ax)
        Node ``i`` of :func:`topological_order` has its text gid ``"value-i"``, its
        operation's text ``"op-i"``, the arrow from the circle to the box ``"op-edge-i"``
        and the arrow from its ``j``-th input ``"edge-i-j"``.
    """
    order = topological_order(root)  # checks that root is a Value
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise ValueError(f"digits must be a positive integer, got {digits!r}")
    if len(order) > max_nodes:
        raise ValueError(
            f"the graph has {len(order)} nodes, more than max_nodes={max_nodes} can show legibly"
        )
    lines = {id(n): _box_lines(n, digits) for n in order}
    heights = {k: _LINE * len(v) + 0.12 for k, v in lines.items()}
    pos, routes = _graph_layout(order, heights)
    x0 = min(x for x, _ in pos.values()) - _BOX_W / 2 - 0.15
    x1 = max(x for x, _ in pos.values()) + _BOX_W / 2 + 0.15
    y0 = min(y - heights.get(k, 0) / 2 for k, (_, y) in pos.items()) - 0.1
    y1 = max(y + heights.get(k, 0) / 2 for k, (_, y) in pos.items()) + 0.1
    if ax is None:
        fig, ax = plt.subplots(figsize=(x1 - x0, y1 - y0))
        ax.set_position((0, 0, 1, 1))
    else:
        fig = ax.figure
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)  # y grows downwards
    ax.set_aspect("equal")
    ax.set_axis_off()
    line_style = {"color": "0.35", "lw": 0.8, "shrinkA": 0, "shrinkB": 0}

    def arrow(a: tuple[float, float], b: tuple[float, float], gid: str, rad: float = 0) -> None:
        ax.add_patch(
            FancyArrowPatch(
                a,
                b,
                arrowstyle="-|>",
                mutation_scale=7,
                connectionstyle=f"arc3,rad={rad}",
                gid=gid,
                **line_style,
            )
        )

    for i, n in enumerate(order):
        x, y = pos[id(n)]
        h = heights[id(n)]
        color = COLORS[2] if n is root else (COLORS[4] if not n.inputs else COLORS[0])
        ax.add_patch(
            FancyBboxPatch(
                (x - _BOX_W / 2, y - h / 2),
                _BOX_W,
                h,
                boxstyle="round,pad=0,rounding_size=0.06",
                fc=to_rgba(color, 0.18),
                ec=color,
                lw=1,
            )
        )
        ax.text(
            x, y, "\n".join(lines[id(n)]), ha="center", va="center", fontsize=8, gid=f"value-{i}"
        )
        if not n.inputs:
            continue
        ox = x - _BOX_W / 2 - 0.3  # the op circle, in the gap left of the box
        ax.add_patch(Circle((ox, y), _OP_R, fc="white", ec="0.35", lw=0.8))
        ax.text(
            ox, y, _OP_SYMBOLS.get(n.op, n.op), ha="center", va="center", fontsize=7, gid=f"op-{i}"
        )
        arrow((ox + _OP_R, y), (x - _BOX_W / 2, y), f"op-edge-{i}")
        for c in dict.fromkeys(n.inputs):
            cx, cy = pos[id(c)]
            points = [(cx + _BOX_W / 2, cy)]
            for via in routes[(id(n), id(c))]:  # pass through each crossed column's lane
                vx, vy = pos[via]
                points += [(vx - _BOX_W / 2, vy), (vx + _BOX_W / 2, vy)]
            if len(points) > 1:
                ax.add_patch(FancyArrowPatch(path=Path(points), arrowstyle="-", **line_style))
            px, py = points[-1]
            dist = math.hypot(ox - px, y - py)
            end = (ox - _OP_R * (ox - px) / dist, y - _OP_R * (y - py) / dist)
            slots = [j for j, d in enumerate(n.inputs) if d is c]  # x * x: two bent arrows
            for k, j in enumerate(slots):
                rad = 0.0 if len(slots) == 1 else 0.35 * (k - (len(slots) - 1) / 2)
                arrow((px, py), end, f"edge-{i}-{j}", rad)
    return fig, ax
