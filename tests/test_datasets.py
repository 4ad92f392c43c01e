"""Tests of nnbook.datasets: logic gates and the seeded 2-D toy sets."""

import numpy as np
import pytest

from nnbook.datasets import GATES, circles, identify_gate, logic_gate, moons, spirals, xor


@pytest.mark.parametrize("name", list(GATES))
def test_logic_gates_match_their_boolean_definitions(name):
    X, y = logic_gate(name.lower())
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    reference = {
        "AND": a & b,
        "OR": a | b,
        "NAND": ~(a & b),
        "NOR": ~(a | b),
        "XOR": a ^ b,
        "XNOR": ~(a ^ b),
    }[name]
    np.testing.assert_array_equal(y, reference.astype(int))
    assert X.shape == (4, 2) and y.dtype == np.int64


def test_logic_gate_returns_copies():
    X, _ = logic_gate("AND")
    X[0, 0] = 99
    assert logic_gate("AND")[0][0, 0] == 0


def test_logic_gate_errors_name_the_problem():
    with pytest.raises(ValueError, match="unknown gate 'IMPLY'"):
        logic_gate("IMPLY")
    with pytest.raises(TypeError, match="string"):
        logic_gate(3)


def test_identify_gate_names_all_sixteen_functions_uniquely():
    tables = [[(k >> i) & 1 for i in (3, 2, 1, 0)] for k in range(16)]
    names = [identify_gate(t) for t in tables]
    assert len(set(names)) == 16
    for name, table in GATES.items():
        assert identify_gate(table) == name
    assert identify_gate([0, 0, 1, 1]) == "x1"


@pytest.mark.parametrize("bad", [[0, 1, 2, 1], [0, 1, 1]])
def test_identify_gate_rejects_non_truth_tables(bad):
    with pytest.raises(ValueError, match="four 0/1 values"):
        identify_gate(bad)


GENERATORS = [xor, spirals, moons, circles]


@pytest.mark.parametrize("gen", GENERATORS)
def test_generators_are_seeded_and_shaped(gen):
    X1, y1 = gen(n=101, seed=3)
    X2, y2 = gen(n=101, seed=3)
    X3, _ = gen(n=101, seed=4)
    assert X1.shape == (101, 2) and y1.shape == (101,)
    assert X1.dtype == np.float64 and y1.dtype == np.int64
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("gen", GENERATORS)
def test_generators_reject_bad_arguments(gen):
    with pytest.raises(ValueError, match="n must be a positive integer"):
        gen(n=0)
    with pytest.raises(TypeError, match="n must be a positive integer"):
        gen(n=2.5)
    with pytest.raises(ValueError, match="noise"):
        gen(noise=-1.0)


def test_xor_labels_follow_the_nearest_corner():
    X, y = xor(n=500, noise=0.1, seed=0)
    corner = np.round(np.clip(X, 0, 1)).astype(int)
    assert np.mean((corner[:, 0] ^ corner[:, 1]) == y) > 0.97


def test_spirals_balanced_classes_and_radius():
    X, y = spirals(n=300, n_classes=3, noise=0.0, seed=0)
    np.testing.assert_array_equal(np.bincount(y), [100, 100, 100])
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.max() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="n_classes"):
        spirals(n_classes=0)


def test_circles_radii_and_factor():
    X, y = circles(n=200, noise=0.0, factor=0.3, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)
    with pytest.raises(ValueError, match="factor"):
        circles(factor=1.0)


def test_moons_without_noise_lie_on_half_circles():
    X, y = moons(n=100, noise=0.0)
    np.testing.assert_allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1, X[y == 1, 1] - 0.5), 1.0)
