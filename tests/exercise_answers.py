"""Right answers to every coding exercise, written the way a learner would, for the checker
tests. Each entry: the checker, and a function it must accept."""

from __future__ import annotations

import numpy as np

from nnbook import exercises as ex
from nnbook.perceptron import perceptron_output


def stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def leaky_relu(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def sigmoid_grad(x):
    s = stable_sigmoid(x)
    return s * (1 - s)


def collapse(Ws, bs):
    W, b = Ws[0], bs[0]
    for W_next, b_next in zip(Ws[1:], bs[1:], strict=True):
        W = W @ W_next
        b = b @ W_next + b_next
    return W, b


def bump(x, left, right, height=1.0, steepness=50.0):
    return height * (
        stable_sigmoid(steepness * (x - left)) - stable_sigmoid(steepness * (x - right))
    )


def he_init(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def factor(L):
    return 0.25**L


def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def logsumexp(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z - m), axis=axis))


def cross_entropy(logits, labels):
    m = np.max(logits, axis=1, keepdims=True)
    log_p = logits - m - np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))
    return -np.mean(log_p[np.arange(logits.shape[0]), labels])


def linear_backward(X, W, dZ):
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def tanh_backward(Z, dH):
    return dH * (1 - np.tanh(Z) ** 2)


def numerical_gradient(f, x, eps=1e-6):
    x = x.astype(float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


X_XOR = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y_XOR = np.array([[0], [1], [1], [0]], dtype=float)


def _sig(z):
    return stable_sigmoid(z)


def train_xor(seed, lr=2.0, steps=1000, restarts=20):
    rng = np.random.default_rng(seed)
    for _ in range(restarts):
        W1 = rng.normal(0, 0.5, (2, 2))
        W2 = rng.normal(0, 0.5, (2, 1))
        b1, b2 = np.zeros(2), np.zeros(1)
        for _ in range(steps):
            H = np.tanh(X_XOR @ W1 + b1)
            out = H @ W2 + b2
            dO = (_sig(out) - Y_XOR) / 4
            dW2, db2 = H.T @ dO, dO.sum(axis=0)
            dZ1 = (dO @ W2.T) * (1 - H**2)
            dW1, db1 = X_XOR.T @ dZ1, dZ1.sum(axis=0)
            W1, b1, W2, b2 = W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2
        H = np.tanh(X_XOR @ W1 + b1)
        out = H @ W2 + b2
        if np.mean(np.logaddexp(0, out) - Y_XOR * out) < 0.05:
            break
    return W1, b1, W2, b2


def perceptron_update(w, b, x, target, lr):
    prediction = 1 if x @ w + b > 0 else 0
    error = target - prediction
    return w + lr * error * x, b + lr * error


def xnor(x1, x2):
    x = np.array([x1, x2])
    h = np.array([perceptron_output([1.0, 1.0], -1.5, x), perceptron_output([-1.0, -1.0], 0.5, x)])
    return int(perceptron_output([1.0, 1.0], -0.5, h))


#: (checker, right answer, number of cases in its success line)
ANSWERS = {
    "sigmoid": (ex.check_sigmoid, stable_sigmoid, 6),
    "leaky_relu": (ex.check_leaky_relu, leaky_relu, 6),
    "sigmoid_grad": (ex.check_sigmoid_grad, sigmoid_grad, 5),
    "collapse": (ex.check_collapse, collapse, 8),
    "bump": (ex.check_bump, bump, 9),
    "he_init": (ex.check_he_init, he_init, 7),
    "sigmoid_chain_factor": (ex.check_sigmoid_chain_factor, factor, 8),
    "softmax": (ex.check_softmax, softmax, 11),
    "logsumexp": (ex.check_logsumexp, logsumexp, 11),
    "cross_entropy": (ex.check_cross_entropy, cross_entropy, 7),
    "linear_backward": (ex.check_linear_backward, linear_backward, 6),
    "tanh_backward": (ex.check_tanh_backward, tanh_backward, 5),
    "numerical_gradient": (ex.check_numerical_gradient, numerical_gradient, 6),
    "train_xor": (ex.check_train_xor, train_xor, 6),
    "perceptron_update": (ex.check_perceptron_update, perceptron_update, 8),
    "xnor": (ex.check_xnor, xnor, 4),
}

#: nnbook's own implementation of each exercise, which its checker must refuse
FORBIDDEN = {
    "sigmoid": "nnbook.activations:sigmoid",
    "leaky_relu": "nnbook.activations:leaky_relu",
    "sigmoid_grad": "nnbook.activations:sigmoid_grad",
    "collapse": "nnbook.expressivity:collapse_affine",
    "bump": "nnbook.expressivity:sigmoid_bump",
    "he_init": "nnbook.nn:init_weights",
    "softmax": "nnbook.softmax:softmax",
    "logsumexp": "nnbook.softmax:logsumexp",
    "cross_entropy": "nnbook.losses:cross_entropy",
    "linear_backward": "nnbook.nn:Linear",
    "tanh_backward": "nnbook.activations:tanh_grad",
    "numerical_gradient": "nnbook.gradcheck:numerical_gradient",
    "perceptron_update": "nnbook.perceptron:update_rule",
    "train_xor": "nnbook.nn:MLP",
}
