"""Chapter 1 checkers: perceptron weights for a gate, the learning rule, and XNOR in two layers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..datasets import GATE_INPUTS, GATES, identify_gate
from ..perceptron import update_rule
from ._core import Report, as_vector_or_none, call, fmt, run_checker, say

__all__ = ["check_gate_weights", "check_perceptron_update", "check_xnor"]


def check_gate_weights(w: Any, b: Any, gate: str) -> bool:
    """Check that a perceptron with weights ``w`` (two numbers) and bias ``b`` computes
    ``gate`` (``"AND"``, ``"OR"``, ``"NAND"``, ``"NOR"``, …) on all four binary inputs.

    Prints which rows of the truth table are wrong and why. Never raises.
    """
    key = gate.upper() if isinstance(gate, str) else None
    if key not in GATES:
        say(f"✗ check_gate_weights: unknown gate {gate!r}; choose one of {', '.join(GATES)}.")
        return False
    name = f"weights for {key}"
    if (
        w is NotImplemented
        or b is NotImplemented
        or w is Ellipsis
        or b is Ellipsis
        or w is None
        or b is None
    ):
        say(f"… {name}: not answered yet. Replace the placeholders with numbers.")
        return False
    weights = as_vector_or_none(w, 2)
    if weights is None:
        say(f"✗ {name}: w must be two finite numbers (w1, w2), got {fmt(w)}.")
        return False
    try:
        bias = float(b)
    except (TypeError, ValueError):
        say(f"✗ {name}: b must be a number, got {fmt(b)}.")
        return False
    if not np.isfinite(bias):
        say(f"✗ {name}: b must be finite, got {bias}.")
        return False
    if key in ("XOR", "XNOR"):
        say(
            f"✗ {name}: no single perceptron computes {key} (it is not linearly separable); "
            "section 'Why XOR defeats one perceptron' shows why. Build it from two layers."
        )
        return False

    report = Report(name)
    target = np.array(GATES[key])
    z = GATE_INPUTS @ weights + bias
    out = (z > 0).astype(int)
    for x, zi, o, t in zip(GATE_INPUTS.astype(int), z, out, target, strict=True):
        report.case()
        if o == t:
            continue
        if zi == 0:
            hint = (
                "z is exactly 0 here, and step(0) = 0: the perceptron fires only when "
                "z > 0. Move the bias a little so that z is clearly on the right side."
            )
        elif t == 1:
            hint = "this input must fire, so it needs z > 0: raise the weights it uses or the bias."
        else:
            hint = "this input must not fire, so it needs z ≤ 0: lower the weights it uses or the bias."
        if tuple(x) == (0, 0):
            hint += f" For input (0, 0), z is just the bias, so b itself must be {'> 0' if t else '≤ 0'}."
        report.fail(f"input ({x[0]}, {x[1]}): z = {zi:.3g}, output {o}, but {key} needs {t}.", hint)
    return report.finish()


def _update_variants(w, b, x, t, lr) -> list[tuple[str, tuple[np.ndarray, float]]]:
    """Wrong versions of the update rule, each with the hint for that mistake."""
    z = float(x @ w + b)
    y_hat = int(z > 0)
    err = t - y_hat
    y_ge = int(z >= 0)
    return [
        (
            "at z = 0 exactly the perceptron outputs 0, because step(0) = 0: compute the "
            "prediction with z > 0, not z >= 0.",
            (w + lr * (t - y_ge) * x, b + lr * (t - y_ge)),
        ),
        (
            "the sign of the error is flipped: the error is (target − prediction), and the rule "
            "adds lr·error·x, so a missed 1 pushes the weights towards x.",
            (w - lr * err * x, b - lr * err),
        ),
        (
            "the bias was not updated. Treat it as a weight on a constant input of 1: "
            "b ← b + lr·(target − prediction).",
            (w + lr * err * x, b),
        ),
        (
            "the weights changed although the prediction was already right. The rule scales the "
            "step by the error (target − prediction), which is 0 for a correct prediction.",
            (w + lr * t * x, b + lr * t),
        ),
        (
            "the weights changed although the prediction was already right. The rule scales the "
            "step by the error (target − prediction), which is 0 for a correct prediction.",
            (w + lr * (2 * t - 1) * x, b + lr * (2 * t - 1)),
        ),
        ("the learning rate was ignored: multiply the step by lr.", (w + err * x, b + err)),
    ]


def check_perceptron_update(update: Callable) -> bool:
    """Check ``update(w, b, x, target, lr) -> (w_new, b_new)``: one step of the perceptron
    learning rule (chapter 1). Never raises.
    """
    cases = [  # (description, w, b, x, target, lr)
        ("missed a 1 (z < 0, target 1)", [0.5, -1.0], -0.5, [1.0, 1.0], 1, 1.0),
        ("false alarm (z > 0, target 0)", [1.0, 1.0], 0.5, [1.0, 0.0], 0, 1.0),
        ("already right (z > 0, target 1)", [1.0, 1.0], -0.5, [1.0, 1.0], 1, 1.0),
        ("already right (z < 0, target 0)", [1.0, 1.0], -1.5, [0.0, 1.0], 0, 1.0),
        ("z exactly 0 with target 1 (step(0) = 0)", [0.0, 0.0], 0.0, [1.0, 0.0], 1, 1.0),
        ("z exactly 0 with target 0 (step(0) = 0)", [1.0, -1.0], 0.0, [1.0, 1.0], 0, 1.0),
        ("learning rate 0.1", [0.2, 0.4], 0.1, [1.0, 1.0], 0, 0.1),
        ("three inputs, lr 0.5", [0.2, -0.3, 0.1], -0.2, [1.0, 2.0, -1.0], 1, 0.5),
    ]

    def run(report: Report) -> None:
        for desc, w, b, x, t, lr in cases:
            report.case()
            w0, x0 = np.array(w), np.array(x)
            w_arg, x_arg = w0.copy(), x0.copy()
            expected = update_rule(w0, b, x0, t, lr)
            given = f"w={fmt(w0)}, b={b:g}, x={fmt(x0)}, target={t}, lr={lr:g}"
            outcome = call(update, w_arg, b, x_arg, t, lr)
            head = f"{desc}: update({given})"
            if outcome.error is not None:
                report.fail(
                    f"{head} {outcome.error}.",
                    "compute the prediction with the step function, then return a "
                    "tuple (new_w, new_b).",
                )
                continue
            got = outcome.value
            if not isinstance(got, tuple | list) or len(got) != 2:
                report.fail(
                    f"{head} returned {fmt(got)}.",
                    "return two things, the new weights and the new bias: `return w_new, b_new`.",
                )
                continue
            got_w = as_vector_or_none(got[0], w0.size)
            try:
                got_b = float(got[1])
            except (TypeError, ValueError):
                got_b = None
            if got_w is None or got_b is None:
                report.fail(
                    f"{head} returned {fmt(got)}.",
                    f"new_w must be an array of {w0.size} numbers and new_b one number.",
                )
                continue
            if not np.array_equal(w_arg, w0) or not np.array_equal(x_arg, x0):
                report.fail(
                    f"{head} changed its input arrays in place.",
                    "build new arrays (w + step) instead of `w += …`, so the caller's "
                    "weights stay as they were.",
                )
                continue
            if np.allclose(got_w, expected[0], atol=1e-12) and np.isclose(
                got_b, expected[1], atol=1e-12
            ):
                continue
            hint = (
                "apply w ← w + lr·(target − prediction)·x and b ← b + lr·(target − "
                "prediction), where prediction = step(x·w + b)."
            )
            for variant_hint, (vw, vb) in _update_variants(w0, b, x0, t, lr):
                if np.allclose(got_w, vw, atol=1e-12) and np.isclose(got_b, vb, atol=1e-12):
                    hint = variant_hint
                    break
            report.fail(
                f"{head}: expected (w={fmt(expected[0])}, b={expected[1]:g}), "
                f"got (w={fmt(got_w)}, b={got_b:g}).",
                hint,
            )

    return run_checker("perceptron_update", update, run)


def check_xnor(xnor: Callable) -> bool:
    """Check ``xnor(x1, x2) -> 0 or 1``, built from perceptrons in two layers (chapter 1).
    Never raises.
    """
    target = GATES["XNOR"]

    def run(report: Report) -> None:
        outputs: list[int | None] = []
        wrong: list[str] = []
        for (x1, x2), t in zip(GATE_INPUTS.astype(int), target, strict=True):
            report.case()
            outcome = call(xnor, int(x1), int(x2))
            head = f"xnor({x1}, {x2})"
            value = outcome.value
            if isinstance(value, np.ndarray) and value.size == 1:
                value = value.reshape(()).item()
            if isinstance(value, bool | np.bool_):
                value = int(value)
            if outcome.error is not None:
                report.fail(
                    f"{head} {outcome.error}.",
                    "xnor takes two numbers, 0 or 1, and returns 0 or 1.",
                )
                outputs.append(None)
            elif not isinstance(value, int | float | np.integer | np.floating) or value not in (
                0,
                1,
            ):
                report.fail(
                    f"{head} returned {fmt(outcome.value)}.",
                    "return a single 0 or 1 (for example int(perceptron_output(...))).",
                )
                outputs.append(None)
            else:
                outputs.append(int(value))
                if value != t:
                    wrong.append(f"{head}: expected {t}, got {int(value)}.")
        if not wrong:
            return
        name = identify_gate(outputs) if None not in outputs else None
        if name == "XOR":
            hint = "this is XOR, the exact opposite: XNOR is 1 when the inputs are equal."
        elif name is not None:
            hint = (
                f"your network computes “{name}”. XNOR(x1, x2) = OR(AND(x1, x2), "
                "NOR(x1, x2)): fire when both are 1 or both are 0."
            )
        else:
            hint = (
                "XNOR(x1, x2) = OR(AND(x1, x2), NOR(x1, x2)): fire when both inputs are 1 "
                "or both are 0."
            )
        for line in wrong:
            report.fail(line, hint)

    return run_checker("xnor", xnor, run)
