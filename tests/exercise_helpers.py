"""Shared helpers for the checker tests."""

from __future__ import annotations

from nnbook.exercises._core import WIDTH


def run(check, candidate, capsys, **kwargs):
    """Call a checker; return its verdict and its printed feedback with wrapping undone."""
    result = check(candidate, **kwargs)
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH, out
    return result, " ".join(out.split())


def has_hint(text: str, hint: str) -> bool:
    """Whether ``hint`` (a hint constant) was printed as a hint."""
    return "Hint: " + " ".join(hint.split())[:70] in text
