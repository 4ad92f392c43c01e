"""Tests of nnbook.autograd: every operation against finite differences, algebraic
identities (hypothesis), backward() semantics, deep graphs, error messages, the graph
drawing, and whole networks against NumPy by hand, nnbook.nn and (when installed) torch."""

import io
import math
import sys
from collections import Counter
from itertools import pairwise

import matplotlib
import matplotlib.pyplot as plt
import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from nnbook import activations as act
from nnbook.autograd import Value, draw_graph, topological_order
from nnbook.gradcheck import numerical_gradient, relative_error

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def grads_of(build, point):
    """Value-gradient and numerical gradient of ``build(*Values)`` at ``point``."""
    leaves = [Value(float(v)) for v in point]
    out = build(*leaves)
    out.backward()
    analytic = np.array([leaf.grad for leaf in leaves])
    numeric = numerical_gradient(lambda v: build(*[Value(float(t)) for t in v]).data, point)
    return analytic, numeric


# ------------------------------------------------------------------ every op vs finite differences

REAL, POSITIVE, AWAY_FROM_0 = "real", "positive", "away from 0"
OPS = {
    "a + b": (lambda a, b: a + b, [REAL, REAL]),
    "a - b": (lambda a, b: a - b, [REAL, REAL]),
    "a * b": (lambda a, b: a * b, [REAL, REAL]),
    "a / b": (lambda a, b: a / b, [REAL, AWAY_FROM_0]),
    "2.5 + a": (lambda a: 2.5 + a, [REAL]),
    "a + 2.5": (lambda a: a + 2.5, [REAL]),
    "2.5 - a": (lambda a: 2.5 - a, [REAL]),
    "a - 2.5": (lambda a: a - 2.5, [REAL]),
    "2.5 * a": (lambda a: 2.5 * a, [REAL]),
    "a * 2.5": (lambda a: a * 2.5, [REAL]),
    "2.5 / a": (lambda a: 2.5 / a, [AWAY_FROM_0]),
    "a / 2.5": (lambda a: a / 2.5, [REAL]),
    "-a": (lambda a: -a, [REAL]),
    "a ** 2": (lambda a: a**2, [REAL]),
    "a ** 3": (lambda a: a**3, [REAL]),
    "a ** -1": (lambda a: a**-1, [AWAY_FROM_0]),
    "a ** -2": (lambda a: a**-2, [AWAY_FROM_0]),
    "a ** 0.5": (lambda a: a**0.5, [POSITIVE]),
    "a ** -1.5": (lambda a: a**-1.5, [POSITIVE]),
    "a.exp()": (lambda a: a.exp(), [REAL]),
    "a.log()": (lambda a: a.log(), [POSITIVE]),
    "a.tanh()": (lambda a: a.tanh(), [REAL]),
    "a.sigmoid()": (lambda a: a.sigmoid(), [REAL]),
    "a.relu()": (lambda a: a.relu(), [AWAY_FROM_0]),
}


def sample(rng, domain):
    if domain == POSITIVE:
        return rng.uniform(0.2, 3.0)
    x = rng.uniform(-3.0, 3.0)
    if domain == AWAY_FROM_0:  # keep off the kink of relu and the pole of 1/x
        x = math.copysign(max(abs(x), 0.2), x)
    return x


@pytest.mark.parametrize("name", list(OPS))
def test_every_op_matches_finite_differences(name):
    build, domains = OPS[name]
    rng = np.random.default_rng(sorted(OPS).index(name))
    for _ in range(10):
        point = np.array([sample(rng, d) for d in domains])
        analytic, numeric = grads_of(build, point)
        assert relative_error(analytic, numeric) < 1e-7, (name, point, analytic, numeric)


def test_a_composite_expression_matches_finite_differences():
    def build(x, w, b, t):
        z = x * w + b / (1 + t**2)
        return ((z.tanh() - t.sigmoid()) ** 2 + (x - w).relu() + (w * w).exp().log()) / 3

    rng = np.random.default_rng(42)
    for _ in range(20):
        point = rng.uniform(-2, 2, size=4)
        if abs(point[0] - point[1]) < 0.1:  # stay away from relu's kink
            continue
        analytic, numeric = grads_of(build, point)
        assert relative_error(analytic, numeric) < 1e-7


def test_forward_values():
    assert (Value(2.0) ** 3).data == 8.0
    assert (Value(-2.0) ** 3).data == -8.0
    assert (2 / Value(8)).data == 0.25
    assert Value(1.0).exp().data == math.e
    assert Value(math.e).log().data == 1.0
    assert Value(0.3).tanh().data == float(act.tanh(0.3))
    assert Value(0.3).sigmoid().data == float(act.sigmoid(0.3))
    assert Value(-0.3).relu().data == 0.0
    assert (Value(7) - 10).data == -3.0 and (10 - Value(7)).data == 3.0
    assert (Value(5.0) ** 0).data == 1.0


# ------------------------------------------------------------------ numerics at the edges


def test_relu_gradient_at_zero_is_zero_like_activations():
    for x in (0.0, -0.0):
        v = Value(x)
        v.relu().backward()
        assert v.grad == 0.0 == float(act.relu_grad(x))
    v = Value(1e-300)
    v.relu().backward()
    assert v.grad == 1.0


@pytest.mark.parametrize("x", [-40.0, -20.0, -5.0, 0.0, 3.0, 20.0, 40.0])
def test_tanh_and_sigmoid_gradients_keep_full_accuracy_in_the_tails(x):
    mpmath.mp.dps = 50
    for method, exact in [
        ("tanh", mpmath.sech(x) ** 2),  # 1 - tanh² would round to 0 for |x| ≥ 20
        ("sigmoid", mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2),
    ]:
        v = Value(x)
        getattr(v, method)().backward()
        assert v.grad > 0
        assert v.grad == pytest.approx(float(exact), rel=1e-14), method


def test_overflow_gives_inf_not_an_exception():
    v = Value(1000.0)
    y = v.exp()
    y.backward()
    assert y.data == math.inf and v.grad == math.inf
    assert (Value(1e200) ** 2).data == math.inf
    assert (Value(-1e200) ** 3).data == -math.inf
    assert (Value(-1e200) ** 4).data == math.inf
    for x, s in [(1000.0, 1.0), (-1000.0, 0.0)]:  # sigmoid saturates, no overflow
        v = Value(x)
        y = v.sigmoid()
        y.backward()
        assert y.data == s and v.grad == 0.0
    v = Value(-800.0)
    v.tanh().backward()
    assert v.grad == 0.0


def test_power_edge_cases():
    v = Value(0.0)
    (v**0.5).backward()
    assert v.grad == math.inf  # sqrt is vertical at 0
    v = Value(0.0)
    (v**0).backward()
    assert v.grad == 0.0
    v = Value(0.0)
    (v**1).backward()
    assert v.grad == 1.0
    v = Value(-2.0)
    (v**-1).backward()
    assert v.grad == -0.25
    v = Value(-2.0)
    y = v**2.0  # an integer-valued float exponent is fine for a negative base
    y.backward()
    assert (y.data, v.grad, y.op) == (4.0, -4.0, "**2")


def test_nan_propagates():
    v = Value(math.nan)
    y = (v * 2).tanh().sigmoid() + v.exp()
    y.backward()
    assert math.isnan(y.data) and math.isnan(v.grad)


def test_numpy_scalars_are_accepted_and_values_stay_python_floats():
    y = np.float32(2.0) * Value(np.float64(3.0)) + np.int64(1)
    assert type(y.data) is float and y.data == 7.0


# ------------------------------------------------------------------ algebraic identities

finite = st.floats(-1e3, 1e3, allow_nan=False)
nonzero = finite.filter(lambda x: abs(x) > 1e-3)
positive = st.floats(1e-3, 1e3)


@given(finite)
def test_square_by_product_and_by_power_give_2x(x):
    a = Value(x)
    (a * a).backward()
    assert a.grad == 2 * x
    b = Value(x)
    (b**2).backward()
    assert b.grad == 2 * x


@given(finite, nonzero)
def test_quotient_gradients(a_, b_):
    a, b = Value(a_), Value(b_)
    (a / b).backward()
    assert a.grad == pytest.approx(1 / b_, rel=1e-12)
    assert b.grad == pytest.approx(-a_ / b_**2, rel=1e-12, abs=1e-300)


@given(finite, finite)
def test_sum_and_difference_gradients(a_, b_):
    a, b = Value(a_), Value(b_)
    (a - b).backward()
    assert (a.grad, b.grad) == (1.0, -1.0)
    (a + b).backward()
    assert (a.grad, b.grad) == (1.0, 1.0)
    (a * b).backward()
    assert (a.grad, b.grad) == (b_, a_)


@given(positive)
def test_exp_of_log_has_gradient_one(x):
    a = Value(x)
    a.log().exp().backward()
    assert a.grad == pytest.approx(1.0, rel=1e-12)


@given(st.floats(-30, 30))
def test_sigmoid_through_tanh_has_the_same_gradient(x):
    a, b = Value(x), Value(x)
    a.sigmoid().backward()
    (((b / 2).tanh() + 1) / 2).backward()  # σ(x) = (tanh(x/2) + 1)/2
    assert a.grad == pytest.approx(b.grad, rel=1e-12, abs=1e-15)


@given(st.floats(-5, 5), st.floats(-10, 10))
def test_product_rule_and_linearity(x, c):
    a = Value(x)
    (a.tanh() * a.sigmoid()).backward()
    t, s = math.tanh(x), float(act.sigmoid(x))
    expected = float(act.tanh_grad(x)) * s + t * float(act.sigmoid_grad(x))
    assert a.grad == pytest.approx(expected, rel=1e-12, abs=1e-15)
    b = Value(x)
    (c * (b.tanh() * b.sigmoid())).backward()
    assert b.grad == pytest.approx(c * expected, rel=1e-12, abs=1e-14)


@settings(max_examples=50)
@given(st.lists(st.floats(-3, 3), min_size=3, max_size=3))
def test_backward_twice_is_idempotent_for_any_point(xs):
    leaves = [Value(x) for x in xs]
    a, b, c = leaves
    out = (a * b + c).tanh() * (a - c).sigmoid() + a * a
    out.backward()
    first = [v.grad for v in topological_order(out)]
    out.backward()
    assert [v.grad for v in topological_order(out)] == first


# ------------------------------------------------------------------ backward() semantics


def test_backward_twice_gives_identical_gradients_not_double():
    x, w = Value(1.5, "x"), Value(-0.5, "w")
    y = (x * w).exp() + x
    y.backward()
    once = (x.grad, w.grad, y.grad)
    y.backward()
    assert (x.grad, w.grad, y.grad) == once
    assert once == (
        pytest.approx(1 + -0.5 * math.exp(-0.75)),
        pytest.approx(1.5 * math.exp(-0.75)),
        1.0,
    )


def test_backward_resets_grads_set_by_hand_or_by_another_output():
    x = Value(2.0)
    h = x * 3
    y = h * h  # 9x², dy/dx = 18x
    h.backward()
    assert x.grad == 3.0
    x.grad = 100.0
    y.backward()
    assert (x.grad, h.grad) == (36.0, 12.0)
    # documented: another output sharing x overwrites its gradient
    z = x * 5
    z.backward()
    assert x.grad == 5.0


def test_shared_subexpressions_accumulate():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    a = Value(3.0)
    (a * a * a).backward()
    assert a.grad == 27.0
    a, b = Value(0.7), Value(-1.3)
    e = a * b  # used three times
    f = e + e * e
    f.backward()
    assert e.grad == pytest.approx(1 + 2 * e.data)
    assert a.grad == pytest.approx((1 + 2 * e.data) * b.data)
    assert b.grad == pytest.approx((1 + 2 * e.data) * a.data)
    # a diamond: x feeds two branches that meet again
    x = Value(0.4)
    d = x.tanh() * x.exp()
    d.backward()
    assert x.grad == pytest.approx(
        float(act.tanh_grad(0.4)) * math.exp(0.4) + math.tanh(0.4) * math.exp(0.4)
    )


def test_topological_order_lists_each_node_once_after_its_inputs():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert len(order) == len({id(n) for n in order}) == 5
    assert order[-1] is e
    where = {id(n): i for i, n in enumerate(order)}
    assert all(where[id(i)] < where[id(n)] for n in order for i in n.inputs)
    assert [n.label for n in order[:2]] == ["a", "b"]  # first input first
    assert topological_order(a) == [a]


def test_a_deep_chain_of_5000_nodes_works_without_recursion():
    assert sys.getrecursionlimit() < 5000
    x = Value(0.5, "x")
    y = x
    for _ in range(2500):
        y = y * 1.001 + 0.0  # two nodes per step (plus a constant leaf each)
    order = topological_order(y)
    assert len(order) >= 5000
    y.backward()
    assert x.grad == pytest.approx(1.001**2500, rel=1e-12)
    z = x
    for _ in range(5000):
        z = z.tanh()
    z.backward()
    dz, v = 1.0, 0.5
    for _ in range(5000):
        dz *= float(act.tanh_grad(v))
        v = math.tanh(v)
    assert x.grad == pytest.approx(dz, rel=1e-9)


# ------------------------------------------------------------------ errors and repr


def test_error_messages():
    with pytest.raises(
        ValueError, match=r"log is defined only for positive numbers, got Value\(data=0"
    ):
        Value(0.0).log()
    with pytest.raises(ValueError, match="positive numbers"):
        Value(-1.0).log()
    with pytest.raises(TypeError, match="Value data must be a real number, got str"):
        Value("1.0")
    with pytest.raises(TypeError, match="Value data must be a real number, got complex"):
        Value(1j)
    with pytest.raises(TypeError, match="got bool"):
        Value(True)
    with pytest.raises(TypeError, match="label must be a string, got int"):
        Value(1.0, 7)
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+: 'Value' and 'str'"):
        Value(1.0) + "a"
    with pytest.raises(
        TypeError, match=r"unsupported operand type\(s\) for \*: 'NoneType' and 'Value'"
    ):
        None * Value(1.0)
    with pytest.raises(TypeError, match=r"for /: 'Value' and 'list'"):
        Value(1.0) / [2.0]
    with pytest.raises(
        TypeError, match=r"Value \*\* Value is not supported.*\(b \* a.log\(\)\).exp\(\)"
    ):
        Value(2.0) ** Value(3.0)
    with pytest.raises(TypeError, match=r"number \*\* Value is not supported"):
        2.0 ** Value(3.0)
    with pytest.raises(TypeError, match="the exponent must be a real number, got str"):
        Value(2.0) ** "2"
    with pytest.raises(ValueError, match="the exponent must be finite, got inf"):
        Value(2.0) ** math.inf
    with pytest.raises(
        ValueError, match=r"a negative base \(-8.0\) needs an integer exponent, got 0.5"
    ):
        Value(-8.0) ** 0.5
    with pytest.raises(ZeroDivisionError, match="0 cannot be raised to the negative power -1"):
        Value(0.0) ** -1
    with pytest.raises(ZeroDivisionError, match=r"division by zero: the divisor Value\(data=0"):
        Value(1.0) / 0
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        1 / Value(0.0)
    with pytest.raises(TypeError, match="root must be a Value, got float"):
        topological_order(1.0)


def test_repr_is_deterministic_and_readable():
    x = Value(2.0, "x")
    y = (x * 3).tanh()
    y.label = "y"
    y.backward()
    assert repr(x) == "Value(data=2, grad=7.37296e-05, label='x')"
    assert repr(y) == "Value(data=0.999988, grad=1, label='y', op='tanh')"
    assert repr(Value(1 / 3)) == "Value(data=0.333333, grad=0)"
    assert repr(Value(2) ** -0.5) == "Value(data=0.707107, grad=0, op='**-0.5')"
    assert [n.op for n in topological_order(-Value(1.0) / 2 - 1 + 1 * Value(1).relu())] == [
        "",
        "neg",
        "",
        "/",
        "",
        "-",
        "",
        "",
        "relu",
        "*",
        "+",
    ]


# ------------------------------------------------------------------ drawing


def neuron():
    names = ["x1", "w1", "x2", "w2", "x3", "w3", "b", "y"]
    vals = [2.0, -3.0, 0.0, 1.0, 0.5, 2.5, 6.8813735, 1.0]
    x1, w1, x2, w2, x3, w3, b, y = (Value(v, n) for v, n in zip(vals, names, strict=True))
    o = (x1 * w1 + x2 * w2 + x3 * w3 + b).tanh()
    o.label = "o"
    loss = (o - y) ** 2
    loss.label = "loss"
    loss.backward()
    return loss


def tiny_network_graph():
    """A 2-2-1 tanh network on one sample with a squared loss: 30 nodes."""
    rng = np.random.default_rng(0)
    xs = [Value(v, f"x{i + 1}") for i, v in enumerate([0.5, -1.0])]
    W = [[Value(rng.normal(), f"w{i + 1}{j + 1}") for j in range(2)] for i in range(2)]
    b = [Value(0.1 * (j + 1), f"b{j + 1}") for j in range(2)]
    h = [(xs[0] * W[0][j] + xs[1] * W[1][j] + b[j]).tanh() for j in range(2)]
    v = [Value(rng.normal(), f"v{j + 1}") for j in range(2)]
    out = h[0] * v[0] + h[1] * v[1] + Value(-0.2, "c")
    loss = 0.5 * (out - 1.0) ** 2
    loss.label = "loss"
    loss.backward()
    return loss


def shared_graph():
    a = Value(3.0, "a")
    sq = a * a
    d = (sq + a).exp() / sq
    d.label = "d"
    e = d.sigmoid() * (-d).relu() + d.log()
    e.backward()
    return e


def test_drawing_has_one_text_box_per_node_and_an_arrow_per_edge():
    loss = neuron()
    order = topological_order(loss)
    fig, ax = draw_graph(loss)
    assert isinstance(fig, matplotlib.figure.Figure) and ax in fig.axes
    gids = [t.get_gid() for t in ax.texts]
    assert sorted(g for g in gids if g.startswith("value-")) == sorted(
        f"value-{i}" for i in range(len(order))
    )
    ops = [i for i, n in enumerate(order) if n.inputs]
    assert sorted(g for g in gids if g.startswith("op-")) == sorted(f"op-{i}" for i in ops)
    assert sum(isinstance(p, FancyBboxPatch) for p in ax.patches) == len(order)
    edges = {p.get_gid() for p in ax.patches if isinstance(p, FancyArrowPatch) and p.get_gid()}
    expected = {f"op-edge-{i}" for i in ops}
    expected |= {f"edge-{i}-{j}" for i in ops for j in range(len(order[i].inputs))}
    assert edges == expected
    text = {t.get_gid(): t.get_text() for t in ax.texts}
    w1 = next(i for i, n in enumerate(order) if n.label == "w1")
    assert text[f"value-{w1}"] == f"w1\ndata -3\ngrad {order[w1].grad:.4g}"
    assert text[f"value-{len(order) - 1}"] == "loss\ndata 0.0007715\ngrad 1"
    assert sorted(text[f"op-{i}"] for i in ops) == sorted(
        ["×"] * 3 + ["+"] * 3 + ["tanh", "−", "**2"]
    )


def test_drawing_shows_rounded_numbers_and_op_symbols():
    x = Value(-0.0, "x")
    y = (-(x.sigmoid() / 7)) ** 2
    y.backward()
    fig, ax = draw_graph(y, digits=2)
    text = {t.get_gid(): t.get_text() for t in ax.texts}
    assert text["value-0"] == "x\ndata 0\ngrad 0.0051"  # −0 shown as 0; 2·(1/14)·(1/7)·(1/4)
    assert text["value-2"] == "data 7\ngrad -0.0015"  # the constant 7 became a leaf: −2σ²/7³
    assert [text.get(f"op-{i}") for i in range(6)] == [None, "σ", None, "÷", "−x", "**2"]


def _boxes(ax):
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


def _inside(inner, outer, tol=0.5):
    return (
        inner.x0 >= outer.x0 - tol
        and inner.x1 <= outer.x1 + tol
        and inner.y0 >= outer.y0 - tol
        and inner.y1 <= outer.y1 + tol
    )


@pytest.mark.parametrize("make", [neuron, tiny_network_graph, shared_graph])
def test_drawing_is_legible(make):
    """Boxes never overlap, every text fits in its box and in the figure, and no edge
    passes through a box."""
    root = make()
    fig, ax = draw_graph(root)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = _boxes(ax)
    extents = [b.get_window_extent(renderer) for b in boxes]
    for i, a in enumerate(extents):
        for b in extents[i + 1 :]:
            assert not a.overlaps(b)
    fig_box = fig.bbox
    for t in ax.texts:
        ext = t.get_window_extent(renderer)
        assert _inside(ext, fig_box)
        if t.get_gid().startswith("value-"):
            assert any(_inside(ext, e) for e in extents), t.get_text()
    rects = [
        (
            b.get_x() + 0.02,
            b.get_y() + 0.02,
            b.get_x() + b.get_width() - 0.02,
            b.get_y() + b.get_height() - 0.02,
        )
        for b in boxes
    ]
    for arrow in (p for p in ax.patches if isinstance(p, FancyArrowPatch)):
        for poly in arrow.get_path().to_polygons(closed_only=False):
            for (x0, y0), (x1, y1) in pairwise(poly):
                for s in np.linspace(0, 1, 25):
                    px, py = x0 + s * (x1 - x0), y0 + s * (y1 - y0)
                    assert not any(r[0] < px < r[2] and r[1] < py < r[3] for r in rects)


def test_a_30_node_graph_fits_a_reasonable_figure():
    """At most about 2 inches per column of depth (8 pt text) and 0.8 inch per box of the fullest column."""
    root = tiny_network_graph()
    assert len(topological_order(root)) == 30
    fig, ax = draw_graph(root)
    width, height = fig.get_size_inches()
    columns = len({t.get_position()[0] for t in ax.texts if t.get_gid().startswith("value-")})
    rows = max(Counter(t.get_position()[0] for t in ax.texts).values())
    assert columns == 11
    assert width <= 2.1 * columns
    assert height <= 0.8 * rows
    assert all(t.get_fontsize() >= 7 for t in ax.texts)


def test_drawing_is_deterministic_and_renders_headless():
    pngs = []
    for _ in range(2):
        fig, ax = draw_graph(shared_graph())
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=60)
        pngs.append(buf.getvalue())
        plt.close(fig)
    assert pngs[0] == pngs[1]
    assert pngs[0][:8] == b"\x89PNG\r\n\x1a\n"


def test_drawing_into_a_given_axes_and_a_single_node():
    fig, ax = plt.subplots(figsize=(3, 2))
    out = draw_graph(Value(1.5, "lonely"), ax=ax)
    assert out == (fig, ax)
    assert [t.get_text() for t in ax.texts] == ["lonely\ndata 1.5\ngrad 0"]
    assert not any(isinstance(p, FancyArrowPatch) for p in ax.patches)


def test_drawing_errors():
    with pytest.raises(TypeError, match="root must be a Value, got str"):
        draw_graph("x")
    with pytest.raises(ValueError, match="digits must be a positive integer, got 0"):
        draw_graph(Value(1.0), digits=0)
    y = Value(0.0)
    for _ in range(10):
        y = y + 1
    with pytest.raises(ValueError, match="the graph has 21 nodes, more than max_nodes=20"):
        draw_graph(y, max_nodes=20)


# ------------------------------------------------------------------ whole networks


def two_layer_reference(X, y, W1, b1, W2, b2):
    """Forward and backward of tanh(X W1 + b1) W2 + b2 with a mean squared error, by hand."""
    Z1 = X @ W1 + b1
    H = np.tanh(Z1)
    out = H @ W2 + b2
    loss = np.mean((out - y) ** 2)
    dout = 2 * (out - y) / out.size
    dW2, db2 = H.T @ dout, dout.sum(axis=0)
    dZ1 = (dout @ W2.T) * (1 - H**2)
    dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)
    dX = dZ1 @ W1.T
    return loss, out, [dW1, db1, dW2, db2], dX


def value_network(X, y, params):
    """The same network built from Values: returns (loss, outputs, Value params, Value X)."""
    vparams = [np.vectorize(Value, otypes=[object])(p) for p in params]
    vX = np.vectorize(Value, otypes=[object])(X)
    W1, b1, W2, b2 = vparams
    H = np.vectorize(lambda v: v.tanh(), otypes=[object])(vX @ W1 + b1)
    out = H @ W2 + b2
    loss = sum(((o - t) ** 2 for o, t in zip(out.ravel(), y.ravel(), strict=True)), Value(0.0))
    loss = loss / out.size
    loss.backward()
    return loss, out, vparams, vX


def grads(values):
    return np.vectorize(lambda v: v.grad, otypes=[float])(values)


def test_a_tiny_network_matches_numpy_backprop_by_hand():
    rng = np.random.default_rng(7)
    X, y = rng.normal(size=(5, 2)), rng.normal(size=(5, 1))
    params = [
        rng.normal(size=(2, 3)),
        rng.normal(size=3),
        rng.normal(size=(3, 1)),
        rng.normal(size=1),
    ]
    loss_ref, out_ref, grads_ref, dX_ref = two_layer_reference(X, y, *params)
    loss, out, vparams, vX = value_network(X, y, params)
    assert loss.data == pytest.approx(loss_ref, rel=1e-13)
    np.testing.assert_allclose(np.vectorize(lambda v: v.data)(out), out_ref, rtol=1e-13)
    for g, ref in zip(map(grads, vparams), grads_ref, strict=True):
        assert relative_error(g, ref) < 1e-12
    assert relative_error(grads(vX), dX_ref) < 1e-12


def test_a_tiny_network_matches_nnbook_nn():
    from nnbook.nn import MLP

    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    net = MLP([2, 3, 1], activation="tanh", init="xavier", seed=0)
    params = [p.copy() for p in net.params]
    net.params[1][:] = params[1][:] = [0.1, -0.2, 0.3]  # nonzero biases, in both
    logits = net.forward(X)
    dX = net.backward(2 * (logits - y) / logits.size)
    loss, out, vparams, vX = value_network(X, y, params)
    np.testing.assert_allclose(np.vectorize(lambda v: v.data)(out), logits, rtol=1e-13)
    for g, ref in zip(map(grads, vparams), net.grads, strict=True):
        assert relative_error(g, ref) < 1e-12
    assert relative_error(grads(vX), dX) < 1e-12


def test_against_torch_when_installed():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    for _ in range(5):
        a_, b_, c_ = rng.uniform(0.3, 2.0, size=3) * rng.choice([-1, 1], size=3)
        a, b, c = Value(a_), Value(b_), Value(c_)
        ta, tb, tc = (
            torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (a_, b_, c_)
        )
        for lib, (x, w, z) in [("ours", (a, b, c)), ("torch", (ta, tb, tc))]:
            if lib == "ours":
                e = (
                    (x * w - z / 3).tanh()
                    + (2 - x).sigmoid() * w**3
                    - (z * z).exp().log() / x
                    + (w - 1).relu()
                )
                e.backward()
            else:
                e = (
                    torch.tanh(x * w - z / 3)
                    + torch.sigmoid(2 - x) * w**3
                    - torch.log(torch.exp(z * z)) / x
                    + torch.relu(w - 1)
                )
                e.backward()
        ours = np.array([a.grad, b.grad, c.grad])
        theirs = np.array([ta.grad.item(), tb.grad.item(), tc.grad.item()])
        assert relative_error(ours, theirs) < 1e-13


# ------------------------------------------------------------------ gaps in test_gradcheck.py


def test_numerical_gradient_of_a_plain_number_and_of_float32_input():
    g = numerical_gradient(lambda v: float(v) ** 3, 2.0)
    assert g.shape == () and g == pytest.approx(12.0, rel=1e-8)
    x = np.array([0.5, -1.5], dtype=np.float32)
    before = x.copy()
    seen = []
    g = numerical_gradient(lambda v: seen.append(v.dtype) or float(np.sum(v**2)), x)
    assert set(seen) == {np.dtype(np.float64)}  # f works in float64, whatever the input
    assert g.dtype == np.float64 and x.dtype == np.float32
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(g, 2 * before.astype(np.float64), rtol=1e-8)


def test_numerical_gradient_rejects_a_non_function_and_bad_eps():
    with pytest.raises(TypeError, match="f must be a function of an array, got int"):
        numerical_gradient(3, [1.0])
    for eps in (math.inf, math.nan, -1e-6):
        with pytest.raises(ValueError, match="eps must be a positive finite number"):
            numerical_gradient(np.sum, [1.0], eps=eps)
