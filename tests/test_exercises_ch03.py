"""The chapter-3 checkers accept correct answers, reject each usual mistake with its own
hint, and never raise, whatever the candidate does."""

import functools
import warnings

import numpy as np
import pytest

from nnbook.activations import sigmoid
from nnbook.exercises import check_bump, check_collapse
from nnbook.exercises._core import WIDTH
from nnbook.expressivity import collapse_affine, sigmoid_bump


def run(check, *args, capsys):
    """Call a checker; return its verdict and its printed feedback with line wrapping undone."""
    result = check(*args)
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    return result, " ".join(out.split())


# ------------------------------------------------------------------ check_collapse


def reference_collapse(Ws, bs):
    W, b = Ws[0], bs[0]
    for W_next, b_next in zip(Ws[1:], bs[1:], strict=True):
        W = W @ W_next
        b = b @ W_next + b_next
    return W, b


def reduce_collapse(Ws, bs):
    return functools.reduce(
        lambda acc, layer: (acc[0] @ layer[0], acc[1] @ layer[0] + layer[1]),
        zip(Ws[1:], bs[1:], strict=True),
        (Ws[0], bs[0]),
    )


def _collapse_variant(order="row", bias="push", b_shape=None, start_eye=False):
    def collapse(Ws, bs):
        W = np.eye(Ws[0].shape[0]) if start_eye else Ws[0]
        b = np.zeros(Ws[0].shape[0]) if start_eye else bs[0]
        layers = (
            list(zip(Ws, bs, strict=True)) if start_eye else list(zip(Ws[1:], bs[1:], strict=True))
        )
        for W_next, b_next in layers:
            W = W_next @ W if order == "column" else W @ W_next
            if bias == "push":
                b = b @ W_next + b_next
            elif bias == "last":
                b = b_next
            elif bias == "sum":
                b = b + b_next
            elif bias == "first":
                b = b @ W_next
            elif bias == "left":
                b = W_next @ b + b_next
        if bias == "next":
            b = bs[-1] + sum(bs[i] @ Ws[i + 1] for i in range(len(Ws) - 1))
        if order == "transpose":
            W = W.T
        if b_shape == "row":
            b = b.reshape(1, -1)
        return W, b

    return collapse


def _in_place_bias(Ws, bs):
    # accumulate from the output side: right values, but `+=` adds into bs[-1] itself
    b, M = bs[-1], Ws[-1]
    for i in range(len(Ws) - 2, -1, -1):
        b += bs[i] @ M
        M = Ws[i] @ M
    return M, b


def _pops(Ws, bs):
    W, b = Ws.pop(0), bs.pop(0)
    while Ws:
        W_next, b_next = Ws.pop(0), bs.pop(0)
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


@pytest.mark.parametrize(
    "candidate",
    [reference_collapse, reduce_collapse, collapse_affine, _collapse_variant()],
    ids=["loop", "reduce", "package", "variant-default"],
)
def test_collapse_accepts_correct_solutions(candidate, capsys):
    ok, out = run(check_collapse, candidate, capsys=capsys)
    assert ok is True
    assert out == "✓ collapse: all 8 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (_collapse_variant(order="column"), "multiply in layer order, W = W1 @ W2 @ … @ WL"),
        (_collapse_variant(order="transpose"), "W must have shape (n_in, n_out)"),
        (_collapse_variant(bias="last"), "Keeping only bL drops them"),
        (_collapse_variant(bias="sum"), "adding the biases up is not enough"),
        (_collapse_variant(bias="next"), "not just the next one"),
        (_collapse_variant(bias="first"), "the later biases are missing"),
        (_collapse_variant(bias="left"), "not W_next @ b"),
        (_collapse_variant(bias="left"), "W_next @ W or W_next @ b is the column-vector habit"),
        (_collapse_variant(b_shape="row"), "return b as a 1-D array of shape (n_out,)"),
        (_collapse_variant(start_eye=True), "keep the layers' dtype"),
        (_in_place_bias, "changed the lists or arrays it was given"),
        (_pops, "changed the lists or arrays it was given"),
        (lambda Ws, bs: None, "return two NumPy arrays"),
        (lambda Ws, bs: reference_collapse(Ws, bs)[0], "return two NumPy arrays"),
        (
            lambda Ws, bs: tuple(a.tolist() for a in reference_collapse(Ws, bs)),
            "returned a pair of (list, list), not two real-valued arrays",
        ),
        (lambda Ws, bs: Ws.shape, "raised AttributeError: 'list' object has no attribute"),
    ],
    ids=[
        "column-order",
        "transposed",
        "last-bias",
        "sum-biases",
        "next-layer-only",
        "first-bias-only",
        "bias-on-the-right",
        "bias-on-the-right-shapes",
        "row-bias",
        "float64",
        "in-place",
        "pops",
        "none",
        "only-W",
        "lists",
        "raises",
    ],
)
def test_collapse_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_collapse, candidate, capsys=capsys)
    assert ok is False
    assert out.startswith("✗ collapse:")
    assert hint in out


def test_collapse_names_the_case_and_what_differs(capsys):
    ok, out = run(check_collapse, _collapse_variant(bias="last"), capsys=capsys)
    assert "two layers 3 → 5 → 2: shapes (3, 5), (5, 2): W is right, but b: expected" in out
    assert "7 of 8 cases failed" in out  # only the single layer passes
    ok, out = run(check_collapse, _collapse_variant(order="column"), capsys=capsys)
    assert "raised ValueError: matmul: the inner dimensions do not match" in out
    assert "W is wrong: at [" in out  # the square stack, where the reversed product runs


def test_collapse_stub_warnings_and_non_callables(capsys):
    def stub(Ws, bs):
        raise NotImplementedError

    ok, out = run(check_collapse, stub, capsys=capsys)
    assert ok is False and "collapse: not implemented yet" in out

    def noisy(Ws, bs):
        warnings.warn("careful", UserWarning, stacklevel=1)
        return reference_collapse(Ws, bs)

    ok, out = run(check_collapse, noisy, capsys=capsys)
    assert ok is False and "emitted UserWarning: careful" in out
    ok, out = run(check_collapse, "collapse", capsys=capsys)
    assert ok is False and "expected a function, got str" in out


def test_collapse_caps_the_printed_failures(capsys):
    assert check_collapse(lambda Ws, bs: None) is False
    out = capsys.readouterr().out
    assert out.count("\n  - ") == 5 and "and 3 more" in out
    assert out.count("Hint:") == 1


# ------------------------------------------------------------------ check_bump


def reference_bump(x, left, right, height=1.0, steepness=50.0):
    return height * (sigmoid(steepness * (x - left)) - sigmoid(steepness * (x - right)))


def tanh_bump(x, left, right, height=1.0, steepness=50.0):
    # σ(z) = (1 + tanh(z/2)) / 2, so the difference of two sigmoids is half a tanh difference
    return height * (np.tanh(steepness * (x - left) / 2) - np.tanh(steepness * (x - right) / 2)) / 2


def stable_bump(x, left, right, height=1.0, steepness=50.0):
    def sig(z):
        return np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))

    return height * (sig(steepness * (x - left)) - sig(steepness * (x - right)))


def naive_bump(x, left, right, height=1.0, steepness=50.0):
    def sig(z):
        return 1 / (1 + np.exp(-z))

    return height * (sig(steepness * (x - left)) - sig(steepness * (x - right)))


def _bump_variant(kind):
    def bump(x, left, right, height=1.0, steepness=50.0):
        s = steepness
        up, down = sigmoid(s * (x - left)), sigmoid(s * (x - right))
        return {
            "swapped": height * (down - up),
            "added": height * (up + down),
            "no_s": height * (sigmoid(x - left) - sigmoid(x - right)),
            "s_x": height * (sigmoid(s * x - left) - sigmoid(s * x - right)),
            "height_one": height * up - down,
            "width": height * (up - sigmoid(s * (x - left - right))),
            "float64": np.asarray(height * (up - down), dtype=np.float64),
            "list": np.ravel(height * (up - down)).tolist(),
            "flat": np.ravel(height * (up - down)),
        }[kind]

    return bump


@pytest.mark.parametrize(
    "candidate",
    [reference_bump, tanh_bump, stable_bump, sigmoid_bump],
    ids=["reference", "tanh", "stable-formula", "package"],
)
def test_bump_accepts_correct_solutions(candidate, capsys):
    ok, out = run(check_bump, candidate, capsys=capsys)
    assert ok is True
    assert out == "✓ bump: all 9 cases pass. Well done!"


@pytest.mark.parametrize(
    ("candidate", "hint"),
    [
        (_bump_variant("swapped"), "the bump is upside down"),
        (_bump_variant("added"), "the *difference* of two steps"),
        (_bump_variant("no_s"), "the steepness is missing"),
        (_bump_variant("s_x"), "must multiply the whole shift"),
        (_bump_variant("height_one"), "multiply the whole difference by the height"),
        (_bump_variant("width"), "`right` is where the bump ends, not its width"),
        (naive_bump, "Use the stable nnbook.activations.sigmoid"),
        (_bump_variant("float64"), "keep x's dtype: float32 in, float32 out"),
        (_bump_variant("list"), "returned a list of 9 items"),
        (_bump_variant("flat"), "returned shape (12,), expected (3, 4)"),
        (
            lambda x, left, right, height, steepness: reference_bump(x, left, right),
            "check the default arguments: height=1.0 and steepness=50.0",
        ),
        (
            lambda x, left, right, height=2.0, steepness=50.0: reference_bump(
                x, left, right, height, steepness
            ),
            "check the default arguments",
        ),
        (lambda x, left, right, height=1.0, steepness=50.0: None, "returned None"),
        (lambda x, *args, **kw: x.undefined, "raised AttributeError"),
    ],
    ids=[
        "swapped",
        "added",
        "no-steepness",
        "steepness-on-x",
        "height-on-one-step",
        "right-as-width",
        "naive-sigmoid",
        "float64",
        "list",
        "flattened",
        "no-defaults",
        "wrong-default",
        "none",
        "raises",
    ],
)
def test_bump_rejects_mistakes_with_specific_hints(candidate, hint, capsys):
    ok, out = run(check_bump, candidate, capsys=capsys)
    assert ok is False
    assert out.startswith("✗ bump:")
    assert hint in out


def test_bump_reports_where_the_values_differ(capsys):
    ok, out = run(check_bump, _bump_variant("swapped"), capsys=capsys)
    assert "a unit bump on [0, 1]: bump(x, 0, 1, 1, 50): 7 of 9 values are off;" in out
    assert "at x = 0.5 expected 1, got -1." in out
    ok, out = run(check_bump, naive_bump, capsys=capsys)
    assert "2 of 9 cases failed" in out
    assert "far from the bump, x = ±1000" in out and "overflow encountered in exp" in out


def test_bump_stub_and_non_callables(capsys):
    def stub(x, left, right, height=1.0, steepness=50.0):
        raise NotImplementedError

    ok, out = run(check_bump, stub, capsys=capsys)
    assert ok is False and "bump: not implemented yet" in out
    ok, out = run(check_bump, None, capsys=capsys)
    assert ok is False and "expected a function, got NoneType" in out


WEIRD = [
    "W",
    {"W": 1},
    np.array(["a", "b"]),
    np.array([1 + 2j]),
    np.array([np.nan, np.inf]),
    np.zeros((2, 2), dtype=object),
    (np.zeros(3),),
    (np.full((3, 2), np.nan), np.zeros(2)),
    (np.zeros((3, 2)), "b"),
    (np.zeros((3, 2), dtype=complex), np.zeros(2)),
    True,
    [[1.0, 2.0]],
]


@pytest.mark.parametrize("value", WEIRD, ids=range(len(WEIRD)))
def test_checkers_never_raise_on_strange_return_values(value, capsys):
    assert check_collapse(lambda Ws, bs: value) is False
    assert check_bump(lambda x, left, right, height=1.0, steepness=50.0: value) is False
    out = capsys.readouterr().out
    assert out.count("✗") == 2
