"""pytest plugin: how nbval compares a re-run notebook with its committed outputs.

nbval compares text outputs character for character and skips figures. The course keeps the
first, adds the second, and allows one declared exception, so that the committed outputs
reproduce on every learner's machine and not only on the one that wrote them
(CONTRIBUTING.md, "Outputs that reproduce on every machine"):

1. **Text is compared exactly**, as nbval does, unless the cell declares a tolerance in its
   metadata::

       "tolerance": {"rtol": 1e-6, "atol": 0, "reason": "a BLAS-dependent sum, last digits"}

   Then every number in the cell's text output is parsed and compared within
   ``|test - ref| <= atol + rtol * |ref|``; every other character is still compared exactly
   (only the padding spaces directly before a number, which move when a column's width
   changes, may differ). ``reason`` is required: one line a reader could accept. Two
   optional keys narrow or widen it: ``"match": "regex"`` applies the tolerance only to the
   output lines that match (every other line stays exact), and ``"figure": 0.01`` lets that
   fraction of a figure's pixels differ (the default is ``MAX_DIFFERENT``).
2. **Figures are compared as images.** Both PNGs are decoded; they must have the same size,
   and a pixel counts as different only if no pixel within ``RADIUS`` of it in the other
   image has nearly its colour (``COLOUR`` out of 255). A curve that moves by a pixel or two,
   or is anti-aliased differently, passes; a missing line, legend or label, another seed or
   another figure fails. On failure the expected, actual and difference images are written to
   ``_build/figure-diffs/``.

nbval offers no hook for either, so this module subclasses its public classes
(``IPyNbFile``, ``IPyNbCell``) and overrides ``IPyNbCell.compare_outputs``. It relies on
nbval's ``coalesce_streams`` and the output layout of nbval 0.11 (pinned in
``requirements.txt``, ``<0.12`` in ``pyproject.toml``); ``tests/test_nbval_tolerance.py``
tests it, mutation tests included.
"""

from __future__ import annotations

import base64
import binascii
import copy
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from nbval.plugin import IPyNbCell, IPyNbFile
from PIL import Image

TEXT_MIMES = ("text/plain", "text/html", "text/latex")
RADIUS = 2  # pixels a feature may move
COLOUR = 64  # out of 255: the largest channel difference still counted as "the same colour"
MAX_DIFFERENT = 0.0005  # fraction of pixels allowed to differ beyond that (0.05 %)
DIFF_DIR = Path(__file__).resolve().parents[1] / "_build" / "figure-diffs"

# A number as Python and NumPy print them: optional sign (ASCII or U+2212), digits with an
# optional fraction, or a fraction alone, an optional exponent; also nan and inf. A number
# glued to a letter or an underscore on the left (x1, float32, fig_3) is part of a name.
_NUMBER = re.compile(
    r"(?<![A-Za-z_\d.])"
    r"(?P<num>[-+−]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf))"
    r"(?![A-Za-z_\d])"
)


# --------------------------------------------------------------------------- tolerance


@dataclass(frozen=True)
class Tolerance:
    """A cell's declared tolerance for the numbers in its text output."""

    rtol: float
    atol: float
    reason: str
    match: str = ""  # a regex: only matching lines get the tolerance
    figure: float = 0.0  # fraction of pixels allowed to differ; 0 means MAX_DIFFERENT

    @classmethod
    def from_metadata(cls, metadata: dict, where: str = "cell") -> Tolerance | None:
        """Read ``metadata["tolerance"]``; None when absent. Raises ValueError when malformed."""
        spec = metadata.get("tolerance")
        if spec is None:
            return None
        if not isinstance(spec, dict):
            raise ValueError(f"{where}: metadata 'tolerance' must be a mapping, got {spec!r}")
        unknown = set(spec) - {"rtol", "atol", "reason", "match", "figure"}
        if unknown:
            raise ValueError(f"{where}: unknown keys in 'tolerance': {sorted(unknown)}")
        reason = spec.get("reason", "")
        if not isinstance(reason, str) or len(reason.strip()) < 10:
            raise ValueError(f"{where}: 'tolerance' needs a 'reason' (one line a reader accepts)")
        values = {}
        for key in ("rtol", "atol", "figure"):
            value = spec.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{where}: tolerance {key} must be a number, got {value!r}")
            if not (math.isfinite(value) and 0 <= value < 1e6):
                raise ValueError(f"{where}: tolerance {key} must be finite and >= 0, got {value}")
            values[key] = float(value)
        if not any(values.values()):
            raise ValueError(f"{where}: a tolerance needs rtol, atol or figure > 0")
        if values["figure"] >= 0.1:
            raise ValueError(f"{where}: tolerance figure is a fraction of pixels below 0.1")
        match = spec.get("match", "")
        if not isinstance(match, str):
            raise ValueError(f"{where}: tolerance match must be a regex string, got {match!r}")
        try:
            re.compile(match)
        except re.error as exc:
            raise ValueError(f"{where}: tolerance match is not a valid regex: {exc}") from None
        return cls(values["rtol"], values["atol"], reason.strip(), match, values["figure"])


def split_numbers(text: str) -> tuple[list[str], list[str]]:
    """Split ``text`` into the pieces between numbers and the numbers themselves.

    ``pieces`` has one more element than ``numbers``; the padding spaces directly before a
    number are left out of the piece before it.
    """
    pieces, numbers, last = [], [], 0
    for match in _NUMBER.finditer(text):
        pieces.append(text[last : match.start()].rstrip(" "))
        numbers.append(match.group("num"))
        last = match.end()
    pieces.append(text[last:])
    return pieces, numbers


def _value(token: str) -> float:
    return float(token.replace("−", "-"))


def numbers_within(ref: str, test: str, tol: Tolerance) -> tuple[bool, str]:
    """Whether ``test`` equals ``ref`` except for numbers within ``tol``; a reason if not."""
    if tol.match:
        ref_lines, test_lines = ref.split("\n"), test.split("\n")
        if len(ref_lines) != len(test_lines):
            return False, f"{len(test_lines)} lines where the notebook has {len(ref_lines)}"
        loose = Tolerance(tol.rtol, tol.atol, tol.reason)
        for a, b in zip(ref_lines, test_lines, strict=True):
            if re.search(tol.match, a):
                ok, why = numbers_within(a, b, loose)
                if not ok:
                    return False, why
            elif a != b:
                return False, f"a line outside the tolerance's match differs: {b!r}"
        return True, ""
    if not (tol.rtol or tol.atol):
        return (ref == test), "text differs (this cell's tolerance is for figures only)"
    ref_pieces, ref_numbers = split_numbers(ref)
    test_pieces, test_numbers = split_numbers(test)
    if len(ref_numbers) != len(test_numbers) or ref_pieces != test_pieces:
        return False, "the text around the numbers differs (tolerance covers numbers only)"
    for a, b in zip(ref_numbers, test_numbers, strict=True):
        x, y = _value(a), _value(b)
        if math.isnan(x) or math.isnan(y):
            if not (math.isnan(x) and math.isnan(y)):
                return False, f"{b} where the notebook has {a}"
            continue
        if math.isinf(x) or math.isinf(y):
            if x != y:
                return False, f"{b} where the notebook has {a}"
            continue
        if abs(y - x) > tol.atol + tol.rtol * abs(x):
            return False, (
                f"{b} where the notebook has {a}: outside the declared tolerance "
                f"(rtol={tol.rtol:g}, atol={tol.atol:g})"
            )
    return True, ""


# --------------------------------------------------------------------------- figures


def decode_png(data: str | bytes) -> np.ndarray:
    """A PNG (base64 text as stored in a notebook, or bytes) as an (h, w, 4) uint8 array."""
    raw = data
    if isinstance(data, str):
        try:
            raw = base64.b64decode("".join(data.split()), validate=True)
        except binascii.Error as exc:
            raise ValueError(f"not base64 PNG data: {exc}") from None
    with Image.open(io.BytesIO(raw)) as image:
        return np.asarray(image.convert("RGBA"))


def different_pixels(expected: np.ndarray, actual: np.ndarray, radius: int = RADIUS) -> np.ndarray:
    """Boolean mask of the pixels that differ beyond what a shift of ``radius`` explains.

    A pixel of one image is explained if some pixel within ``radius`` (in x and y) of the same
    place in the other image has every channel within ``COLOUR`` of it. Both directions are
    checked, so a line that disappears and a line that appears both count.
    """
    if expected.shape != actual.shape:
        raise ValueError(f"sizes differ: {expected.shape[:2]} and {actual.shape[:2]}")
    a = expected.astype(np.int16)
    b = actual.astype(np.int16)
    h, w = a.shape[:2]
    pad = ((radius, radius), (radius, radius), (0, 0))
    a_pad = np.pad(a, pad, mode="edge")
    b_pad = np.pad(b, pad, mode="edge")
    a_unexplained = np.ones((h, w), dtype=bool)
    b_unexplained = np.ones((h, w), dtype=bool)
    for dy in range(2 * radius + 1):
        for dx in range(2 * radius + 1):
            b_shift = b_pad[dy : dy + h, dx : dx + w]
            a_shift = a_pad[dy : dy + h, dx : dx + w]
            a_unexplained &= np.abs(a - b_shift).max(axis=2) > COLOUR
            b_unexplained &= np.abs(b - a_shift).max(axis=2) > COLOUR
    return a_unexplained | b_unexplained


def compare_figures(
    expected: str, actual: str, allowed: float = MAX_DIFFERENT
) -> tuple[bool, str, np.ndarray | None]:
    """Compare two stored PNGs; return (same, explanation, mask of differing pixels).

    ``allowed`` is the fraction of pixels that may differ beyond a ``RADIUS``-pixel shift.
    """
    a, b = decode_png(expected), decode_png(actual)
    if a.shape != b.shape:
        return (
            False,
            f"figure size {b.shape[1]}x{b.shape[0]} px, expected {a.shape[1]}x{a.shape[0]}",
            None,
        )
    mask = different_pixels(a, b)
    fraction = mask.mean()
    if fraction > allowed:
        return (
            False,
            f"{mask.sum()} pixels ({100 * fraction:.2f} %) differ beyond a {RADIUS}-pixel shift "
            f"(allowed: {100 * allowed:.2f} %)",
            mask,
        )
    return True, "", mask


def _save_diff(name: str, expected: str, actual: str, mask: np.ndarray | None) -> Path:
    DIFF_DIR.mkdir(parents=True, exist_ok=True)
    base = DIFF_DIR / name
    a, b = decode_png(expected), decode_png(actual)
    Image.fromarray(a).save(f"{base}-expected.png")
    Image.fromarray(b).save(f"{base}-actual.png")
    if mask is not None:
        diff = (a // 3 + 170).astype(np.uint8)  # the expected figure, faded
        diff[mask] = (213, 94, 0, 255)  # vermilion, colour-blind safe
        Image.fromarray(diff).save(f"{base}-diff.png")
    return base


# --------------------------------------------------------------------------- nbval classes


def _pngs(outputs) -> list[str]:
    return [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]


class ToleranceCell(IPyNbCell):
    """A notebook cell compared the course's way (module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        where = f"{Path(str(self.fspath)).name} cell {self.cell_num}"
        self.tolerance = Tolerance.from_metadata(self.cell.metadata, where)

    def _snap(self, test, ref):
        """Copies of the test outputs, with texts equal within tolerance set to the reference."""
        notes = []
        snapped = copy.deepcopy(test)
        for out, reference in zip(snapped, ref, strict=False):
            if out.get("output_type") != reference.get("output_type"):
                continue
            if out.get("output_type") == "stream":
                if out.get("name") != reference.get("name"):
                    continue
                ok, why = numbers_within(reference["text"], out["text"], self.tolerance)
                if ok:
                    out["text"] = reference["text"]
                else:
                    notes.append(f"{out['name']}: {why}")
            for mime in TEXT_MIMES:
                if mime in out.get("data", {}) and mime in reference.get("data", {}):
                    ok, why = numbers_within(
                        reference["data"][mime], out["data"][mime], self.tolerance
                    )
                    if ok:
                        out["data"][mime] = reference["data"][mime]
                    else:
                        notes.append(f"{mime}: {why}")
        return snapped, notes

    def compare_outputs(self, test, ref, skip_compare=None):
        notes: list[str] = []
        if self.tolerance is not None:
            test, notes = self._snap(test, ref)
        # nbval compares everything but figures (image/png is in its skip list) ...
        if not super().compare_outputs(test, ref, skip_compare):
            if notes:
                self.comparison_traceback.append(
                    f"declared tolerance ({self.tolerance.reason}) does not cover this: "
                    + "; ".join(notes)
                )
            return False
        # ... and the figures are compared here, as images.
        expected, actual = _pngs(ref), _pngs(test)
        if len(expected) != len(actual):
            self.comparison_traceback.append(
                f"the cell drew {len(actual)} figure(s); the notebook has {len(expected)}"
            )
            return False
        allowed = (self.tolerance and self.tolerance.figure) or MAX_DIFFERENT
        for k, (a, b) in enumerate(zip(expected, actual, strict=True)):
            same, why, mask = compare_figures(a, b, allowed)
            if not same:
                name = f"{Path(str(self.fspath)).stem}-cell{self.cell_num}-fig{k}"
                base = _save_diff(name, a, b, mask)
                self.comparison_traceback.append(
                    f"figure {k} differs: {why}. Images: {base}-expected.png, "
                    f"{base}-actual.png, {base}-diff.png"
                )
                return False
        return True


class ToleranceNotebook(IPyNbFile):
    """nbval's notebook collector, yielding ``ToleranceCell`` items."""

    def collect(self):
        for item in super().collect():
            yield ToleranceCell.from_parent(
                self, name=item.name, cell_num=item.cell_num, cell=item.cell, options=item.options
            )


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """Replace nbval's notebook collectors by ``ToleranceNotebook``."""
    collected = yield
    replaced = []
    for node in collected or []:
        if type(node) is IPyNbFile:
            node = ToleranceNotebook.from_parent(parent, path=file_path)
        replaced.append(node)
    return replaced
