"""Tests of nnbook.softmax: values against scipy.special, mpmath and (when installed) torch;
no overflow anywhere; masking; documented non-finite rows; dtypes, axes and errors.

pytest runs with warnings as errors, so every call below that is not inside
``pytest.warns`` also proves that the function emitted no warning.
"""

import ipywidgets as widgets
import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import mpmath
import numpy as np
import pytest
import scipy.special as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnbook.gradcheck import numerical_gradient, relative_error
from nnbook.plotting import COLORS, plot_softmax_bars
from nnbook.softmax import log_softmax, logsumexp, softmax, softmax_naive
from nnbook.widgets import draw_logits, logits_explorer

matplotlib.use("Agg")

FUNCS = [softmax, log_softmax, logsumexp]
SHAPES_AXES = [((7,), 0), ((7,), -1)] + [
    (shape, axis) for shape in [(4, 6), (3, 4, 5)] for axis in [*range(len(shape)), -1]
]


# ----------------------------------------------------------------------------- references


@pytest.mark.parametrize(("shape", "axis"), SHAPES_AXES)
def test_matches_scipy_on_every_axis_of_1d_to_3d_arrays(shape, axis):
    z = np.random.default_rng(0).standard_normal(shape) * 5
    np.testing.assert_allclose(softmax(z, axis=axis), sp.softmax(z, axis=axis), rtol=1e-13)
    np.testing.assert_allclose(
        log_softmax(z, axis=axis), sp.log_softmax(z, axis=axis), rtol=1e-13, atol=1e-14
    )
    np.testing.assert_allclose(logsumexp(z, axis=axis), sp.logsumexp(z, axis=axis), rtol=1e-14)
    kept = logsumexp(z, axis=axis, keepdims=True)
    np.testing.assert_allclose(kept, sp.logsumexp(z, axis=axis, keepdims=True), rtol=1e-14)
    assert kept.ndim == z.ndim and kept.shape[axis] == 1
    np.testing.assert_allclose(softmax(z, axis=axis).sum(axis=axis), 1.0, rtol=1e-14)


def _mp_logsumexp(row) -> mpmath.mpf:
    xs = [mpmath.mpf(float(v)) for v in row]
    m = max(xs)
    return m + mpmath.log(mpmath.fsum(mpmath.exp(v - m) for v in xs))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("scale", [1.0, 100.0, 1000.0, 1e5])
def test_log_softmax_and_logsumexp_within_2_ulp_of_mpmath(dtype, scale):
    """The error, in ULPs of the row's magnitude max(|z|max, |result|), is at most 2."""
    rng = np.random.default_rng(int(scale))
    z = (rng.standard_normal((25, 6)) * scale).astype(dtype)
    z[0] = z[0, 0]  # a row of ties
    z[1, 1:] = z[1, 0] - 40  # a dominant entry: its log-probability is tiny (log1p matters)
    lse, lsm, sm = logsumexp(z), log_softmax(z), softmax(z)
    eps = float(np.finfo(dtype).eps)
    with mpmath.workdps(50):
        for r, row in enumerate(z):
            ref = _mp_logsumexp(row)
            ulp = float(np.spacing(dtype(max(np.abs(row).max(), abs(float(ref))))))
            assert abs(float(lse[r]) - float(ref)) <= 2 * ulp
            for i, zi in enumerate(row):
                ref_i = mpmath.mpf(float(zi)) - ref
                assert abs(float(lsm[r, i]) - float(ref_i)) <= 2 * ulp
                # softmax's condition number is |z_i − m|: the rounding of the shift counts
                p = mpmath.exp(ref_i)
                bound = 4 * eps * (1 + abs(float(zi) - float(row.max()))) * float(p)
                assert abs(float(sm[r, i]) - float(p)) <= bound + float(
                    np.finfo(dtype).smallest_subnormal
                )
    # the dominant row: log-softmax of the winner is -log1p(6·e^-40·…), not a rounded 0
    assert -3e-17 < lsm[1, 0] < -1e-17


def test_dominant_entry_keeps_its_tiny_log_probability():
    out = log_softmax([0.0, -40.0])
    with mpmath.workdps(40):
        ref = -mpmath.log1p(mpmath.exp(-40))
    assert out[0] == pytest.approx(float(ref), rel=1e-15)
    assert float(logsumexp([0.0, -40.0])) == pytest.approx(float(-ref), rel=1e-15)


def test_gradient_of_logsumexp_is_softmax():
    z = np.random.default_rng(3).standard_normal(6) * 3
    numerical = numerical_gradient(lambda v: logsumexp(v), z)
    np.testing.assert_allclose(numerical, softmax(z), rtol=1e-6, atol=1e-9)
    big = np.array([1.0, 0.5, -0.25])
    assert relative_error(numerical_gradient(logsumexp, big), softmax(big)) < 1e-8


def test_matches_torch_when_installed():
    torch = pytest.importorskip("torch")
    z = np.random.default_rng(1).standard_normal((3, 4, 5)) * 30
    for axis in range(3):
        t = torch.tensor(z)
        np.testing.assert_allclose(softmax(z, axis), torch.softmax(t, axis).numpy(), rtol=1e-12)
        np.testing.assert_allclose(
            log_softmax(z, axis), torch.log_softmax(t, axis).numpy(), rtol=1e-12, atol=1e-13
        )
        np.testing.assert_allclose(logsumexp(z, axis), torch.logsumexp(t, axis).numpy(), rtol=1e-13)


# ----------------------------------------------------------------------------- extremes


EXTREME_ROWS = [
    [900.0, 1000.0, 1000.0],
    [1e300, -1e300, 0.0],
    [-1e300, -1e300, -1e300],
    [1.7e308, -1.7e308, 0.0],  # z − max overflows to -inf: probability 0, no warning
    [-745.2, -800.0, -1e4],
    [5e-324, -5e-324, 0.0],
]


@pytest.mark.parametrize("row", EXTREME_ROWS)
def test_extreme_finite_logits_give_no_warning_and_no_nan(row):
    z = np.array(row)
    p, lp, lse = softmax(z), log_softmax(z), logsumexp(z)
    assert np.all(np.isfinite(p)) and p.sum() == pytest.approx(1.0, rel=1e-15)
    assert np.all((p >= 0) & (p <= 1))
    assert np.isfinite(lse) and z.max() <= lse <= z.max() + np.log(z.size)
    assert not np.isnan(lp).any() and np.all(lp <= 0)
    with np.errstate(over="ignore"):  # the test's own z − max overflows for the 4th row
        finite_true = np.abs(z - z.max()) < 1.7e308  # the true log-probability is finite
    assert np.all(np.isfinite(lp[finite_true]))


def test_extreme_values_are_right():
    np.testing.assert_allclose(softmax([900.0, 1000.0, 1000.0]), [np.exp(-100) / 2, 0.5, 0.5])
    np.testing.assert_array_equal(softmax([1e300, -1e300]), [1.0, 0.0])
    np.testing.assert_array_equal(log_softmax([1e300, -1e300]), [0.0, -2e300])
    assert float(logsumexp([-1e300, -1e300])) == -1e300  # + log 2 is below its ULP
    assert float(logsumexp([1000.0, 1000.0])) == 1000 + np.log(2)
    np.testing.assert_array_equal(log_softmax([0.0, -800.0]), [0.0, -800.0])


@pytest.mark.parametrize(
    ("dtype", "big"), [(np.float16, 65504.0), (np.float32, 3e38), (np.float64, 1.7e308)]
)
def test_largest_values_of_each_dtype(dtype, big):
    z = np.array([[big, -big, 0.0], [-big, -big, -big]], dtype=dtype)
    p = softmax(z)
    assert p.dtype == dtype and np.all(np.isfinite(p))
    np.testing.assert_array_equal(p[0], [1, 0, 0])
    np.testing.assert_allclose(p[1], 1 / 3, rtol=float(np.finfo(dtype).eps))
    assert logsumexp(z).dtype == dtype and np.all(np.isfinite(logsumexp(z)))


finite_rows = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5),
    elements=st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=150, deadline=None)
@given(z=finite_rows, data=st.data())
def test_properties_for_any_finite_input(z, data):
    axis = data.draw(st.integers(-z.ndim, z.ndim - 1))
    p = softmax(z, axis)
    lp = log_softmax(z, axis)
    lse = logsumexp(z, axis, keepdims=True)
    m = z.max(axis=axis, keepdims=True)
    assert not np.isnan(p).any() and not np.isnan(lp).any() and np.all(np.isfinite(lse))
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-13)
    assert np.all((p >= 0) & (p <= 1)) and np.all(lp <= 0)
    assert np.all(lse >= m) and np.all(lse <= m + np.log(z.shape[axis]) * (1 + 1e-15))
    # the max gets the largest probability (order is preserved; nearby logits may tie)
    winner = np.take_along_axis(p, np.argmax(z, axis=axis, keepdims=True), axis=axis)
    np.testing.assert_array_equal(winner, p.max(axis=axis, keepdims=True))


@settings(max_examples=100, deadline=None)
@given(
    z=hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-50, 50)),
    c=st.floats(-1e3, 1e3),
)
def test_softmax_is_shift_invariant_and_logsumexp_shift_equivariant(z, c):
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=1e-9, atol=1e-300)
    assert float(logsumexp(z + c)) == pytest.approx(float(logsumexp(z)) + c, abs=1e-12 * 1e3)


@settings(max_examples=100, deadline=None)
@given(z=hnp.arrays(np.float64, st.integers(2, 8), elements=st.floats(-30, 30)))
def test_softmax_preserves_order(z):
    order = np.argsort(z)
    assert np.all(np.diff(softmax(z)[order]) >= 0)
    assert np.all(np.diff(log_softmax(z)[order]) >= 0)
    gaps = np.diff(z[order]) > 1e-6  # clearly different logits: strictly ordered outputs
    assert np.all(np.diff(log_softmax(z)[order])[gaps] > 0)


# ----------------------------------------------------------------------------- inf and nan


def test_minus_inf_masks_entries():
    z = np.array([[1.0, -np.inf, 2.0, -np.inf], [0.0, 0.0, -np.inf, 5.0]])
    p = softmax(z)
    assert p[0, 1] == 0 and p[0, 3] == 0 and p[1, 2] == 0
    np.testing.assert_allclose(p[0, [0, 2]], softmax([1.0, 2.0]), rtol=1e-15)
    lp = log_softmax(z)
    assert lp[0, 1] == -np.inf and lp[1, 2] == -np.inf
    np.testing.assert_allclose(lp[1, [0, 1, 3]], log_softmax([0.0, 0.0, 5.0]), rtol=1e-15)
    np.testing.assert_allclose(logsumexp(z), [logsumexp([1.0, 2.0]), logsumexp([0.0, 0.0, 5.0])])


def test_non_finite_rows_follow_pytorch_silently():
    z = np.array(
        [
            [-np.inf, -np.inf, -np.inf],  # fully masked
            [np.inf, 0.0, -np.inf],
            [np.nan, 0.0, 1.0],
            [0.0, 1.0, 2.0],  # an ordinary row next to them is unaffected
        ]
    )
    p, lp, lse = softmax(z), log_softmax(z), logsumexp(z)
    assert np.isnan(p[:3]).all() and np.isnan(lp[:3]).all()
    assert lse[0] == -np.inf and lse[1] == np.inf and np.isnan(lse[2])
    np.testing.assert_allclose(p[3], sp.softmax([0.0, 1.0, 2.0]))


def test_non_finite_rows_match_torch_when_installed():
    torch = pytest.importorskip("torch")
    z = np.array([[-np.inf] * 3, [np.inf, 0.0, -np.inf], [np.inf, np.inf, 1.0], [np.nan, 0, 1]])
    t = torch.tensor(z)
    np.testing.assert_array_equal(softmax(z), torch.softmax(t, -1).numpy())
    np.testing.assert_array_equal(log_softmax(z), torch.log_softmax(t, -1).numpy())
    np.testing.assert_array_equal(logsumexp(z), torch.logsumexp(t, -1).numpy())


# ----------------------------------------------------------------------------- dtypes, shapes


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("func", FUNCS)
def test_dtype_is_preserved(func, dtype):
    z = np.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    out = func(z)
    assert out.dtype == dtype
    expected = func(z.astype(np.float64))
    np.testing.assert_allclose(out, expected.astype(dtype), rtol=2 * float(np.finfo(dtype).eps))


def test_lists_ints_bools_and_scalars():
    assert softmax([1, 2, 3]).dtype == np.float64
    np.testing.assert_allclose(softmax([True, False]), sp.softmax([1.0, 0.0]))
    assert softmax(3.0).shape == () and float(softmax(3.0)) == 1.0
    assert float(log_softmax(-7)) == 0.0
    assert float(logsumexp(2.5)) == 2.5 and logsumexp(2.5, keepdims=True).shape == ()
    assert logsumexp([1.0, 2.0]).shape == ()


def test_empty_batches_along_other_axes_are_fine():
    assert softmax(np.zeros((0, 3))).shape == (0, 3)
    assert logsumexp(np.zeros((0, 3))).shape == (0,)


def test_input_is_not_modified():
    z = np.array([[3.0, 1.0], [-2.0, 4.0]])
    before = z.copy()
    for func in [*FUNCS, softmax_naive]:
        func(z)
        func(z, axis=0)
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize("func", [*FUNCS, softmax_naive])
def test_errors_name_the_problem(func):
    with pytest.raises(TypeError, match="numeric"):
        func("abc")
    with pytest.raises(TypeError, match="numeric"):
        func(None)
    with pytest.raises(TypeError, match="real-valued"):
        func([1 + 2j])
    with pytest.raises(TypeError, match="rectangular"):
        func([[1.0], [1.0, 2.0]])
    with pytest.raises(TypeError, match="axis must be an integer"):
        func([1.0, 2.0], axis=1.0)
    with pytest.raises(ValueError, match="axis 2 is out of range for z with 2 dimension"):
        func(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match="empty along axis 0"):
        func([])
    with pytest.raises(ValueError, match="empty along axis 1"):
        func(np.zeros((3, 0)))


def test_keepdims_must_be_a_bool():
    with pytest.raises(TypeError, match="keepdims must be True or False"):
        logsumexp([1.0], keepdims="yes")


# ----------------------------------------------------------------------------- the naive one


def _messages(record) -> list[str]:
    return [str(w.message) for w in record]


def test_naive_softmax_overflows_with_warnings():
    with pytest.warns(RuntimeWarning) as record:
        out = softmax_naive([900.0, 1000.0, 1000.0])
    assert np.isnan(out).all()
    assert _messages(record) == [
        "overflow encountered in exp",
        "invalid value encountered in divide",
    ]
    with pytest.warns(RuntimeWarning) as record:
        out32 = softmax_naive(np.array([89.0, 0.0], dtype=np.float32))  # exp(89) > float32 max
    assert out32.dtype == np.float32 and np.isnan(out32[0])
    assert "overflow encountered in exp" in _messages(record)
    with pytest.warns(RuntimeWarning) as record:
        out = softmax_naive([-800.0, -800.0])  # exp underflows to 0: 0/0
    assert np.isnan(out).all() and _messages(record) == ["invalid value encountered in divide"]


def test_naive_softmax_agrees_on_moderate_input():
    z = np.random.default_rng(2).standard_normal((4, 5))
    for axis in (0, 1, -1):
        np.testing.assert_allclose(softmax_naive(z, axis), softmax(z, axis), rtol=1e-14)
    assert softmax_naive(np.float32([1.0, 2.0])).dtype == np.float32


# ----------------------------------------------------------------------------- the explorer


@pytest.fixture
def _figures():
    yield plt
    plt.close("all")


@pytest.mark.parametrize("temperature", [0.1, 1.0, 10.0])
def test_softmax_bars_show_the_tempered_probabilities(_figures, temperature):
    fig, ax = _figures.subplots()
    z = [2.0, 1.0, 0.1, -1.0]
    p = plot_softmax_bars(ax, z, temperature)
    np.testing.assert_allclose(p, sp.softmax(np.array(z) / temperature))
    heights = [bar.get_height() for bar in ax.patches]
    np.testing.assert_allclose(heights, p)
    assert [t.get_text() for t in ax.texts] == [f"{v:.2f}" for v in p]
    colours = [bar.get_facecolor() for bar in ax.patches]
    assert colours[0] == mcolors.to_rgba(COLORS[1])  # the argmax stands out
    assert all(c == mcolors.to_rgba(COLORS[0]) for c in colours[1:])
    assert ax.get_title() == f"T = {temperature:g}" and ax.get_ylabel() == "probability"


def test_softmax_bars_validate_their_input(_figures):
    fig, ax = _figures.subplots()
    with pytest.raises(ValueError, match="non-empty 1-D"):
        plot_softmax_bars(ax, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="temperature must be positive"):
        plot_softmax_bars(ax, [1.0, 2.0], temperature=0.0)
    with pytest.raises(TypeError, match="temperature must be a number"):
        plot_softmax_bars(ax, [1.0, 2.0], temperature="hot")
    with pytest.raises(ValueError, match="got 1 labels for 2 logits"):
        plot_softmax_bars(ax, [1.0, 2.0], labels=["a"])


def test_draw_logits_and_the_explorer(_figures):
    fig, text = draw_logits([1.2, 0.9, 0.4], 1.0)
    assert text.splitlines()[1] == "p = [0.457, 0.338, 0.205], argmax = z1"
    _, cold = draw_logits([1.2, 0.9, 0.4], 0.1)
    assert cold.endswith("argmax = z1")  # temperature never changes the argmax
    box = logits_explorer(logits=(0.5, -0.5), temperature=2.0)
    controls, out = box.children
    sliders = {c.description: c for c in controls.children}
    assert set(sliders) == {"z1", "z2", "T"} and sliders["T"].value == pytest.approx(2.0)
    assert isinstance(out, widgets.Output)
    sliders["z2"].value = 3.0  # triggers the callback; it must not raise
    sliders["T"].value = 0.5
    assert sliders["z2"].value == 3.0
