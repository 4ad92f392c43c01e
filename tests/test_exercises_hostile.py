"""Every checker survives hostile candidates and cannot be fooled (DESIGN §5): a time limit
on loops, SystemExit and every other exception reported, printing captured and bounded,
memorised inputs defeated by fresh random ones, in-place changes and nnbook's own
implementation refused, and right answers accepted with the exact committed success line.
"""

from __future__ import annotations

import contextlib
import copy
import sys
import time
import warnings

import numpy as np
import pytest

import nnbook.activations as act
import nnbook.expressivity as expr
import nnbook.gradcheck as gc
import nnbook.losses as losses
import nnbook.nn as nn
import nnbook.perceptron as perc
import nnbook.softmax as sm
from exercise_answers import ANSWERS, FORBIDDEN
from nnbook.exercises._core import WIDTH

NAMES = sorted(ANSWERS)
FUNCTION_CHECKERS = [n for n in NAMES if n != "train_xor"]  # train_xor is slow: tested apart


def run(check, candidate, capsys, **kwargs):
    result = check(candidate, **kwargs)
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH, out
    return result, out, " ".join(out.split())


def fresh_copy(args, kwargs):
    return copy.deepcopy(args), copy.deepcopy(kwargs)


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_gives_the_committed_success_line(name, capsys):
    check, answer, n = ANSWERS[name]
    ok, out, _ = run(check, answer, capsys)
    assert ok, out
    assert out == f"✓ {name}: all {n} cases pass. Well done!\n"


@pytest.mark.parametrize("name", NAMES)
def test_stub_is_not_implemented_yet(name, capsys):
    check, _, _ = ANSWERS[name]

    def stub(*args, **kwargs):
        raise NotImplementedError  # your code here

    ok, _, text = run(check, stub, capsys)
    assert not ok
    assert text.startswith(f"… {name}: not implemented yet.")


@pytest.mark.parametrize("name", FUNCTION_CHECKERS)
def test_partly_implemented_is_not_called_not_implemented(name, capsys):
    check, answer, _ = ANSWERS[name]
    calls = []

    def partial(*args, **kwargs):
        calls.append(1)
        if len(calls) % 2 == 0:
            raise NotImplementedError
        return answer(*args, **kwargs)

    ok, _, text = run(check, partial, capsys)
    assert not ok
    assert "not implemented yet" not in text
    assert "raised NotImplementedError" in text
    assert "still reaches a `raise NotImplementedError`" in text


@pytest.mark.parametrize("name", NAMES)
def test_infinite_loop_times_out_and_the_checker_moves_on(name, capsys):
    check, _, _ = ANSWERS[name]

    def loop(*args, **kwargs):
        while True:
            pass

    start = time.perf_counter()
    ok, _, text = run(check, loop, capsys, time_limit=0.2)
    assert not ok
    assert time.perf_counter() - start < 5
    assert "took longer than 0.2 s (an infinite loop?)" in text


@pytest.mark.parametrize("name", FUNCTION_CHECKERS)
def test_a_loop_that_catches_the_first_alarm_still_times_out(name, capsys):
    check, _, _ = ANSWERS[name]

    def stubborn(*args, **kwargs):
        try:
            while True:
                pass
        except BaseException:
            pass
        while True:
            pass

    ok, _, text = run(check, stubborn, capsys, time_limit=0.2)
    assert not ok
    assert "took longer than 0.2 s" in text


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("how", ["sys.exit", "exit in the result", "BaseException"])
def test_sys_exit_is_reported_not_raised(name, how, capsys):
    check, _, _ = ANSWERS[name]

    class Exits:
        def __array__(self, *args, **kwargs):
            sys.exit(2)

        def __float__(self):
            sys.exit(2)

        def __len__(self):
            sys.exit(2)

        def __iter__(self):
            sys.exit(2)

    def exits(*args, **kwargs):
        if how == "sys.exit":
            sys.exit("bye")
        if how == "BaseException":
            raise GeneratorExit
        return Exits()

    ok, _, text = run(check, exits, capsys)
    assert not ok
    assert text.startswith("✗"), text
    if how == "sys.exit":
        assert "raised SystemExit: bye" in text
        assert "sys.exit()" in text


def test_keyboard_interrupt_still_stops_the_checker():
    check, _, _ = ANSWERS["sigmoid"]

    def interrupted(x):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check(interrupted)


@pytest.mark.parametrize("name", NAMES)
def test_flood_of_printing_is_captured_and_bounded(name, capsys):
    check, answer, n = ANSWERS[name]

    def chatty(*args, **kwargs):
        print("spam " * 200_000)
        print("more", file=sys.stderr)
        return answer(*args, **kwargs)

    ok, out, text = run(check, chatty, capsys)
    captured_err = capsys.readouterr().err
    assert ok, out
    assert out.startswith(f"✓ {name}: all {n} cases pass. Well done!\n")  # the verdict first
    assert "Note: your function printed" in text
    assert len(out) < 1500
    assert captured_err == ""


@pytest.mark.parametrize("name", FUNCTION_CHECKERS)
def test_replaying_memorised_inputs_fails(name, capsys):
    """A candidate that records the checker's inputs and the right outputs on one run and
    replays them on the next: the fresh random inputs differ, so it fails."""
    if name == "xnor":
        pytest.skip("four fixed inputs; a lookup table is caught by counting perceptrons")
    check, answer, _ = ANSWERS[name]
    memory: dict[str, object] = {}

    def key(args, kwargs):
        def part(v):
            if isinstance(v, np.ndarray):
                return (v.dtype.str, v.shape, v.tobytes())
            if isinstance(v, (list, tuple)):
                return tuple(part(x) for x in v)
            if isinstance(v, np.random.Generator):
                return ("rng", v.bit_generator.state["state"]["state"])
            if callable(v):
                return ("f", float(v(np.full(3, 0.37))))
            return v

        return repr((part(args), sorted((k, part(v)) for k, v in kwargs.items())))

    def record(*args, **kwargs):
        a, k = fresh_copy(args, kwargs)
        value = answer(*args, **kwargs)
        memory[key(a, k)] = value
        return value

    def replay(*args, **kwargs):
        k = key(args, kwargs)
        if k in memory:
            return memory[k]
        return answer(*args, **kwargs) * 0 + 0.5 if name != "perceptron_update" else (None, None)

    assert run(check, record, capsys)[0]
    ok, _, text = run(check, replay, capsys)
    assert not ok, text


def _mutating(answer):
    def mutate(*args, **kwargs):
        value = answer(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        for a in [*args, *kwargs.values()]:
            if isinstance(a, np.ndarray) and a.dtype.kind == "f" and a.size:
                a.flat[0] += 1.0
            elif isinstance(a, list) and a and isinstance(a[0], np.ndarray):
                a[0].flat[0] += 1.0
        return value

    return mutate


@pytest.mark.parametrize(
    "name", [n for n in FUNCTION_CHECKERS if n not in ("xnor", "he_init", "sigmoid_chain_factor")]
)
def test_changing_the_inputs_in_place_is_refused(name, capsys):
    check, answer, _ = ANSWERS[name]
    ok, _, text = run(check, _mutating(answer), capsys)
    assert not ok
    assert "changed its input" in text


def _nnbook_candidate(name):
    """A candidate that hands the work to nnbook's own implementation."""
    return {
        "sigmoid": lambda x: act.sigmoid(x),
        "leaky_relu": lambda x, alpha=0.01: act.leaky_relu(x, alpha),
        "sigmoid_grad": lambda x: act.sigmoid_grad(x),
        "collapse": lambda Ws, bs: expr.collapse_affine(Ws, bs),
        "bump": lambda x, left, right, height=1.0, steepness=50.0: expr.sigmoid_bump(
            x, left, right, height, steepness
        ),
        "he_init": lambda n_in, n_out, rng: nn.init_weights(n_in, n_out, "he", rng),
        "softmax": lambda z, axis=-1: sm.softmax(z, axis),
        "logsumexp": lambda z, axis=-1: sm.logsumexp(z, axis),
        "cross_entropy": lambda logits, labels: losses.cross_entropy(logits, labels),
        "linear_backward": _linear_via_layer,
        "tanh_backward": lambda Z, dH: dH * act.tanh_grad(Z),
        "numerical_gradient": lambda f, x, eps=1e-6: gc.numerical_gradient(f, x, eps),
        "perceptron_update": lambda w, b, x, target, lr: perc.update_rule(w, b, x, target, lr),
        "train_xor": _xor_via_mlp,
    }[name]


def _linear_via_layer(X, W, dZ):
    layer = nn.Linear(W.shape[0], W.shape[1], dtype=X.dtype)
    layer.W = W
    layer.forward(X)
    dX = layer.backward(dZ)
    return dX, layer.dW, layer.db


def _xor_via_mlp(seed, lr=2.0, steps=1000):
    net = nn.MLP([2, 2, 1], activation="tanh", seed=seed)
    return tuple(net.params)


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_nnbook_own_implementation_is_unavailable(name, capsys):
    check, _, _ = ANSWERS[name]
    module, attr = FORBIDDEN[name].split(":")
    ok, _, text = run(check, _nnbook_candidate(name), capsys)
    assert not ok
    assert f"called {module}.{attr}, which this exercise does not allow" in text
    assert "unavailable while it runs your function" in text
    # and it is available again afterwards
    assert callable(getattr(sys.modules[module], attr))
    assert np.isclose(float(act.sigmoid(0.0)), 0.5)


def test_forbidden_function_swallowed_by_the_candidate_is_still_reported(capsys):
    check, answer, _ = ANSWERS["sigmoid"]

    def sneaky(x):
        with contextlib.suppress(Exception):
            act.sigmoid(x)
        return answer(x)

    ok, _, text = run(check, sneaky, capsys)
    assert not ok
    assert "called nnbook.activations.sigmoid" in text


@pytest.mark.parametrize("name", FUNCTION_CHECKERS)
def test_a_stray_warning_next_to_right_values_is_named_as_such(name, capsys):
    if name in ("xnor", "he_init"):
        pytest.skip("no value comparison to be right about")
    check, answer, _ = ANSWERS[name]

    def warns(*args, **kwargs):
        warnings.warn("just saying", UserWarning, stacklevel=1)
        return answer(*args, **kwargs)

    ok, _, text = run(check, warns, capsys)
    assert not ok
    assert "values right, but your function emitted a warning: UserWarning: just saying" in text


def test_checker_leaves_numpy_and_warning_state_as_it_was(capsys):
    check, _, _ = ANSWERS["softmax"]
    before = np.geterr()

    def fiddles(z, axis=-1):
        np.seterr(all="ignore")
        warnings.simplefilter("ignore")
        sys.stdout = None  # type: ignore[assignment]
        return z

    with warnings.catch_warnings():
        check(fiddles)
    assert np.geterr() == before
    assert sys.stdout is not None
    capsys.readouterr()


def test_a_result_whose_conversion_hangs_times_out(capsys):
    check, _, _ = ANSWERS["sigmoid"]

    class Endless(np.ndarray):
        def __array_finalize__(self, obj):
            while True:
                pass

    def returns_endless(x):
        return np.asarray(x, dtype=float).view(Endless)

    ok, _, text = run(check, returns_endless, capsys, time_limit=0.2)
    assert not ok
    assert "took longer than 0.2 s" in text


def test_not_a_function(capsys):
    check, _, _ = ANSWERS["sigmoid"]
    ok, _, text = run(check, 3.0, capsys)
    assert not ok
    assert "expected a function, got float" in text


def test_no_time_limit_outside_the_main_thread_is_said(capsys):
    import threading

    check, answer, _ = ANSWERS["factor" if "factor" in ANSWERS else "sigmoid_chain_factor"]
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("ok", check(answer)))
    thread.start()
    thread.join()
    out = " ".join(capsys.readouterr().out.split())
    assert result["ok"]
    assert "no time limit is enforced here" in out


def test_rebinding_numpy_or_the_checker_cannot_fool_it(capsys):
    import nnbook.exercises._engine as engine

    check, _, _ = ANSWERS["softmax"]
    real_isclose, real_close = np.isclose, engine.close

    def cheat(z, axis=-1):
        np.isclose = lambda *a, **k: np.True_
        np.allclose = lambda *a, **k: True
        engine.close = lambda *a, **k: True
        return np.zeros_like(z)

    ok, _, text = run(check, cheat, capsys)
    assert not ok
    assert "expected" in text
    assert np.isclose is real_isclose
    assert engine.close is real_close
