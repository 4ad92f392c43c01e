"""Chapter 1 checkers: gate weights, the perceptron update, and XNOR built from perceptrons
(counted calls of perceptron_output: a comparison or a lookup table fails)."""

import sys

import numpy as np
import pytest

from exercise_helpers import run
from nnbook.exercises import check_gate_weights, check_perceptron_update, check_xnor
from nnbook.perceptron import perceptron_output


def gate(w, b, name, capsys):
    ok = check_gate_weights(w, b, name)
    return ok, " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("w", "b", "name"),
    [
        ([-1.0, -1.0], 0.5, "NOR"),
        ((1, 1), -1.5, "AND"),
        (np.array([2.0, 2.0]), np.float32(-1), "OR"),
        ([-1, -1], np.array(1.5), "NAND"),
    ],
)
def test_gate_weights_accepted_in_any_numeric_form(w, b, name, capsys):
    ok, text = gate(w, b, name, capsys)
    assert ok, text
    assert text == f"✓ weights for {name}: all 4 cases pass. Well done!"


@pytest.mark.parametrize(
    ("w", "b", "name", "expected"),
    [
        (None, None, "NOR", "not answered yet"),
        ([-1.0, -1.0], 0.0, "NOR", "z is exactly 0 here, and step(0) = 0"),
        ([1.0, 1.0], -0.5, "AND", "this input must not fire"),
        ([1.0], 0.5, "OR", "w must be two finite numbers"),
        ([1.0, 1.0], "x", "OR", "b must be one finite number"),
        ([1.0, 1.0], float("inf"), "OR", "b must be one finite number"),
        ([1.0, 1.0], 0.5, "XOR", "no single perceptron computes XOR"),
        ([1.0, 1.0], 0.5, "MAYBE", "unknown gate"),
    ],
)
def test_gate_weights_rejections(w, b, name, expected, capsys):
    ok, text = gate(w, b, name, capsys)
    assert not ok
    assert expected in text, text


def test_gate_weights_survive_hostile_numbers(capsys):
    class Exits:
        def __array__(self, *a, **k):
            sys.exit(1)

        def __float__(self):
            sys.exit(1)

    ok, text = gate([1.0, 1.0], Exits(), "AND", capsys)
    assert not ok
    assert "b must be one finite number, got an object of type Exits" in text


def update_ref(w, b, x, target, lr):
    prediction = 1 if x @ w + b > 0 else 0
    return w + lr * (target - prediction) * x, b + lr * (target - prediction)


def update_lists(w, b, x, target, lr):
    p = int(sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b > 0)
    return [wi + lr * (target - p) * xi for wi, xi in zip(w, x, strict=True)], b + lr * (target - p)


def update_np_step(w, b, x, target, lr):
    err = target - np.heaviside(np.dot(w, x) + b, 0)
    return w + lr * err * x, np.float64(b + lr * err)


@pytest.mark.parametrize("candidate", [update_ref, update_lists, update_np_step])
def test_update_accepts_right_answers(candidate, capsys):
    ok, text = run(check_perceptron_update, candidate, capsys)
    assert ok, text
    assert text == "✓ perceptron_update: all 8 cases pass. Well done!"


def _variant(kind):
    def update(w, b, x, target, lr):
        z = x @ w + b
        p = int(z >= 0) if kind == "ge" else int(z > 0)
        e = target - p
        if kind == "sign":
            e = -e
        if kind == "always":
            e = target
        step = 1.0 if kind == "no_lr" else lr
        return w + step * e * x, b if kind == "no_bias" else b + step * e

    return update


def _in_place(w, b, x, target, lr):
    e = target - int(x @ w + b > 0)
    w += lr * e * x
    return w, b + lr * e


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (_variant("ge"), "compute the prediction with z > 0, not z >= 0"),
        (_variant("sign"), "the sign of the error is flipped"),
        (_variant("no_bias"), "the bias was not updated"),
        (_variant("always"), "the weights changed although the prediction was already right"),
        (_variant("no_lr"), "the learning rate was ignored"),
        (_in_place, "changed its input"),
        (lambda w, b, x, target, lr: update_ref(w, b, x, target, lr)[0], "return two things"),
        (lambda w, b, x, t, rate: update_ref(w, b, x, t, rate), "update(w, b, x, target, lr)"),
    ],
)
def test_update_rejects_mistakes_with_their_hint(candidate, expected, capsys):
    ok, text = run(check_perceptron_update, candidate, capsys)
    assert not ok
    assert expected in text, text


def xnor_ref(x1, x2):
    x = np.array([x1, x2])
    h = np.array([perceptron_output([1.0, 1.0], -1.5, x), perceptron_output([-1.0, -1.0], 0.5, x)])
    return int(perceptron_output([1.0, 1.0], -0.5, h))


def xnor_skip_connection(x1, x2):
    both = perceptron_output([1.0, 1.0], -1.5, [x1, x2])
    return perceptron_output([-1.0, -1.0, 3.0], 0.5, [x1, x2, both])


def xnor_nand_or(x1, x2):
    x = np.array([x1, x2])
    nand = perceptron_output([-1.0, -1.0], 1.5, x)
    either = perceptron_output([1.0, 1.0], -0.5, x)
    return bool(perceptron_output([-1.0, -1.0], 1.5, np.array([nand, either])))  # NAND of the two


@pytest.mark.parametrize("candidate", [xnor_ref, xnor_skip_connection, xnor_nand_or])
def test_xnor_accepts_networks_of_perceptrons(candidate, capsys):
    ok, text = run(check_xnor, candidate, capsys)
    assert ok, text
    assert text == "✓ xnor: all 4 cases pass. Well done!"


TABLE = {(0, 0): 1, (0, 1): 0, (1, 0): 0, (1, 1): 1}


def _decoy(x1, x2):
    perceptron_output([1.0, 1.0], -1.5, [x1, x2])
    perceptron_output([1.0, 1.0], -0.5, [x1, x2])
    return int(x1 == x2)


def _xor_net(x1, x2):
    x = np.array([x1, x2])
    h = np.array([perceptron_output([1.0, 1.0], -0.5, x), perceptron_output([-1.0, -1.0], 1.5, x)])
    return int(perceptron_output([1.0, 1.0], -1.5, h))


def _and_net(x1, x2):
    x = np.array([x1, x2])
    h = np.array([perceptron_output([1.0, 1.0], -1.5, x), perceptron_output([1.0, 1.0], -1.5, x)])
    return int(perceptron_output([1.0, 1.0], -1.5, h))


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (lambda x1, x2: int(x1 == x2), "made 0 calls to perceptron_output"),
        (lambda x1, x2: TABLE[(x1, x2)], "a lookup table is not a network of perceptrons"),
        (_decoy, "the answer must be the output of the last perceptron"),
        (_xor_net, "this is XOR, the exact opposite"),
        (_and_net, "your network computes “AND”"),
        (lambda x1, x2: "yes", "return a single 0 or 1"),
    ],
)
def test_xnor_rejects_mistakes_with_their_hint(candidate, expected, capsys):
    ok, text = run(check_xnor, candidate, capsys)
    assert not ok
    assert expected in text, text
