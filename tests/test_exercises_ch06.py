"""The chapter-6 checkers accept correct answers, reject each usual mistake with the hint
for that mistake, and never raise, whatever the candidate does."""

import numpy as np
import pytest

from nnbook.activations import sigmoid, tanh_grad
from nnbook.exercises import (
    check_linear_backward,
    check_numerical_gradient,
    check_tanh_backward,
    check_train_xor,
)
from nnbook.exercises._core import WIDTH
from nnbook.exercises.ch06 import XOR_SEEDS, linear_backward_reference, xor_forward
from nnbook.gradcheck import numerical_gradient
from nnbook.nn import Linear


def run(check, candidate, capsys):
    """Call a checker; return its verdict and its printed feedback with line wrapping undone."""
    result = check(candidate)
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    return result, " ".join(out.split())


def _stub(*args, **kwargs):
    raise NotImplementedError


@pytest.mark.parametrize(
    "check",
    [check_linear_backward, check_tanh_backward, check_numerical_gradient, check_train_xor],
)
def test_stubs_are_not_implemented_yet_and_non_functions_are_refused(check, capsys):
    ok, out = run(check, _stub, capsys)
    assert ok is False
    assert "not implemented yet" in out
    ok, out = run(check, 42, capsys)
    assert ok is False
    assert "expected a function, got int" in out


@pytest.mark.parametrize(
    ("check", "n_args"),
    [
        (check_linear_backward, 3),
        (check_tanh_backward, 2),
        (check_numerical_gradient, 2),
        (check_train_xor, 1),
    ],
)
@pytest.mark.parametrize(
    "behaviour",
    [
        lambda *a, **k: None,
        lambda *a, **k: "text",
        lambda *a, **k: 1 / 0,
        lambda *a, **k: [1, 2],
        lambda *a, **k: np.array(["a", "b"]),
        lambda *a, **k: (np.zeros(1) for _ in range(3)),
    ],
)
def test_checkers_never_raise(check, n_args, behaviour, capsys):
    ok, out = run(check, behaviour, capsys)
    assert ok is False
    assert out.startswith("✗")


# ----------------------------------------------------------------------------- linear backward


def _linear_via_nnbook(X, W, dZ):
    layer = Linear(W.shape[0], W.shape[1], dtype=X.dtype)
    layer.W[...] = W
    layer.forward(X)
    dX = layer.backward(dZ)
    return dX, layer.dW, layer.db


def _einsum(X, W, dZ):
    return (
        np.einsum("nj,ij->ni", dZ, W),
        np.einsum("ni,nj->ij", X, dZ),
        np.einsum("nj->j", dZ),
    )


@pytest.mark.parametrize("candidate", [linear_backward_reference, _linear_via_nnbook, _einsum])
def test_linear_backward_accepts_correct_answers(candidate, capsys):
    ok, out = run(check_linear_backward, candidate, capsys)
    assert ok is True
    assert out == "✓ linear_backward: all 6 cases pass. Well done!"


def test_linear_backward_reference_matches_finite_differences():
    rng = np.random.default_rng(0)
    X, W, b = rng.standard_normal((5, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    G = rng.standard_normal((5, 2))  # L = Σ G ⊙ Z, so dZ = G
    dX, dW, db = linear_backward_reference(X, W, G)
    assert np.allclose(dX, numerical_gradient(lambda v: np.sum(G * (v @ W + b)), X))
    assert np.allclose(dW, numerical_gradient(lambda v: np.sum(G * (X @ v + b)), W))
    assert np.allclose(db, numerical_gradient(lambda v: np.sum(G * (X @ W + v)), b))


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (lambda X, W, dZ: (dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)), "Hint: dW is transposed"),
        (lambda X, W, dZ: (dZ @ W, X.T @ dZ, dZ.sum(axis=0)), "a matrix product whose shapes"),
        (lambda X, W, dZ: (W @ dZ.T, X.T @ dZ, dZ.sum(axis=0)), "Hint: dX is transposed"),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ.sum(axis=1)), "summed over the wrong axis"),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)), "Hint: mean instead of sum"),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ / len(X), dZ.sum(0)), "Hint: mean instead of sum"),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ), "b is added to every row of Z"),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ[0]), "b is added to every row of Z"),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ.sum()), "dZ.sum() adds up everything"),
        (lambda X, W, dZ: (X.T @ dZ, dZ @ W.T, dZ.sum(axis=0)), "in the wrong order"),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ), "return a tuple (dX, dW, db)"),
        (lambda X, W, dZ: [dZ @ W.T, (X.T @ dZ).tolist(), 0], "return a tuple (dX, dW, db)"),
        (
            lambda X, W, dZ: tuple(
                a.astype(np.float64) for a in linear_backward_reference(X, W, dZ)
            ),
            "expected float32. Hint: keep the dtype",
        ),
        (lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ.sum(axis=0, out=dZ[0])), "changed its input"),
    ],
)
def test_linear_backward_rejects_mistakes_with_specific_hints(candidate, expected, capsys):
    ok, out = run(check_linear_backward, candidate, capsys)
    assert ok is False
    assert out.startswith("✗ linear_backward:")
    assert expected in out


def test_linear_backward_names_the_square_case_for_a_transposed_dx(capsys):
    def square_only_wrong(X, W, dZ):
        dX = dZ @ W if W.shape[0] == W.shape[1] else dZ @ W.T
        return dX, X.T @ dZ, dZ.sum(axis=0)

    ok, out = run(check_linear_backward, square_only_wrong, capsys)
    assert ok is False
    assert "1 of 6 cases failed" in out
    assert "a square layer (n = n_in = n_out = 3)" in out
    assert "Hint: dX must have X's shape (n, n_in)" in out


def test_linear_backward_reports_shapes_and_values(capsys):
    _, out = run(
        check_linear_backward, lambda X, W, dZ: (dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)), capsys
    )
    assert "a batch of 5 samples, 3 inputs, 2 outputs: X (5, 3), W (3, 2), dZ (5, 2)" in out
    assert "dW has shape (2, 3), expected (3, 2)" in out
    _, out = run(
        check_linear_backward, lambda X, W, dZ: (dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)), capsys
    )
    assert "db: expected [" in out


# ----------------------------------------------------------------------------- tanh backward


def ref_tanh_backward(Z, dH):
    return dH * (1 - np.tanh(Z) ** 2)


@pytest.mark.parametrize(
    "candidate",
    [
        ref_tanh_backward,
        lambda Z, dH: dH * tanh_grad(Z),
        lambda Z, dH: dH * (1 - np.tanh(Z)) * (1 + np.tanh(Z)),
        lambda Z, dH: dH * 4 * sigmoid(2 * Z) * (1 - sigmoid(2 * Z)),
    ],
)
def test_tanh_backward_accepts_correct_answers(candidate, capsys):
    ok, out = run(check_tanh_backward, candidate, capsys)
    assert ok is True
    assert out == "✓ tanh_backward: all 5 cases pass. Well done!"


def _in_place_tanh(Z, dH):
    dH *= 1 - np.tanh(Z) ** 2
    return dH


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (lambda Z, dH: dH * (1 - Z**2), "Hint: the derivative is written in terms of the output"),
        (lambda Z, dH: dH * (1 - np.tanh(np.tanh(Z)) ** 2), "in terms of the output"),
        (lambda Z, dH: 1 - np.tanh(Z) ** 2, "Hint: the upstream gradient is missing"),
        (lambda Z, dH: dH * (1 - np.tanh(Z)), "Hint: tanh′(z) = 1 − tanh(z)², with the square"),
        (lambda Z, dH: dH * sigmoid(Z) * (1 - sigmoid(Z)), "that is the sigmoid's derivative"),
        (lambda Z, dH: dH / np.cosh(Z) ** 2, "emitted RuntimeWarning: overflow"),
        (lambda Z, dH: dH / np.cosh(Z) ** 2, "Hint: np.cosh overflows"),
        (lambda Z, dH: dH @ (1 - np.tanh(Z) ** 2).T, "not a matrix product"),
        (lambda Z, dH: (dH * (1 - np.tanh(Z) ** 2)).tolist(), "return dZ as a NumPy array"),
        (lambda Z, dH: ref_tanh_backward(Z.astype(float), dH), "expected float32"),
        (_in_place_tanh, "changed its input"),
        (lambda Z, dH: dH * np.tanh(Z), "dZ = dH * (1 − np.tanh(Z)**2), element by element"),
    ],
)
def test_tanh_backward_rejects_mistakes_with_specific_hints(candidate, expected, capsys):
    ok, out = run(check_tanh_backward, candidate, capsys)
    assert ok is False
    assert out.startswith("✗ tanh_backward:")
    assert expected in out


def test_tanh_backward_accuracy_case_shows_the_numbers(capsys):
    _, out = run(check_tanh_backward, lambda Z, dH: dH * (1 - Z**2), capsys)
    assert "a vector: tanh_backward(Z=[-2, -0.5, 0, 0.3, 1.5], dH=[1, -2, 0.5, 3, -1])" in out
    assert "5 of 5 cases failed" in out or "4 of 5 cases failed" in out


# ----------------------------------------------------------------------------- numerical gradient


def ref_numerical_gradient(f, x, eps=1e-6):
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


def _flat_version(f, x, eps=1e-6):
    flat = x.astype(float).ravel()
    grad = np.zeros_like(flat)
    for i in range(flat.size):
        e = np.zeros_like(flat)
        e[i] = eps
        grad[i] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / (2 * eps)
    return grad.reshape(x.shape)


@pytest.mark.parametrize("candidate", [ref_numerical_gradient, numerical_gradient, _flat_version])
def test_numerical_gradient_accepts_correct_answers(candidate, capsys):
    ok, out = run(check_numerical_gradient, candidate, capsys)
    assert ok is True
    assert out == "✓ numerical_gradient: all 6 cases pass. Well done!"


def _forward(f, x, eps=1e-6):
    x = x.astype(float)
    grad, f0 = np.zeros_like(x), f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        grad[i] = (f(x) - f0) / eps
        x[i] = old
    return grad


def _half(f, x, eps=1e-6):
    return 2 * ref_numerical_gradient(f, x, eps)


def _rows(f, x, eps=1e-6):
    x = x.astype(float)
    grad = np.zeros_like(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _all_at_once(f, x, eps=1e-6):
    return np.full(x.shape, (f(x + eps) - f(x - eps)) / (2 * eps))


def _not_restored(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += eps
        f_plus = f(x)
        x[i] -= 2 * eps
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _in_input_dtype(f, x, eps=1e-6):
    x = x.copy()  # keeps float32 when x is float32
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _ignores_eps(f, x, eps=1e-6):
    return ref_numerical_gradient(f, x, 1e-6)


def _unperturbed(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        y = x.astype(float)
        y[i] += eps
        grad[i] = (f(x) - f(x)) / (2 * eps)
    return grad


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (_forward, "Hint: this is a forward (or backward) difference"),
        (_half, "Hint: the centred difference spans 2·eps"),
        (_rows, "Hint: x[i] on a 2-D array is a whole row"),
        (_all_at_once, "Hint: all entries were moved at once"),
        (_not_restored, "left x changed. Hint: x must be left as it was"),
        (_ignores_eps, "Hint: use the eps argument"),
        (_in_input_dtype, "Hint: x arrived as float32 and was perturbed in float32"),
        (_unperturbed, "Hint: f must be evaluated at the perturbed points"),
        (
            lambda f, x, eps=1e-6: ref_numerical_gradient(f, x, eps).ravel(),
            "Hint: the gradient has the shape of x",
        ),
        (
            lambda f, x, eps=1e-6: ref_numerical_gradient(f, x, eps).tolist(),
            "return the gradient as a NumPy array",
        ),
        (
            lambda f, x, epsilon=1e-6: ref_numerical_gradient(f, x, epsilon),
            "Hint: use the eps argument",
        ),
    ],
)
def test_numerical_gradient_rejects_mistakes_with_specific_hints(candidate, expected, capsys):
    ok, out = run(check_numerical_gradient, candidate, capsys)
    assert ok is False
    assert out.startswith("✗ numerical_gradient:")
    assert expected in out


def test_forward_difference_is_caught_with_the_default_and_a_large_eps(capsys):
    _, out = run(check_numerical_gradient, _forward, capsys)
    assert "6 of 6 cases failed" in out
    assert "f(x) = Σ exp(2x) with eps=1e-3" in out
    assert out.count("Hint:") == 1  # the same hint is not repeated


# ----------------------------------------------------------------------------- XOR

X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y4 = np.array([[0], [1], [1], [0]], dtype=float)


def train_xor(
    seed,
    lr=2.0,
    steps=1000,
    scale=0.5,
    restarts=20,
    hidden=np.tanh,
    slope=lambda H: 1 - H**2,
    bias=True,
    sign=1.0,
    init=None,
):
    """The reference solution, with knobs that reproduce the usual mistakes."""
    rng = np.random.default_rng(seed)
    for _ in range(restarts):
        if init is None:
            W1, W2 = rng.normal(0, scale, (2, 2)), rng.normal(0, scale, (2, 1))
        else:
            W1, W2 = np.full((2, 2), init), np.full((2, 1), init)
        b1, b2 = np.zeros(2), np.zeros(1)
        for _ in range(steps):
            H = hidden(X4 @ W1 + b1)
            logits = H @ W2 + b2
            dO = (sigmoid(logits) - Y4) / 4
            dW2, db2 = H.T @ dO, dO.sum(axis=0)
            dZ1 = (dO @ W2.T) * slope(H)
            dW1, db1 = X4.T @ dZ1, dZ1.sum(axis=0)
            W1 -= sign * lr * dW1
            W2 -= sign * lr * dW2
            if bias:
                b1 -= sign * lr * db1
                b2 -= sign * lr * db2
        if np.mean(np.logaddexp(0, logits) - Y4 * logits) < 0.05:
            break
    return W1, b1, W2, b2


def test_reference_xor_solution_fits_every_seed():
    for seed in range(20):
        p = xor_forward(train_xor(seed))
        assert np.all(np.abs(p - [0, 1, 1, 0]) < 0.1)


@pytest.mark.parametrize(
    "candidate",
    [
        train_xor,
        lambda seed: (lambda W1, b1, W2, b2: (W1, b1, W2.ravel(), b2[0]))(*train_xor(seed)),
    ],
)
def test_train_xor_accepts_correct_answers(candidate, capsys):
    ok, out = run(check_train_xor, candidate, capsys)
    assert ok is True, out
    assert out == f"✓ train_xor: all {len(XOR_SEEDS) + 1} cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (lambda s: train_xor(s, lr=0.01), "Hint: the outputs are all still close to 0.5"),
        (lambda s: train_xor(s, lr=30.0, restarts=1), "the learning rate may be too large"),
        (lambda s: train_xor(s, init=0.0), "Hint: the two hidden units are identical"),
        (lambda s: train_xor(s, init=0.5), "Hint: the two hidden units are identical"),
        (lambda s: train_xor(s, bias=False), "Hint: the biases are still 0"),
        (lambda s: (lambda W1, b1, W2, b2: (W1, None, W2, None))(*train_xor(s)), "b1 is None"),
        (lambda s: train_xor(s, restarts=1), "Hint: training got stuck on a plateau"),
        (
            lambda s: train_xor(s, hidden=sigmoid, slope=lambda H: H * (1 - H), lr=4.0, steps=3000),
            "fit XOR with a sigmoid hidden layer",
        ),
        (lambda s: train_xor(0), "Hint: different seeds gave identical weights"),
        (lambda s: train_xor(s, sign=-1.0, restarts=1), "confidently wrong"),
        (lambda s: tuple(a.T for a in train_xor(s)), "Hint: use the row-vector convention"),
        (lambda s: train_xor(s)[:3], "Hint: return the trained parameters as a tuple"),
        (
            lambda s: tuple(a.tolist() if a.ndim == 1 else a for a in train_xor(s)),
            "b1 is a list. Hint: return the trained parameters as a tuple",
        ),
        (lambda: train_xor(0), "raised TypeError"),
    ],
)
def test_train_xor_rejects_mistakes_with_specific_hints(candidate, expected, capsys):
    ok, out = run(check_train_xor, candidate, capsys)
    assert ok is False
    assert out.startswith("✗ train_xor:")
    assert expected in out


def test_train_xor_notices_global_randomness(capsys):
    state = np.random.default_rng(123)

    def unseeded(seed):
        W1, b1, W2, b2 = train_xor(seed)
        return W1 + 1e-9 * state.standard_normal(W1.shape), b1, W2, b2

    ok, out = run(check_train_xor, unseeded, capsys)
    assert ok is False
    assert "Hint: the same seed gave different weights" in out


def test_train_xor_reports_warnings(capsys):
    def noisy(seed):
        np.exp(np.array([1000.0]))  # an overflow warning, as a naive sigmoid gives
        return train_xor(seed)

    ok, out = run(check_train_xor, noisy, capsys)
    assert ok is False
    assert "emitted RuntimeWarning: overflow" in out
    assert "Hint: training emitted a warning" in out
