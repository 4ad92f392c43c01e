"""The chapter-4 checkers accept the reference, reject each usual mistake with its own hint,
and never raise, whatever the candidate does."""

import warnings

import numpy as np
import pytest

from nnbook.exercises import check_he_init, check_sigmoid_chain_factor
from nnbook.exercises._core import WIDTH
from nnbook.nn import init_weights


def run(check, *args, capsys):
    """Call a checker; return its verdict and its printed feedback with line wrapping undone."""
    result = check(*args)
    return result, " ".join(capsys.readouterr().out.split())


# ------------------------------------------------------------------ check_he_init


def he_reference(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def he_standard_normal(n_in, n_out, rng):
    return rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in)


def he_float32(n_in, n_out, rng):
    return he_reference(n_in, n_out, rng).astype(np.float32)


@pytest.mark.parametrize(
    "candidate",
    [
        he_reference,
        he_standard_normal,
        he_float32,
        lambda n_in, n_out, rng: init_weights(n_in, n_out, "he", rng),
    ],
)
def test_he_init_accepts_correct_answers(candidate, capsys):
    ok, out = run(check_he_init, candidate, capsys=capsys)
    assert ok is True
    assert out.startswith("✓ he_init: all 7 cases pass")


def _scaled(std):
    return lambda n_in, n_out, rng: rng.normal(0.0, std(n_in, n_out), size=(n_in, n_out))


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (_scaled(lambda i, o: np.sqrt(1 / i)), "this is LeCun's variance 1/n_in"),
        (_scaled(lambda i, o: np.sqrt(2 / (i + o))), "this is Glorot/Xavier's variance"),
        (_scaled(lambda i, o: np.sqrt(2 / o)), "the variance is 2/n_out"),
        (_scaled(lambda i, o: 2 / i), "2/n_in was used as the standard deviation"),
        (_scaled(lambda i, o: (2 / i) ** 0.25), "a square root taken twice"),
        (_scaled(lambda i, o: 1.0), "these are N(0, 1) weights"),
        (_scaled(lambda i, o: np.sqrt(3 / i)), "the variance of the weights should be 2/n_in"),
        (
            lambda i, o, rng: rng.uniform(-np.sqrt(6 / i), np.sqrt(6 / i), size=(i, o)),
            "this exercise asks for the normal one",
        ),
        (
            lambda i, o, rng: (
                np.abs(rng.normal(0, np.sqrt(2 / i), size=(i, o))) * 0.6 + 0.02 * np.sqrt(2 / i)
            ),
            "expected variance 2/n_in",
        ),
        (
            lambda i, o, rng: rng.normal(0.05 * np.sqrt(2 / i), np.sqrt(2 / i), size=(i, o)),
            "centre the distribution at 0",
        ),
        (
            lambda i, o, rng: np.random.default_rng().normal(0, np.sqrt(2 / i), size=(i, o)),
            "draw with the rng argument",
        ),
        (
            lambda i, o, rng: np.random.default_rng(0).normal(0, np.sqrt(2 / i), size=(i, o)),
            "the rng argument is ignored",
        ),
        (lambda i, o, rng: he_reference(o, i, rng), "W is transposed"),
        (lambda i, o, rng: he_reference(i, o, rng).ravel(), "W must have shape (n_in, n_out)"),
        (lambda i, o, rng: he_reference(i, o, rng).tolist(), "return a NumPy array"),
        (lambda i, o, rng: None, "did you forget `return`?"),
        (lambda i, o, rng: np.zeros((i, o), dtype=int), "W has dtype int64"),
        (lambda i, o, rng: he_reference(i, o, rng) / 0.0, "emitted RuntimeWarning"),
        (lambda i, o, rng: rng.normal(size=(i, o), scale=-1.0), "raised ValueError"),
        (lambda i, o: np.zeros((i, o)), "raised TypeError"),
    ],
)
def test_he_init_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_he_init, candidate, capsys=capsys)
    assert ok is False
    assert out.startswith("✗ he_init:")
    assert hint in out


def test_he_init_nan_weights_are_reported(capsys):
    def nan_weights(n_in, n_out, rng):
        W = he_reference(n_in, n_out, rng)
        W[0, 0] = np.nan
        return W

    ok, out = run(check_he_init, nan_weights, capsys=capsys)
    assert ok is False and "W contains nan or inf" in out


def test_he_init_stub_warnings_and_non_callables(capsys):
    def stub(n_in, n_out, rng):
        raise NotImplementedError

    ok, out = run(check_he_init, stub, capsys=capsys)
    assert ok is False and "not implemented yet" in out

    def noisy(n_in, n_out, rng):
        warnings.warn("careful", UserWarning, stacklevel=1)
        return he_reference(n_in, n_out, rng)

    ok, out = run(check_he_init, noisy, capsys=capsys)
    assert ok is False and "emitted UserWarning: careful" in out
    ok, out = run(check_he_init, "he", capsys=capsys)
    assert ok is False and "expected a function, got str" in out


def test_he_init_feedback_is_wrapped(capsys):
    check_he_init(_scaled(lambda i, o: np.sqrt(1 / i)))
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH


@pytest.mark.parametrize("seed", range(20))
def test_he_init_tolerance_does_not_reject_correct_answers_by_chance(seed, capsys):
    """The variance tolerance is 5 standard errors; the reference passes for any seed
    offset (each draws different weights)."""

    def shifted(n_in, n_out, rng):
        local = np.random.default_rng(rng.integers(1 << 30) + seed)
        return local.normal(0.0, np.sqrt(2 / n_in), size=(n_in, n_out))

    ok, out = run(check_he_init, shifted, capsys=capsys)
    assert ok is True, out


# ------------------------------------------------------------------ check_sigmoid_chain_factor


def test_chain_factor_accepts_the_reference_and_equivalent_forms(capsys):
    for candidate in [
        lambda L: 0.25**L,
        lambda L: 4.0 ** (-L),
        lambda L: float(np.prod(np.full(L, 0.25))),
        lambda L: np.float64(0.25) ** L,
    ]:
        ok, out = run(check_sigmoid_chain_factor, candidate, capsys=capsys)
        assert ok is True
        assert out.startswith("✓ sigmoid_chain_factor: all 8 cases pass")


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (lambda L: 0.5**L, "0.5 is σ(0)"),
        (lambda L: 0.25 * L, "not L/4"),
        (lambda L: 0.25 ** (L - 1), "L layers, L factors"),
        (lambda L: 0.25 ** (L + 1), "L layers, L factors"),
        (lambda L: 1.0, "1 is the best case of tanh′"),
        (lambda L: 0.2**L, "the best case over L layers is (1/4)^L"),
        (lambda L: [0.25**L], "return a single number"),
        (lambda L: None, "return a single number"),
        (lambda L: "0.25", "return a single number"),
        (lambda L: np.full(2, 0.25**L), "return a single number"),
        (lambda L: 0.25**L / (L - L), "raised ZeroDivisionError"),
    ],
)
def test_chain_factor_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_sigmoid_chain_factor, candidate, capsys=capsys)
    assert ok is False
    assert out.startswith("✗ sigmoid_chain_factor:")
    assert hint in out


def test_chain_factor_stub(capsys):
    def stub(L):
        raise NotImplementedError

    ok, out = run(check_sigmoid_chain_factor, stub, capsys=capsys)
    assert ok is False and "not implemented yet" in out
