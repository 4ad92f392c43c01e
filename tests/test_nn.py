"""Tests of nnbook.nn: gradients against centred finite differences and torch.autograd,
initialisation variances, batch norm, per-layer statistics, and error messages."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook.activations import ACTIVATIONS
from nnbook.gradcheck import numerical_gradient, relative_error
from nnbook.nn import (
    INIT_SCHEMES,
    MLP,
    NETWORK_ACTIVATIONS,
    SATURATION_THRESHOLD,
    BatchNorm,
    Linear,
    init_std,
    init_weights,
    sgd_step,
)

KINKED = {"relu", "leaky_relu"}  # derivative jumps at 0
KINK_MARGIN = 1e-3  # |z| of every hidden pre-activation in the gradient checks exceeds this
VARIANTS = {
    "plain": {},
    "residual": {"residual": True},
    "batchnorm": {"batchnorm": True},
    "residual+batchnorm": {"residual": True, "batchnorm": True},
}


def _problem(activation, seed=0, sizes=(3, 4, 4, 4, 2), n=6, **options):
    """A small float64 net at a generic point, a batch and a fixed upstream gradient R:
    the loss is sum(R * logits), so backward(R) gives its exact gradient. Every parameter
    is moved off its initial value (biases 0, gamma 1, beta 0 are special points)."""
    net = MLP(list(sizes), activation=activation, init="xavier", seed=seed, **options)
    rng = np.random.default_rng(seed + 100)
    for p in net.params:
        p += 0.3 * rng.normal(size=p.shape)
    X = rng.normal(size=(n, sizes[0]))
    R = rng.normal(size=(n, sizes[-1]))
    return net, X, R


# Finite differences in float64 carry rounding noise of about 1e-16·|f|/EPS in absolute
# terms; EPS = 3e-6 balances it against the O(EPS²) truncation error. Entries smaller than
# 1% of the network's largest gradient entry are compared against that 1% (the `floor` of
# relative_error) rather than against themselves, where the noise would dominate.
EPS = 3e-6
FLOOR = 1e-2


def _assert_close(analytic, numeric, scale, what):
    err = relative_error(analytic, numeric, floor=FLOOR * scale)
    assert err < 1e-7, f"{what}: relative error {err:.2e}"


def _min_abs_pre_activation(net, X):
    net.forward(X, update_running=False)
    return min(float(np.min(np.abs(z))) for z in net.pre_activations)


def _richardson(f, x, eps):
    """Richardson extrapolation of two centred differences, (4·D(eps/2) − D(eps))/3: the
    O(eps²) truncation terms cancel, leaving O(eps⁴)."""
    return (4 * numerical_gradient(f, x, eps=eps / 2) - numerical_gradient(f, x, eps=eps)) / 3


def _check_against_finite_differences(net, X, R, richardson=False):
    net.forward(X)
    dX = net.backward(R)
    scale = max(float(np.max(np.abs(g))) for g in [*net.grads, dX])

    def numeric(f, x):
        return _richardson(f, x, 1e-5) if richardson else numerical_gradient(f, x, eps=EPS)

    def loss_of_params(_):
        return float(np.sum(R * net.forward(X, update_running=False)))

    for name, p, g in zip(net.param_names, net.params, net.grads, strict=True):
        _assert_close(g, numeric(loss_of_params, p), scale, name)  # perturbs p, restores it
    num_dX = numeric(lambda x: float(np.sum(R * net.forward(x, False))), X)
    _assert_close(dX, num_dX, scale, "dX")


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("activation", NETWORK_ACTIVATIONS)
def test_every_gradient_matches_centred_finite_differences(activation, variant):
    net, X, R = _problem(activation, **VARIANTS[variant])
    if activation in KINKED:
        # ReLU and Leaky ReLU have a kink at z = 0, where a centred difference straddles
        # the jump in slope. These fixed seeds put every hidden pre-activation at least
        # KINK_MARGIN away from 0, while a perturbation of 1e-6 moves a pre-activation by
        # far less, so every difference stays on one linear piece.
        assert _min_abs_pre_activation(net, X) > KINK_MARGIN
    _check_against_finite_differences(net, X, R)


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=5),
    activation=st.sampled_from(["sigmoid", "tanh", "gelu", "relu"]),
    residual=st.booleans(),
    batchnorm=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_gradients_of_random_architectures(sizes, activation, residual, batchnorm, seed):
    net, X, R = _problem(
        activation, seed=seed, sizes=sizes, n=4, residual=residual, batchnorm=batchnorm
    )
    if activation == "relu" and net.n_layers > 1 and _min_abs_pre_activation(net, X) < 1e-3:
        return  # too close to a kink for a finite difference
    if batchnorm:
        # Skip near-constant columns: the k-th derivative of (z − μ)/σ grows like 1/σ^k, and
        # with it the error of any finite difference.
        stds = [np.min(np.std(z, axis=0)) for z in _layer_inputs_of_norms(net, X)]
        if min(stds, default=1.0) < 0.01:
            return
    # Random small nets with batches of 4 can have large third derivatives (a batch-norm
    # column with σ = 0.08 feeding GELU gave a plain centred-difference error of 7e-6 at
    # eps = 3e-6, scaling like eps²): Richardson extrapolation removes that term.
    _check_against_finite_differences(net, X, R, richardson=True)


def _layer_inputs_of_norms(net, X):
    """The inputs of each BatchNorm (hidden linear outputs) for a forward pass of X."""
    h, out = X, []
    for i, layer in enumerate(net.layers[:-1]):
        z = h @ layer.W
        out.append(z)
        a = net.norms[i].forward(z, update_running=False) if net.norms[i] else z
        a = ACTIVATIONS[net.activation].fn(a)
        h = h + a if net.skips[i] else a
    return out


def test_batchnorm_layer_gradients_in_training_and_eval_mode():
    rng = np.random.default_rng(3)
    bn = BatchNorm(4)
    bn.gamma[:] = rng.normal(size=4)
    bn.beta[:] = rng.normal(size=4)
    bn.running_mean[:] = rng.normal(size=4)
    bn.running_var[:] = rng.uniform(0.5, 2.0, size=4)
    X, R = rng.normal(size=(7, 4)), rng.normal(size=(7, 4))
    for mode in ("train", "eval"):
        getattr(bn, mode)()
        bn.forward(X, update_running=False)
        dX = bn.backward(R)
        grads = [g.copy() for g in bn.grads]

        def f(_):
            return float(np.sum(R * bn.forward(X, update_running=False)))

        scale = max(float(np.max(np.abs(g))) for g in [*grads, dX])
        for name, p, g in zip(["gamma", "beta"], bn.params, grads, strict=True):
            _assert_close(g, numerical_gradient(f, p, eps=EPS), scale, f"{mode} {name}")
        num = numerical_gradient(lambda x: float(np.sum(R * bn.forward(x, False))), X, eps=EPS)
        _assert_close(dX, num, scale, f"{mode} dX")


# ------------------------------------------------------------------ torch.autograd


def _torch_reference(net, X, R):
    """The same network in torch (float64), built from net's own parameters."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    acts = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
        "elu": F.elu,
        "softplus": lambda z: F.softplus(z, threshold=1000.0),
        "silu": F.silu,
        "gelu": lambda z: F.gelu(z, approximate="tanh"),
        "identity": lambda z: z,
    }
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in net.params]
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    it = iter(params)
    h = x
    running = []
    for i in range(net.n_layers - 1):
        W = next(it)
        z = h @ W
        if net.norms[i] is None:
            z = z + next(it)
        else:
            gamma, beta = next(it), next(it)
            rm = torch.zeros(W.shape[1], dtype=torch.float64)
            rv = torch.ones(W.shape[1], dtype=torch.float64)
            z = F.batch_norm(z, rm, rv, gamma, beta, training=True, momentum=0.1, eps=1e-5)
            running.append((rm, rv))
        a = acts[net.activation](z)
        h = h + a if net.skips[i] else a
    logits = h @ next(it) + next(it)
    (logits * torch.tensor(R)).sum().backward()
    return logits, [p.grad.numpy() for p in params], x.grad.numpy(), running


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("activation", NETWORK_ACTIVATIONS)
def test_gradients_match_torch_autograd(activation, variant):
    net, X, R = _problem(activation, seed=1, sizes=(3, 5, 5, 5, 2), n=8, **VARIANTS[variant])
    logits_ref, grads_ref, dX_ref, running_ref = _torch_reference(net, X, R)
    logits = net.forward(X)
    dX = net.backward(R)
    assert relative_error(logits, logits_ref.detach().numpy()) < 1e-10
    # Both sides are float64; entries below 1e-5 of the largest one (structural zeros such
    # as the gradient of a beta followed by another batch norm) are compared against that
    # floor, i.e. to about 1e-15 of the largest entry in absolute terms.
    floor = 1e-5 * max(float(np.max(np.abs(g))) for g in [*grads_ref, dX_ref])
    for name, g, ref in zip(net.param_names, net.grads, grads_ref, strict=True):
        assert relative_error(g, ref, floor=floor) < 1e-10, name
    assert relative_error(dX, dX_ref, floor=floor) < 1e-10
    norms = [bn for bn in net.norms if bn is not None]
    for bn, (rm, rv) in zip(norms, running_ref, strict=True):  # PyTorch's running stats
        np.testing.assert_allclose(bn.running_mean, rm.numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(bn.running_var, rv.numpy(), rtol=1e-12)


def test_batchnorm_eval_mode_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    bn = BatchNorm(3, momentum=0.2)
    ref = torch.nn.BatchNorm1d(3, momentum=0.2, dtype=torch.float64)
    for _ in range(4):  # a few training batches move the running statistics
        X = rng.normal(2.0, 3.0, size=(10, 3))
        bn.forward(X)
        ref(torch.tensor(X))
    bn.eval()
    ref.eval()
    X = rng.normal(size=(1, 3))  # one sample is fine in eval mode
    np.testing.assert_allclose(bn.forward(X), ref(torch.tensor(X)).detach().numpy(), rtol=1e-13)


# ------------------------------------------------------------------ initialisation


@pytest.mark.parametrize("scheme", list(INIT_SCHEMES))
@pytest.mark.parametrize(("n_in", "n_out"), [(400, 300), (1000, 50)])
def test_init_variance_matches_its_formula(scheme, n_in, n_out):
    expected = {
        "normal": 1.0,
        "xavier": 2.0 / (n_in + n_out),
        "he": 2.0 / n_in,
        "lecun": 1.0 / n_in,
    }[scheme]
    assert init_std(scheme, n_in, n_out) == pytest.approx(math.sqrt(expected), rel=1e-15)
    W = init_weights(n_in, n_out, scheme, rng=np.random.default_rng(42))
    assert W.shape == (n_in, n_out) and W.dtype == np.float64
    N = W.size
    # For N normal draws the sample variance has standard error σ²·√(2/N) and the mean
    # σ/√N; allow 5 standard errors (a false alarm has probability below 1e-6).
    assert abs(W.var() / expected - 1) < 5 * math.sqrt(2 / N)
    assert abs(W.mean()) < 5 * math.sqrt(expected / N)


def test_init_weights_are_normal_and_seeded():
    stats = pytest.importorskip("scipy.stats")
    W = init_weights(300, 200, "he", rng=7)
    assert stats.kstest(W.ravel() / init_std("he", 300, 200), "norm").pvalue > 1e-3
    np.testing.assert_array_equal(W, init_weights(300, 200, "he", rng=7))
    assert not np.array_equal(W, init_weights(300, 200, "he", rng=8))
    rng = np.random.default_rng(0)
    assert not np.array_equal(init_weights(5, 5, rng=rng), init_weights(5, 5, rng=rng))


def test_every_layer_of_an_mlp_uses_the_scheme():
    net = MLP([500, 400, 300, 10], init="lecun", seed=3)
    for layer in net.layers:
        expected = 1.0 / layer.n_in
        assert abs(layer.W.var() / expected - 1) < 5 * math.sqrt(2 / layer.W.size)
        np.testing.assert_array_equal(layer.b, 0)
    same = MLP([500, 400, 300, 10], init="lecun", seed=3)
    for a, b in zip(net.params, same.params, strict=True):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------------ structure and forward


def test_forward_is_the_documented_composition():
    net = MLP([2, 3, 3, 3, 4], activation="tanh", seed=0, residual=True)
    X = np.random.default_rng(0).normal(size=(5, 2))
    (W1, b1, W2, b2, W3, b3, W4, b4) = net.params
    h1 = np.tanh(X @ W1 + b1)  # 2 -> 3: widths differ, no skip
    h2 = h1 + np.tanh(h1 @ W2 + b2)
    h3 = h2 + np.tanh(h2 @ W3 + b3)
    np.testing.assert_allclose(net.forward(X), h3 @ W4 + b4, rtol=1e-14)
    assert net.skips == [False, True, True]
    assert net.param_names == ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]


def test_batchnorm_param_order_and_no_hidden_bias():
    net = MLP([2, 4, 4, 3], batchnorm=True)
    assert net.param_names == ["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"]
    shapes = [p.shape for p in net.params]
    assert shapes == [(2, 4), (4,), (4,), (4, 4), (4,), (4,), (4, 3), (3,)]
    net.forward(np.ones((3, 2)) * np.arange(3)[:, None])
    net.backward(np.ones((3, 3)))
    assert [g.shape for g in net.grads] == shapes
    assert [layer.b is None for layer in net.layers] == [True, True, False]


def test_batchnorm_normalises_and_tracks_running_statistics():
    rng = np.random.default_rng(0)
    X = rng.normal(5.0, 2.0, size=(50, 3))
    bn = BatchNorm(3, momentum=0.1, eps=0.0)
    Y = bn.forward(X)
    np.testing.assert_allclose(Y.mean(axis=0), 0, atol=1e-14)
    np.testing.assert_allclose(Y.var(axis=0), 1, rtol=1e-12)
    np.testing.assert_allclose(bn.running_mean, 0.1 * X.mean(axis=0), rtol=1e-13)
    np.testing.assert_allclose(bn.running_var, 0.9 + 0.1 * X.var(axis=0, ddof=1), rtol=1e-13)
    bn.eval()
    x1 = X[:1]
    expected = (x1 - bn.running_mean) / np.sqrt(bn.running_var)
    np.testing.assert_allclose(bn.forward(x1), expected, rtol=1e-13)
    before = bn.running_mean.copy()
    bn.forward(X)
    np.testing.assert_array_equal(bn.running_mean, before)  # eval mode changes nothing


def test_predict_uses_running_statistics_and_keeps_mode_and_cache():
    net = MLP([2, 8, 3], batchnorm=True, seed=1)
    X = np.random.default_rng(1).normal(size=(20, 2))
    logits = net.forward(X)
    labels = net.predict(X[:1])  # a single sample works: eval mode
    assert labels.shape == (1,) and net.training
    net.backward(np.ones_like(logits))  # the cache of the forward above is still there
    net.eval()
    np.testing.assert_array_equal(net.predict(X), np.argmax(net.forward(X), axis=1))
    assert not net.training and not net.norms[0].training


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_backward_without_the_input_gradient_gives_the_same_parameter_gradients(variant):
    net, X, R = _problem("relu", sizes=(4, 4, 4, 2), **VARIANTS[variant])
    net.forward(X)
    dX = net.backward(R)
    full = [g.copy() for g in net.grads]
    assert dX.shape == X.shape
    assert net.backward(R, input_grad=False) is None
    for a, b in zip(full, net.grads, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fused_sigmoid_matches_the_activations_module(dtype):
    from nnbook.activations import sigmoid, sigmoid_grad
    from nnbook.nn import _sigmoid_and_slope

    z = np.concatenate(
        [np.linspace(-50, 50, 20001), [-1e4, -745.5, -700.0, 0.0, 700.0, 1e4, np.inf, -np.inf]]
    ).astype(dtype)
    a, slope = _sigmoid_and_slope(z)
    assert a.dtype == slope.dtype == dtype
    tiny = np.finfo(dtype).tiny  # compare subnormal results in absolute terms
    np.testing.assert_allclose(a, sigmoid(z), rtol=4 * np.finfo(dtype).eps, atol=tiny)
    np.testing.assert_allclose(slope, sigmoid_grad(z), rtol=8 * np.finfo(dtype).eps, atol=tiny)
    a_nan, slope_nan = _sigmoid_and_slope(np.array([np.nan], dtype=dtype))
    assert np.isnan(a_nan[0]) and np.isnan(slope_nan[0])


def test_float32_networks_stay_float32():
    net = MLP([2, 4, 3], activation="sigmoid", dtype=np.float32, batchnorm=True)
    out = net.forward(np.ones((3, 2)) * np.arange(3)[:, None])
    dX = net.backward(np.ones((3, 3), dtype=np.float32))
    assert out.dtype == dX.dtype == np.float32
    assert all(g.dtype == np.float32 for g in net.grads)


def test_sgd_reduces_the_loss_on_a_fixed_batch():
    net, X, R = _problem("tanh", batchnorm=True, residual=True)
    target = np.random.default_rng(9).normal(size=(6, 2))
    losses = []
    for _ in range(50):
        out = net.forward(X)
        losses.append(float(np.mean((out - target) ** 2)))
        net.backward(2 * (out - target) / out.size)
        net.sgd_step(0.1)
    assert losses[-1] < 0.5 * losses[0]
    p = [np.ones(3)]
    sgd_step(p, [np.full(3, 2.0)], 0.25)
    np.testing.assert_array_equal(p[0], 0.5)


# ------------------------------------------------------------------ statistics


def test_grad_norms_are_frobenius_norms_of_the_weight_gradients():
    net, X, R = _problem("sigmoid")
    net.forward(X)
    net.backward(R)
    stats = net.statistics()
    expected = [np.sqrt(np.sum(layer.dW**2)) for layer in net.layers]
    np.testing.assert_allclose(stats.grad_norm, expected, rtol=1e-14)
    np.testing.assert_allclose(net.grad_norms(), expected, rtol=1e-14)
    acts = net.hidden_activations
    np.testing.assert_allclose(stats.act_mean, [a.mean() for a in acts], rtol=1e-14)
    np.testing.assert_allclose(stats.act_std, [a.std() for a in acts], rtol=1e-14)
    assert stats.grad_norm.shape == (4,) and stats.dead.shape == (3,)
    # the gradient arriving at the last hidden output h_3 is dout @ W4ᵀ
    np.testing.assert_allclose(stats.out_grad_norm[-1], np.linalg.norm(R @ net.layers[-1].W.T))
    assert stats.out_grad_norm.shape == (3,)


def test_dead_units_are_those_with_zero_slope_on_every_sample():
    net = MLP([2, 4, 2], activation="relu", seed=0)
    X = np.random.default_rng(0).uniform(0.1, 1.0, size=(10, 2))  # positive inputs
    net.layers[0].W[:, 1] = -1.0  # unit 2: z = -x1 - x2 + b < 0 for every sample
    net.layers[0].W[:, 0] = 1.0  # unit 1: z > 0 for every sample
    net.layers[0].b[1] = -0.05
    net.forward(X)
    net.backward(np.ones((10, 2)))
    stats = net.statistics()
    z = net.pre_activations[0]
    expected = np.mean(np.all(z <= 0, axis=0))
    assert stats.dead[0] == expected >= 0.25
    np.testing.assert_array_equal(net.layers[0].dW[:, 1], 0)  # no gradient reaches it
    assert math.isnan(stats.saturated[0])  # ReLU has no saturation statistic
    leaky = MLP([2, 4, 2], activation="leaky_relu", seed=0)
    leaky.layers[0].W[:, 1] = -1.0
    leaky.forward(X)
    leaky.backward(np.ones((10, 2)))
    assert leaky.statistics().dead[0] == 0.0  # slope 0.01, never exactly 0


@pytest.mark.parametrize(("activation", "z_edge"), [("sigmoid", 5.9864), ("tanh", 2.9932)])
def test_saturation_threshold_is_one_percent_of_the_largest_slope(activation, z_edge):
    info = ACTIVATIONS[activation]
    limit = SATURATION_THRESHOLD * info.max_slope
    assert info.grad(z_edge - 0.001) > limit > info.grad(z_edge + 0.001)
    net = MLP([1, 3, 1], activation=activation, seed=0)
    net.layers[0].W[:] = [[1.0, 1.0, 1.0]]
    net.layers[0].b[:] = [0.0, z_edge - 0.5, z_edge + 0.5]
    X = np.array([[0.0], [0.3]])  # unit 3 saturated on both samples, unit 2 on none
    net.forward(X)
    net.backward(np.ones((2, 1)))
    np.testing.assert_allclose(net.statistics().saturated, [2 / 6])


def test_big_init_saturates_sigmoid_and_explodes_relu():
    X = np.random.default_rng(0).normal(size=(64, 128))
    sizes = [128] + [128] * 10 + [3]
    stats = {}
    for activation in ("sigmoid", "relu"):
        for init in ("normal", "xavier", "he"):
            net = MLP(sizes, activation=activation, init=init, seed=0)
            net.forward(X)
            net.backward(np.ones((64, 3)) / 64)
            stats[activation, init] = net.statistics()
    # N(0, 1) weights: z has a standard deviation of several units, far into the flat tails
    assert np.mean(stats["sigmoid", "normal"].saturated) > 0.3
    assert np.max(stats["sigmoid", "xavier"].saturated) < 0.01
    # ReLU with N(0, 1) weights: every layer multiplies the signal by about √(128/2) = 8,
    # forwards and backwards, so weight gradients are ~1e9 times those under He init ...
    assert np.min(stats["relu", "normal"].grad_norm) > 1e8 * np.max(stats["relu", "he"].grad_norm)
    # ... and the gradient reaching each hidden layer grows towards the input
    g = stats["relu", "normal"].out_grad_norm
    assert np.all(np.diff(g) < 0) and g[0] > 1e6 * g[-1]
    g = stats["relu", "he"].out_grad_norm
    assert 0.1 < g[0] / g[-1] < 10  # He keeps them level
    g = stats["sigmoid", "xavier"].grad_norm
    assert g[0] < 1e-4 * g[-1]  # and sigmoid gradients vanish towards the input


# ------------------------------------------------------------------ errors


def test_clear_errors_for_bad_input():
    net = MLP([3, 4, 2])
    with pytest.raises(RuntimeError, match=r"backward\(\) called before forward\(\)"):
        net.backward(np.ones((2, 2)))
    with pytest.raises(RuntimeError, match=r"no statistics yet: run forward\(X\) and then"):
        net.statistics()
    with pytest.raises(RuntimeError, match="no forward pass yet"):
        net.hidden_activations  # noqa: B018
    with pytest.raises(ValueError, match=r"X has 2 columns but the network's input layer"):
        net.forward(np.ones((5, 2)))
    with pytest.raises(ValueError, match=r"X must be 2-D with shape \(n_samples, 3\)"):
        net.forward(np.ones(3))
    with pytest.raises(ValueError, match="X is empty"):
        net.forward(np.ones((0, 3)))
    with pytest.raises(TypeError, match="X must be numeric"):
        net.forward("abc")
    net.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"dout must have the shape .* \(5, 2\), got \(5, 3\)"):
        net.backward(np.ones((5, 3)))
    with pytest.raises(RuntimeError, match="no statistics yet"):
        net.statistics()  # forward without backward
    with pytest.raises(ValueError, match="unknown activation 'relu6'; choose one of sigmoid"):
        MLP([2, 2], activation="relu6")
    with pytest.raises(ValueError, match="unknown activation 'step'"):
        MLP([2, 2], activation="step")
    with pytest.raises(ValueError, match="unknown init scheme 'kaiming'; choose one of normal"):
        MLP([2, 2], init="kaiming")
    with pytest.raises(TypeError, match="init scheme must be a string"):
        Linear(2, 2, init=None)
    with pytest.raises(ValueError, match="sizes needs at least two widths"):
        MLP([2])
    with pytest.raises(ValueError, match=r"sizes\[1\] must be a positive integer, got 0"):
        MLP([2, 0, 1])
    with pytest.raises(TypeError, match="sizes must be a list"):
        MLP("2,3")
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        MLP([2, 2], dtype=np.int64)
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        Linear(2, 2, rng="seed")


def test_batchnorm_errors():
    bn = BatchNorm(2)
    with pytest.raises(RuntimeError, match="before forward"):
        bn.backward(np.ones((3, 2)))
    with pytest.raises(ValueError, match="at least 2 rows"):
        bn.forward(np.ones((1, 2)))
    with pytest.raises(ValueError, match="X has 3 columns but BatchNorm"):
        bn.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="momentum must be a number in"):
        BatchNorm(2, momentum=0)
    with pytest.raises(ValueError, match=r"n_features must be a positive integer"):
        BatchNorm(-1)


def test_sgd_step_errors():
    with pytest.raises(ValueError, match="2 parameters but 1 gradients"):
        sgd_step([np.ones(2), np.ones(2)], [np.ones(2)], 0.1)
    with pytest.raises(ValueError, match=r"parameter 0 has shape \(2,\) but its gradient"):
        sgd_step([np.ones(2)], [np.ones(3)], 0.1)
    with pytest.raises(ValueError, match="lr must be a finite number >= 0"):
        sgd_step([np.ones(2)], [np.ones(2)], float("nan"))
    with pytest.raises(TypeError, match="lr must be a number"):
        sgd_step([np.ones(2)], [np.ones(2)], "0.1")


# ------------------------------------------------------------------ chapter 4 figures


@pytest.fixture
def _agg():
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    yield plt
    plt.close("all")


def test_gradient_flow_is_one_backward_pass_of_the_cross_entropy():
    from nnbook.datasets import spirals
    from nnbook.losses import cross_entropy_grad
    from nnbook.nn import gradient_flow

    stats = gradient_flow(6, "tanh", "lecun", residual=True, width=8, n=50, seed=3)
    X, y = spirals(50, seed=3)
    net = MLP([2, 8, 8, 8, 8, 8, 3], activation="tanh", init="lecun", seed=3, residual=True)
    net.backward(cross_entropy_grad(net.forward(X), y))
    np.testing.assert_allclose(stats.grad_norm, net.grad_norms(), rtol=1e-14)
    assert stats.grad_norm.shape == (6,) and stats.saturated.shape == (5,)
    with pytest.raises(ValueError, match="depth must be at least 2"):
        gradient_flow(1)


@pytest.mark.parametrize(
    ("activation", "field"), [("sigmoid", "saturated"), ("relu", "dead"), ("tanh", "saturated")]
)
def test_draw_gradient_flow_plots_the_statistics(_agg, activation, field):
    from nnbook.plotting import draw_gradient_flow

    fig, stats = draw_gradient_flow(12, activation, "normal", batchnorm=True)
    ax_grad, ax_units = fig.axes
    (line,) = ax_grad.lines
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 13))
    np.testing.assert_allclose(line.get_ydata(), stats.grad_norm)
    assert ax_grad.get_yscale() == "log"
    (units,) = ax_units.lines
    np.testing.assert_allclose(units.get_ydata(), getattr(stats, field))
    assert ax_units.get_ylabel() == f"fraction of units {field}"
    assert "batch norm" in fig._suptitle.get_text()


def test_activation_histograms_count_every_value(_agg):
    from nnbook.plotting import plot_activation_histograms

    net = MLP([2, 16, 16, 16, 3], activation="tanh", seed=0)
    net.forward(np.random.default_rng(0).normal(size=(40, 2)))
    fig, axes = _agg.subplots(1, 2)
    plot_activation_histograms(axes, net.hidden_activations, [1, 3], value_range=(-1, 1))
    for ax in axes:
        assert sum(p.get_height() for p in ax.patches) == 40 * 16
    assert [ax.get_title() for ax in axes] == ["layer 1", "layer 3"]
    with pytest.raises(ValueError, match=r"layer must be in 1\.\.3, got 4"):
        plot_activation_histograms(axes, net.hidden_activations, [1, 4])


def test_gradient_flow_explorer_has_the_controls_and_redraws(_agg):
    import ipywidgets as widgets

    from nnbook.widgets import gradient_flow_explorer

    box = gradient_flow_explorer(depth=6, activation="relu", init="he")
    row1, row2, out = box.children
    controls = {c.description: c for c in [*row1.children, *row2.children]}
    assert set(controls) == {"layers", "activation", "init", "residual skips", "batch norm"}
    assert controls["layers"].value == 6 and controls["init"].value == "he"
    assert isinstance(out, widgets.Output)
    controls["batch norm"].value = True  # triggers the callback; it must not raise
    controls["activation"].value = "tanh"
    assert controls["activation"].value == "tanh"
