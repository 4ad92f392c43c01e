"""Chapter 1 checkers: perceptron weights for a gate, the learning rule, and XNOR built from
perceptrons in two layers.

``check_xnor`` counts the calls of :func:`nnbook.perceptron.perceptron_output` while the
candidate runs: the answer must be the output of a perceptron whose inputs include the
outputs of earlier perceptrons, so a comparison (``x1 == x2``) or a lookup table fails.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from ..datasets import GATE_INPUTS, GATES, identify_gate
from ..perceptron import perceptron_output, update_rule
from ._core import Report, fmt, run_checker, say
from ._engine import Case, Mistake, Spec, check
from ._guard import guarded_call

__all__ = ["check_gate_weights", "check_perceptron_update", "check_xnor"]

UNIT = "nnbook.perceptron.perceptron_output"


def _weights(w: Any) -> np.ndarray:
    weights = np.array(w, dtype=np.float64)
    if weights.shape != (2,) or not np.all(np.isfinite(weights)):
        raise ValueError("w must be two finite numbers")
    return weights


def _bias(b: Any) -> float:
    bias = float(np.asarray(b, dtype=np.float64).reshape(()))
    if not np.isfinite(bias):
        raise ValueError("b must be finite")
    return bias


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
    # a hostile w or b (an object whose conversion hangs or exits) cannot hang or crash this
    got_w, got_b = guarded_call(_weights, (w,)), guarded_call(_bias, (b,))
    if not got_w.ok:
        say(f"✗ {name}: w must be two finite numbers (w1, w2), got {fmt(w)}.")
        return False
    if not got_b.ok:
        say(f"✗ {name}: b must be one finite number, got {fmt(b)}.")
        return False
    weights, bias = got_w.value, got_b.value
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


def _mistake(kind: str):
    def wrong(w, b, x, target, lr):
        w, x = np.asarray(w, dtype=np.float64), np.asarray(x, dtype=np.float64)
        z = float(x @ w + b)
        err = target - int(z > 0)
        e = {"ge": target - int(z >= 0), "sign": -err, "t": target, "2t": 2 * target - 1,
             "no_lr": err}.get(kind, err)  # fmt: skip
        step = 1.0 if kind == "no_lr" else lr
        return w + step * e * x, (b if kind == "no_bias" else b + step * e)

    return wrong


_ALREADY_RIGHT = (
    "the weights changed although the prediction was already right. The rule scales the "
    "step by the error (target − prediction), which is 0 for a correct prediction."
)


def _update_cases(rng: np.random.Generator) -> list[Case]:
    raw = [  # (description, w, b, x, target, lr)
        ("missed a 1 (z < 0, target 1)", [0.5, -1.0], -0.5, [1.0, 1.0], 1, 1.0),
        ("false alarm (z > 0, target 0)", [1.0, 1.0], 0.5, [1.0, 0.0], 0, 1.0),
        ("already right (z > 0, target 1)", [1.0, 1.0], -0.5, [1.0, 1.0], 1, 1.0),
        ("already right (z < 0, target 0)", [1.0, 1.0], -1.5, [0.0, 1.0], 0, 1.0),
        ("z exactly 0 with target 1 (step(0) = 0)", [0.0, 0.0], 0.0, [1.0, 0.0], 1, 1.0),
        ("z exactly 0 with target 0 (step(0) = 0)", [1.0, -1.0], 0.0, [1.0, 1.0], 0, 1.0),
        ("learning rate 0.1", [0.2, 0.4], 0.1, [1.0, 1.0], 0, 0.1),
        ("three inputs, lr 0.5", [0.2, -0.3, 0.1], -0.2, [1.0, 2.0, -1.0], 1, 0.5),
    ]
    cases = [
        Case(d, (np.array(w), b, np.array(x), t, lr), rtol=0.0, atol=1e-12)
        for d, w, b, x, t, lr in raw
    ]
    for k in range(3):  # fresh random examples: a miss, a false alarm, a right one
        n = int(rng.integers(2, 5))
        w, x = np.round(rng.uniform(-1, 1, n), 2), np.round(rng.uniform(-1, 1, n), 2)
        b, lr = float(np.round(rng.uniform(-1, 1), 2)), float(np.round(rng.uniform(0.05, 2), 2))
        z = float(x @ w + b)
        target = [int(z <= 0), int(z > 0), int(z > 0)][k]
        args = (w, b, x, target, lr)
        if k == 2:
            kw = dict(zip(("w", "b", "x", "target", "lr"), args, strict=True))
            cases.append(Case("random example, by keyword", (), kw, rtol=0.0, atol=1e-12,
                              counted=False))  # fmt: skip
        else:
            cases.append(Case("random example", args, rtol=0.0, atol=1e-12, counted=False))
    return cases


UPDATE = Spec(
    signature="w, b, x, target, lr",
    name="perceptron_update",
    label="update",
    reference=lambda w, b, x, target, lr: update_rule(w, b, x, target, lr),
    cases=_update_cases,
    hint=(
        "apply w ← w + lr·(target − prediction)·x and b ← b + lr·(target − "
        "prediction), where prediction = step(x·w + b)."
    ),
    mistakes=[
        Mistake(
            "at z = 0 exactly the perceptron outputs 0, because step(0) = 0: compute the "
            "prediction with z > 0, not z >= 0.",
            _mistake("ge"),
        ),
        Mistake(
            "the sign of the error is flipped: the error is (target − prediction), and the "
            "rule adds lr·error·x, so a missed 1 pushes the weights towards x.",
            _mistake("sign"),
        ),
        Mistake(
            "the bias was not updated. Treat it as a weight on a constant input of 1: "
            "b ← b + lr·(target − prediction).",
            _mistake("no_bias"),
        ),
        Mistake(_ALREADY_RIGHT, _mistake("t")),
        Mistake(_ALREADY_RIGHT, _mistake("2t")),
        Mistake("the learning rate was ignored: multiply the step by lr.", _mistake("no_lr")),
    ],
    result="tuple",
    parts=("new w", "new b"),
    dtype="any",
    lists=True,
    return_hint=(
        "return two things, the new weights (an array) and the new bias (a number): "
        "`return w_new, b_new`."
    ),
    in_place_hint=(
        "build new arrays (w + step) instead of `w += …`, so the caller's weights stay as "
        "they were."
    ),
    forbid=("nnbook.perceptron.update_rule", "nnbook.perceptron.Perceptron"),
    forbid_reason="The statement asks you to write the learning rule yourself.",
)


def check_perceptron_update(update: Any, *, time_limit: float | None = None) -> bool:
    """Check ``update(w, b, x, target, lr) -> (w_new, b_new)``: one step of the perceptron
    learning rule (chapter 1), on fixed and fresh random examples. Never raises.
    """
    return check(UPDATE, update, time_limit)


# ----------------------------------------------------------------------------- XNOR

XNOR_FORMULA = (
    "XNOR(x1, x2) = OR(AND(x1, x2), NOR(x1, x2)): fire when both inputs are 1 or both are 0."
)
NOT_PERCEPTRONS = (
    "the statement asks for perceptrons: compute each unit with perceptron_output(w, b, x) "
    "(the checker counts these calls), for example two hidden units AND and NOR and an "
    "output unit OR that takes their outputs. A comparison such as x1 == x2 or a lookup "
    "table is not a network of perceptrons."
)
NOT_LAST = (
    "the answer must be the output of the last perceptron, int(perceptron_output(w, b, h)), "
    "where h holds the outputs of the hidden perceptrons."
)


def _unit_inputs(args: tuple, kwargs: dict) -> np.ndarray:
    bound = inspect.signature(perceptron_output).bind(*args, **kwargs)
    return np.asarray(bound.arguments["X"], dtype=np.float64).reshape(-1)


def _built_from_perceptrons(calls: list, x: tuple[int, int], value: int) -> str | None:
    """None if ``value`` is the output of a last perceptron fed by earlier ones."""
    if len(calls) < 2:
        return NOT_PERCEPTRONS
    *hidden, (args, kwargs, result) = calls
    if np.asarray(result).size != 1 or int(np.asarray(result).reshape(())) != value:
        return NOT_LAST
    earlier = {float(v) for *_, r in hidden for v in np.asarray(r).reshape(-1)}
    try:
        inputs = _unit_inputs(args, kwargs)
    except (TypeError, ValueError):
        return NOT_PERCEPTRONS
    if not all(v in earlier or v in x for v in inputs.tolist()):
        return NOT_PERCEPTRONS
    return None


def check_xnor(xnor: Any, *, time_limit: float | None = None) -> bool:
    """Check ``xnor(x1, x2) -> 0 or 1``, built from perceptrons in two layers with
    ``perceptron_output`` (chapter 1). Never raises.
    """
    target = GATES["XNOR"]

    def run(report: Report) -> None:
        outputs: list[int | None] = []
        wrong: list[str] = []
        for (x1, x2), t in zip(GATE_INPUTS.astype(int), target, strict=True):
            report.case()
            out = report.call(xnor, int(x1), int(x2), convert=_zero_or_one)
            head = f"xnor({x1}, {x2})"
            outputs.append(None)
            if report.problem(head, out, "xnor takes two numbers, 0 or 1, and returns 0 or 1."):
                continue
            if out.value is None:
                report.fail(
                    f"{head} returned something other than 0 or 1.",
                    "return a single 0 or 1 (for example int(perceptron_output(...))).",
                )
                continue
            outputs[-1] = out.value
            problem = _built_from_perceptrons(
                out.calls.counted.get(UNIT, []), (int(x1), int(x2)), out.value
            )
            if problem is not None:
                n = len(out.calls.counted.get(UNIT, []))
                report.fail(f"{head} made {n} call{'s' * (n != 1)} to perceptron_output.", problem)
            elif out.value != t:
                wrong.append(f"{head}: expected {t}, got {out.value}.")
        if not wrong:
            return
        name = identify_gate(outputs) if None not in outputs else None
        if name == "XOR":
            hint = "this is XOR, the exact opposite: XNOR is 1 when the inputs are equal."
        elif name is not None:
            hint = f"your network computes “{name}”. {XNOR_FORMULA}"
        else:
            hint = XNOR_FORMULA
        for line in wrong:
            report.fail(line, hint)

    return run_checker("xnor", xnor, run, time_limit=time_limit, count=(UNIT,))


def _zero_or_one(value: Any) -> int | None:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)):
        value = int(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return int(value)
    return None
