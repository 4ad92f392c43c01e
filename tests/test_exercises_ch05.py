"""The chapter-5 checkers accept correct answers, reject each usual mistake with the hint
for that mistake, and never raise, whatever the candidate does."""

import warnings

import numpy as np
import pytest
import scipy.special as sp

from nnbook import softmax as nnsoftmax
from nnbook.exercises import check_cross_entropy, check_logsumexp, check_softmax
from nnbook.exercises._core import WIDTH
from nnbook.losses import cross_entropy


def run(check, candidate, capsys):
    """Call a checker; return its verdict and its printed feedback with line wrapping undone."""
    result = check(candidate)
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    return result, " ".join(out.split())


# ----------------------------------------------------------------------------- softmax


def ref_softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


@pytest.mark.parametrize(
    "candidate",
    [
        ref_softmax,
        nnsoftmax.softmax,
        lambda z, axis=-1: sp.softmax(z, axis=axis),
        lambda z, axis=-1: np.exp(nnsoftmax.log_softmax(z, axis)),
    ],
)
def test_softmax_accepts_correct_answers(candidate, capsys):
    ok, out = run(check_softmax, candidate, capsys)
    assert ok is True
    assert out == "✓ softmax: all 11 cases pass. Well done!"


def _naive(z, axis=-1):
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def _global_max(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)


def _no_keepdims(z, axis=-1):
    e = np.exp(z - z.max(axis=axis))
    return e / e.sum(axis=axis)


def _axis0(z, axis=-1):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def _ignores_axis(z, axis=-1):
    return ref_softmax(z)


def _sum_all(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / e.sum()


def _in_place(z, axis=-1):
    z -= np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def _float64(z, axis=-1):
    return ref_softmax(np.asarray(z, dtype=np.float64), axis)


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (_naive, "Hint: no max-subtraction"),
        (_global_max, "Hint: a global max instead of a per-row max"),
        (_no_keepdims, "Hint: missing keepdims"),
        (_axis0, "Hint: the wrong axis"),
        (_ignores_axis, "Hint: the wrong axis"),
        (_sum_all, "Hint: the sum runs over the whole array"),
        (_in_place, "changed its input. Hint: it changed its input in place"),
        (_float64, "returned dtype float64, expected float32. Hint: keep the dtype"),
        (lambda z, axis=-1: ref_softmax(z, axis).tolist(), "return the result as a NumPy"),
        (lambda z, axis=-1: None, "returned None"),
        (lambda z, axis=-1: ref_softmax(z, axis)[..., 0], "Hint: softmax returns an array of"),
        (lambda z, axis=-1: np.exp(z), "check the formula exp(z_i) / Σ exp(z_j)"),
        (lambda z: ref_softmax(z), "raised TypeError"),
    ],
)
def test_softmax_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_softmax, candidate, capsys)
    assert ok is False
    assert out.startswith("✗ softmax:")
    assert hint in out


def test_softmax_names_the_failing_case(capsys):
    _, out = run(check_softmax, _global_max, capsys)
    assert "a batch whose rows have different scales: softmax([[1000, 999, 998], [1, 2, 3]])" in out
    assert "emitted RuntimeWarning: invalid value encountered in divide" in out
    _, out = run(check_softmax, _naive, capsys)
    assert "large logits: softmax([900, 1000, 1000]) emitted RuntimeWarning: overflow" in out
    _, out = run(check_softmax, _axis0, capsys)
    assert "axis=0" not in out.split("✗")[1][:5]  # the first failure is a default-axis batch


def test_softmax_reports_a_big_wrong_array_by_its_first_wrong_entry(capsys):
    _, out = run(check_softmax, _ignores_axis, capsys)
    assert "axis=1 of a 3-D array: softmax(an array of shape (2, 3, 4), 1):" in out
    assert "of 24 entries are wrong; at index (0, 0, 0) expected" in out


def test_softmax_stub_and_non_callables(capsys):
    def stub(z, axis=-1):
        raise NotImplementedError  # your code here

    ok, out = run(check_softmax, stub, capsys)
    assert ok is False and "softmax: not implemented yet" in out
    ok, out = run(check_softmax, np.ones(3), capsys)
    assert ok is False and "expected a function, got ndarray" in out


def test_softmax_reports_warnings_even_with_right_numbers(capsys):
    def noisy(z, axis=-1):
        warnings.warn("careful", UserWarning, stacklevel=1)
        return ref_softmax(z, axis)

    ok, out = run(check_softmax, noisy, capsys)
    assert ok is False and "emitted UserWarning: careful" in out


# ----------------------------------------------------------------------------- logsumexp


def ref_logsumexp(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(z - m), axis=axis))


@pytest.mark.parametrize(
    "candidate",
    [
        ref_logsumexp,
        nnsoftmax.logsumexp,
        lambda z, axis=-1: sp.logsumexp(z, axis=axis),
        lambda z, axis=-1: (
            np.max(z, axis=axis)
            + np.log(np.sum(np.exp(z - np.max(z, axis=axis, keepdims=True)), axis=axis))
        ),
    ],
)
def test_logsumexp_accepts_correct_answers(candidate, capsys):
    ok, out = run(check_logsumexp, candidate, capsys)
    assert ok is True
    assert out == "✓ logsumexp: all 11 cases pass. Well done!"


def _lse_naive(z, axis=-1):
    return np.log(np.sum(np.exp(z), axis=axis))


def _lse_no_add_back(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(z - m), axis=axis))


def _lse_global_max(z, axis=-1):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m), axis=axis))


def _lse_keepdims_out(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))


def _lse_no_keepdims(z, axis=-1):
    m = np.max(z, axis=axis)
    return m + np.log(np.sum(np.exp(z - m), axis=axis))


def _lse_axis0(z, axis=-1):
    return ref_logsumexp(z, 0)


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (_lse_naive, "Hint: no max-subtraction"),
        (_lse_no_add_back, "Hint: forgetting to add the max back"),
        (_lse_global_max, "Hint: a global max instead of a per-row max"),
        (_lse_keepdims_out, "returned shape (1,), expected shape (). Hint: logsumexp returns"),
        (_lse_no_keepdims, "Hint: missing keepdims"),
        (_lse_axis0, "Hint: the wrong axis"),
        (lambda z, axis=-1: float(ref_logsumexp(z, axis)), "raised TypeError"),
        (lambda z, axis=-1: ref_logsumexp(z, axis).tolist(), "return the result as a NumPy"),
        (
            lambda z, axis=-1: ref_logsumexp(np.float64(z), axis),
            "returned dtype float64, expected float32",
        ),
    ],
)
def test_logsumexp_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_logsumexp, candidate, capsys)
    assert ok is False
    assert out.startswith("✗ logsumexp:")
    assert hint in out


def test_logsumexp_names_what_came_back(capsys):
    _, out = run(check_logsumexp, _lse_no_add_back, capsys)
    assert "large logits: logsumexp([900, 1000, 1000]): expected 1000.69, got 0.693147." in out
    _, out = run(check_logsumexp, _lse_naive, capsys)
    assert "very negative logits: logsumexp([-1000, -1000, -1001]) emitted" in out
    assert "divide by zero encountered in log; it returned -inf" in out


# ----------------------------------------------------------------------------- cross-entropy


def ref_cross_entropy(logits, labels):
    m = np.max(logits, axis=1, keepdims=True)
    logp = logits - m - np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))
    return -np.mean(logp[np.arange(len(labels)), labels])


@pytest.mark.parametrize(
    "candidate",
    [
        ref_cross_entropy,
        cross_entropy,
        lambda z, y: np.mean(sp.logsumexp(z, axis=1) - z[np.arange(len(y)), y]),
        lambda z, y: -np.mean(sp.log_softmax(z, axis=1)[np.arange(len(y)), y]),
    ],
)
def test_cross_entropy_accepts_correct_answers(candidate, capsys):
    ok, out = run(check_cross_entropy, candidate, capsys)
    assert ok is True
    assert out == "✓ cross_entropy: all 7 cases pass. Well done!"


def _rows(logp, y):
    return logp[np.arange(len(y)), y]


def _ce_log_of_softmax(z, y):
    return -np.mean(np.log(_rows(ref_softmax(z), y)))


def _ce_naive(z, y):
    return -np.mean(_rows(z - np.log(np.sum(np.exp(z), axis=1, keepdims=True)), y))


def _ce_global_max(z, y):
    m = np.max(z)
    return -np.mean(_rows(z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True)), y))


def _ce_sum(z, y):
    return len(y) * ref_cross_entropy(z, y)


def _ce_mean_all(z, y):
    return ref_cross_entropy(z, y) / z.shape[1]


def _ce_double_softmax(z, y):
    return ref_cross_entropy(ref_softmax(z), y)


def _ce_wrong_index(z, y):
    return -np.mean(nnsoftmax.log_softmax(z)[:, y])


def _ce_no_keepdims(z, y):
    m = np.max(z, axis=1)
    return -np.mean(_rows(z - m - np.log(np.sum(np.exp(z - m), axis=1)), y))


def _ce_axis0(z, y):
    return -np.mean(_rows(nnsoftmax.log_softmax(z, axis=0), y))


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (_ce_log_of_softmax, "Hint: log(softmax(z)) underflows"),
        (_ce_naive, "Hint: no max-subtraction"),
        (_ce_global_max, "Hint: a global max instead of a per-row max"),
        (_ce_sum, "Hint: sum instead of mean"),
        (_ce_mean_all, "Hint: the mean runs over all n·k entries"),
        (lambda z, y: -ref_cross_entropy(z, y), "Hint: the wrong sign"),
        (_ce_wrong_index, "Hint: pick each sample's own label"),
        (_ce_double_softmax, "Hint: softmax applied twice"),
        (_ce_no_keepdims, "Hint: missing keepdims"),
        (_ce_axis0, "Hint: the wrong axis: each sample's softmax runs over its own row"),
        (lambda z, y: float(ref_cross_entropy(z, y)), "Hint: keep the dtype"),
        (lambda z, y: None, "returned None"),
        (lambda z, y: z[0, y], "expected shape (). Hint: cross-entropy returns one number"),
        (lambda z, y: z[y, y, y], "raised IndexError"),
    ],
)
def test_cross_entropy_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_cross_entropy, candidate, capsys)
    assert ok is False
    assert out.startswith("✗ cross_entropy:")
    assert hint in out


def test_cross_entropy_hints_talk_about_rows_not_an_axis_argument(capsys):
    _, out = run(check_cross_entropy, _ce_naive, capsys)
    assert "np.max(z, axis=1, keepdims=True)" in out and "axis=axis" not in out


def test_cross_entropy_stub(capsys):
    def stub(logits, labels):
        raise NotImplementedError

    ok, out = run(check_cross_entropy, stub, capsys)
    assert ok is False and "cross_entropy: not implemented yet" in out


def test_checkers_let_interpreter_exits_through(capsys):
    def exits(*args):
        raise SystemExit(1)

    for check in (check_softmax, check_logsumexp, check_cross_entropy):
        with pytest.raises(SystemExit):
            check(exits)
