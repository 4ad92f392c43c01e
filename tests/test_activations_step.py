"""Tests of the chapter-1 part of nnbook.activations: step and identity."""

import numpy as np
import pytest

from nnbook.activations import identity, identity_grad, step


def test_step_values_and_convention_at_zero():
    x = np.array([-np.inf, -2.0, -1e-300, -0.0, 0.0, 5e-324, 3.0, np.inf])
    np.testing.assert_array_equal(step(x), [0, 0, 0, 0, 0, 1, 1, 1])


def test_step_propagates_nan():
    out = step([np.nan, 1.0])
    assert np.isnan(out[0]) and out[1] == 1.0


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_step_preserves_float_dtype_and_shape(dtype):
    x = np.linspace(-1, 1, 12, dtype=dtype).reshape(3, 4)
    out = step(x)
    assert out.dtype == dtype and out.shape == (3, 4)


def test_step_accepts_scalars_lists_and_ints():
    assert step(2) == 1.0 and step(0) == 0.0
    assert step([[-1, 1]]).dtype == np.float64
    assert step(True) == 1.0


@pytest.mark.parametrize("bad", ["1.0", None, b"x", [1, "a"], 1 + 2j])
def test_step_rejects_non_numeric_input(bad):
    with pytest.raises(TypeError, match="numeric|real-valued"):
        step(bad)


def test_step_rejects_ragged_lists():
    with pytest.raises(TypeError, match="rectangular"):
        step([[1.0, 2.0], [3.0]])


def test_identity_and_its_derivative():
    x = np.array([-3.0, 0.0, np.nan], dtype=np.float32)
    y = identity(x)
    assert y.dtype == np.float32 and y is not x
    np.testing.assert_array_equal(y, x)
    g = identity_grad(x)
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g[:2], [1.0, 1.0])
    assert np.isnan(g[2])
