"""Checkers for the coding exercises: the learner's tutor (DESIGN §5).

Each ``check_<exercise>(candidate) -> bool`` runs the candidate on a battery of cases,
prints one line per failed case (what was given, what was expected, what came back) with a
hint aimed at the usual mistake, and returns ``True`` only when every case passes. A checker
never raises: a stub that raises ``NotImplementedError`` gets "not implemented yet", and any
other exception, warning, wrong type or wrong shape is reported, not crashed on.

The checkers live in one module per chapter (``ch01``, ``ch02``, ...) on the shared
machinery in ``_core``; import them from here: ``from nnbook.exercises import check_xnor``.
"""

from .ch01 import check_gate_weights, check_perceptron_update, check_xnor

__all__ = ["check_gate_weights", "check_perceptron_update", "check_xnor"]
