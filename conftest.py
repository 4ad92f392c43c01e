"""pytest configuration shared by the unit tests and the notebook (nbval) tests.

The notebook comparison (exact text, declared numeric tolerances, figures compared as
images) is a plugin of its own: ``tests/nbval_tolerance.py``.
"""

pytest_plugins = ["tests.nbval_tolerance"]
