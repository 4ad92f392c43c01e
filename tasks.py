"""The course's task runner, for Windows, macOS and Linux alike.

    python tasks.py book     build the book          (Windows PowerShell: py tasks.py book)
    python tasks.py test     every check             (Windows PowerShell: py tasks.py test)
    python tasks.py help     every task              (macOS and Linux: make TASK is the same)

The tasks are defined in scripts/taskrunner.py. This file first checks the Python version,
in code that any Python (2.7 included) can parse, so that an interpreter too old for the
pinned packages gets one clear sentence instead of a syntax error or a resolver error.
"""

import os
import sys

MIN_PYTHON = (3, 11, 5)  # requires-python in pyproject.toml (tests/test_tasks.py checks)

if sys.version_info < MIN_PYTHON:
    need = ".".join(str(part) for part in MIN_PYTHON)
    have = ".".join(str(part) for part in sys.version_info[:3])
    task = sys.argv[1] if len(sys.argv) > 1 else "book"
    sys.stderr.write(
        "This course needs Python " + need + " or newer; you have " + have + " "
        "(" + sys.executable + "). "
        "Install a newer Python (https://www.python.org/downloads/, or the Microsoft Store on "
        "Windows, or Homebrew on a Mac) and run this with it: `py -3.12 tasks.py " + task + "` "
        "in Windows PowerShell, `python3.12 tasks.py " + task + "` or `make " + task + " "
        "PYTHON=python3.12` on macOS and Linux.\n"
    )
    sys.exit(1)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts"))
import taskrunner  # noqa: E402  (only once the version is known to be new enough)

if __name__ == "__main__":
    sys.exit(taskrunner.main(sys.argv[1:]))
