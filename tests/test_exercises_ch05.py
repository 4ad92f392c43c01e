"""Chapter 5 checkers: softmax, logsumexp and cross-entropy accept right answers written
differently (cross-entropy: any number type and float dtype) and reject each usual mistake
with its own hint."""

import numpy as np
import pytest

from exercise_helpers import has_hint, run
from nnbook.exercises import ch05, ch05_ce, check_cross_entropy, check_logsumexp, check_softmax


def softmax_ref(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_moveaxis(z, axis=-1):
    m = np.moveaxis(z, axis, -1)
    e = np.exp(m - m.max(axis=-1, keepdims=True))
    return np.moveaxis(e / e.sum(axis=-1, keepdims=True), -1, axis)


def softmax_via_lse(z, axis=-1):
    return np.exp(z - logsumexp_ref(z, axis=axis, keepdims=True))


def logsumexp_ref(z, axis=-1, keepdims=False):
    m = np.max(z, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def logsumexp_logaddexp(z, axis=-1):
    return np.logaddexp.reduce(z, axis=axis)


@pytest.mark.parametrize("candidate", [softmax_ref, softmax_moveaxis, softmax_via_lse])
def test_softmax_accepts_right_answers(candidate, capsys):
    ok, text = run(check_softmax, candidate, capsys)
    assert ok, text
    assert text == "✓ softmax: all 11 cases pass. Well done!"


@pytest.mark.parametrize("candidate", [logsumexp_ref, logsumexp_logaddexp])
def test_logsumexp_accepts_right_answers(candidate, capsys):
    ok, text = run(check_logsumexp, candidate, capsys)
    assert ok, text
    assert text == "✓ logsumexp: all 11 cases pass. Well done!"


def naive_softmax(z, axis=-1):
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def global_max_softmax(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)


def fixed_axis_softmax(z, axis=-1):
    return softmax_ref(z, -1)


def no_keepdims_softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis))
    return e / np.sum(e, axis=axis)


def sum_all_softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e)


def in_place_softmax(z, axis=-1):
    z -= np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (naive_softmax, ch05.NO_MAX),
        (global_max_softmax, ch05.GLOBAL_MAX),
        (fixed_axis_softmax, ch05.WRONG_AXIS),
        (no_keepdims_softmax, ch05.NO_KEEPDIMS),
        (sum_all_softmax, ch05.SUM_ALL),
        (in_place_softmax, ch05.IN_PLACE),
        (lambda z, axis=-1: softmax_ref(z.astype(float), axis), ch05.FLOAT32),
        (lambda z, axis=-1: softmax_ref(z, axis).tolist(), ch05.RETURN_ARRAY),
    ],
)
def test_softmax_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_softmax, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def test_softmax_dtype_only_error_says_values_right(capsys):
    ok, text = run(check_softmax, lambda z, axis=-1: softmax_ref(z.astype(float), axis), capsys)
    assert not ok
    assert "values right, but the dtype is float64; expected float32" in text


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (lambda z, axis=-1: np.log(np.sum(np.exp(z), axis=axis)), ch05.NO_MAX),
        (lambda z, axis=-1: logsumexp_ref(z, axis) - np.max(z, axis=axis), ch05.ADD_MAX_BACK),
        (lambda z, axis=-1: logsumexp_ref(z, axis, keepdims=True), ch05.KEEPDIMS_OUT),
        (lambda z, axis=-1: logsumexp_ref(z, -1), ch05.WRONG_AXIS),
        (
            lambda z, axis=-1: np.max(z) + np.log(np.sum(np.exp(z - np.max(z)), axis=axis)),
            ch05.GLOBAL_MAX,
        ),
        (lambda z, axis=-1: logsumexp_ref(z.astype(float), axis), ch05.FLOAT32),
    ],
)
def test_logsumexp_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_logsumexp, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def ce_ref(logits, labels):
    n = logits.shape[0]
    lp = logits - logsumexp_ref(logits, axis=1, keepdims=True)
    return -np.mean(lp[np.arange(n), labels])


def ce_python_float(logits, labels):
    return float(ce_ref(np.asarray(logits, dtype=np.float64), labels))


def ce_zero_d_array(logits, labels):
    return np.array(ce_ref(logits, labels))


def ce_take_along(logits, labels):
    lse = logsumexp_ref(logits, axis=1)
    return np.mean(lse - np.take_along_axis(logits, labels[:, None], axis=1)[:, 0])


def ce_one_hot(logits, labels):
    onehot = np.eye(logits.shape[1])[labels]
    return -np.sum(onehot * (logits - logsumexp_ref(logits, axis=1, keepdims=True))) / len(labels)


@pytest.mark.parametrize(
    "candidate", [ce_ref, ce_python_float, ce_zero_d_array, ce_take_along, ce_one_hot]
)
def test_cross_entropy_accepts_any_number_and_dtype(candidate, capsys):
    ok, text = run(check_cross_entropy, candidate, capsys)
    assert ok, text
    assert text == "✓ cross_entropy: all 7 cases pass. Well done!"


def _rows(logp, labels):
    return logp[np.arange(len(labels)), labels]


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (
            lambda logits, labels: -np.mean(np.log(_rows(softmax_ref(logits, 1), labels))),
            ch05.LOG_OF_SOFTMAX,
        ),
        (lambda logits, labels: ce_ref(logits, labels) * len(labels), ch05.SUM_NOT_MEAN),
        (lambda logits, labels: -ce_ref(logits, labels), ch05.WRONG_SIGN),
        (
            lambda logits, labels: -np.mean((logits - logsumexp_ref(logits, 1, True))[:, labels]),
            ch05.WRONG_INDEX,
        ),
        (lambda logits, labels: ce_ref(softmax_ref(logits, 1), labels), ch05.DOUBLE_SOFTMAX),
        (
            lambda logits, labels: (
                -np.mean(_rows(logits - np.log(np.sum(np.exp(logits), 1, keepdims=True)), labels))
            ),
            "no max-subtraction",
        ),
        (
            lambda logits, labels: -np.mean(_rows(logits - logsumexp_ref(logits, 0, True), labels)),
            ch05_ce.CE_WRONG_AXIS,
        ),
    ],
)
def test_cross_entropy_rejects_mistakes_with_their_hint(candidate, hint, capsys):
    ok, text = run(check_cross_entropy, candidate, capsys)
    assert not ok
    assert has_hint(text, hint), text


def test_cross_entropy_nnbook_log_softmax_is_unavailable(capsys):
    from nnbook.softmax import log_softmax

    ok, text = run(
        check_cross_entropy,
        lambda logits, labels: -np.mean(_rows(log_softmax(logits), labels)),
        capsys,
    )
    assert not ok
    assert "called nnbook.softmax.log_softmax, which this exercise does not allow" in text


def test_underflow_to_a_right_zero_is_not_an_error(capsys):
    """exp(-1000) = 0 underflows; NumPy is silent about it and so is the checker."""

    def strict_underflow(z, axis=-1):
        with np.errstate(under="warn"):
            return softmax_ref(z, axis)

    ok, text = run(check_softmax, strict_underflow, capsys)
    assert ok, text
