"""Checkers for the coding exercises: the learner's tutor (DESIGN §5).

Each ``check_<exercise>(candidate) -> bool`` runs the candidate on a battery of cases,
prints one line per failed case (what was given, what was expected, what came back) with a
hint aimed at the usual mistake, and returns ``True`` only when every case passes. A checker
never raises: a stub that raises ``NotImplementedError`` gets "not implemented yet", and any
other exception, warning, wrong type or wrong shape is reported, not crashed on. Each call
has a time limit (``time_limit=`` seconds, default :data:`._guard.DEFAULT_TIME_LIMIT`), the
candidate's printing is captured and bounded, fresh random inputs join the fixed cases on
every run, and what a statement forbids (nnbook's own implementation) is unavailable during
the call.

All checkers run on one engine (``_guard``, ``_core``, ``_engine``); the chapter modules
(``ch01``, ``ch02``, ...) hold their cases, mistakes and hints. Import the checkers from
here: ``from nnbook.exercises import check_xnor``.
"""

from .ch01 import check_gate_weights, check_perceptron_update, check_xnor
from .ch02 import check_leaky_relu, check_sigmoid, check_sigmoid_grad
from .ch03 import check_collapse
from .ch03_bump import check_bump
from .ch04 import check_he_init, check_sigmoid_chain_factor
from .ch05 import check_logsumexp, check_softmax
from .ch05_ce import check_cross_entropy
from .ch06 import (
    check_linear_backward,
    check_numerical_gradient,
    check_tanh_backward,
    check_train_xor,
)

__all__ = [
    "check_bump",
    "check_collapse",
    "check_cross_entropy",
    "check_gate_weights",
    "check_he_init",
    "check_leaky_relu",
    "check_linear_backward",
    "check_logsumexp",
    "check_numerical_gradient",
    "check_perceptron_update",
    "check_sigmoid",
    "check_sigmoid_chain_factor",
    "check_sigmoid_grad",
    "check_softmax",
    "check_tanh_backward",
    "check_train_xor",
    "check_xnor",
]
