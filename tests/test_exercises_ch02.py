"""The chapter-2 checkers accept reference solutions, reject each usual mistake with its own
hint, and never raise, whatever the candidate does."""

import warnings

import numpy as np
import pytest

from nnbook.activations import leaky_relu, sigmoid, sigmoid_grad
from nnbook.exercises import check_leaky_relu, check_sigmoid, check_sigmoid_grad
from nnbook.exercises._core import WIDTH


def run(check, candidate, capsys):
    """Call a checker; return its verdict and its printed feedback with line wrapping undone."""
    result = check(candidate)
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    return result, " ".join(out.split())


def stub(*args, **kwargs):
    raise NotImplementedError


# ------------------------------------------------------------------ check_sigmoid


def stable_where(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def stable_two_exp(x):
    return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))


def naive(x):
    return 1 / (1 + np.exp(-x))


def where_both_branches(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


def naive_silenced(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def exp_over_one_plus_exp(x):
    return np.exp(x) / (1 + np.exp(x))


def sign_flipped(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, e / (1 + e), 1 / (1 + e))


def forces_float64(x):
    return stable_where(np.asarray(x, dtype=float))


def in_place(x):
    x *= 1.0  # harmless in value, but it writes to the caller's array
    x[...] = stable_where(x)
    return x


def uses_shape(x):
    return stable_where(x) + np.zeros(x.shape)


@pytest.mark.parametrize("candidate", [sigmoid, stable_where, stable_two_exp])
def test_sigmoid_accepts_stable_solutions(candidate, capsys):
    ok, out = run(check_sigmoid, candidate, capsys)
    assert ok is True and out == "✓ sigmoid: all 6 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (naive, "the numbers are right, but exp overflowed on the way"),
        (naive, "flushes it to 0"),
        (where_both_branches, "np.where(c, a, b) computes a and b for every element"),
        (naive_silenced, "σ(−710) ≈ 4.5e-309 is tiny but representable"),
        (exp_over_one_plus_exp, "inf / inf = nan for very positive x"),
        (sign_flipped, "the exponent's sign is flipped"),
        (forces_float64, "returned dtype float64, expected float32"),
        (in_place, "changed its input"),
        (uses_shape, "x may be a plain Python number"),
        (lambda x: None, "returned None"),
        (lambda x: [0.5], "not None, a list or a string"),
        (lambda x: stable_where(x).ravel(), "returned shape (6,), expected (2, 3)"),
        (lambda x: x.nonexistent, "raised AttributeError"),
    ],
)
def test_sigmoid_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_sigmoid, candidate, capsys)
    assert ok is False and out.startswith("✗ sigmoid:")
    assert hint in out


def test_sigmoid_overflow_hint_names_the_threshold(capsys):
    ok, out = run(check_sigmoid, exp_over_one_plus_exp, capsys)
    assert "emitted RuntimeWarning: overflow encountered in exp" in out
    assert "709.78" in out and "88.72" in out


def test_sigmoid_stub_and_non_callables(capsys):
    ok, out = run(check_sigmoid, stub, capsys)
    assert ok is False and "not implemented yet" in out
    ok, out = run(check_sigmoid, 0.5, capsys)
    assert ok is False and "expected a function, got float" in out


def test_sigmoid_reports_other_warnings(capsys):
    def noisy(x):
        warnings.warn("careful", UserWarning, stacklevel=1)
        return stable_where(x)

    ok, out = run(check_sigmoid, noisy, capsys)
    assert ok is False and "emitted UserWarning: careful" in out


def test_sigmoid_underflow_is_not_a_warning(capsys):
    # exp(-1000) underflows to 0, the right answer; NumPy is silent about it by default
    with np.errstate(under="raise"), pytest.raises(FloatingPointError, match="underflow"):
        stable_where(np.array([-1000.0]))
    ok, _ = run(check_sigmoid, stable_where, capsys)
    assert ok is True


# ------------------------------------------------------------------ check_leaky_relu


def leaky_where(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def leaky_max(x, alpha=0.01):
    return np.maximum(x, alpha * x)


@pytest.mark.parametrize("candidate", [leaky_relu, leaky_where, leaky_max])
def test_leaky_relu_accepts_correct_solutions(candidate, capsys):
    ok, out = run(check_leaky_relu, candidate, capsys)
    assert ok is True and out == "✓ leaky_relu: all 6 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (lambda x, alpha=0.01: np.where(x > 0, x, 0.01 * x), "the slope alpha was ignored"),
        (lambda x, alpha=0.01: np.where(x > 0, x, 0.001), "not a small constant such as 0.001"),
        (lambda x, alpha=0.01: np.where(x > 0, x, alpha), "not a small constant such as 0.001"),
        (lambda x, alpha=0.01: np.where(x > 0, x, -alpha * x), "must be negative"),
        (lambda x, alpha=0.01: np.maximum(x, 0), "this is the plain ReLU"),
        (lambda x, alpha=0.01: np.where(x > 0, alpha * x, x), "the branches are swapped"),
        (lambda x, alpha=0.01: x if x > 0 else alpha * x, "a Python `if`"),
        (lambda x, alpha=0.01: max(x, alpha * x), "a Python `if`"),
        (lambda x: np.where(x > 0, x, 0.01 * x), "def leaky_relu(x, alpha=0.01)"),
        (lambda x, alpha=0.01: leaky_where(x.astype(np.float64), alpha), "expected float32"),
        (lambda x, alpha=0.01: np.where(x > 0, x, alpha * x).tolist(), "not None, a list"),
    ],
)
def test_leaky_relu_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_leaky_relu, candidate, capsys)
    assert ok is False and out.startswith("✗ leaky_relu:")
    assert hint in out


def test_leaky_relu_feedback_shows_given_expected_and_got(capsys):
    ok, out = run(check_leaky_relu, lambda x, alpha=0.01: np.where(x > 0, x, 0.001), capsys)
    assert "leaky_relu([-300, -2, -0.5, 0, 0.5, 3]): at x = -300 expected -3, got 0.001" in out


def test_leaky_relu_in_place_and_stub(capsys):
    def in_place(x, alpha=0.01):
        x[x < 0] *= alpha
        return x

    ok, out = run(check_leaky_relu, in_place, capsys)
    assert ok is False and "changed its input" in out
    ok, out = run(check_leaky_relu, stub, capsys)
    assert ok is False and "not implemented yet" in out


# ------------------------------------------------------------------ check_sigmoid_grad


def grad_of_output_form(x):
    s = sigmoid(x)
    return s * (1 - s)


def grad_symmetric(x):
    return sigmoid(x) * sigmoid(-x)


@pytest.mark.parametrize("candidate", [sigmoid_grad, grad_of_output_form, grad_symmetric])
def test_sigmoid_grad_accepts_correct_solutions(candidate, capsys):
    ok, out = run(check_sigmoid_grad, candidate, capsys)
    assert ok is True and out == "✓ sigmoid_grad: all 5 cases pass. Well done!"


def test_sigmoid_grad_accepts_float32_with_a_float32_stable_sigmoid(capsys):
    def grad(x):
        s = stable_where(x)  # computed in float32 for float32 input
        return s * (1 - s)

    ok, _ = run(check_sigmoid_grad, grad, capsys)
    assert ok is True


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (lambda x: x * (1 - x), "written in terms of the *output*"),
        (lambda x: np.exp(x) / (1 + np.exp(-x)) ** 2, "the seed notes' formula"),
        (lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2, "exp overflows for large |x|"),
        (lambda x: naive(x) * (1 - naive(x)), "exp overflows for large |x|"),
        (sigmoid, "this is σ(x) itself"),
        (lambda x: sigmoid(x) * (1 + sigmoid(x)), "never negative"),
        (lambda x: sigmoid(x) * (sigmoid(x) - 1), "never negative"),
        (lambda x: grad_of_output_form(np.asarray(x, dtype=float)), "expected float32"),
        (lambda x: None, "returned None"),
    ],
)
def test_sigmoid_grad_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_sigmoid_grad, candidate, capsys)
    assert ok is False and out.startswith("✗ sigmoid_grad:")
    assert hint in out


def test_sigmoid_grad_seed_formula_hint_quotes_checked_numbers(capsys):
    ok, out = run(check_sigmoid_grad, lambda x: np.exp(x) / (1 + np.exp(-x)) ** 2, capsys)
    wrong = np.exp(1.0) / (1 + np.exp(-1.0)) ** 2
    assert f"gives {wrong:.2f}, the right one {float(sigmoid_grad(1.0)):.3f}" in out


# ------------------------------------------------------------------ never raises


@pytest.mark.parametrize("check", [check_sigmoid, check_leaky_relu, check_sigmoid_grad])
@pytest.mark.parametrize(
    "candidate",
    [
        lambda *a, **k: object(),
        lambda *a, **k: "0.5",
        lambda *a, **k: np.array(["a", "b"]),
        lambda *a, **k: 1 / 0,
        lambda *a, **k: np.full(3, np.nan),
        lambda *a, **k: np.inf,
        None,
        "sigmoid",
    ],
)
def test_checkers_never_raise(check, candidate, capsys):
    assert check(candidate) is False
    assert capsys.readouterr().out.startswith("✗")


def test_failures_are_capped_and_hints_not_repeated(capsys):
    assert check_sigmoid(lambda x: None) is False
    out = capsys.readouterr().out
    assert out.count("\n  - ") == 5 and "and 1 more" in out
    assert out.count("Hint:") == 1
