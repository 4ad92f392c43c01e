"""Chapter 6's training exercise: a 2-2-1 network trained on XOR from scratch.

The checker looks at the outcome (five seeds, every output within 0.4 of its target; the
seed used, reproducibly) and at the mechanics, on a fresh random seed and learning rate:
``train_xor(seed, lr=0.0, steps=1)`` gives the initial weights (biases 0), and one and two
steps with a learning rate must equal gradient descent on the exact gradient of the mean
binary cross-entropy, 1/4 included. Hints name the mistake that reproduces a wrong step (an
MSE gradient, a missing 1/4, the wrong sign, biases not updated, tanh′ left out, W2 updated
before dH is computed). Only NumPy and nnbook's ``sigmoid`` are available during the call.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import sigmoid
from ._core import Report, fmt, run_checker

__all__ = ["XOR_SEEDS", "check_train_xor", "xor_forward", "xor_step"]

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])
#: Seeds the XOR checker trains with.
XOR_SEEDS = (0, 1, 2, 3, 4)
#: A fit counts when every output is within this distance of its target (so on the right
#: side of 0.5 with a margin of 0.1).
XOR_TOLERANCE = 0.4

XOR_RETURN = (
    "return the trained parameters as a tuple (W1, b1, W2, b2) of NumPy arrays with "
    "shapes (2, 2), (2,), (2, 1) and (1,)."
)
XOR_SHAPES = (
    "use the row-vector convention Z = X @ W + b: W1 has shape (n_in, n_hidden) = (2, 2), "
    "b1 (2,), W2 (n_hidden, n_out) = (2, 1), b2 (1,)."
)
XOR_BLEW_UP = (
    "the parameters are not finite: the learning rate is too large, so the steps "
    "overshoot and the weights blow up. Try a smaller one (1 or 2 works here)."
)
XOR_TOO_LARGE = (
    "some outputs are confidently wrong: the learning rate may be too large (each step "
    "jumps across the valley instead of down it), or the gradient has the wrong sign "
    "(update with p -= lr * grad)."
)
XOR_SYMMETRIC = (
    "the two hidden units are identical (equal incoming weights and equal outgoing "
    "weights): they started equal, receive equal gradients and stay equal, so the "
    "network has in effect one hidden unit, which cannot compute XOR. Break the symmetry: "
    "draw the initial weights at random, rng.normal(0, 0.5, size)."
)
XOR_NO_BIAS = (
    "the biases are still 0: were they forgotten, or never updated? Without biases every "
    "unit gives tanh(0) = 0 for the input (0, 0), so the output there is stuck at "
    "σ(0) = 0.5. Give both layers a bias and update it with its gradient (the column sums "
    "of dZ)."
)
XOR_TOO_SMALL = (
    "the outputs are all still close to 0.5: the network has barely moved. The learning "
    "rate is too small or there are too few steps (lr = 2 with 1000 steps is enough "
    "for a 2-2-1 net with weights drawn from N(0, 0.5²))."
)
XOR_STUCK = (
    "training got stuck on a plateau with some outputs near 0.5: a 2-2-1 network on XOR "
    "does that for about a third of its random starts (6 of 20 in chapter 6's "
    "measurement, with weights drawn from N(0, 0.5²)). "
    "Check the loss at the end and, if it is still high (say above 0.05), start again "
    "from new random weights drawn from the same rng."
)
XOR_SIGMOID_HIDDEN = (
    "these parameters fit XOR with a sigmoid hidden layer, but the exercise (and the "
    "checker) uses tanh in the hidden layer: H = np.tanh(X @ W1 + b1)."
)
XOR_WARNING = (
    "training emitted a warning, usually np.exp overflowing in the sigmoid once |O| grows "
    "large: compute σ stably (nnbook.activations.sigmoid), and check that the learning "
    "rate is not too large."
)
XOR_SEED = (
    "different seeds gave identical weights: draw the initial weights from "
    "rng = np.random.default_rng(seed), so that each seed is a different start."
)
XOR_NOT_REPRODUCIBLE = (
    "the same seed gave different weights on two calls: take all randomness from "
    "rng = np.random.default_rng(seed), not from np.random.* (the global generator)."
)
XOR_GENERIC = (
    "the network does not fit XOR. Check the backward pass against numerical_gradient "
    "before training: dO = (σ(O) − y)/4, dW2 = H.T @ dO, dH = dO @ W2.T, "
    "dZ1 = dH * (1 − H**2), dW1 = X.T @ dZ1, biases: column sums."
)
XOR_FORBID = (
    "nnbook.nn", "nnbook.autograd", "nnbook.losses", "nnbook.gradcheck", "nnbook.activations",
    "nnbook.softmax", "nnbook.expressivity", "nnbook.perceptron",
    "nnbook.exercises.ch06_xor.xor_step", "nnbook.exercises.ch06_xor.xor_forward",
)  # fmt: skip
XOR_FORBID_REASON = (
    "The statement asks for the forward pass, the backward pass and the update in NumPy; "
    "only nnbook's sigmoid may be used."
)
STEP_HINTS = {
    "no_quarter": "one step moved the weights 4 times too far: the loss is the mean over "
    "the 4 samples, so dO = (σ(O) − y) / 4.",
    "mse": "this step follows the gradient of the mean squared error, (σ(O) − y)·σ′(O)·…; "
    "the loss here is the binary cross-entropy, whose gradient with respect to the logits "
    "is simply (σ(O) − y) / 4.",
    "sign": "the step went uphill: update with p -= lr * grad, not p += lr * grad.",
    "no_bias": "the biases did not change in the step: update them too, b1 -= lr * db1 "
    "and b2 -= lr * db2 (db = the column sums of dZ).",
    "no_tanh": "the hidden layer's gradient misses tanh′: dZ1 = (dO @ W2.T) * (1 − H**2).",
    "tanh_z": "tanh′ was written with the pre-activation: 1 − Z1**2 instead of 1 − H**2 "
    "with H = tanh(Z1).",
    "w2_first": "W2 was updated before dH = dO @ W2.T was computed: compute every gradient "
    "first, then update.",
    "no_lr": "the step ignores lr: multiply each gradient by the learning rate.",
}


def xor_forward(params: tuple) -> np.ndarray:
    """Output probabilities ``σ(tanh(X W1 + b1) W2 + b2)`` of a 2-2-1 network on the four
    XOR inputs (chapter 6)."""
    W1, b1, W2, b2 = params
    with np.errstate(all="ignore"):
        H = np.tanh(XOR_X @ W1 + b1)
        return np.asarray(sigmoid((H @ W2.reshape(2, 1) + b2).reshape(4)))


def xor_step(params: tuple, lr: float, kind: str = "right") -> tuple:
    """One full-batch gradient-descent step on the mean binary cross-entropy (chapter 6),
    or, with ``kind``, the step that a known mistake takes."""
    W1, b1, W2, b2 = params
    y = XOR_Y.reshape(4, 1)
    Z1 = XOR_X @ W1 + b1
    H = np.tanh(Z1)
    p = sigmoid(H @ W2 + b2)
    dO = {"no_quarter": p - y, "mse": 2 * (p - y) * p * (1 - p) / 4}.get(kind, (p - y) / 4)
    dW2, db2 = H.T @ dO, dO.sum(axis=0)
    W2_used = W2 - lr * dW2 if kind == "w2_first" else W2
    dH = dO @ W2_used.T
    slope = {"no_tanh": 1.0, "tanh_z": 1 - Z1**2}.get(kind, 1 - H**2)
    dZ1 = dH * slope
    dW1, db1 = XOR_X.T @ dZ1, dZ1.sum(axis=0)
    s = {"sign": -lr, "no_lr": 1.0}.get(kind, lr)
    if kind == "no_bias":
        db1, db2 = 0 * db1, 0 * db2
    return W1 - s * dW1, b1 - s * db1, W2 - s * dW2, b2 - s * db2


def _xor_params(value: Any) -> tuple[tuple | None, str | None, str | None]:
    """Validate the returned parameters: ``(params, problem, hint)``."""
    if not isinstance(value, (tuple, list)) or len(value) != 4:
        return None, f"returned {fmt(value)}", XOR_RETURN
    names = ("W1", "b1", "W2", "b2")
    arrays = []
    for name, v in zip(names, value, strict=True):
        if v is None:
            return None, f"{name} is None", XOR_NO_BIAS if name.startswith("b") else XOR_RETURN
        if not isinstance(v, (np.ndarray, float, int, np.floating)) or isinstance(v, bool):
            return None, f"{name} is a {type(v).__name__}", XOR_RETURN
        arrays.append(np.array(v, dtype=np.float64))
    W1, b1, W2, b2 = arrays
    ok = W1.shape == (2, 2) and b1.shape == (2,) and W2.shape in ((2, 1), (2,))
    if not (ok and b2.shape in ((1,), ())):
        shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(names, arrays, strict=True))
        return None, f"returned shapes {shapes}", XOR_SHAPES
    return (W1, b1, W2.reshape(2, 1), b2.reshape(1)), None, None


def _xor_diagnose(params: tuple, p: np.ndarray) -> str:
    W1, b1, W2, b2 = params
    if not all(np.all(np.isfinite(a)) for a in params) or not np.all(np.isfinite(p)):
        return XOR_BLEW_UP
    if np.allclose(W1[:, 0], W1[:, 1]) and np.isclose(b1[0], b1[1]) and np.isclose(*W2[:, 0]):
        return XOR_SYMMETRIC
    if np.all(b1 == 0) and np.all(b2 == 0):
        return XOR_NO_BIAS
    with np.errstate(all="ignore"):
        p_sig = sigmoid((sigmoid(XOR_X @ W1 + b1) @ W2 + b2).reshape(4))
    if np.all(np.abs(p_sig - XOR_Y) < XOR_TOLERANCE):
        return XOR_SIGMOID_HIDDEN
    if np.all(np.abs(p - 0.5) < 0.1):
        return XOR_TOO_SMALL
    if np.any(np.abs(p - XOR_Y) > 0.9):
        return XOR_TOO_LARGE
    if np.any(np.abs(p - 0.5) < 0.1):
        return XOR_STUCK
    return XOR_GENERIC


def _same(a: tuple, b: tuple, rtol: float = 0.0) -> bool:
    return all(
        np.allclose(x, y, rtol=rtol, atol=rtol * 1e-3, equal_nan=True) if rtol else
        np.array_equal(x, y, equal_nan=True) for x, y in zip(a, b, strict=True)
    )  # fmt: skip


def _params_call(report: Report, fn: Any, head: str, *args: Any, **kwargs: Any) -> tuple | None:
    out = report.call(fn, *args, **kwargs)
    if report.problem(head, out, XOR_RETURN):
        return None
    params, problem, hint = _xor_params(out.value)
    if params is None:
        report.fail(f"{head}: {problem}.", hint or XOR_RETURN)
        return None
    if out.warnings:
        report.fail(f"{head} emitted {out.warnings[0]}.", XOR_WARNING)
        return None
    return params


def _outcome(report: Report, fn: Any) -> None:
    results: dict[int, tuple] = {}
    for seed in XOR_SEEDS:
        report.case()
        params = _params_call(report, fn, f"seed {seed}: train_xor({seed})", seed)
        if params is None:
            continue
        results[seed] = params
        p = xor_forward(params)
        if not (np.all(np.isfinite(p)) and np.all(np.abs(p - XOR_Y) < XOR_TOLERANCE)):
            outputs = ", ".join(f"{v:.3g}" for v in p)
            report.fail(
                f"seed {seed}: outputs [{outputs}] for the inputs (0,0), (0,1), (1,0), (1,1); "
                "expected [0, 1, 1, 0] within 0.4.",
                _xor_diagnose(params, p),
            )
    if len(results) >= 2:
        report.case()
        first = list(results.values())
        if all(_same(first[0], other) for other in first[1:]):
            report.fail("every seed gave the same trained weights.", XOR_SEED)
            return
        seed = next(iter(results))
        again = _params_call(report, fn, f"seed {seed} again", seed)
        if again is not None and not _same(again, results[seed]):
            report.fail(f"seed {seed} twice: the two calls gave different weights.",
                        XOR_NOT_REPRODUCIBLE)  # fmt: skip


def _mechanics(report: Report, fn: Any, rng: np.random.Generator) -> None:
    """One and two steps from the initial weights, on a fresh seed and learning rate."""
    seed, lr = int(rng.integers(100, 10**6)), float(np.round(rng.uniform(0.2, 1.5), 2))
    report.case(counted=False)
    start = _params_call(report, fn, f"train_xor({seed}, lr=0.0, steps=1)", seed, lr=0.0, steps=1)
    if start is None:
        return
    if np.any(start[1] != 0) or np.any(start[3] != 0):
        report.fail(
            f"train_xor({seed}, lr=0.0, steps=1): the biases are {fmt(start[1])} and "
            f"{fmt(start[3])}; with lr = 0 they should still be 0.",
            "start the biases at 0 and let the steps (of size lr) move them; with lr = 0 "
            "nothing may move. Do lr and steps come from the arguments?",
        )
        return
    for steps in (1, 2):
        report.case(counted=False)
        head = f"train_xor({seed}, lr={lr:g}, steps={steps})"
        got = _params_call(report, fn, head, seed, lr=lr, steps=steps)
        if got is None:
            return
        want = start
        for _ in range(steps):
            want = xor_step(want, lr)
        if _same(got, want, rtol=1e-6):
            continue
        if _same(got, start):
            report.fail(f"{head}: the weights did not change.",
                        "each step must move every parameter by -lr * its gradient; "
                        "are the steps and lr arguments used?")  # fmt: skip
            return
        hint = XOR_GENERIC
        for kind, text in STEP_HINTS.items():
            mistaken = start
            for _ in range(steps):
                mistaken = xor_step(mistaken, lr, kind)
            if _same(got, mistaken, rtol=1e-6):
                hint = text
                break
        names = ("W1", "b1", "W2", "b2")
        k = next(i for i in range(4) if not np.allclose(got[i], want[i], rtol=1e-6, atol=1e-9))
        report.fail(
            f"{head}, from the weights that lr=0.0 gives: {names[k]} expected "
            f"{fmt(np.round(want[k].reshape(-1), 6))}, got {fmt(np.round(got[k].reshape(-1), 6))}.",
            hint,
        )
        return


def check_train_xor(fn: Any, *, time_limit: float | None = None) -> bool:
    """Check ``fn(seed, lr=2.0, steps=1000) -> (W1, b1, W2, b2)``: train a 2-2-1 network
    (tanh hidden layer, sigmoid output, binary cross-entropy) on XOR from scratch with
    NumPy (chapter 6). Trains with each of :data:`XOR_SEEDS` (every output within 0.4 of
    its target), checks the seed is used reproducibly, and checks one and two update steps
    against the exact gradient on a fresh seed and learning rate. Never raises.
    """

    def run(report: Report) -> None:
        _mechanics(report, fn, np.random.default_rng())  # the most specific diagnosis first
        _outcome(report, fn)

    return run_checker(
        "train_xor", fn, run, time_limit=20.0 if time_limit is None else time_limit,
        forbid=XOR_FORBID, allow=("nnbook.activations.sigmoid",), forbid_reason=XOR_FORBID_REASON,
    )  # fmt: skip
