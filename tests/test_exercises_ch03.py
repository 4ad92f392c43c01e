"""Chapter 3 checkers: collapse and bump accept right answers written differently and reject
each usual mistake with its own hint (soft and narrow bumps included)."""

import functools

import numpy as np
import pytest

from exercise_helpers import has_hint, run
from nnbook.activations import sigmoid
from nnbook.exercises import ch03, ch03_bump, check_bump, check_collapse


def collapse_loop(Ws, bs):
    W, b = Ws[0], bs[0]
    for W_next, b_next in zip(Ws[1:], bs[1:], strict=True):
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def collapse_reduce(Ws, bs):
    W = functools.reduce(np.matmul, Ws)
    b = functools.reduce(
        lambda acc, pair: acc @ pair[0] + pair[1], zip(Ws[1:], bs[1:], strict=True), bs[0]
    )
    return W, b


def collapse_affine_trick(Ws, bs):
    """Augmented matrices [[W, 0], [b, 1]] multiplied together."""
    dtype = Ws[0].dtype
    M = None
    for W, b in zip(Ws, bs, strict=True):
        A = np.zeros((W.shape[0] + 1, W.shape[1] + 1), dtype=dtype)
        A[:-1, :-1], A[-1, :-1], A[-1, -1] = W, b, 1
        M = A if M is None else M @ A
    return M[:-1, :-1], M[-1, :-1]


@pytest.mark.parametrize("candidate", [collapse_loop, collapse_reduce, collapse_affine_trick])
def test_collapse_accepts_right_answers(candidate, capsys):
    ok, text = run(check_collapse, candidate, capsys)
    assert ok, text
    assert text == "✓ collapse: all 8 cases pass. Well done!"


def _with_b(make_b):
    return lambda Ws, bs: (functools.reduce(np.matmul, Ws), make_b(Ws, bs))


def _clears_after(Ws, bs):
    W, b = collapse_loop(Ws, bs)
    bs.clear()  # the caller's list is emptied
    return W, b


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (
            lambda Ws, bs: (functools.reduce(np.matmul, Ws[::-1]), collapse_loop(Ws, bs)[1]),
            ch03.ORDER,
        ),
        (
            lambda Ws, bs: (functools.reduce(np.matmul, Ws).T, collapse_loop(Ws, bs)[1]),
            ch03.TRANSPOSE,
        ),
        (_with_b(lambda Ws, bs: bs[-1]), ch03.LAST_BIAS),
        (_with_b(lambda Ws, bs: sum(bs[1:], start=bs[0])), ch03.SUM_BIASES),
        (
            _with_b(
                lambda Ws, bs: bs[0] @ functools.reduce(np.matmul, Ws[1:]) if len(Ws) > 1 else bs[0]
            ),
            ch03.FIRST_ONLY,
        ),
        (lambda Ws, bs: (lambda W, b: (W, b[None, :]))(*collapse_loop(Ws, bs)), ch03.BIAS_SHAPE),
        (lambda Ws, bs: tuple(a.astype(np.float64) for a in collapse_loop(Ws, bs)), ch03.FLOAT32),
        (lambda Ws, bs: [a.tolist() for a in collapse_loop(Ws, bs)], ch03.RETURN_PAIR),
        (_clears_after, ch03.MUTATES),
    ],
)
def test_collapse_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_collapse, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def test_collapse_dtype_message_is_a_dtype_message(capsys):
    ok, text = run(
        check_collapse, lambda Ws, bs: tuple(a.astype(float) for a in collapse_loop(Ws, bs)), capsys
    )
    assert not ok
    assert "values right, but the dtype of W is float64; expected float32" in text
    assert "1 of 11 cases failed" in text


def test_collapse_random_stacks_show_their_values(capsys):
    """A failure on a fresh random stack prints the matrices, so the learner can redo it."""
    ok, text = run(
        check_collapse,
        lambda Ws, bs: collapse_loop(Ws, bs) if len(Ws) != 2 else (Ws[0], bs[0]),
        capsys,
    )
    assert not ok
    assert "collapse(Ws=[" in text or "Ws with shapes" in text


def bump_ref(x, left, right, height=1.0, steepness=50.0):
    return height * (sigmoid(steepness * (x - left)) - sigmoid(steepness * (x - right)))


def bump_tanh(x, left, right, height=1.0, steepness=50.0):
    # σ(a) − σ(b) = (tanh(a/2) − tanh(b/2)) / 2
    return height * (np.tanh(steepness * (x - left) / 2) - np.tanh(steepness * (x - right) / 2)) / 2


@pytest.mark.parametrize("candidate", [bump_ref, bump_tanh])
def test_bump_accepts_right_answers(candidate, capsys):
    ok, text = run(check_bump, candidate, capsys)
    assert ok, text
    assert text == "✓ bump: all 9 cases pass. Well done!"


def naive_sig(z):
    return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (
            lambda x, left, right, height=1.0, steepness=50.0: (
                height * sigmoid(steepness * (x - left)) * sigmoid(-steepness * (x - right))
            ),
            ch03_bump.PRODUCT,
        ),
        (
            lambda x, left, right, height=1.0, steepness=50.0: (
                height * (sigmoid(steepness * (x - right)) - sigmoid(steepness * (x - left)))
            ),
            ch03_bump.SWAPPED,
        ),
        (
            lambda x, left, right, height=1.0, steepness=50.0: (
                height * (sigmoid(steepness * (x - left)) + sigmoid(steepness * (x - right)))
            ),
            ch03_bump.ADDED,
        ),
        (
            lambda x, left, right, height=1.0, steepness=50.0: (
                height * (sigmoid(x - left) - sigmoid(x - right))
            ),
            ch03_bump.NO_STEEPNESS,
        ),
        (
            lambda x, left, right, height=1.0, steepness=50.0: (
                height * (sigmoid(steepness * x - left) - sigmoid(steepness * x - right))
            ),
            ch03_bump.STEEP_X_ONLY,
        ),
        (
            lambda x, left, right, height=1.0, steepness=50.0: (
                height * sigmoid(steepness * (x - left)) - sigmoid(steepness * (x - right))
            ),
            ch03_bump.HEIGHT_ONE,
        ),
        (
            lambda x, left, right, height=1.0, steepness=50.0: (
                height * (naive_sig(steepness * (x - left)) - naive_sig(steepness * (x - right)))
            ),
            ch03_bump.OVERFLOW,
        ),
        (
            lambda x, left, right, height=1.0, steepness=10.0: bump_ref(
                x, left, right, height, steepness
            ),
            ch03_bump.DEFAULTS,
        ),
        (
            lambda x, left, right, height=1.0, steepness=50.0: bump_ref(
                np.asarray(x, float), left, right, height, steepness
            ),
            ch03_bump.DTYPE,
        ),
        (
            lambda x, left, right, height=1.0, steepness=50.0: np.ravel(
                bump_ref(x, left, right, height, steepness)
            ),
            ch03_bump.SHAPE,
        ),
    ],
)
def test_bump_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_bump, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def test_bump_parameter_names_matter_because_they_are_passed_by_keyword(capsys):
    ok, text = run(check_bump, lambda x, a, b, h=1.0, s=50.0: bump_ref(x, a, b, h, s), capsys)
    assert not ok
    assert "bump(x, left, right, height=1.0, steepness=50.0)" in text


def test_bump_in_place_is_refused(capsys):
    def in_place(x, left, right, height=1.0, steepness=50.0):
        y = bump_ref(x, left, right, height, steepness)
        if isinstance(x, np.ndarray):
            x *= 0
        return y

    ok, text = run(check_bump, in_place, capsys)
    assert not ok
    assert "changed its input" in text
