"""Chapter 4 checkers: he_init (statistics on fresh seeds, the rng only) and the chain factor
(any kind of number accepted; each mistake with its own hint)."""

import math
from fractions import Fraction

import numpy as np
import pytest

from exercise_helpers import has_hint, run
from nnbook.exercises import check_he_init, check_sigmoid_chain_factor


@pytest.mark.parametrize(
    "candidate",
    [
        lambda n_in, n_out, rng: rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out)),
        lambda n_in, n_out, rng: rng.standard_normal((n_in, n_out)) * math.sqrt(2 / n_in),
        lambda n_in, n_out, rng: (
            np.sqrt(2 / n_in) * rng.normal(size=(n_in, n_out)).astype(np.float32)
        ),
    ],
)
def test_he_init_accepts_right_answers(candidate, capsys):
    ok, text = run(check_he_init, candidate, capsys)
    assert ok, text
    assert text == "✓ he_init: all 7 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (
            lambda n_in, n_out, rng: rng.normal(0, np.sqrt(1 / n_in), (n_in, n_out)),
            "LeCun's variance 1/n_in",
        ),
        (
            lambda n_in, n_out, rng: rng.normal(0, np.sqrt(2 / (n_in + n_out)), (n_in, n_out)),
            "Glorot/Xavier",
        ),
        (
            lambda n_in, n_out, rng: rng.normal(0, np.sqrt(2 / n_out), (n_in, n_out)),
            "the variance is 2/n_out",
        ),
        (
            lambda n_in, n_out, rng: rng.normal(0, 2 / n_in, (n_in, n_out)),
            "used as the standard deviation",
        ),
        (lambda n_in, n_out, rng: rng.normal(0, 1, (n_in, n_out)), "N(0, 1) weights"),
        (
            lambda n_in, n_out, rng: rng.normal(0, np.sqrt(2 / n_in), (n_out, n_in)),
            "W is transposed",
        ),
        (
            lambda n_in, n_out, rng: rng.uniform(-1, 1, (n_in, n_out)) * np.sqrt(6 / n_in),
            "He's uniform variant",
        ),
        (
            lambda n_in, n_out, rng: np.random.default_rng(0).normal(
                0, np.sqrt(2 / n_in), (n_in, n_out)
            ),
            "the rng argument is ignored",
        ),
        (
            lambda n_in, n_out, rng: np.random.normal(0, np.sqrt(2 / n_in), (n_in, n_out)),  # noqa: NPY002
            "different weights",
        ),
        (
            lambda n_in, n_out, rng: 0.1 + rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out)),
            "centre the distribution at 0",
        ),
        (
            lambda n_in, n_out, rng: rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out)).tolist(),
            "return a NumPy array",
        ),
    ],
)
def test_he_init_rejects_mistakes_with_their_hint(candidate, expected, capsys):
    ok, text = run(check_he_init, candidate, capsys)
    assert not ok
    assert expected in text, text


def test_he_init_weights_stored_from_an_earlier_run_fail(capsys):
    store = {}

    def memorised(n_in, n_out, rng):
        if (n_in, n_out) not in store:
            store[n_in, n_out] = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
        return store[n_in, n_out].copy()

    ok, text = run(check_he_init, memorised, capsys)
    assert not ok
    assert "gave identical weights" in text


@pytest.mark.parametrize(
    "candidate",
    [
        lambda L: 0.25**L,
        lambda L: np.float32(0.25) ** L if L < 40 else 0.25**L,
        lambda L: np.array(0.25**L),
        lambda L: float(Fraction(1, 4) ** L),
        lambda L: Fraction(1, 4) ** L,
        lambda L: math.prod([0.25] * L),
        lambda L: np.exp(L * np.log(0.25)),
        lambda L: 1 / 4**L,
    ],
)
def test_chain_factor_accepts_any_kind_of_number(candidate, capsys):
    ok, text = run(check_sigmoid_chain_factor, candidate, capsys)
    assert ok, text
    assert text == "✓ sigmoid_chain_factor: all 8 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (lambda L: 0.5**L, "0.5 is σ(0)"),
        (lambda L: 0.25 * L, "not L/4"),
        (lambda L: 0.25 ** (L - 1), "L layers, L factors"),
        (lambda L: 0.25 ** (L + 1), "L layers, L factors"),
        (lambda L: 1.0, "1 is the best case of tanh′"),
        (lambda L: [0.25**L], "return a single number"),
        (lambda L: str(0.25**L), "return a single number"),
        (lambda L: 0.2**L, "each sigmoid layer multiplies the gradient by σ′(z) ≤ σ′(0) = 1/4"),
    ],
)
def test_chain_factor_rejects_mistakes_with_their_hint(candidate, expected, capsys):
    ok, text = run(check_sigmoid_chain_factor, candidate, capsys)
    assert not ok
    assert "Hint: " in text
    assert expected in text, text


def test_chain_factor_hint_skipped_where_the_mistake_coincides(capsys):
    """L/4 and (1/4)^L agree at L = 1: the hint for L/4 is not given on that case."""
    ok, text = run(check_sigmoid_chain_factor, lambda L: 0.25 * L, capsys)
    assert not ok
    assert "L = 1:" not in text
    assert has_hint(text, "the chain rule multiplies the factors of the layers")
