"""Import a build script, ``scripts/<name>.py``, in the tests as the build imports it.

The scripts are not a package (Sphinx and the task runner put ``scripts/`` on the path), so
the tests load them by file. A script is loaded once and registered in ``sys.modules``, so
that scripts importing each other (``book_meta`` imports ``book_html``) share one module.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load_script(name: str) -> ModuleType:
    """The module ``scripts/<name>.py``, loaded once per test process."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
