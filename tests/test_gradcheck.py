"""Tests of nnbook.gradcheck."""

import numpy as np
import pytest

from nnbook.gradcheck import numerical_gradient, relative_error


def test_matches_known_gradients_of_any_shape():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4))
    A = rng.normal(size=(3, 4))
    g = numerical_gradient(lambda v: np.sum(A * v**3), x)
    assert g.shape == (3, 4)
    assert relative_error(g, 3 * A * x**2) < 1e-7  # the documented "right" threshold


def test_leaves_x_unchanged_and_accepts_lists_and_ints():
    x = np.array([1.0, -2.0, 0.5])
    before = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    np.testing.assert_array_equal(x, before)
    g = numerical_gradient(lambda v: v @ v, [1, 2])
    np.testing.assert_allclose(g, [2.0, 4.0], rtol=1e-8)


def test_restores_x_even_when_f_raises():
    x = np.array([1.0, 2.0])

    def bad(v):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(bad, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_centred_error_is_second_order():
    f, df = np.exp, np.exp(1.0)
    errors = [
        abs(numerical_gradient(lambda v: f(v[0]), [1.0], eps=h)[0] - df) for h in (1e-2, 1e-3)
    ]
    assert errors[0] / errors[1] == pytest.approx(100, rel=0.05)


def test_errors():
    with pytest.raises(ValueError, match="scalar"):
        numerical_gradient(lambda v: v, [1.0, 2.0])
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(np.sum, [1.0], eps=0)
    with pytest.raises(TypeError, match="numeric"):
        numerical_gradient(np.sum, ["a"])
    with pytest.raises(ValueError, match="empty"):
        numerical_gradient(np.sum, [])
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(np.sum, [1.0], eps=True)
    with pytest.raises(ValueError, match="floor"):
        relative_error([1.0], [1.0], floor=0)
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error([1, 2], [1, 2, 3])


def test_relative_error_values():
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0], [1.0 + 1e-9]) == pytest.approx(0.5e-9, rel=1e-3)
    assert relative_error([1.0, 2.0], [-1.0, 2.0]) == 1.0
    assert relative_error([3.0], [1.0]) == relative_error([1.0], [3.0])
