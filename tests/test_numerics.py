"""nnbook.numerics: the bisection and the exp thresholds, against direct checks and
numpy.finfo."""

import math

import numpy as np
import pytest

from nnbook.numerics import ExpLimits, exp_limits, last_true

DTYPES = [np.float16, np.float32, np.float64]


def _exp(x, dtype):
    with np.errstate(all="ignore"):
        return np.exp(dtype(x))


@pytest.mark.parametrize("dtype", DTYPES)
def test_overflow_threshold_is_exact_and_matches_finfo(dtype):
    lim = exp_limits(dtype)
    x = dtype(lim.overflow)
    assert np.isfinite(_exp(x, dtype))
    assert np.isinf(_exp(np.nextafter(x, dtype(np.inf)), dtype))
    spacing = float(np.spacing(x))
    assert abs(lim.overflow - math.log(float(np.finfo(dtype).max))) <= spacing
    assert lim.log_max == math.log(float(np.finfo(dtype).max))


@pytest.mark.parametrize("dtype", DTYPES)
def test_underflow_threshold_is_exact_and_about_log2_below_the_subnormal_log(dtype):
    lim = exp_limits(dtype)
    x = dtype(lim.underflow)
    assert _exp(x, dtype) > 0
    assert _exp(np.nextafter(x, dtype(-np.inf)), dtype) == 0
    tiny = float(np.finfo(dtype).smallest_subnormal)
    assert lim.log_smallest_subnormal == math.log(tiny)
    gap = lim.log_smallest_subnormal - lim.underflow
    assert gap == pytest.approx(math.log(2), abs=4 * abs(float(np.spacing(x))))


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_threshold(dtype):
    lim = exp_limits(dtype)
    x, smallest = dtype(lim.normal), np.finfo(dtype).smallest_normal
    assert _exp(x, dtype) >= smallest
    assert _exp(np.nextafter(x, dtype(-np.inf)), dtype) < smallest
    assert lim.underflow < lim.normal < 0 < lim.overflow


def test_known_values():
    assert exp_limits(np.float64) == ExpLimits(
        "float64", 709.782712893384, 709.782712893384, -745.1332191019411,
        -744.4400719213812, -708.3964185322641,
    )  # fmt: skip
    assert exp_limits(np.float32).overflow == pytest.approx(88.72283, abs=1e-5)
    assert exp_limits("float16").overflow == 11.0859375


def test_no_warning_escapes():
    # pytest turns warnings into errors (pyproject), so this fails if one escapes
    for d in DTYPES:
        exp_limits(d)


@pytest.mark.parametrize("dtype", DTYPES)
def test_last_true_finds_the_neighbours(dtype):
    x = last_true(lambda v: v * v < 2, 0.0, 2.0, dtype)
    assert x.dtype == np.dtype(dtype)
    assert x * x < 2
    assert np.nextafter(x, dtype(np.inf)) ** 2 >= 2


def test_last_true_searches_downwards():
    x = last_true(lambda v: v > -1.5, 0.0, -4.0, np.float64)
    assert x == np.nextafter(-1.5, 0.0)


def test_last_true_with_a_huge_range_converges():
    x = last_true(lambda v: v < 1e-300, 0.0, 1e300, np.float64)
    assert x < 1e-300 <= np.nextafter(x, np.inf)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((lambda v: True, 0.0, 1.0, np.int32), TypeError, "float16, float32 or float64, got int32"),
        ((lambda v: True, 0.0, 1.0, np.longdouble), TypeError, "float16, float32 or float64"),
        ((lambda v: True, 0.0, 1.0, "nonsense"), TypeError, "NumPy float dtype"),
        ((3, 0.0, 1.0, np.float64), TypeError, "test must be callable, got int"),
        ((lambda v: v < 0.5, 1.0, 0.0, np.float64), ValueError, r"test\(lo\) must be true"),
        ((lambda v: v < 5, 0.0, 1.0, np.float64), ValueError, r"test\(hi\) must be false"),
        ((lambda v: True, 1.0, 1.0, np.float64), ValueError, "lo and hi must differ"),
        ((lambda v: True, 0.0, 1e300, np.float32), ValueError, "must be finite in float32"),
    ],
)
def test_last_true_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        last_true(*args)


def test_exp_limits_bad_dtype():
    with pytest.raises(TypeError, match="got int64"):
        exp_limits(np.int64)
