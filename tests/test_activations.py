"""Tests of nnbook.activations (chapter 2): accuracy against mpmath, derivatives against mpmath
and finite differences, robustness over the whole float range, properties (hypothesis), and
the facts stored in ACTIVATIONS.

How accuracy is measured. The reference is evaluated with mpmath at 160 bits and rounded
correctly to float64 (subnormals included); the error of a result is its distance from that
reference in units of ``np.spacing(reference)``, i.e. how many float64 numbers lie between
them (what ``np.testing.assert_array_max_ulp`` counts).

What the derivative tests exclude, and why:
- exact zeros of the reference (far tails where the derivative underflows to 0): there the
  comparison is absolute, a relative error is undefined;
- results below the smallest normal number (2.2e-308) are compared relative to that number,
  since a subnormal result has fewer than 53 significant bits;
- silu′ and gelu′ cross zero (at x ≈ −1.2785 and x ≈ −0.7525). Near such a root the
  derivative is a small difference of O(1) terms, so its *relative* error is ill-conditioned
  however it is computed. Within 0.01 of a root we allow an absolute error of 1e-15 (about
  5 rounding errors of the O(1) terms) on top of the 1e-12 relative bound.
- finite differences are not taken across a kink (x = 0 for the rectifiers): a centred
  difference that straddles a kink averages the two one-sided slopes.
"""

from __future__ import annotations

import functools
import inspect
import math
import warnings

import mpmath as mp
import numpy as np
import pytest
import scipy.special as sc
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from nnbook import activations as A
from nnbook.activations import (
    ACTIVATIONS,
    Activation,
    elu,
    elu_grad,
    gelu,
    gelu_grad,
    leaky_relu,
    leaky_relu_grad,
    logit,
    logit_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    silu,
    silu_grad,
    softplus,
    softplus_grad,
    step,
    tanh,
    tanh_grad,
)
from nnbook.gradcheck import numerical_gradient

PREC = 160
TINY = np.finfo(np.float64).tiny  # smallest normal float64
MAX = np.finfo(np.float64).max
RNG = np.random.default_rng(20240601)

# --------------------------------------------------------------------- mpmath references


def mp_sigmoid(x):
    # exp(min(x, 0)) / (1 + exp(-|x|)): no astronomically large intermediate for x = ±1e308
    return mp.exp(min(x, 0)) / (1 + mp.exp(-abs(x)))


def mp_softplus(x):
    return max(x, 0) + mp.log1p(mp.exp(-abs(x)))


def mp_silu(x):
    return x * mp_sigmoid(x)


def mp_gelu_u(x):
    return mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)


def mp_gelu(x):
    """The tanh approximation, evaluated exactly: 0.5·x·(1 + tanh u) = x·σ(2u)."""
    return x * mp_sigmoid(2 * mp_gelu_u(x))


def mp_gelu_grad(x):
    s = mp_sigmoid(2 * mp_gelu_u(x))
    du = mp.sqrt(2 / mp.pi) * (1 + 3 * mp.mpf("0.044715") * x**2)
    return s + 2 * x * s * (1 - s) * du


MP_GRADS = {
    "sigmoid_grad": lambda x: mp_sigmoid(x) * mp_sigmoid(-x),
    "tanh_grad": lambda x: 1 / mp.cosh(x) ** 2,
    "softplus_grad": mp_sigmoid,
    "silu_grad": lambda x: mp_sigmoid(x) * (1 + x * mp_sigmoid(-x)),
    "gelu_grad": mp_gelu_grad,
    "elu_grad": lambda x: mp.exp(x) if x <= 0 else mp.mpf(1),
    "relu_grad": lambda x: mp.mpf(1) if x > 0 else mp.mpf(0),
    "leaky_relu_grad": lambda x: mp.mpf(1) if x > 0 else mp.mpf("0.01"),
    "identity_grad": lambda x: mp.mpf(1),
}


def round64(value) -> float:
    """The float64 nearest to an mpf, correctly rounded also in the subnormal range."""
    if value == 0:
        return 0.0
    if abs(value) < TINY:  # round on the subnormal grid 2**-1074 in one step
        return float(mp.nint(value * mp.mpf(2) ** 1074)) * 5e-324
    return float(value)


def reference(f, xs) -> np.ndarray:
    with mp.workprec(PREC):
        return np.array([round64(f(mp.mpf(float(x)))) for x in np.ravel(xs)])


def ulp_distance(got, ref) -> np.ndarray:
    """How many float64 numbers lie between got and the correctly rounded ref."""
    got, ref = np.asarray(got, np.float64), np.asarray(ref, np.float64)
    with np.errstate(invalid="ignore", over="ignore"):  # spacing(MAX) is inf: use the gap below
        spacing = np.where(np.abs(ref) == MAX, 2.0**971, np.spacing(np.abs(ref)))
        dist = np.abs(got - ref) / spacing
    return np.where(got == ref, 0.0, dist)


def assert_max_ulp(got, ref, xs, limit, what):
    dist = ulp_distance(got, ref)
    worst = int(np.nanargmax(dist))
    assert not np.isnan(dist).any(), f"{what}: nan where the reference is a number"
    assert dist[worst] <= limit, (
        f"{what}: {dist[worst]:g} ULP at x={xs[worst]!r}: got {got[worst]!r}, "
        f"correctly rounded {ref[worst]!r}"
    )
    return dist.max()


# Sample of the whole float64 range: log-spaced magnitudes from 1e-300 to 1e308 of both
# signs, dense points in [-750, 750] (where the results change, subnormal ones included),
# random points, and the places where exp over- and underflows.
_mags = np.logspace(-300, 308, 1500)
X_WIDE = np.unique(
    np.concatenate(
        [
            _mags,
            -_mags,
            np.linspace(-750, 750, 6001),
            RNG.uniform(-40, 40, 3000),
            RNG.uniform(-745.2, -700, 1500),  # sigmoid and silu results in the subnormal range
            [0.0, -0.0, 5e-324, -5e-324, TINY, -TINY, MAX, -MAX, 1e308, -1e308],
            [709.782712893384, -709.782712893384, -745.1332191019411, -708.3964185322641],
            [36.7368005696771, 37.0, -37.0, 709.7, -709.7, -744.4, -745.13],
            # 1 / (1 + exp(-x)) is 3 ULP off at the first three, exp(x) / (1 + exp(x)) at the last
            [-36.73905048385, -36.74050379349312, -36.73973626127375, -4.1434991436548545],
        ]
    )
)
X_GRAD = np.unique(
    np.concatenate(
        [
            np.linspace(-30, 30, 1201),
            RNG.uniform(-30, 30, 800),
            RNG.uniform(-1.3, -1.25, 50),  # around silu′'s root
            RNG.uniform(-0.77, -0.73, 50),  # around gelu′'s root
            [-1e-8, -1e-300, 1e-300, 1e-8],
        ]
    )
)
SILU_GRAD_ROOT = -1.2784645427610738
GELU_GRAD_ROOT = -0.75246142207101626


# --------------------------------------------------------------------- accuracy (ULP)


@pytest.mark.parametrize(
    ("fn", "ref", "limit"),
    [(sigmoid, mp_sigmoid, 2), (tanh, mp.tanh, 2), (softplus, mp_softplus, 2), (silu, mp_silu, 4)],
    ids=["sigmoid", "tanh", "softplus", "silu"],
)
def test_within_ulp_of_mpmath_over_the_whole_range(fn, ref, limit):
    expected = reference(ref, X_WIDE)
    got = fn(X_WIDE)
    assert got.dtype == np.float64
    assert_max_ulp(got, expected, X_WIDE, limit, fn.__name__)


@pytest.mark.parametrize(
    ("fn", "ref", "right_end"), [(sigmoid, mp_sigmoid, -709.9), (silu, mp_silu, -717.0)]
)
def test_subnormal_results_are_kept_where_expit_flushes_to_zero(fn, ref, right_end):
    x = np.linspace(-745.0, right_end, 400)
    expected = reference(ref, x)
    assert np.all(np.abs(expected) < TINY) and np.all(expected != 0)
    got = fn(x)
    assert np.all(got != 0)
    assert_max_ulp(got, expected, x, 2 if fn is sigmoid else 4, fn.__name__)
    if fn is sigmoid:  # the textbook formula, as scipy implements it, returns 0 here
        with np.errstate(over="ignore"):
            assert np.all(sc.expit(x) == 0)


def test_logit_within_2_ulp_of_mpmath():
    p = np.unique(
        np.concatenate(
            [
                sigmoid(np.linspace(-745, 36, 3001)),
                RNG.uniform(0, 1, 2000),
                0.5 + np.linspace(-1e-6, 1e-6, 201),  # where log(p / (1 - p)) cancels
                1 - np.arange(1, 200) * 2.0**-53,  # just below 1
                [5e-324, 1e-310, TINY, 0.25, 0.5, 0.75],
            ]
        )
    )
    p = p[(p > 0) & (p < 1)]
    expected = reference(lambda q: mp.log(q / (1 - q)), p)
    assert_max_ulp(logit(p), expected, p, 2, "logit")


def test_tanh_gelu_matches_its_formula_as_well_as_its_conditioning_allows():
    """GELU's tanh form puts x³ inside an exponential: an input rounding of 1/2 ULP moves
    the result by κ/2 ULP, κ = |x·f′(x)/f(x)| (about 2000 at x = −21). We ask for at most
    4·(1 + κ) ULP, and for 12 ULP on [−3, 3], where κ is small."""
    x = np.unique(np.concatenate([X_GRAD, np.linspace(-25, 10, 3501), _mags, -_mags]))
    expected = reference(mp_gelu, x)
    got = gelu(x)
    with mp.workprec(PREC):
        kappa = np.array(
            [
                float(abs(mp.mpf(v) * mp_gelu_grad(mp.mpf(v)) / mp_gelu(mp.mpf(v))))
                if v != 0 and mp_gelu(mp.mpf(v)) != 0
                else 0.0
                for v in x
            ]
        )
    dist = ulp_distance(got, expected)
    worst = int(np.argmax(dist / (1 + kappa)))
    assert dist[worst] <= 4 * (1 + kappa[worst]), f"x={x[worst]!r}: {dist[worst]} ULP"
    assert dist[np.abs(x) <= 3].max() <= 12


def test_tanh_gelu_differs_from_exact_erf_gelu_by_at_most_4_8e_minus_4():
    x = np.linspace(-10, 10, 200_001)
    exact = x * sc.ndtr(x)  # x·Φ(x)
    diff = np.abs(gelu(x) - exact)
    assert 4.7e-4 < diff.max() < 4.8e-4  # the figure the docstring and chapter 2 quote
    assert abs(abs(x[np.argmax(diff)]) - 2.70) < 0.01
    # and it is the tanh form 0.5·x·(1 + tanh u), not the erf one
    u = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
    ok = x > -3  # where 1 + tanh(u) does not cancel
    np.testing.assert_allclose(gelu(x[ok]), 0.5 * x[ok] * (1 + np.tanh(u[ok])), atol=4e-16)


# --------------------------------------------------------------------- derivatives


@pytest.mark.parametrize("name", sorted(MP_GRADS))
def test_gradients_within_1e_12_relative_of_mpmath_on_minus_30_to_30(name):
    grad = getattr(A, name)
    expected = reference(MP_GRADS[name], X_GRAD)
    got = grad(X_GRAD)
    err = np.abs(got - expected)
    allowed = 1e-12 * np.maximum(np.abs(expected), TINY)
    roots = {"silu_grad": SILU_GRAD_ROOT, "gelu_grad": GELU_GRAD_ROOT}
    if name in roots:
        allowed = allowed + np.where(np.abs(X_GRAD - roots[name]) < 0.01, 1e-15, 0.0)
    worst = int(np.argmax(err / allowed))
    assert err[worst] <= allowed[worst], (
        f"{name} at x={X_GRAD[worst]!r}: got {got[worst]!r}, expected {expected[worst]!r}"
    )


def test_logit_grad_within_1e_12_relative_of_mpmath():
    p = np.unique(np.concatenate([sigmoid(X_GRAD), [1e-300, 0.5, 1 - 2.0**-53]]))
    expected = reference(lambda q: 1 / (q * (1 - q)), p)
    np.testing.assert_allclose(logit_grad(p), expected, rtol=1e-12, atol=0)


def test_gelu_grad_agrees_with_mpmath_differentiation_of_gelu():
    """The analytic mpmath derivative used above is itself checked against mp.diff."""
    with mp.workprec(PREC):
        for v in [-3.0, -0.75, 0.0, 0.5, 1.4185, 4.0]:
            assert abs(mp.diff(mp_gelu, mp.mpf(v)) - mp_gelu_grad(mp.mpf(v))) < mp.mpf(10) ** -30


_FD_CASES = [
    ("sigmoid", sigmoid, sigmoid_grad, False),
    ("tanh", tanh, tanh_grad, False),
    ("softplus", softplus, softplus_grad, False),
    ("silu", silu, silu_grad, False),
    ("gelu", gelu, gelu_grad, False),
    ("relu", relu, relu_grad, True),
    ("leaky_relu", leaky_relu, leaky_relu_grad, True),
    (
        "leaky_relu alpha=0.2",
        functools.partial(leaky_relu, alpha=0.2),
        functools.partial(leaky_relu_grad, alpha=0.2),
        True,
    ),
    ("elu", elu, elu_grad, False),
    (
        "elu alpha=2",
        functools.partial(elu, alpha=2.0),
        functools.partial(elu_grad, alpha=2.0),
        True,
    ),
    ("identity", A.identity, A.identity_grad, False),
]


@pytest.mark.parametrize(
    ("fn", "grad", "kinked"), [c[1:] for c in _FD_CASES], ids=[c[0] for c in _FD_CASES]
)
def test_gradients_agree_with_centred_finite_differences(fn, grad, kinked):
    """eps = 1e-6: truncation error ~1e-12·f‴, round-off ~1e-16/eps = 1e-10."""
    x = np.concatenate([np.linspace(-6, 6, 49), RNG.uniform(-6, 6, 30)])
    if kinked:
        x = x[np.abs(x) > 1e-3]
    numeric = numerical_gradient(lambda v: np.sum(fn(v)), x)
    np.testing.assert_allclose(grad(x), numeric, rtol=1e-6, atol=1e-7)


def test_logit_grad_agrees_with_finite_differences():
    p = np.linspace(0.05, 0.95, 37)
    numeric = numerical_gradient(lambda v: np.sum(logit(v)), p)
    np.testing.assert_allclose(logit_grad(p), numeric, rtol=1e-6)


def test_conventions_at_the_kinks():
    assert step(0.0) == 0 and relu_grad(0.0) == 0 and relu_grad(-0.0) == 0
    assert leaky_relu_grad(0.0) == 0.01 and leaky_relu_grad(0.0, alpha=0.3) == 0.3
    assert elu_grad(0.0) == 1.0 and elu_grad(0.0, alpha=2.0) == 2.0  # the left derivative
    assert sigmoid_grad(0.0) == 0.25 and tanh_grad(0.0) == 1.0


# --------------------------------------------------------------------- robustness

ALL_X_FUNCTIONS = [
    step,
    A.identity,
    A.identity_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
    relu,
    relu_grad,
    leaky_relu,
    leaky_relu_grad,
    elu,
    elu_grad,
    softplus,
    softplus_grad,
    silu,
    silu_grad,
    gelu,
    gelu_grad,
]
ALL_FUNCTIONS = [*ALL_X_FUNCTIONS, logit, logit_grad]
IDS = [f.__name__ for f in ALL_FUNCTIONS]
EXTREMES = np.array(
    [
        -MAX,
        -1e308,
        -1e300,
        -800.0,
        -745.2,
        -720.0,
        -709.8,
        -88.0,
        -1.0,
        -1e-300,
        -5e-324,
        -0.0,
        0.0,
        5e-324,
        1e-300,
        1.0,
        88.0,
        709.8,
        800.0,
        1e300,
        1e308,
        MAX,
    ]
)
P_EXTREMES = np.array([0.0, 5e-324, 1e-300, 1e-8, 0.5, 1 - 1e-16, 1.0, -1.0, 2.0, 1e308])


def _quietly(fn, x):
    """Call fn with every warning an error and every floating-point signal raising."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        return fn(x)


@pytest.mark.parametrize("fn", ALL_X_FUNCTIONS, ids=[f.__name__ for f in ALL_X_FUNCTIONS])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_no_warning_and_no_nan_for_any_finite_input(fn, dtype):
    with np.errstate(over="ignore", under="ignore"):
        x = EXTREMES.astype(dtype)  # ±1e308 become ±inf in float16/32: still no nan allowed
    y = _quietly(fn, x)
    assert y.dtype == dtype and y.shape == x.shape
    assert not np.isnan(y).any(), f"{fn.__name__} gave nan at {x[np.isnan(y)]}"


@pytest.mark.parametrize("fn", [logit, logit_grad])
def test_logit_quiet_on_its_whole_domain_and_nan_outside(fn):
    y = _quietly(fn, P_EXTREMES)
    inside = (P_EXTREMES >= 0) & (P_EXTREMES <= 1)
    assert not np.isnan(y[inside]).any() and np.isnan(y[~inside]).all()


LIMITS = {  # name: (value at -inf, value at +inf)
    "step": (0, 1),
    "identity": (-np.inf, np.inf),
    "identity_grad": (1, 1),
    "sigmoid": (0, 1),
    "sigmoid_grad": (0, 0),
    "tanh": (-1, 1),
    "tanh_grad": (0, 0),
    "relu": (0, np.inf),
    "relu_grad": (0, 1),
    "leaky_relu": (-np.inf, np.inf),
    "leaky_relu_grad": (0.01, 1),
    "elu": (-1, np.inf),
    "elu_grad": (0, 1),
    "softplus": (0, np.inf),
    "softplus_grad": (0, 1),
    "silu": (0, np.inf),
    "silu_grad": (0, 1),
    "gelu": (0, np.inf),
    "gelu_grad": (0, 1),
}


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_limits_at_infinity_and_nan_propagation(name):
    fn = getattr(A, name)
    y = _quietly(fn, np.array([-np.inf, np.inf, np.nan]))
    assert y[0] == LIMITS[name][0] and y[1] == LIMITS[name][1]
    assert np.isnan(y[2])


def test_logit_limits_and_nan():
    y = _quietly(logit, np.array([0.0, 1.0, np.nan]))
    assert y[0] == -np.inf and y[1] == np.inf and np.isnan(y[2])
    assert np.all(_quietly(logit_grad, np.array([0.0, 1.0])) == np.inf)


def test_values_at_plus_minus_1e308():
    big = np.array([-1e308, 1e308])
    assert sigmoid(big).tolist() == [0.0, 1.0]
    assert tanh(big).tolist() == [-1.0, 1.0]
    assert softplus(big).tolist() == [0.0, 1e308]
    assert silu(big).tolist() == [0.0, 1e308]
    assert gelu(big).tolist() == [0.0, 1e308]
    assert relu(big).tolist() == [0.0, 1e308]
    assert leaky_relu(big).tolist() == [-1e308 * 0.01, 1e308]
    assert elu(big).tolist() == [-1.0, 1e308]
    assert elu(big, alpha=0.5).tolist() == [-0.5, 1e308]
    for grad in (sigmoid_grad, tanh_grad, silu_grad, gelu_grad, elu_grad):
        assert grad(big)[0] == 0.0
    assert silu_grad(1e308) == 1.0 and gelu_grad(1e308) == 1.0 and softplus_grad(1e308) == 1.0


@pytest.mark.parametrize("fn", ALL_FUNCTIONS, ids=IDS)
def test_accepts_python_scalars_lists_ints_and_bools(fn):
    y = fn(0.5)
    assert isinstance(y, np.ndarray) and y.shape == () and y.dtype == np.float64
    assert y == fn(np.array([0.5]))[0]
    nested = fn([[0, 1], [1, 0]])
    assert nested.shape == (2, 2) and nested.dtype == np.float64
    np.testing.assert_array_equal(nested, fn(np.array([[0.0, 1.0], [1.0, 0.0]])))
    np.testing.assert_array_equal(fn(True), fn(1.0))


@pytest.mark.parametrize("fn", ALL_FUNCTIONS, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_narrow_floats_keep_their_dtype_and_are_rounded_once(fn, dtype):
    """float16/float32 are computed in float64 and rounded once: the result is exactly the
    float64 result rounded to the narrow type."""
    x = np.linspace(0.01, 0.99, 41) if fn in (logit, logit_grad) else np.linspace(-12, 12, 97)
    x = x.astype(dtype).reshape(-1, 1)
    y = fn(x)
    assert y.dtype == dtype and y.shape == x.shape
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(y, fn(x.astype(np.float64)).astype(dtype))


@pytest.mark.skipif(
    np.finfo(np.longdouble).nmant <= 52, reason="long double is float64 on this platform"
)
def test_long_double_is_kept():
    x = np.linspace(-50, 50, 11, dtype=np.longdouble)
    for fn in (sigmoid, tanh, softplus, silu, gelu, sigmoid_grad, elu):
        y = fn(x)
        assert y.dtype == np.longdouble
        rtol = 1e-12 if fn is gelu else 1e-14  # gelu's tail is ill-conditioned
        np.testing.assert_allclose(y.astype(np.float64), fn(x.astype(np.float64)), rtol=rtol)


@pytest.mark.parametrize("fn", ALL_FUNCTIONS, ids=IDS)
def test_shapes_views_blocks_and_input_left_alone(fn):
    base = (
        RNG.uniform(0, 1, (150, 300)) if fn in (logit, logit_grad) else RNG.normal(0, 5, (150, 300))
    )
    x = base.T[::2]  # non-contiguous, 45 000 elements: several blocks of the sigmoid kernel
    before = x.copy()
    y = fn(x)
    assert y.shape == x.shape
    np.testing.assert_array_equal(x, before)
    sample = [(0, 0), (3, 7), (74, 149), (40, 100)]
    for i, j in sample:
        assert y[i, j] == fn(float(x[i, j]))
    assert fn(np.zeros((0, 3))).shape == (0, 3)


def test_identity_returns_a_copy():
    x = np.array([1.0, 2.0])
    y = A.identity(x)
    y[0] = 5.0
    assert x[0] == 1.0


@pytest.mark.parametrize("fn", ALL_FUNCTIONS, ids=IDS)
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("0.5", "must be numeric .*got str"),
        (None, "must be numeric .*got NoneType"),
        (object(), "must be numeric, got an array of dtype object"),
        ([1.0, "a"], "must be numeric"),
        ([[1.0, 2.0], [3.0]], "must be a rectangular numeric array"),
        (1 + 2j, "must be real-valued, got complex"),
    ],
)
def test_non_numeric_input_gets_a_clear_type_error(fn, bad, message):
    name = "p" if fn in (logit, logit_grad) else "x"
    with pytest.raises(TypeError, match=f"^{name} {message}"):
        fn(bad)


@pytest.mark.parametrize("fn", [leaky_relu, leaky_relu_grad, elu, elu_grad])
def test_alpha_is_checked(fn):
    for bad in (math.nan, math.inf, -math.inf, np.float64("nan")):
        with pytest.raises(ValueError, match="alpha must be finite"):
            fn([1.0], alpha=bad)
    for bad in ("0.1", None, True, [0.1]):
        with pytest.raises(TypeError, match="alpha must be a real number"):
            fn([1.0], alpha=bad)


def test_leaky_relu_returns_alpha_times_x_not_a_constant():
    x = np.array([-300.0, -1.0, -0.001, 0.0, 2.0])
    np.testing.assert_array_equal(leaky_relu(x), [-3.0, -0.01, -1e-5, 0.0, 2.0])
    np.testing.assert_allclose(leaky_relu(x, alpha=0.2), [-60.0, -0.2, -2e-4, 0.0, 2.0])
    assert leaky_relu(-np.inf, alpha=0.0) == 0.0  # alpha = 0 is ReLU, also at -inf
    assert leaky_relu(-5.0, alpha=-1.0) == 5.0  # any finite alpha, e.g. |x| for alpha = -1


def test_silu_minimum_is_minus_lambert_w_of_one_over_e():
    w = float(mp.lambertw(1 / mp.e).real)
    x0 = brentq(silu_grad, -2.0, -1.0, xtol=1e-15)
    assert abs(x0 - (-1 - w)) < 1e-12
    assert abs(float(silu(x0)) + w) < 1e-15


def test_rescaling_constant_is_exp_minus_64_correctly_rounded():
    assert round64(mp.exp(-64)) == A._EXP_MINUS_64


# --------------------------------------------------------------------- properties

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)
EPS = np.finfo(np.float64).eps


@given(finite)
def test_sigmoid_is_symmetric(x):
    assert abs(float(sigmoid(-x)) - (1.0 - float(sigmoid(x)))) <= 2 * EPS


@given(moderate)
def test_tanh_is_a_rescaled_sigmoid(x):
    assert abs(float(tanh(x)) - (2.0 * float(sigmoid(2.0 * x)) - 1.0)) <= 4 * EPS


@given(st.floats(min_value=-30, max_value=30))
def test_softplus_derivative_is_the_sigmoid(x):
    assert softplus_grad(x) == sigmoid(x)
    h = 1e-5
    slope = (float(softplus(x + h)) - float(softplus(x - h))) / (2 * h)
    assert abs(slope - float(sigmoid(x))) <= 4e-9


@given(st.floats(min_value=-700, max_value=700))
def test_softplus_difference_is_x(x):
    # softplus(x) − softplus(−x) = x, an exact identity
    assert math.isclose(float(softplus(x) - softplus(-x)), x, rel_tol=4 * EPS, abs_tol=4 * EPS)


@given(st.floats(min_value=-745, max_value=37))
def test_logit_inverts_the_sigmoid_where_representable(x):
    p = float(sigmoid(x))
    assume(0.0 < p < 1.0)  # σ(x) rounds to 0 below -745 and to 1 above 36.7
    # p carries a rounding error of about 2 ULP; logit magnifies it by 1 / (p (1 − p))
    tol = 3 * np.spacing(p) / (p * (1 - p)) + 3 * np.spacing(abs(x))
    assert abs(float(logit(p)) - x) <= tol


MONOTONE_EXACT = [step, A.identity, tanh, relu, leaky_relu, elu, softplus]


@pytest.mark.parametrize("fn", MONOTONE_EXACT, ids=[f.__name__ for f in MONOTONE_EXACT])
@settings(max_examples=200)
@given(a=finite, b=finite)
def test_monotone_functions_never_decrease(fn, a, b):
    lo, hi = min(a, b), max(a, b)
    assert fn(lo) <= fn(hi)


@settings(max_examples=200)
@given(a=finite, b=finite)
def test_sigmoid_is_monotone_up_to_one_ulp(a, b):
    lo, hi = min(a, b), max(a, b)
    assert sigmoid(lo) <= sigmoid(hi) + np.spacing(sigmoid(hi))


@pytest.mark.parametrize("fn", [*MONOTONE_EXACT, logit, sigmoid], ids=lambda f: f.__name__)
def test_monotone_on_runs_of_adjacent_floats(fn):
    """Hypothesis rarely draws two neighbouring floats; walk runs of them instead."""
    starts = [0.3, 0.7, 0.999] if fn is logit else [-40.0, -5.3, -1.1, -1e-3, 0.0, 0.9, 7.7, 35.5]
    worst = 0.0
    for s in starts:
        x = s + np.arange(20_000) * np.spacing(max(abs(s), 1e-300))
        step_down = -np.diff(fn(x))
        worst = max(worst, float(np.max(step_down / np.spacing(np.abs(fn(x)[1:])))))
    if fn is sigmoid:
        assert worst <= 1.0  # the documented 1-ULP wobble of the compensated division
    else:
        assert worst <= 0.0


# --------------------------------------------------------------------- the registry

EXPECTED_NAMES = [
    "step",
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "softplus",
    "silu",
    "gelu",
]
GRID = np.linspace(-50, 50, 200_001)
# where each maximum slope is reached, as a number to evaluate the derivative at
MAX_SLOPE_AT = {
    "identity": [-3.0, 0.0, 3.0],
    "sigmoid": [0.0],
    "tanh": [0.0],
    "relu": [0.5, 7.0],
    "leaky_relu": [0.5, 7.0],
    "elu": [0.0, 0.5, 7.0],
    "silu": [2.3994],
    "gelu": [1.4185],
}


def test_registry_names_functions_and_types():
    assert list(ACTIVATIONS) == EXPECTED_NAMES
    for name, act in ACTIVATIONS.items():
        assert isinstance(act, Activation) and act.name == name
        assert act.fn is getattr(A, name)
        assert act.grad is (None if name == "step" else getattr(A, f"{name}_grad"))
        assert act.formula and act.range_text and act.max_slope_at
        default = inspect.signature(act.fn).parameters.get("alpha")
        assert act.alpha == (None if default is None else default.default)
    with pytest.raises(AttributeError):
        ACTIVATIONS["relu"].max_slope = 2.0  # frozen


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_registry_range_is_right(name):
    act = ACTIVATIONS[name]
    lo, hi = act.output_range
    y = act.fn(GRID)
    at_inf = act.fn(np.array([-np.inf, np.inf]))
    assert y.min() >= lo - 1e-15 and y.max() <= hi
    closed_low = act.range_text.startswith(("[", "{"))
    if closed_low:  # the lower end is a value of the function (grid step 5e-4)
        assert abs(y.min() - lo) < 1e-7
    else:  # approached only in the limit (at -inf, or at +inf for nothing here)
        assert at_inf[0] == lo and np.all(act.fn(np.linspace(-15, 15, 301)) > lo)
    if math.isinf(hi):
        assert at_inf[1] == np.inf
    else:
        assert at_inf[1] == hi
    if name == "step":
        assert set(np.unique(y).tolist()) == {0.0, 1.0}


@pytest.mark.parametrize("name", ["silu", "gelu"])
def test_registry_minimum_of_the_non_monotone_ones(name):
    act = ACTIVATIONS[name]
    x_min = brentq(act.grad, -2.0, -0.5, xtol=1e-15)
    assert abs(float(act.fn(x_min)) - act.output_range[0]) < 1e-15
    assert act.range_text.startswith(f"[{act.output_range[0]:.4f}".replace("-", "−"))


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_registry_max_slope_is_right(name):
    act = ACTIVATIONS[name]
    if act.grad is None:  # the step: its difference quotients away from 0 are all 0
        h = 1e-3
        slopes = (step(GRID[np.abs(GRID) > h] + h) - step(GRID[np.abs(GRID) > h] - h)) / (2 * h)
        assert np.all(slopes == 0) and act.max_slope == 0
        return
    g = act.grad(GRID)
    assert g.max() <= act.max_slope + 1e-15
    if name == "softplus":  # a supremum, approached as x → ∞
        assert np.all(act.grad(np.linspace(-30, 30, 601)) < 1) and act.grad(1e3) == 1
        assert "x → ∞" in act.max_slope_at
        return
    for x in MAX_SLOPE_AT[name]:
        assert abs(float(act.grad(x)) - act.max_slope) < 1e-8, (name, x)
    if name in ("silu", "gelu"):
        assert f"{MAX_SLOPE_AT[name][0]:.4f}" in act.max_slope_at


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_registry_zero_centred_means_odd(name):
    act = ACTIVATIONS[name]
    x = np.linspace(0, 20, 401)
    odd = np.array_equal(act.fn(-x), -act.fn(x))
    assert act.zero_centred == odd
    # mean output for standard normal inputs, by Gauss–Hermite quadrature
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    mean = float(np.sum(weights * act.fn(nodes)) / np.sqrt(2 * np.pi))
    if act.zero_centred:
        assert abs(mean) < 1e-14
    else:
        assert mean > 0.05


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_registry_monotonic_flag(name):
    act = ACTIVATIONS[name]
    y = act.fn(GRID)
    assert act.monotonic == bool(np.all(np.diff(y) >= 0))
    if act.grad is not None:
        assert act.monotonic == bool(act.grad(GRID).min() >= 0)


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_registry_saturation(name):
    act = ACTIVATIONS[name]
    if act.grad is None:
        assert act.saturates == "everywhere"
        return
    left, right = np.abs(act.grad(np.array([-50.0, 50.0]))) / act.max_slope
    expected = {
        (True, True): "both sides",
        (True, False): "negative side",
        (False, False): "never",
    }[(bool(left < 1e-6), bool(right < 1e-6))]
    assert act.saturates == expected


# --------------------------------------------------------------------- plotting and explorer


@pytest.fixture
def _agg():
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"backend": "Agg"}):
        yield plt
        plt.close("all")


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_plot_activation_draws_f_and_its_derivative(name, _agg):
    fig, ax = _agg.subplots()
    A_alpha = {"leaky_relu": 0.3, "elu": 2.0}.get(name)
    from nnbook.plotting import plot_activation

    plot_activation(ax, name, alpha=A_alpha, x_range=(-3, 4))
    act = ACTIVATIONS[name]
    kwargs = {} if A_alpha is None else {"alpha": A_alpha}
    from nnbook.plotting import COLORS

    solid = [ln for ln in ax.lines if ln.get_color() == COLORS[0]]
    dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert len(solid) == (2 if name == "step" else 1)  # the step is drawn in two pieces
    for line in solid:
        x, y = line.get_data()
        np.testing.assert_array_equal(y, act.fn(np.asarray(x), **kwargs))
    for line in dashed:
        x, y = line.get_data()
        expected = np.zeros_like(x) if act.grad is None else act.grad(np.asarray(x), **kwargs)
        np.testing.assert_array_equal(y, expected)
        if act.grad is None:
            assert not np.any(np.asarray(x) == 0)  # no derivative drawn at the jump
    assert dashed and ax.get_xlim() == (-3.0, 4.0) and ax.get_xlabel() == "x"
    assert ax.get_title() == (name if A_alpha is None else f"{name} (alpha = {A_alpha:g})")


def test_plot_activation_validates_its_arguments(_agg):
    from nnbook.plotting import plot_activation

    fig, ax = _agg.subplots()
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        plot_activation(ax, "swish")
    with pytest.raises(ValueError, match="sigmoid has no parameter alpha"):
        plot_activation(ax, "sigmoid", alpha=0.1)
    with pytest.raises(ValueError, match="x_range must be two finite numbers"):
        plot_activation(ax, "relu", x_range=(2, 1))


def test_draw_activation_returns_figure_and_facts(_agg):
    from nnbook.plotting import draw_activation

    fig, text = draw_activation("leaky_relu", alpha=0.2, x_max=3)
    lines = text.splitlines()
    assert lines[0] == "f(-2) = -0.4, f(0) = 0, f(2) = 2"
    assert lines[1] == "f′(-2) = 0.2, f′(0) = 0.2, f′(2) = 1"
    assert lines[2].startswith("range (−∞, ∞); largest slope 1 (x > 0)")
    assert fig.axes[0].get_xlim() == (-3.0, 3.0)
    fig, text = draw_activation("sigmoid")
    assert "f′(0) = 0.25" in text and "range (0, 1)" in text
    with pytest.raises(ValueError, match="x_max must be a number"):
        draw_activation("relu", x_max=0)


def test_activation_explorer_redraws_and_disables_alpha(_agg):
    from nnbook.widgets import activation_explorer

    box = activation_explorer(name="elu", alpha=0.5)
    controls = {c.description: c for c in box.children[0].children}
    assert set(controls) == {"function", "alpha", "x range ±"}
    assert controls["function"].options == tuple(ACTIVATIONS)
    assert controls["alpha"].disabled is False
    controls["function"].value = "tanh"  # runs the callback
    assert controls["alpha"].disabled is True
    controls["function"].value = "leaky_relu"
    assert controls["alpha"].disabled is False
