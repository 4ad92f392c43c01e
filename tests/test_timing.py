"""nnbook.timing: behaviour, not speed (no timed assertions)."""

import time

import pytest

from nnbook.timing import median_time, time_ratios


def test_counts_the_calls_warm_up_plus_repeat_times_number():
    calls = []
    median_time(lambda: calls.append(1), repeat=5, number=3)
    assert len(calls) == 1 + 5 * 3


def test_passes_the_arguments():
    seen = []
    median_time(lambda a, b: seen.append((a, b)), 2, "x", repeat=1)
    assert set(seen) == {(2, "x")}


def test_a_sleep_is_measured_per_call():
    t = median_time(time.sleep, 0.002, repeat=3, number=2)
    assert 0.002 <= t < 0.5


def test_ratios_are_relative_to_the_baseline():
    out = time_ratios(
        {"slow": lambda: time.sleep(0.004), "fast": lambda: None}, baseline="slow", repeat=3
    )
    assert list(out) == ["slow", "fast"]
    assert out["slow"][1] == 1.0
    assert out["fast"][1] < 1.0
    assert out["fast"][0] == pytest.approx(out["fast"][1] * out["slow"][0])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"f": 3}, TypeError, "f must be callable, got int"),
        ({"f": print, "repeat": 0}, ValueError, "repeat must be a positive integer, got 0"),
        ({"f": print, "number": 2.0}, TypeError, "number must be a positive integer, got 2.0"),
        ({"f": print, "repeat": True}, TypeError, "repeat must be a positive integer, got True"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    f = kwargs.pop("f")
    with pytest.raises(error, match=match):
        median_time(f, **kwargs)


def test_unknown_baseline():
    with pytest.raises(ValueError, match=r"baseline 'relu' is not one of \['a'\]"):
        time_ratios({"a": print}, baseline="relu")
    with pytest.raises(TypeError, match="non-empty dict"):
        time_ratios({}, baseline="a")
