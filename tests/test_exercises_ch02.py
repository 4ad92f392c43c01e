"""Chapter 2 checkers: right answers written differently are accepted, each usual mistake is
rejected with its own hint, and dtype, warning and domain policies match the statements."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exercise_helpers import has_hint, run
from nnbook.exercises import ch02, check_leaky_relu, check_sigmoid, check_sigmoid_grad

# ------------------------------------------------------------------ sigmoid


def two_exp(x):
    return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))


def tanh_form(x):
    return 0.5 * (1 + np.tanh(np.asarray(x) / 2)) if np.ndim(x) else 0.5 * (1 + math.tanh(x / 2))


def masked(x):
    x = np.asarray(x)
    out = np.empty_like(x, dtype=np.result_type(x, np.float32))
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out if out.ndim else out[()]


@pytest.mark.parametrize("candidate", [two_exp, masked])
def test_sigmoid_accepts_right_answers_written_differently(candidate, capsys):
    ok, text = run(check_sigmoid, candidate, capsys)
    assert ok, text
    assert text == "✓ sigmoid: all 6 cases pass. Well done!"


def naive(x):
    return 1 / (1 + np.exp(-x))


def naive_silenced(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def where_both(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


def sign_flipped(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, e / (1 + e), 1 / (1 + e))


def forces_float64(x):
    return two_exp(np.asarray(x, dtype=np.float64))


def python_if(x):
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


@pytest.mark.parametrize(
    ("candidate", "expected", "hint"),
    [
        (
            naive,
            "values right, but your function emitted a warning: RuntimeWarning: overflow",
            ch02.WARNED_RIGHT,
        ),
        (naive_silenced, "expected [4.47629e-309, 1], got [0, 1]", ch02.FLUSHED),
        (where_both, "emitted a warning: RuntimeWarning: overflow", ch02.WARNED_RIGHT),
        (sign_flipped, "typical values", ch02.SIGN_FLIPPED),
        (forces_float64, "values right, but the dtype is float64; expected float32", ch02.FLOAT32),
        (python_if, "truth value of an array", ch02.PYTHON_IF),
        (lambda x: list(two_exp(np.asarray(x)).reshape(-1)), "returned", ch02.RETURN_ARRAY),
        (
            lambda x: two_exp(np.asarray(x)).reshape(-1),
            "the result has shape (6,), expected (2, 3)",
            ch02.RETURN_ARRAY,
        ),
    ],
)
def test_sigmoid_rejects_mistakes_with_their_hint(candidate, expected, hint, capsys):
    ok, text = run(check_sigmoid, candidate, capsys)
    assert not ok
    assert expected in text
    assert has_hint(text, hint), text


def test_sigmoid_hint_only_for_a_mistake_that_explains_the_value(capsys):
    """A wrong answer no known mistake produces gets the formula, not a wrong diagnosis."""
    ok, text = run(check_sigmoid, lambda x: two_exp(x) + 0.01, capsys)
    assert not ok
    for hint in (ch02.SIGN_FLIPPED, ch02.FLUSHED, ch02.OVERFLOW):
        assert not has_hint(text, hint)
    assert has_hint(text, ch02.SIGMOID_FORMULA)


@settings(max_examples=25, deadline=None)
@given(st.floats(1e-6, 1.0))
def test_sigmoid_rejects_any_relative_error_above_tolerance(rel):
    import io
    from contextlib import redirect_stdout

    with redirect_stdout(io.StringIO()):
        assert not check_sigmoid(lambda x: two_exp(x) * (1 + rel))


# ------------------------------------------------------------------ leaky ReLU


def leaky_where(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def leaky_mask(x, alpha=0.01):
    return x * np.where(x > 0, 1, alpha).astype(x.dtype)


def leaky_parts(x, alpha=0.01):
    return np.maximum(x, 0) + alpha * np.minimum(x, 0)


@pytest.mark.parametrize("candidate", [leaky_where, leaky_mask, leaky_parts])
def test_leaky_relu_accepts_right_answers_written_differently(candidate, capsys):
    ok, text = run(check_leaky_relu, candidate, capsys)
    assert ok, text
    assert text == "✓ leaky_relu: all 6 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "expected", "hint"),
    [
        (lambda x, alpha=0.01: np.maximum(x, alpha * x), "alpha=1.5", ch02.MAXIMUM),
        (lambda x, alpha=0.01: np.where(x > 0, x, 0.01 * x), "alpha = 0.2", ch02.ALPHA_IGNORED),
        (lambda x, alpha=0.01: np.where(x > 0, x, 0.001), "default alpha", ch02.CONSTANT_NEGATIVE),
        (lambda x, alpha=0.01: np.where(x > 0, x, -alpha * x), "default alpha", ch02.NEGATIVE_SIGN),
        (lambda x, alpha=0.01: np.maximum(x, 0), "default alpha", ch02.RELU_NOT_LEAKY),
        (lambda x, alpha=0.01: np.where(x > 0, alpha * x, x), "default alpha", ch02.SWAPPED),
        (lambda x, alpha=0.01: x if x > 0 else alpha * x, "truth value", ch02.PYTHON_IF),
        (
            lambda x, a=0.01: np.where(x > 0, x, a * x),
            "unexpected keyword argument 'alpha'",
            "the checker also passes the arguments by keyword, with the names the statement uses: leaky_relu(x, alpha=0.01).",
        ),
        (
            lambda x, alpha=0.01: np.where(x > 0, x, alpha * x).astype(np.float64),
            "values right, but the dtype is float64; expected float32",
            ch02.FLOAT32,
        ),
    ],
)
def test_leaky_relu_rejects_mistakes_with_their_hint(candidate, expected, hint, capsys):
    ok, text = run(check_leaky_relu, candidate, capsys)
    assert not ok
    assert expected in text, text
    assert has_hint(text, hint), text


def test_a_dtype_error_is_not_reported_as_a_value_error(capsys):
    ok, text = run(
        check_leaky_relu, lambda x, alpha=0.01: leaky_where(x.astype(float), alpha), capsys
    )
    assert not ok
    assert "values right, but the dtype is float64; expected float32" in text
    assert "expected [" not in text
    assert not has_hint(text, ch02.ALPHA_IGNORED)


# ------------------------------------------------------------------ sigmoid_grad


def grad_of_output(x):
    s = two_exp(x)
    return s * (1 - s)


def grad_two_sigmoids(x):
    return two_exp(x) * two_exp(-x)


def grad_float64(x):
    s = two_exp(np.asarray(x, dtype=np.float64))
    return s * (1 - s)


@pytest.mark.parametrize("candidate", [grad_of_output, grad_two_sigmoids, grad_float64])
def test_sigmoid_grad_accepts_right_answers_any_float_dtype(candidate, capsys):
    ok, text = run(check_sigmoid_grad, candidate, capsys)
    assert ok, text
    assert text == "✓ sigmoid_grad: all 5 cases pass. Well done!"


def test_sigmoid_grad_may_use_nnbook_sigmoid(capsys):
    from nnbook.activations import sigmoid

    ok, text = run(check_sigmoid_grad, lambda x: sigmoid(x) * (1 - sigmoid(x)), capsys)
    assert ok, text


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (lambda x: x * (1 - x), ch02.OF_OUTPUT),
        (lambda x: np.exp(x) / (1 + np.exp(-x)) ** 2, ch02.SEED_FORMULA),
        (two_exp, ch02.GRAD_IS_SIGMOID),
        (lambda x: two_exp(x) * (1 + two_exp(x)), ch02.GRAD_SIGN),
        (lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2, ch02.GRAD_OVERFLOW),
    ],
)
def test_sigmoid_grad_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_sigmoid_grad, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def test_seed_formula_hint_not_given_where_it_coincides_with_the_right_answer(capsys):
    """At x = 0 the seed notes' formula gives 0.25, the right answer: no hint there."""
    ok, text = run(check_sigmoid_grad, lambda x: np.exp(x) / (1 + np.exp(-x)) ** 2, capsys)
    assert not ok
    assert "x = 0, where σ′ is largest" not in text


@settings(max_examples=20, deadline=None)
@given(st.floats(-3.0, 3.0))
def test_leaky_relu_wrong_only_outside_0_1_is_caught(alpha):
    """np.maximum(x, a·x) is right only for a in [0, 1]; the checker's fresh alpha values
    and fixed probes outside that range catch it whatever alpha the learner tried."""
    import io
    from contextlib import redirect_stdout

    assume(0.0 <= alpha <= 1.0)
    with redirect_stdout(io.StringIO()):
        assert not check_leaky_relu(lambda x, alpha=alpha: np.maximum(x, alpha * x))
