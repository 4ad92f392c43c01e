"""The chapter-1 checkers accept the reference, reject each usual mistake with its own hint,
and never raise, whatever the candidate does."""

import warnings

import numpy as np
import pytest

from nnbook.exercises import check_gate_weights, check_perceptron_update, check_xnor
from nnbook.exercises._core import WIDTH
from nnbook.perceptron import perceptron_output, update_rule


def run(check, *args, capsys):
    """Call a checker; return its verdict and its printed feedback with line wrapping undone."""
    result = check(*args)
    return result, " ".join(capsys.readouterr().out.split())


# ------------------------------------------------------------------ check_perceptron_update


def _rule(predict_ge=False, sign=1, bias=True, lr_used=True, always=False):
    def update(w, b, x, target, lr):
        z = x @ w + b
        pred = int(z >= 0) if predict_ge else int(z > 0)
        err = target if always else target - pred
        step = (lr if lr_used else 1.0) * sign * err
        return w + step * x, (b + step) if bias else b

    return update


def _inplace(w, b, x, target, lr):
    err = target - int(x @ w + b > 0)
    w += lr * err * x
    return w, b + lr * err


def test_update_accepts_reference(capsys):
    ok, out = run(check_perceptron_update, update_rule, capsys=capsys)
    assert ok is True
    assert out.startswith("✓ perceptron_update: all 8 cases pass")


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (_rule(sign=-1), "sign of the error is flipped"),
        (_rule(bias=False), "bias was not updated"),
        (_rule(always=True), "although the prediction was already right"),
        (_rule(lr_used=False), "learning rate was ignored"),
        (_rule(predict_ge=True), "step(0) = 0"),
        (_inplace, "changed its input arrays in place"),
        (lambda w, b, x, t, lr: None, "return two things"),
        (lambda w, b, x, t, lr: (w, b, 0), "return two things"),
        (lambda w, b, x, t, lr: ("a", b), "new_w must be an array"),
        (lambda w, b, x, t, lr: x.undefined, "raised AttributeError"),
    ],
)
def test_update_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_perceptron_update, candidate, capsys=capsys)
    assert ok is False
    assert out.startswith("✗ perceptron_update:")
    assert hint in out


def test_update_stub_is_not_implemented_yet(capsys):
    def stub(w, b, x, target, lr):
        raise NotImplementedError

    ok, out = run(check_perceptron_update, stub, capsys=capsys)
    assert ok is False and "not implemented yet" in out


def test_update_reports_warnings_instead_of_passing(capsys):
    def noisy(w, b, x, target, lr):
        warnings.warn("careful", UserWarning, stacklevel=1)
        return update_rule(w, b, x, target, lr)

    ok, out = run(check_perceptron_update, noisy, capsys=capsys)
    assert ok is False and "emitted UserWarning: careful" in out


def test_update_never_raises_on_non_callables_or_base_exceptions(capsys):
    ok, out = run(check_perceptron_update, 42, capsys=capsys)
    assert ok is False and "expected a function, got int" in out

    def exits(*args):
        raise SystemExit(1)

    with pytest.raises(SystemExit):  # a deliberate interpreter exit is not swallowed
        check_perceptron_update(exits)


def test_update_caps_the_number_of_printed_failures(capsys):
    assert check_perceptron_update(lambda *a: None) is False
    out = capsys.readouterr().out
    assert out.count("\n  - ") == 5 and "and 3 more" in out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    assert out.count("Hint:") == 1  # the same hint is printed once


# ------------------------------------------------------------------ check_gate_weights


@pytest.mark.parametrize(
    ("gate", "w", "b"),
    [
        ("NOR", [-1, -1], 0.5),
        ("AND", [1, 1], -1.5),
        ("OR", np.array([2.0, 2.0]), -1),
        ("NAND", (-1, -1), 1.5),
    ],
)
def test_gate_weights_accepts_correct_answers(gate, w, b, capsys):
    ok, out = run(check_gate_weights, w, b, gate, capsys=capsys)
    assert ok is True and "all 4 cases pass" in out


@pytest.mark.parametrize(
    ("w", "b", "hint"),
    [
        ([-1, -1], -0.5, "b itself must be > 0"),
        ([-1, -1], 0.0, "step(0) = 0"),
        ([1, 1], 0.5, "must not fire, so it needs z ≤ 0"),
        ([-1, 0.5], 0.5, "input (0, 1): z = 1"),
        (None, None, "not answered yet"),
        ("ab", 1, "w must be two finite numbers"),
        ([1, 2, 3], 1, "w must be two finite numbers"),
        ([1, 1], "x", "b must be a number"),
        ([1, 1], float("inf"), "b must be finite"),
    ],
)
def test_gate_weights_rejects_wrong_answers(w, b, hint, capsys):
    ok, out = run(check_gate_weights, w, b, "NOR", capsys=capsys)
    assert ok is False
    assert hint in out


def test_gate_weights_explains_xor_and_unknown_gates(capsys):
    ok, out = run(check_gate_weights, [1, 1], 0, "xor", capsys=capsys)
    assert not ok and "not linearly separable" in out
    ok, out = run(check_gate_weights, [1, 1], 0, "MAYBE", capsys=capsys)
    assert not ok and "unknown gate 'MAYBE'" in out


# ------------------------------------------------------------------ check_xnor


def _two_layer_xnor(x1, x2):
    x = np.array([x1, x2])
    h = np.array([perceptron_output([1, 1], -1.5, x), perceptron_output([-1, -1], 0.5, x)])
    return int(perceptron_output([1, 1], -0.5, h))


@pytest.mark.parametrize(
    "candidate",
    [
        _two_layer_xnor,
        lambda a, b: a == b,
        lambda a, b: np.array([int(a == b)]),
        lambda a, b: float(a == b),
    ],
)
def test_xnor_accepts_correct_networks(candidate, capsys):
    ok, out = run(check_xnor, candidate, capsys=capsys)
    assert ok is True and "all 4 cases pass" in out


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (lambda a, b: a ^ b, "this is XOR, the exact opposite"),
        (lambda a, b: a & b, "your network computes “AND”"),
        (lambda a, b: 1, "“always 1”"),
        (lambda a, b: "1", "return a single 0 or 1"),
        (lambda a, b: 2, "return a single 0 or 1"),
        (lambda a, b: [1], "return a single 0 or 1"),
        (lambda a: a, "raised TypeError"),
        (lambda a, b: 1 / (a - b), "raised ZeroDivisionError"),
    ],
)
def test_xnor_rejects_wrong_networks(candidate, hint, capsys):
    ok, out = run(check_xnor, candidate, capsys=capsys)
    assert ok is False
    assert hint in out
