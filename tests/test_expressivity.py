"""Tests of nnbook.expressivity (chapter 3) and of the chapter-3 plotting helpers and
explorer built on it."""

import itertools
import warnings

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook.datasets import circles, xor
from nnbook.expressivity import (
    Network,
    activation_patterns,
    best_linear_accuracy,
    bump_approximation,
    collapse_affine,
    count_slope_changes,
    fit_output_layer,
    linear_pieces,
    relu_interpolant,
    sawtooth,
    sigmoid_bump,
    sigmoid_bumps,
    tent_network,
)
from nnbook.losses import cross_entropy_grad
from nnbook.nn import MLP
from nnbook.plotting import plot_approximation, plot_linear_pieces, plot_unit_boundaries
from nnbook.widgets import approximation_explorer, draw_approximation

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _stack(widths, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    Ws = [rng.standard_normal((a, b)).astype(dtype) for a, b in itertools.pairwise(widths)]
    bs = [rng.standard_normal(b).astype(dtype) for b in widths[1:]]
    return Ws, bs


def _random_net(widths, seed=0, activation="relu"):
    Ws, bs = _stack(widths, seed)
    return Network(tuple(Ws), tuple(bs), activation)


# ----------------------------------------------------------------------------- collapse


@settings(max_examples=60, deadline=None)
@given(
    widths=st.lists(st.integers(1, 6), min_size=2, max_size=7),
    seed=st.integers(0, 2**32 - 1),
)
def test_collapse_equals_running_the_layers(widths, seed):
    Ws, bs = _stack(widths, seed)
    X = np.random.default_rng(seed).standard_normal((5, widths[0]))
    H = X
    for W, b in zip(Ws, bs, strict=True):
        H = H @ W + b
    W, b = collapse_affine(Ws, bs)
    assert W.shape == (widths[0], widths[-1]) and b.shape == (widths[-1],)
    np.testing.assert_allclose(X @ W + b, H, rtol=1e-10, atol=1e-10)


def test_collapse_matches_the_three_layer_formula_and_leaves_inputs_alone():
    Ws, bs = _stack([3, 5, 4, 2])
    copies = [a.copy() for a in Ws + bs]
    W, b = collapse_affine(Ws, bs)
    np.testing.assert_allclose(W, Ws[0] @ Ws[1] @ Ws[2])
    np.testing.assert_allclose(b, (bs[0] @ Ws[1] + bs[1]) @ Ws[2] + bs[2])
    assert all(np.array_equal(a, c) for a, c in zip(Ws + bs, copies, strict=True))
    W[:] = 0  # a single layer comes back as a copy, not the caller's array
    W1, b1 = collapse_affine(Ws[:1], bs[:1])
    W1[:] = 0
    b1[:] = 0
    assert np.array_equal(Ws[0], copies[0]) and np.array_equal(bs[0], copies[3])


def test_collapse_keeps_float32_and_collapses_a_trained_linear_mlp():
    W, b = collapse_affine(*_stack([2, 3, 2], dtype=np.float32))
    assert W.dtype == np.float32 and b.dtype == np.float32
    net = MLP([2, 7, 5, 3], activation="identity", seed=1)
    X = np.random.default_rng(2).standard_normal((10, 2))
    W, b = collapse_affine(net.params[0::2], net.params[1::2])
    np.testing.assert_allclose(net.forward(X), X @ W + b, atol=1e-12)


@pytest.mark.parametrize(
    ("Ws", "bs", "error", "message"),
    [
        (np.ones((2, 2)), [np.ones(2)], TypeError, "Ws must be a list of arrays"),
        ([np.ones((2, 2))], "b", TypeError, "bs must be a list of arrays"),
        ([], [], ValueError, "Ws is empty"),
        ([np.ones((2, 2))], [], ValueError, "got 1 weight matrices but 0 bias vectors"),
        ([np.ones(2)], [np.ones(2)], ValueError, r"Ws\[0\] must be 2-D"),
        ([np.ones((2, 3))], [np.ones(2)], ValueError, r"bs\[0\] must have shape \(3,\)"),
        (
            [np.ones((2, 3)), np.ones((2, 1))],
            [np.ones(3), np.ones(1)],
            ValueError,
            r"Ws\[0\] has 3 outputs but Ws\[1\] expects 2 inputs",
        ),
        ([[["a"]]], [[1.0]], TypeError, "must be numeric"),
    ],
)
def test_collapse_rejects_bad_stacks_clearly(Ws, bs, error, message):
    with pytest.raises(error, match=message):
        collapse_affine(Ws, bs)


# ----------------------------------------------------------------------------- best line


def _exact_best_line(X, y):
    """Brute force: the best line's accuracy changes only at directions where two points
    project to the same value, so directions just beside each pairwise normal suffice."""
    n = len(X)
    angles = [0.0]
    for i, j in itertools.combinations(range(n), 2):
        d = X[j] - X[i]
        base = np.arctan2(d[1], d[0]) + np.pi / 2
        angles += [base + s * 1e-7 + k * np.pi for s in (-1, 1) for k in (0, 1)]
    best = 0
    for a in angles:
        s = X @ np.array([np.cos(a), np.sin(a)])
        for thr in np.concatenate([[-np.inf], np.sort(s)]):
            best = max(best, np.sum((s > thr) == (y == 1)))
    return best / n


def test_best_line_on_separable_and_xor_corners():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert best_linear_accuracy(X, [0, 0, 0, 1]) == 1.0  # AND
    assert best_linear_accuracy(X, [0, 1, 1, 0]) == 0.75  # XOR: three corners at best
    assert best_linear_accuracy(X, [1, 1, 1, 1]) == 1.0


@pytest.mark.parametrize("seed", range(4))
def test_best_line_matches_brute_force_on_small_sets(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((9, 2))
    y = rng.integers(0, 2, 9)
    assert best_linear_accuracy(X, y) == pytest.approx(_exact_best_line(X, y))


def test_no_trained_linear_network_beats_the_best_line():
    for X, y in [xor(n=120, seed=3), circles(n=120, seed=3)]:
        net = MLP([2, 8, 8, 2], activation="identity", seed=0)
        for _ in range(300):
            logits = net.forward(X)
            net.backward(cross_entropy_grad(logits, y), input_grad=False)
            net.sgd_step(0.1)
        assert np.mean(net.predict(X) == y) <= best_linear_accuracy(X, y) + 1e-12
        assert best_linear_accuracy(X, y) < 0.8


def test_best_line_ignores_thresholds_between_tied_points():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    assert best_linear_accuracy(X, [0, 1, 1]) == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("X", "y", "kwargs", "message"),
    [
        (np.zeros((3, 3)), [0, 1, 0], {}, r"X must have shape \(n, 2\)"),
        (np.zeros((0, 2)), [], {}, r"X must have shape \(n, 2\) with n >= 1"),
        ([[0, np.nan]], [0], {}, "nan or inf"),
        (np.zeros((3, 2)), [0, 1], {}, r"y must have shape \(3,\)"),
        (np.zeros((2, 2)), [0, 2], {}, "only the labels 0 and 1"),
        (np.zeros((2, 2)), [0, 1], {"n_directions": 3}, "n_directions must be at least 4"),
    ],
)
def test_best_line_rejects_bad_input(X, y, kwargs, message):
    with pytest.raises(ValueError, match=message):
        best_linear_accuracy(X, y, **kwargs)


# ----------------------------------------------------------------------------- Network


@pytest.mark.parametrize("activation", ["relu", "identity", "tanh"])
def test_network_from_mlp_computes_the_same_logits(activation):
    mlp = MLP([3, 6, 4, 2], activation=activation, seed=5)
    X = np.random.default_rng(0).standard_normal((8, 3))
    net = Network.from_mlp(mlp)
    out, pre = net.forward(X)
    np.testing.assert_allclose(out, mlp.forward(X), atol=1e-12)
    np.testing.assert_allclose(pre[0], mlp.pre_activations[0], atol=1e-12)
    assert net.sizes == [3, 6, 4, 2] and net.n_hidden == 10 and net.n_layers_hidden == 2


def test_network_call_keeps_1d_shapes_for_one_input_and_output():
    net = relu_interpolant([0.0, 1.0, 2.0], [0.0, 1.0, 0.0])
    assert net(np.array([0.5, 1.5])).shape == (2,)
    assert net(1.0).shape == () and float(net(1.0)) == 1.0
    assert net(np.ones((3, 1))).shape == (3, 1)


def test_network_validates_its_weights_and_inputs():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        Network((np.ones((1, 1)),), (np.ones(1),), "swish")
    with pytest.raises(TypeError, match="activation must be a name"):
        Network((np.ones((1, 1)),), (np.ones(1),), None)
    with pytest.raises(ValueError, match="do not chain"):
        Network((np.ones((1, 2)), np.ones((3, 1))), (np.ones(2), np.ones(1)))
    net = _random_net([2, 3, 1])
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="plain MLP"):
        Network.from_mlp(MLP([2, 3, 2], batchnorm=True))
    with pytest.raises(TypeError, match="expected an nnbook.nn.MLP"):
        Network.from_mlp(object())


def test_activation_patterns_are_the_signs_of_the_pre_activations():
    net = _random_net([2, 4, 3, 1], seed=3)
    X = np.random.default_rng(1).standard_normal((6, 2))
    _, pre = net.forward(X)
    pattern = activation_patterns(net, X)
    assert pattern.shape == (6, 7) and pattern.dtype == bool
    np.testing.assert_array_equal(pattern, np.hstack([pre[0] > 0, pre[1] > 0]))
    with pytest.raises(ValueError, match="defined for ReLU networks"):
        activation_patterns(_random_net([2, 3, 1], activation="tanh"), X)


# ----------------------------------------------------------------------------- pieces


@pytest.mark.parametrize("depth", range(1, 9))
def test_tent_network_is_the_sawtooth_with_2_to_the_L_pieces(depth):
    net = tent_network(depth)
    x = np.linspace(0, 1, 4097)
    np.testing.assert_allclose(net(x), sawtooth(x, depth), atol=1e-12)
    pieces = linear_pieces(net, [0.0], [1.0])
    assert pieces.n_pieces == pieces.n_regions == 2**depth
    np.testing.assert_allclose(pieces.kinks, np.arange(1, 2**depth) / 2**depth, atol=1e-12)
    assert net.n_hidden == 2 * depth


def test_sawtooth_is_the_tent_map_composed():
    x = np.linspace(0, 1, 1001)
    g = x.copy()
    for depth in range(1, 7):
        g = np.where(g <= 0.5, 2 * g, 2 - 2 * g)
        np.testing.assert_allclose(sawtooth(x, depth), g, atol=1e-12)


def test_shallow_kinks_are_where_the_units_switch():
    net = Network(
        (np.array([[1.0, -2.0, 0.5]]), np.array([[1.0], [1.0], [-3.0]])),
        (np.array([-0.3, 1.0, 0.1]), np.zeros(1)),
    )  # kinks at x = 0.3, 0.5 and -0.2
    pieces = linear_pieces(net, [-1.0], [1.0])
    np.testing.assert_allclose(pieces.points(pieces.kinks)[:, 0], [-0.2, 0.3, 0.5])
    assert pieces.n_pieces == 4


def test_a_unit_that_switches_without_an_effect_starts_a_region_but_not_a_piece():
    net = Network(
        (np.array([[1.0, 1.0]]), np.array([[2.0], [0.0]])),  # unit 2 feeds nothing
        (np.array([0.0, -0.5]), np.zeros(1)),
    )
    pieces = linear_pieces(net, [-1.0], [1.0])
    assert (pieces.n_regions, pieces.n_pieces) == (3, 2)
    np.testing.assert_allclose(pieces.region_breaks, [0.5, 0.75])
    np.testing.assert_allclose(pieces.kinks, [0.5])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(1, 3))
def test_pieces_of_random_deep_nets_are_exact(seed, depth):
    rng = np.random.default_rng(seed)
    net = _random_net([2] + [int(rng.integers(2, 7))] * depth + [1], seed)
    p, q = rng.standard_normal(2) * 3, rng.standard_normal(2) * 3
    pieces = linear_pieces(net, p, q)
    edges = np.concatenate([[0.0], pieces.region_breaks, [1.0]])
    patterns = []
    for (a, b), slope in zip(itertools.pairwise(edges), pieces.slopes, strict=True):
        inside = np.linspace(a, b, 7)[1:-1]
        pat = activation_patterns(net, pieces.points(inside))
        assert (pat == pat[0]).all(), "a region must have one activation pattern"
        patterns.append(pat[0])
        y = net(pieces.points(inside))[:, 0]
        np.testing.assert_allclose(np.diff(y) / np.diff(inside), slope[0], rtol=1e-6, atol=1e-6)
    for left, right in itertools.pairwise(patterns):
        assert not np.array_equal(left, right), "neighbouring regions must differ"
    assert pieces.n_pieces <= pieces.n_regions


def test_sampled_slope_count_agrees_with_the_exact_count():
    assert count_slope_changes(lambda x: 3 * x - 1, -2, 5) == 1
    assert count_slope_changes(np.abs, -1, 2) == 2
    for depth in range(1, 7):
        exact = linear_pieces(tent_network(depth), [0.0], [1.0]).n_pieces
        assert count_slope_changes(tent_network(depth), 0, 1, n=2**10 + 1) == exact
    net = _random_net([1, 12, 1], seed=4)
    assert count_slope_changes(net, -3, 3, n=200_001) == linear_pieces(net, [-3.0], [3.0]).n_pieces


def test_piece_counting_rejects_bad_input():
    net = _random_net([2, 3, 1])
    with pytest.raises(ValueError, match="defined for ReLU networks"):
        linear_pieces(_random_net([2, 3, 1], activation="sigmoid"), [0, 0], [1, 1])
    with pytest.raises(TypeError, match="expected an nnbook.expressivity.Network"):
        linear_pieces(MLP([2, 3, 1]), [0, 0], [1, 1])
    with pytest.raises(ValueError, match="each have 2 coordinates"):
        linear_pieces(net, [0.0], [1.0])
    with pytest.raises(ValueError, match="finite and different"):
        linear_pieces(net, [1, 1], [1, 1])
    with pytest.raises(ValueError, match="tol must be"):
        linear_pieces(net, [0, 0], [1, 1], tol=1.0)
    with pytest.raises(ValueError, match="map an array of shape"):
        count_slope_changes(lambda x: x[:-1], 0, 1)
    with pytest.raises(ValueError, match="lo < hi"):
        count_slope_changes(np.abs, 1, 0)
    with pytest.raises(ValueError, match="depth must be at least 1"):
        tent_network(0)


# ----------------------------------------------------------------------------- bumps


def _mp_bump(x, left, right, height, s):
    sig = lambda t: 1 / (1 + mpmath.exp(-t))  # noqa: E731
    with mpmath.workdps(50):
        return float(height * (sig(s * (mpmath.mpf(x) - left)) - sig(s * (mpmath.mpf(x) - right))))


@pytest.mark.parametrize(
    ("left", "right", "height", "s"), [(0.0, 1.0, 1.0, 50.0), (-2.0, 3.0, -2.5, 3.0)]
)
def test_sigmoid_bump_against_mpmath(left, right, height, s):
    x = np.linspace(left - 2, right + 2, 41)
    expected = [_mp_bump(v, left, right, height, s) for v in x]
    np.testing.assert_allclose(
        sigmoid_bump(x, left, right, height, s), expected, rtol=1e-12, atol=1e-15
    )


def test_sigmoid_bump_shape_symmetry_and_robustness():
    x = np.linspace(-1, 2, 301)
    b = sigmoid_bump(x, 0.0, 1.0, 2.0, 30.0)
    np.testing.assert_allclose(b, b[::-1], atol=1e-12)  # symmetric about 1/2
    assert b.max() == pytest.approx(2.0, abs=1e-5) and b.min() >= 0
    assert float(sigmoid_bump(0.0, 0.0, 1.0, 2.0, 30.0)) == pytest.approx(1.0, abs=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = sigmoid_bump([-1e308, -1000.0, 1000.0, 1e308, np.inf, np.nan], 0, 1, 1, 1000)
    np.testing.assert_array_equal(out[:5], 0.0)
    assert np.isnan(out[5])
    assert sigmoid_bump(np.float32([0.5]), 0, 1).dtype == np.float32
    for bad in [(1.0, 1.0, 1.0, 5.0), (0.0, 1.0, 1.0, 0.0), (0.0, 1.0, np.inf, 5.0)]:
        with pytest.raises(ValueError):
            sigmoid_bump(0.5, *bad)


def test_sigmoid_bumps_network_is_the_sum_of_its_bumps():
    edges, heights = np.array([0.0, 0.3, 0.5, 1.0]), np.array([1.0, -2.0, 0.5])
    net = sigmoid_bumps(edges, heights, steepness=40.0)
    x = np.linspace(-0.5, 1.5, 201)
    expected = sum(sigmoid_bump(x, edges[i], edges[i + 1], heights[i], 40.0) for i in range(3))
    np.testing.assert_allclose(net(x), expected, atol=1e-12)
    assert net.n_hidden == 6 and net.activation == "sigmoid"
    with pytest.raises(ValueError, match="increasing"):
        sigmoid_bumps([0.0, 0.0], [1.0], 1.0)
    with pytest.raises(ValueError, match="one per bump"):
        sigmoid_bumps([0.0, 1.0], [1.0, 2.0], 1.0)
    with pytest.raises(ValueError, match="steepness must be finite and > 0"):
        sigmoid_bumps([0.0, 1.0], [1.0], -1.0)


@settings(max_examples=40, deadline=None)
@given(
    gaps=st.lists(st.floats(0.05, 3.0), min_size=1, max_size=10),
    seed=st.integers(0, 1000),
)
def test_relu_interpolant_is_linear_interpolation(gaps, seed):
    knots = np.concatenate([[-1.0], -1.0 + np.cumsum(gaps)])
    values = np.random.default_rng(seed).standard_normal(knots.size)
    net = relu_interpolant(knots, values)
    x = np.linspace(knots[0], knots[-1], 301)
    np.testing.assert_allclose(net(x), np.interp(x, knots, values), atol=1e-9)
    assert net.n_hidden == knots.size - 1
    assert float(net(knots[0] - 5.0)) == pytest.approx(values[0])  # constant on the left
    slope = (values[-1] - values[-2]) / (knots[-1] - knots[-2])
    assert float(net(knots[-1] + 1.0)) == pytest.approx(values[-1] + slope, abs=1e-9)


def test_relu_interpolant_rejects_bad_knots():
    with pytest.raises(ValueError, match="knots must be a 1-D increasing array"):
        relu_interpolant([0.0, 0.0, 1.0], [1, 2, 3])
    with pytest.raises(ValueError, match="one per knot"):
        relu_interpolant([0.0, 1.0], [1.0])


def _target(x):
    return np.sin(2 * np.pi * x) + 0.5 * np.sin(5 * np.pi * x)


def test_bump_approximation_converges_at_the_expected_rates():
    x = np.linspace(0, 1, 4001)
    err = {
        kind: [
            np.max(np.abs(bump_approximation(_target, n, kind)(x) - _target(x)))
            for n in (32, 64, 128)
        ]
        for kind in ("sigmoid", "relu")
    }
    assert np.allclose(np.divide(err["sigmoid"][:-1], err["sigmoid"][1:]), 2, rtol=0.1)
    assert np.allclose(np.divide(err["relu"][:-1], err["relu"][1:]), 4, rtol=0.1)
    net = bump_approximation(_target, 16, "sigmoid", interval=(-1.0, 1.0), sharpness=20.0)
    assert net.n_hidden == 16 and net.Ws[0][0, 0] == pytest.approx(20.0 / 0.25)
    with pytest.raises(ValueError, match="must be even"):
        bump_approximation(_target, 7, "sigmoid")
    with pytest.raises(ValueError, match="kind must be 'sigmoid' or 'relu'"):
        bump_approximation(_target, 8, "tanh")
    with pytest.raises(ValueError, match="lo < hi"):
        bump_approximation(_target, 8, "relu", interval=(1.0, 0.0))


def test_fit_output_layer_solves_least_squares():
    rng = np.random.default_rng(0)
    H = rng.standard_normal((50, 4))
    w_true, c_true = np.array([1.0, -2.0, 0.5, 3.0]), 0.7
    w, c = fit_output_layer(H, H @ w_true + c_true)
    np.testing.assert_allclose(w, w_true, atol=1e-10)
    assert c == pytest.approx(c_true)
    y = rng.standard_normal(50)
    w, c = fit_output_layer(H, y)
    A = np.hstack([H, np.ones((50, 1))])
    np.testing.assert_allclose(np.append(w, c), np.linalg.lstsq(A, y, rcond=None)[0])
    with pytest.raises(ValueError, match="one target per row"):
        fit_output_layer(H, y[:-1])
    with pytest.raises(ValueError, match="must be 2-D"):
        fit_output_layer(y, y)
    with pytest.raises(ValueError, match="must be finite"):
        fit_output_layer(H, np.full(50, np.nan))


# ----------------------------------------------------------------------------- plots, explorer


@pytest.mark.parametrize("kind", ["sigmoid", "relu"])
def test_plot_approximation_draws_and_returns_the_error(kind):
    fig, ax = plt.subplots()
    error = plot_approximation(ax, _target, 8, kind=kind, n_points=501)
    x = np.linspace(0, 1, 501)
    net = bump_approximation(_target, 8, kind)
    assert error == pytest.approx(np.max(np.abs(net(x) - _target(x))))
    labels = [line.get_label() for line in ax.lines]
    assert "target f" in labels and "network" in labels
    assert ("one bump (two units)" if kind == "sigmoid" else "knots") in labels
    if kind == "sigmoid":
        assert sum(1 for line in ax.lines if line.get_color() == ax.lines[0].get_color()) == 4
    assert f"max error {error:.3f}" in ax.get_title()


def test_plot_linear_pieces_draws_one_segment_per_piece():
    fig, ax = plt.subplots()
    pieces = plot_linear_pieces(ax, tent_network(3), [0.0], [1.0])
    segments = [line for line in ax.lines if len(line.get_xdata()) == 2]
    assert pieces.n_pieces == len(segments) == 8
    kinks = next(line for line in ax.lines if line.get_marker() == "o")
    np.testing.assert_allclose(kinks.get_xdata(), np.arange(1, 8) / 8)
    np.testing.assert_allclose(kinks.get_ydata(), [1, 0, 1, 0, 1, 0, 1], atol=1e-12)
    with pytest.raises(ValueError, match="output must be in 0..0"):
        plot_linear_pieces(ax, tent_network(1), [0.0], [1.0], output=1)


def test_plot_unit_boundaries_draws_a_line_per_switching_unit():
    net = Network(
        (np.array([[1.0, 0.0, 5.0], [0.0, 1.0, 5.0]]), np.ones((3, 1))),
        (np.array([0.0, -0.5, 100.0]), np.zeros(1)),
    )  # unit 3 never switches in the window
    fig, ax = plt.subplots()
    plot_unit_boundaries(ax, net, (-1, 1), (-1, 1), resolution=50)
    assert len([c for c in ax.collections if c.get_paths()]) == 2
    assert [line.get_label() for line in ax.lines] == ["layer 1 units"]
    with pytest.raises(ValueError, match="2 inputs"):
        plot_unit_boundaries(ax, tent_network(2), (0, 1), (0, 1))


def test_draw_approximation_and_the_explorer():
    fig, text = draw_approximation(None, 16, "relu")
    assert text.startswith("16 hidden relu units: largest error 0.07")
    assert fig.axes[0].get_legend() is not None
    box = approximation_explorer(_target, n_hidden=6, kind="sigmoid")
    controls, out = box.children
    slider, toggle = controls.children
    assert isinstance(out, widgets.Output)
    assert (slider.min, slider.max, slider.step, slider.value) == (2, 64, 2, 6)
    assert toggle.options == ("sigmoid", "relu")
    slider.value = 10  # triggers the callback; it must not raise
    toggle.value = "relu"
    assert slider.value == 10
