"""Tests of nnbook.perceptron: the output, the learning rule and its convergence."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook.datasets import GATES, logic_gate
from nnbook.perceptron import (
    Perceptron,
    format_truth_table,
    perceptron_output,
    truth_table,
    update_rule,
)


def test_output_on_hand_picked_gates():
    X, _ = logic_gate("AND")
    assert perceptron_output([1, 1], -1.5, X).tolist() == [0, 0, 0, 1]
    assert perceptron_output([1, 1], -0.5, X).tolist() == [0, 1, 1, 1]
    assert perceptron_output([-1, -1], 1.5, X).tolist() == [1, 1, 1, 0]
    assert perceptron_output([1, 1], -1.0, [0, 1]) == 0  # z == 0 exactly: step(0) = 0


def test_output_errors():
    with pytest.raises(ValueError, match="w has 3 weights but the input has 2 features"):
        perceptron_output([1, 1, 1], 0, [[0, 1]])
    with pytest.raises(ValueError, match="one input .1-D. or a batch .2-D."):
        perceptron_output([1, 1], 0, np.zeros((2, 2, 2)))
    with pytest.raises(TypeError, match="X must be numeric"):
        perceptron_output([1, 1], 0, "01")


@pytest.mark.parametrize(
    ("w", "b", "x", "t", "lr", "expected_w", "expected_b"),
    [
        ([0.0, 0.0], 0.0, [1.0, 1.0], 1, 1.0, [1.0, 1.0], 1.0),  # z = 0 -> predicts 0, missed 1
        ([1.0, 1.0], 0.5, [1.0, 0.0], 0, 0.5, [0.5, 1.0], 0.0),  # false alarm, lr 0.5
        ([1.0, 1.0], -0.5, [1.0, 1.0], 1, 1.0, [1.0, 1.0], -0.5),  # already right
        ([0.2, -0.3, 0.1], -0.2, [1.0, 2.0, -1.0], 1, 0.5, [0.7, 0.7, -0.4], 0.3),
    ],
)
def test_update_rule_values(w, b, x, t, lr, expected_w, expected_b):
    w_arr, x_arr = np.array(w), np.array(x)
    new_w, new_b = update_rule(w_arr, b, x_arr, t, lr)
    np.testing.assert_allclose(new_w, expected_w)
    assert new_b == pytest.approx(expected_b)
    np.testing.assert_array_equal(w_arr, w)  # inputs untouched


def test_update_rule_errors():
    with pytest.raises(ValueError, match="target must be 0 or 1"):
        update_rule([0, 0], 0, [1, 1], 2)
    with pytest.raises(ValueError, match="single input vector"):
        update_rule([0, 0], 0, [[1, 1]], 1)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
def test_learns_every_linearly_separable_gate(gate):
    X, y = logic_gate(gate)
    p = Perceptron(2).fit(X, y, max_epochs=50)
    assert p.converged
    assert p.errors_per_epoch[-1] == 0
    np.testing.assert_array_equal(p.predict(X), y)
    # the history is consistent with the counts and ends at the final weights
    assert sum(u.changed for u in p.history) == sum(p.errors_per_epoch)
    np.testing.assert_array_equal(p.history[-1].w, p.w)
    assert p.history[-1].b == p.b


def test_and_run_is_the_one_the_chapter_describes():
    p = Perceptron(2).fit(*logic_gate("AND"))
    assert p.errors_per_epoch == [1, 3, 3, 2, 1, 0]
    np.testing.assert_array_equal(p.w, [2.0, 1.0])
    assert p.b == -2.0


def test_xor_never_converges_and_cycles():
    X, y = logic_gate("XOR")
    p = Perceptron(2).fit(X, y, max_epochs=30)
    assert not p.converged
    assert min(p.errors_per_epoch) > 0
    ends = [(tuple(u.w), u.b) for u in p.history if u.index == 3]
    assert len(set(ends)) < len(ends)  # a state repeats: the rule cycles


def test_no_weights_on_a_grid_compute_xor():
    grid = np.linspace(-3, 3, 25)
    X, y = logic_gate("XOR")
    for w1 in grid:
        for w2 in grid:
            Z = X @ np.array([w1, w2])
            outputs = (Z[None, :] + grid[:, None] > 0).astype(int)
            assert not np.any(np.all(outputs == y, axis=1))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    angle=st.floats(0, 2 * np.pi),
    offset=st.floats(-0.5, 0.5),
)
def test_converges_on_random_separable_data(seed, angle, offset):
    """Novikoff: on separable data (here with a margin) the rule stops making mistakes."""
    rng = np.random.default_rng(seed)
    normal = np.array([np.cos(angle), np.sin(angle)])
    X = rng.uniform(-1, 1, size=(40, 2))
    margin = X @ normal + offset
    X = X[np.abs(margin) > 0.1]
    y = (X @ normal + offset > 0).astype(int)
    if len(y) == 0:
        return
    p = Perceptron(2, lr=0.5).fit(X, y, max_epochs=2000)
    assert p.converged
    np.testing.assert_array_equal(p.predict(X), y)


def test_random_init_is_seeded():
    assert np.array_equal(Perceptron(3, seed=1).w, Perceptron(3, seed=1).w)
    assert not np.array_equal(Perceptron(3, seed=1).w, Perceptron(3, seed=2).w)
    assert np.array_equal(Perceptron(3).w, np.zeros(3))


@pytest.mark.parametrize(
    ("X", "y", "error", "match"),
    [
        ([[0, 1], [1, 0]], [0, 2], ValueError, r"only 0 and 1 .binary targets.*\[2\]"),
        ([[0, 1], [1, 0]], [0], ValueError, "1 targets but there are 2 samples"),
        ([[0, 1, 1]], [0], ValueError, "must have 2 columns"),
        (np.zeros((0, 2)), [], ValueError, "empty"),
        ([0, 1], [1], ValueError, "must be 2-D"),
        ([[0, np.nan]], [1], ValueError, "nan or inf"),
        ([[0, 1]], ["a"], TypeError, "numbers 0 and 1"),
    ],
)
def test_fit_rejects_bad_data(X, y, error, match):
    with pytest.raises(error, match=match):
        Perceptron(2).fit(X, y)


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"lr": 0}, "lr must be"), ({"n_inputs": 0}, "n_inputs")]
)
def test_constructor_rejects_bad_arguments(kwargs, match):
    args = {"n_inputs": 2, **kwargs}
    with pytest.raises(ValueError, match=match):
        Perceptron(**args)


def test_truth_table_and_its_text():
    table = truth_table([1, 1], -1.5)
    np.testing.assert_allclose(table[:, 2], [-1.5, -0.5, -0.5, 0.5])
    np.testing.assert_array_equal(table[:, 3], GATES["AND"])
    text = format_truth_table([1, 1], -0.5, gate="and")
    assert text.splitlines()[0].endswith("AND")
    assert text.count("✗") == 2 and text.count("✓") == 2
    assert "-0.000" not in format_truth_table([1, -1], 0.0)
    with pytest.raises(ValueError, match="unknown gate"):
        format_truth_table([1, 1], 0, gate="NOPE")
