"""Chapter 6 checkers: linear_backward, tanh_backward, numerical_gradient and train_xor, whose
mechanics are checked step by step against the exact gradient."""

import types

import numpy as np
import pytest

from exercise_answers import train_xor as xor_ref
from exercise_helpers import has_hint, run
from nnbook.activations import sigmoid
from nnbook.exercises import (
    ch06,
    ch06_gradcheck,
    check_linear_backward,
    check_numerical_gradient,
    check_tanh_backward,
    check_train_xor,
)
from nnbook.exercises.ch06 import linear_backward_reference
from nnbook.exercises.ch06_xor import XOR_X, XOR_Y, xor_step
from nnbook.gradcheck import numerical_gradient


def test_linear_backward_reference_matches_finite_differences():
    rng = np.random.default_rng(0)
    X, W, G = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    dX, dW, db = linear_backward_reference(X, W, G)
    assert np.allclose(dX, numerical_gradient(lambda X_: np.sum(G * (X_ @ W)), X), atol=1e-6)
    assert np.allclose(dW, numerical_gradient(lambda W_: np.sum(G * (X @ W_)), W), atol=1e-6)
    assert np.allclose(
        db, numerical_gradient(lambda b_: np.sum(G * (X @ W + b_)), np.zeros(2)), atol=1e-6
    )


def linear_backward_mine(X, W, dZ):
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


@pytest.mark.parametrize(
    "candidate",
    [
        linear_backward_mine,
        lambda X, W, dZ: (
            np.einsum("nk,ik->ni", dZ, W),
            np.einsum("ni,nk->ik", X, dZ),
            np.einsum("nk->k", dZ),
        ),
        lambda X, W, dZ: [dZ.dot(W.T), X.T.dot(dZ), np.sum(dZ, axis=0)],
    ],
)
def test_linear_backward_accepts_right_answers(candidate, capsys):
    ok, text = run(check_linear_backward, candidate, capsys)
    assert ok, text
    assert text == "✓ linear_backward: all 6 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (lambda X, W, dZ: (dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)), ch06.DW_TRANSPOSED),
        (lambda X, W, dZ: (W @ dZ.T, X.T @ dZ, dZ.sum(axis=0)), ch06.DX_FLIPPED),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ.sum(axis=1)), ch06.DB_AXIS),
        (
            lambda X, W, dZ: (dZ @ W.T / len(X), X.T @ dZ / len(X), dZ.mean(axis=0)),
            ch06.MEAN_NOT_SUM,
        ),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ), ch06.DB_NOT_SUMMED),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ.sum()), ch06.DB_SUM_ALL),
        (lambda X, W, dZ: (X.T @ dZ, dZ @ W.T, dZ.sum(axis=0)), ch06.ORDER),
        (lambda X, W, dZ: (dZ @ W, X.T @ dZ, dZ.sum(axis=0)), ch06.SHAPES),
        (
            lambda X, W, dZ: tuple(a.astype(float) for a in linear_backward_mine(X, W, dZ)),
            ch06.DTYPE,
        ),
    ],
)
def test_linear_backward_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_linear_backward, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def test_square_layer_transposed_dx_is_caught_by_values(capsys):
    ok, text = run(
        check_linear_backward,
        lambda X, W, dZ: (
            dZ @ W if W.shape[0] == W.shape[1] else dZ @ W.T,
            X.T @ dZ,
            dZ.sum(axis=0),
        ),
        capsys,
    )
    assert not ok
    assert "a square layer" in text
    assert has_hint(text, ch06.DX_TRANSPOSED)


@pytest.mark.parametrize(
    "candidate",
    [
        lambda Z, dH: dH * (1 - np.tanh(Z) ** 2),
        lambda Z, dH: dH * (1 - np.tanh(Z.astype(float)) ** 2),  # float64 back: allowed
        lambda Z, dH: dH * (1 + np.tanh(Z)) * (1 - np.tanh(Z)),
        lambda Z, dH: dH * 4 * sigmoid(2 * Z) * sigmoid(-2 * Z),
    ],
)
def test_tanh_backward_accepts_right_answers(candidate, capsys):
    ok, text = run(check_tanh_backward, candidate, capsys)
    assert ok, text
    assert text == "✓ tanh_backward: all 5 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (lambda Z, dH: dH * (1 - Z**2), ch06.OUTPUT_NOT_INPUT),
        (lambda Z, dH: 1 - np.tanh(Z) ** 2, ch06.NO_UPSTREAM),
        (lambda Z, dH: dH * (1 - np.tanh(Z)), ch06.NO_SQUARE),
        (lambda Z, dH: dH * sigmoid(Z) * (1 - sigmoid(Z)), ch06.SIGMOID_DERIV),
        (lambda Z, dH: dH / np.cosh(Z) ** 2, ch06.COSH),
        (lambda Z, dH: dH @ (1 - np.tanh(Z) ** 2).T, ch06.MATMUL),
    ],
)
def test_tanh_backward_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_tanh_backward, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def centred(f, x, eps=1e-6):
    x = x.astype(float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        g[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return g


def centred_flat(f, x, eps=1e-6):
    x = np.array(x, dtype=np.float64)
    flat, g = x.reshape(-1), np.zeros(x.size)
    for i in range(x.size):
        old = flat[i]
        flat[i] = old + eps
        up = f(x)
        flat[i] = old - eps
        down = f(x)
        flat[i] = old
        g[i] = (up - down) / (2 * eps)
    return g.reshape(x.shape)


@pytest.mark.parametrize("candidate", [centred, centred_flat])
def test_numerical_gradient_accepts_right_answers(candidate, capsys):
    ok, text = run(check_numerical_gradient, candidate, capsys)
    assert ok, text
    assert text == "✓ numerical_gradient: all 6 cases pass. Well done!"


def forward(f, x, eps=1e-6):
    x = x.astype(float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        g[i] = (f(x + e) - f(x)) / eps
    return g


def not_restored(f, x, eps=1e-6):
    g = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = f(x)
        x[i] = old - eps
        g[i] = (up - f(x)) / (2 * eps)
    return g


def analytic_cheat(f, x, eps=1e-6):
    """Guesses the function instead of evaluating it."""
    return 3 * np.asarray(x, dtype=float) ** 2


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (forward, ch06_gradcheck.FORWARD_DIFF),
        (lambda f, x, eps=1e-6: centred(f, x, eps) * 2, ch06_gradcheck.HALF_STEP),
        (lambda f, x, eps=1e-6: centred(f, x), ch06_gradcheck.EPS_ARG),
        (not_restored, ch06_gradcheck.NOT_RESTORED),
        (
            lambda f, x, eps=1e-6: np.full(x.shape, (f(x + eps) - f(x - eps)) / (2 * eps)),
            ch06_gradcheck.ALL_AT_ONCE,
        ),
        (
            lambda f, x, eps=1e-6: (
                centred(f, x.astype(x.dtype), eps) if False else _in_dtype(f, x, eps)
            ),
            ch06_gradcheck.FLOAT32_X,
        ),
        (analytic_cheat, ch06_gradcheck.TOO_FEW_CALLS),
    ],
)
def test_numerical_gradient_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_numerical_gradient, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def _in_dtype(f, x, eps=1e-6):
    x = x.copy()
    g = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = f(x)
        x[i] = old - eps
        down = f(x)
        x[i] = old
        g[i] = (up - down) / (2 * eps)
    return g


# ------------------------------------------------------------------ train_xor


def test_xor_step_is_gradient_descent_on_the_mean_bce():
    rng = np.random.default_rng(3)
    params = (rng.normal(0, 0.5, (2, 2)), np.zeros(2), rng.normal(0, 0.5, (2, 1)), np.zeros(1))

    def loss(flat):
        W1, b1, W2, b2 = flat[:4].reshape(2, 2), flat[4:6], flat[6:8].reshape(2, 1), flat[8:]
        out = (np.tanh(XOR_X @ W1 + b1) @ W2 + b2).reshape(4)
        return np.mean(np.logaddexp(0, out) - XOR_Y * out)

    flat = np.concatenate([p.reshape(-1) for p in params])
    stepped = np.concatenate([p.reshape(-1) for p in xor_step(params, 0.5)])
    assert np.allclose(stepped, flat - 0.5 * numerical_gradient(loss, flat), atol=1e-8)


# the learner's own copy of the step (the checker's xor_step is unavailable during the call)
_step = types.FunctionType(xor_step.__code__, xor_step.__globals__, "step", xor_step.__defaults__)


def _trainer(kind=None, **fixed):
    """train_xor with a known mistake in its step."""

    def train(seed, lr=2.0, steps=1000):
        lr, steps = fixed.get("lr", lr), fixed.get("steps", steps)
        rng = np.random.default_rng(seed)
        best = None
        for _ in range(20):
            p = (rng.normal(0, 0.5, (2, 2)), np.zeros(2), rng.normal(0, 0.5, (2, 1)), np.zeros(1))
            for _ in range(steps):
                p = _step(p, lr, kind or "right")
            best = p
            out = np.tanh(XOR_X @ p[0] + p[1]) @ p[2] + p[3]
            if np.mean(np.logaddexp(0, out) - XOR_Y.reshape(4, 1) * out) < 0.05:
                break
        return best

    return train


PREBAKED = {}


def _prebaked(seed, lr=2.0, steps=1000):
    if seed not in PREBAKED:
        PREBAKED[seed] = xor_ref(seed)
    return PREBAKED[seed % 5] if (seed % 5) in PREBAKED else xor_ref(seed % 5)


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (_trainer("mse"), "gradient of the mean squared error"),
        (_trainer("no_quarter"), "4 times too far"),
        (_trainer("no_bias"), "the biases did not change"),
        (_trainer("w2_first"), "W2 was updated before dH"),
        (_trainer("no_tanh"), "misses tanh′"),
        (_trainer(lr=2.0), "with lr = 0 they should still be 0"),
        (_prebaked, "with lr = 0 they should still be 0"),
        (lambda seed, lr=2.0, steps=1000: xor_ref(0), "every seed gave the same trained weights"),
    ],
)
def test_train_xor_rejects_wrong_mechanics(candidate, expected, capsys):
    ok, text = run(check_train_xor, candidate, capsys)
    assert not ok
    assert expected in text, text


def test_train_xor_accepts_the_step_by_step_right_trainer(capsys):
    ok, text = run(check_train_xor, _trainer(), capsys)
    assert ok, text
    assert text == "✓ train_xor: all 6 cases pass. Well done!"


def test_train_xor_requires_lr_and_steps_by_keyword(capsys):
    ok, text = run(check_train_xor, lambda seed: xor_ref(seed), capsys)
    assert not ok
    assert "unexpected keyword argument 'lr'" in text


def test_the_checkers_own_reference_is_unavailable(capsys):
    ok, text = run(check_linear_backward, linear_backward_reference, capsys)
    assert not ok
    assert "called nnbook.exercises.ch06.linear_backward_reference" in text
