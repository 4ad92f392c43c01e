"""Tests of the notebook comparison plugin (tests/nbval_tolerance.py).

Fast unit tests of the number and image comparisons, then mutation tests that run nbval
itself, in a subprocess, on altered copies of chapter 1: a swapped figure, a mirrored figure
and one changed digit must fail; the untouched copy and a number moved within a declared
tolerance must pass.
"""

from __future__ import annotations

import base64
import copy
import io
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from PIL import Image
from tests.nbval_tolerance import (
    MAX_DIFFERENT,
    Tolerance,
    compare_figures,
    decode_png,
    numbers_within,
    split_numbers,
)

ROOT = Path(__file__).resolve().parents[1]
TOL = Tolerance(rtol=1e-3, atol=0.0, reason="a sum whose order depends on the BLAS")

# --------------------------------------------------------------------------- numbers


def test_split_numbers_finds_numbers_but_not_names():
    pieces, numbers = split_numbers("x1 float32 X3.T: 1e-05, −2.5 and .5 or -3 (92%) nan inf")
    assert numbers == ["1e-05", "−2.5", ".5", "-3", "92", "nan", "inf"]
    assert pieces[0] == "x1 float32 X3.T:"


@pytest.mark.parametrize(
    ("ref", "test"),
    [
        ("loss 0.3890", "loss 0.3891"),  # within rtol 1e-3
        ("a    9.999 b", "a   10.000 b"),  # column padding moves with the width
        ("x = -0.0000", "x = 0.0000"),
        ("[nan inf -inf]", "[nan inf -inf]"),
        ("error 1.00e-08", "error 1.0004e-08"),
    ],
)
def test_numbers_within_tolerance_pass(ref, test):
    assert numbers_within(ref, test, TOL) == (True, "")


@pytest.mark.parametrize(
    ("ref", "test", "why"),
    [
        ("loss 0.389", "loss 0.360", "outside the declared tolerance"),
        ("loss 0.389 (good)", "loss 0.389 (bad)", "text around the numbers differs"),
        ("3 ULP", "3 ULP 4", "text around the numbers differs"),
        ("value nan", "value 1.0", "where the notebook has nan"),
        ("value inf", "value -inf", "where the notebook has inf"),
    ],
)
def test_numbers_within_tolerance_fail(ref, test, why):
    ok, reason = numbers_within(ref, test, TOL)
    assert not ok
    assert why in reason


def test_match_limits_the_tolerance_to_matching_lines():
    tol = Tolerance(rtol=0.5, atol=0.0, reason="batch norm is chaotic here", match="batch")
    ref = "plain 1.099\nbatch norm 0.076"
    assert numbers_within(ref, "plain 1.099\nbatch norm 0.070", tol)[0]
    ok, why = numbers_within(ref, "plain 1.098\nbatch norm 0.076", tol)
    assert not ok and "outside the tolerance's match" in why
    assert not numbers_within(ref, "plain 1.099", tol)[0]


def test_a_figure_only_tolerance_keeps_text_exact():
    tol = Tolerance(rtol=0.0, atol=0.0, reason="chaotic curve, figure only", figure=0.01)
    assert numbers_within("a 1.0", "a 1.0", tol)[0]
    assert not numbers_within("a 1.0", "a 1.1", tol)[0]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"rtol": 1e-3}, "needs a 'reason'"),
        ({"rtol": 1e-3, "reason": "short"}, "needs a 'reason'"),
        ({"rtol": "big", "reason": "a good enough reason"}, "rtol must be a number"),
        ({"rtol": -1, "reason": "a good enough reason"}, "finite and >= 0"),
        ({"reason": "a good enough reason"}, "needs rtol, atol or figure"),
        ({"rtol": 1, "reason": "a good enough reason", "tol": 1}, "unknown keys"),
        ({"atol": 1, "reason": "a good enough reason", "match": "("}, "not a valid regex"),
        ({"figure": 0.5, "reason": "a good enough reason"}, "below 0.1"),
        ("1e-3", "must be a mapping"),
    ],
)
def test_malformed_tolerances_are_named(spec, message):
    with pytest.raises(ValueError, match=message):
        Tolerance.from_metadata({"tolerance": spec}, "ch.ipynb cell 3")


def test_no_tolerance_is_none():
    assert Tolerance.from_metadata({"tags": []}) is None


# --------------------------------------------------------------------------- figures


def _png(draw, size=(4.0, 3.0)) -> str:
    """base64 PNG of a figure that ``draw(ax)`` fills, as a notebook stores it."""
    fig, ax = plt.subplots(figsize=size, dpi=100)
    draw(ax)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


X = np.linspace(0, 1, 200)


def _curves(ax, shift=0.0, second=True, legend=True, seed=0):
    ax.plot(X, np.sin(6 * X) + shift, label="sin")
    if second:
        ax.plot(X, np.cos(6 * X), label="cos")
    ax.scatter(*np.random.default_rng(seed).random((2, 30)), s=8)
    if legend:
        ax.legend(loc="lower left")
    ax.set_ylim(-1.5, 1.5)


def test_identical_and_slightly_moved_figures_match():
    reference = _png(_curves)
    assert compare_figures(reference, reference)[0]
    # 0.004 data units is about one pixel at this size: a curve that moved by a pixel
    same, why, _ = compare_figures(reference, _png(lambda ax: _curves(ax, shift=0.004)))
    assert same, why


@pytest.mark.parametrize(
    "change",
    [
        {"second": False},  # a missing line
        {"legend": False},  # a missing legend
        {"seed": 1},  # another seed
        {"shift": 0.2},  # a curve that really moved
    ],
    ids=["missing-line", "missing-legend", "other-seed", "moved-curve"],
)
def test_different_figures_do_not_match(change):
    same, why, _ = compare_figures(_png(_curves), _png(lambda ax: _curves(ax, **change)))
    assert not same
    assert "differ beyond a 2-pixel shift" in why


def test_figures_of_another_size_do_not_match():
    same, why, _ = compare_figures(_png(_curves), _png(_curves, size=(4.0, 3.1)))
    assert not same and "figure size" in why


def test_a_declared_figure_tolerance_widens_the_pixel_budget():
    a, b = _png(_curves), _png(lambda ax: _curves(ax, legend=False))
    assert not compare_figures(a, b)[0]
    assert compare_figures(a, b, allowed=0.09)[0]
    assert MAX_DIFFERENT < 0.01


def test_decode_png_rejects_garbage():
    with pytest.raises(ValueError, match="not base64"):
        decode_png("not-base64!")


# --------------------------------------------------------------------------- mutations


CHAPTER = ROOT / "chapters" / "01_perceptron.ipynb"


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _figures(nb):
    return [
        (i, o)
        for i, c in enumerate(_code_cells(nb))
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]


def _first_digit_cell(nb):
    """Index of the first compared code cell whose stdout has a digit, and that output."""
    for i, c in enumerate(_code_cells(nb)):
        if "nbval-skip" in c.metadata.get("tags", []):
            continue
        for o in c.outputs:
            if o.output_type == "stream" and any(ch.isdigit() for ch in o.text):
                return i, o
    raise AssertionError("no printed digit in chapter 1")


def _mutants(tmp_path: Path) -> dict[str, list[int]]:
    """Write altered copies of chapter 1; return each file's name and the cells that must
    fail (none: the whole notebook must pass)."""
    original = nbformat.read(CHAPTER, as_version=4)
    expected: dict[str, list[int]] = {}

    def write(name, nb, failing):
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
        expected[name] = failing

    write("untouched", copy.deepcopy(original), [])

    nb = copy.deepcopy(original)
    (i, a), (j, b) = _figures(nb)[:2]
    a.data["image/png"], b.data["image/png"] = b.data["image/png"], a.data["image/png"]
    write("figures_swapped", nb, [i, j])

    nb = copy.deepcopy(original)
    i, out = _figures(nb)[0]
    pixels = np.ascontiguousarray(decode_png(out.data["image/png"])[:, ::-1])
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png")
    out.data["image/png"] = base64.b64encode(buffer.getvalue()).decode()
    write("figure_mirrored", nb, [i])

    nb = copy.deepcopy(original)
    i, out = _first_digit_cell(nb)
    k = next(n for n, ch in enumerate(out.text) if ch.isdigit())
    out.text = out.text[:k] + str((int(out.text[k]) + 1) % 10) + out.text[k + 1 :]
    write("digit_changed", nb, [i])

    # The same digit change, inside a declared tolerance wide enough to cover it: passes.
    nb2 = copy.deepcopy(nb)
    _code_cells(nb2)[i].metadata["tolerance"] = {
        "atol": 10,
        "reason": "a test: any number in this cell may move by up to 10",
    }
    write("digit_within_tolerance", nb2, [])
    return expected


@pytest.mark.slow
def test_mutated_notebooks_fail_and_the_untouched_one_passes(tmp_path):
    expected = _mutants(tmp_path)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    report = tmp_path / "report.xml"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env"]
    command += ["-p", "tests.nbval_tolerance", "-p", "no:cacheprovider", "-q"]
    # a copy: pytest takes a path outside tmp_path in the arguments as part of its rootdir
    shutil.copy(ROOT / "tests" / "nbval_sanitize.cfg", tmp_path / "sanitize.cfg")
    command += ["--nbval-sanitize-with", "sanitize.cfg"]
    command += [f"--junitxml={report}"]
    command += sorted(f"{name}.ipynb" for name in expected)
    run = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert report.exists(), run.stdout[-2000:] + run.stderr[-2000:]

    failed: dict[str, list[int]] = {name: [] for name in expected}
    passed: dict[str, int] = dict.fromkeys(expected, 0)
    for case in ET.parse(report).getroot().iter("testcase"):
        stem = case.get("classname", "").split(".")[0]
        cell = int(case.get("name").split("Cell ")[-1])
        if case.find("failure") is not None or case.find("error") is not None:
            failed[stem].append(cell)
        elif case.find("skipped") is None:
            passed[stem] += 1
    for stem, cells in expected.items():
        assert passed[stem] > 10, f"{stem}: the notebook did not run ({passed[stem]} passed)"
        assert sorted(failed[stem]) == cells, f"{stem}: expected {cells} to fail: {failed[stem]}"
