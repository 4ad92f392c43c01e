"""Tests of nnbook.losses: values (by hand, mpmath and torch when installed), stability for
extreme logits, the (prediction − target)/n gradients against numerical gradients, dtypes,
and clear errors. Warnings are errors under pytest, so every call also proves silence."""

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnbook.activations import sigmoid
from nnbook.gradcheck import numerical_gradient, relative_error
from nnbook.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    cross_entropy,
    cross_entropy_grad,
    mse,
    mse_grad,
)
from nnbook.softmax import log_softmax, softmax

bce = binary_cross_entropy_with_logits
bce_grad = binary_cross_entropy_with_logits_grad
RNG = np.random.default_rng(5)
Z = RNG.standard_normal((6, 4)) * 3
LABELS = np.array([0, 3, 1, 1, 2, 3])
PROBS = RNG.dirichlet(np.ones(4), size=6)


# ----------------------------------------------------------------------------- values


def test_mse_is_the_mean_over_all_elements():
    assert float(mse([1.0, 2.0, 3.0], [1.0, 0.0, 4.0])) == pytest.approx(5 / 3)
    pred, target = np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2))
    assert float(mse(pred, target)) == 7.5  # (1 + 4 + 9 + 16) / 4, not / 2 rows
    assert float(mse(3.0, 1.0)) == 4.0


def test_bce_against_its_definition_in_mpmath():
    z = np.array([-30.0, -2.5, 0.0, 0.7, 4.0, 40.0])
    t = np.array([1.0, 0.0, 0.5, 1.0, 0.2, 0.0])
    with mpmath.workdps(40):
        terms = []
        for zi, ti in zip(z, t, strict=True):
            p = 1 / (1 + mpmath.exp(-mpmath.mpf(zi)))
            terms.append(-ti * mpmath.log(p) - (1 - ti) * mpmath.log(1 - p))
        ref = float(mpmath.fsum(terms) / len(terms))
    assert float(bce(z, t)) == pytest.approx(ref, rel=1e-14)


def test_cross_entropy_against_its_definition():
    expected = -np.mean(log_softmax(Z)[np.arange(6), LABELS])
    assert float(cross_entropy(Z, LABELS)) == pytest.approx(expected, rel=1e-15)
    one_hot = np.eye(4)[LABELS]
    assert float(cross_entropy(Z, one_hot)) == pytest.approx(expected, rel=1e-15)
    soft = -np.mean(np.sum(PROBS * log_softmax(Z), axis=1))
    assert float(cross_entropy(Z, PROBS)) == pytest.approx(soft, rel=1e-14)


def test_uniform_logits_give_log_k():
    assert float(cross_entropy(np.zeros((5, 10)), np.arange(5))) == pytest.approx(np.log(10))


def test_sigmoid_is_the_two_class_softmax():
    rng = np.random.default_rng(6)
    z = rng.standard_normal(8) * 4
    t = rng.uniform(size=8)
    two_class = np.column_stack([z, np.zeros_like(z)])
    np.testing.assert_allclose(softmax(two_class)[:, 0], sigmoid(z), rtol=1e-15)
    as_ce = cross_entropy(two_class, np.column_stack([t, 1 - t]))
    assert float(bce(z, t)) == pytest.approx(float(as_ce), rel=1e-14)


def test_matches_torch_when_installed():
    torch = pytest.importorskip("torch")
    f = torch.nn.functional
    rng = np.random.default_rng(11)
    zt = torch.tensor(Z)
    assert float(cross_entropy(Z, LABELS)) == pytest.approx(
        f.cross_entropy(zt, torch.tensor(LABELS)).item(), rel=1e-14
    )
    assert float(cross_entropy(Z, PROBS)) == pytest.approx(
        f.cross_entropy(zt, torch.tensor(PROBS)).item(), rel=1e-14
    )
    z = rng.standard_normal((5, 3)) * 10
    t = (rng.uniform(size=(5, 3)) > 0.5).astype(float)
    assert float(bce(z, t)) == pytest.approx(
        f.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(t)).item(), rel=1e-14
    )
    assert float(mse(z, t)) == pytest.approx(
        f.mse_loss(torch.tensor(z), torch.tensor(t)).item(), rel=1e-14
    )
    # gradients through autograd
    zt = torch.tensor(Z, requires_grad=True)
    f.cross_entropy(zt, torch.tensor(LABELS)).backward()
    np.testing.assert_allclose(cross_entropy_grad(Z, LABELS), zt.grad.numpy(), rtol=1e-12)
    zb = torch.tensor(z, requires_grad=True)
    f.binary_cross_entropy_with_logits(zb, torch.tensor(t)).backward()
    # torch forms σ(z) − t, which cancels for confident right answers (tiny gradients);
    # nnbook keeps those digits (checked against mpmath below), hence rtol 1e-8 here
    np.testing.assert_allclose(bce_grad(z, t), zb.grad.numpy(), rtol=1e-8, atol=1e-18)
    with mpmath.workdps(40):
        ref = [
            float((1 / (1 + mpmath.exp(-mpmath.mpf(zi))) - ti) / z.size)
            for zi, ti in zip(z.ravel(), t.ravel(), strict=True)
        ]
    np.testing.assert_allclose(bce_grad(z, t).ravel(), ref, rtol=1e-14)


def test_float32_matches_torch_float32_when_installed():
    torch = pytest.importorskip("torch")
    z32 = Z.astype(np.float32)
    ours = cross_entropy(z32, LABELS)
    theirs = torch.nn.functional.cross_entropy(torch.tensor(z32), torch.tensor(LABELS)).item()
    assert ours.dtype == np.float32 and float(ours) == pytest.approx(theirs, rel=1e-6)


# ----------------------------------------------------------------------------- extremes


def test_extreme_logits_are_finite_where_the_loss_is():
    assert float(cross_entropy([[0.0, -800.0]], [1])) == 800.0  # log(softmax) would be inf
    assert float(cross_entropy([[1000.0, 0.0]], [0])) == 0.0  # naive exp would overflow
    assert float(cross_entropy([[1e300, -1e300]], [1])) == 2e300
    assert float(cross_entropy([[1e300, -1e300]], [0])) == 0.0
    assert float(cross_entropy([[-1e300, -1e300]], [0])) == pytest.approx(np.log(2))
    # the true loss 3.4e308 exceeds float64: inf is the correctly rounded answer
    assert float(cross_entropy([[1.7e308, -1.7e308]], [1])) == np.inf
    assert float(bce([1e300, -1e300], [0.0, 0.0])) == 5e299
    assert float(bce([1e300, -1e300], [1.0, 0.0])) == 0.0
    assert float(bce([-800.0], [1.0])) == 800.0
    assert float(bce([40.0], [1.0])) == pytest.approx(np.exp(-40.0), rel=1e-15)  # tiny, exact
    assert float(mse([1.5e154, 0.0], [-1.5e154, 0.0])) == pytest.approx(4.5e308 / 2)


@settings(max_examples=100, deadline=None)
@given(
    z=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 5), st.integers(1, 5)),
        elements=st.floats(-1e300, 1e300),
    ),
    data=st.data(),
)
def test_any_finite_logits_give_finite_losses_and_gradients(z, data):
    n, k = z.shape
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    loss = cross_entropy(z, labels)
    assert np.isfinite(loss) and loss >= 0
    g = cross_entropy_grad(z, labels)
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(g.sum(axis=1), 0, atol=1e-15)  # softmax rows and one-hots sum to 1
    t = (z > 0).astype(float)[:, ::-1]
    b = bce(z, t)
    assert np.isfinite(b) and b >= 0 and np.all(np.isfinite(bce_grad(z, t)))


def test_minus_inf_masks_classes():
    z = np.array([[2.0, -np.inf, 0.5], [-np.inf, 1.0, 1.0]])
    expected = -np.mean([log_softmax([2.0, 0.5])[0], log_softmax([1.0, 1.0])[1]])
    assert float(cross_entropy(z, [0, 2])) == pytest.approx(expected)
    # a masked class with target probability 0 adds 0·log 0 = 0 (PyTorch gives nan here)
    probs = np.array([[0.5, 0.0, 0.5], [0.0, 0.25, 0.75]])
    assert np.isfinite(cross_entropy(z, probs))
    g = cross_entropy_grad(z, [0, 2])
    assert g[0, 1] == 0 and g[1, 0] == 0
    # the target itself masked: the loss is +inf, honestly
    assert float(cross_entropy(z, [1, 2])) == np.inf


def test_fully_masked_rows_and_nan_follow_pytorch():
    assert np.isnan(cross_entropy([[-np.inf, -np.inf]], [0]))
    assert np.isnan(cross_entropy([[np.nan, 0.0]], [1]))
    assert np.isnan(bce([np.nan], [1.0])) and np.isnan(mse([np.nan], [1.0]))


def test_infinite_bce_logits_give_the_limit():
    np.testing.assert_array_equal(
        [float(bce([np.inf], [1.0])), float(bce([-np.inf], [0.0])), float(bce([np.inf], [0.0]))],
        [0.0, 0.0, np.inf],
    )


# ----------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("shape", [(5,), (4, 1), (3, 4)])
def test_mse_grad_is_2_residual_over_all_elements(shape):
    rng = np.random.default_rng(7)
    pred, target = rng.standard_normal(shape), rng.standard_normal(shape)
    g = mse_grad(pred, target)
    np.testing.assert_allclose(g, 2 * (pred - target) / pred.size, rtol=1e-15)
    numerical = numerical_gradient(lambda p: mse(p, target), pred)
    assert relative_error(g, numerical) < 1e-8


@pytest.mark.parametrize("shape", [(6,), (3, 4)])
def test_bce_grad_is_sigmoid_minus_target_over_n(shape):
    rng = np.random.default_rng(8)
    z, t = rng.standard_normal(shape) * 2, rng.uniform(size=shape)
    g = bce_grad(z, t)
    np.testing.assert_allclose(g, (sigmoid(z) - t) / z.size, rtol=1e-13, atol=1e-17)
    assert relative_error(g, numerical_gradient(lambda v: bce(v, t), z)) < 1e-7


@pytest.mark.parametrize("targets", [LABELS, PROBS], ids=["labels", "probabilities"])
def test_cross_entropy_grad_is_softmax_minus_target_over_n(targets):
    g = cross_entropy_grad(Z, targets)
    Y = np.eye(4)[targets] if targets.ndim == 1 else targets
    np.testing.assert_allclose(g, (softmax(Z) - Y) / Z.shape[0], rtol=1e-14, atol=1e-17)
    numerical = numerical_gradient(lambda v: cross_entropy(v, targets), Z)
    np.testing.assert_allclose(g, numerical, rtol=1e-6, atol=1e-9)


def test_tiny_gradients_of_confident_right_answers_keep_their_digits():
    """p − 1 for p near 1 is computed without cancellation: compare with mpmath."""
    with mpmath.workdps(40):
        s = 1 / (1 + mpmath.exp(40))  # σ(−40)
        two_others = 2 * mpmath.exp(-40) / (1 + 2 * mpmath.exp(-40))
    assert float(bce_grad([40.0], [1.0])[0]) == pytest.approx(-float(s), rel=1e-14)
    g = cross_entropy_grad([[40.0, 0.0, 0.0]], [0])
    assert float(g[0, 0]) == pytest.approx(-float(two_others), rel=1e-14)
    np.testing.assert_allclose(g.sum(), 0.0, atol=1e-30)


def test_gradients_keep_shape_and_dtype():
    for dtype in (np.float32, np.float64):
        z = Z.astype(dtype)
        assert cross_entropy_grad(z, LABELS).dtype == dtype
        assert bce_grad(z, (z > 0).astype(float)).dtype == dtype
        assert mse_grad(z, np.zeros_like(z)).shape == z.shape
        assert mse_grad(z, np.zeros_like(z)).dtype == dtype


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_losses_return_a_scalar_of_the_logits_dtype(dtype):
    z = Z.astype(dtype)
    for value in (
        cross_entropy(z, LABELS),
        bce(z, (z > 0).astype(np.float64)),
        mse(z, np.zeros(z.shape)),
    ):
        assert isinstance(value, np.floating) and value.dtype == dtype
    ref = cross_entropy(z.astype(np.float64), LABELS)
    assert float(cross_entropy(z, LABELS)) == pytest.approx(
        float(ref), rel=float(np.finfo(dtype).eps)
    )


def test_inputs_are_not_modified():
    z, y = Z.copy(), PROBS.copy()
    cross_entropy_grad(z, y)
    cross_entropy_grad(z, LABELS)
    np.testing.assert_array_equal(z, Z)
    np.testing.assert_array_equal(y, PROBS)


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("func", [cross_entropy, cross_entropy_grad])
@pytest.mark.parametrize(
    ("logits", "targets", "error", "message"),
    [
        (Z, [0, 1], ValueError, "targets has 2 labels but logits has 6 rows"),
        (
            Z,
            [0, 1, 2, 3, 4, 0],
            ValueError,
            r"class labels must be in 0..3 for 4 classes; found \[4\]",
        ),
        (Z, [0, -1, 2, 3, 0, 0], ValueError, r"found \[-1\]"),
        (Z, LABELS.astype(float), TypeError, "class labels of shape \\(n,\\) must be integers"),
        (Z, PROBS * 1.01, ValueError, "row 0 sums to 1.01"),
        (Z, PROBS[:, :3], ValueError, "must have the shape of the logits"),
        (
            Z,
            np.tile([-0.25, 1.25, 0.0, 0.0], (6, 1)),  # sums to 1, but not probabilities
            ValueError,
            "probabilities in \\[0, 1\\]; found -0.25 at index \\(0, 0\\)",
        ),
        (Z, np.full((6, 4), np.nan), ValueError, "probabilities in \\[0, 1\\]; found nan"),
        (Z, np.zeros((6, 4, 1)), ValueError, "class labels of shape \\(n,\\) or probability rows"),
        (Z, "abc", TypeError, "targets must be numeric"),
        (Z, None, TypeError, "targets must be numeric"),
        (Z, np.eye(4, dtype=bool)[LABELS], TypeError, "got booleans"),
        (np.zeros((0, 4)), np.zeros(0, dtype=int), ValueError, "empty batch"),
        (np.zeros((3, 0)), [0, 0, 0], ValueError, "no classes"),
        (Z[0], 1, ValueError, "logits must be 2-D"),
        ([["a", "b"]], [0], TypeError, "numeric"),
    ],
)
def test_cross_entropy_errors_name_the_problem(func, logits, targets, error, message):
    with pytest.raises(error, match=message):
        func(logits, targets)


def test_probability_rows_get_a_rounding_tolerance():
    rounded = np.round(PROBS, 7)
    rounded[:, -1] = 1 - rounded[:, :-1].sum(axis=1)  # rows off by at most ~1e-16
    cross_entropy(Z, rounded + 1e-7 * np.array([1, -1, 0, 0]))  # within 1e-6: accepted
    with pytest.raises(ValueError, match="within 1e-06"):
        cross_entropy(Z, rounded + 1e-5 * np.array([1, 0, 0, 0]))
    cross_entropy(Z.astype(np.float32), PROBS.astype(np.float32))  # float32 rows: fine


@pytest.mark.parametrize("func", [bce, bce_grad])
def test_bce_errors_name_the_problem(func):
    with pytest.raises(
        ValueError, match="logits has shape \\(3,\\) but targets has shape \\(2,\\)"
    ):
        func([1.0, 2.0, 3.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="found 2 at index 1"):
        func([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="empty"):
        func([], [])
    with pytest.raises(TypeError, match="numeric"):
        func(["x"], [1.0])
    with pytest.raises(ValueError, match="index \\(0, 1\\)"):
        func(np.zeros((2, 2)), [[0.0, -1.0], [0.0, 0.0]])


@pytest.mark.parametrize("func", [mse, mse_grad])
def test_mse_errors_name_the_problem(func):
    with pytest.raises(ValueError, match="pred has shape \\(2,\\) but target has shape \\(2, 1\\)"):
        func([1.0, 2.0], [[1.0], [2.0]])
    with pytest.raises(ValueError, match="pred is empty"):
        func(np.zeros((0, 2)), np.zeros((0, 2)))
    with pytest.raises(TypeError, match="target must be numeric"):
        func([1.0], "1")
