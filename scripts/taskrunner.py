"""Every task of the course, defined once, for Windows, macOS and Linux.

Run them through ``tasks.py`` at the repository root: ``python tasks.py TASK`` (in Windows
PowerShell ``py tasks.py TASK``). Each target of the Makefile is one line that calls it, so
``make TASK`` on macOS and Linux does exactly the same. ``python tasks.py help`` lists the
tasks. Only the standard library is used here, so nothing needs to be installed first.

**The environment.** The first task that needs it creates ``.venv`` with the Python that runs
tasks.py and installs the exact pins of ``requirements.txt`` into it (the course package
included, ``-e .``). The stamp ``.venv/.installed`` records a SHA-256 of ``requirements.txt``
and ``pyproject.toml``; when either changes, the next task installs again. A ``.venv`` whose
Python is missing or older than ``requires-python`` is recreated. Every tool then runs from
``.venv``: ``.venv/bin/python`` on macOS and Linux, ``.venv\\Scripts\\python.exe`` on
Windows (the layout follows ``os.name``, as the ``venv`` module's does).

**No shell.** No task calls a shell or a POSIX tool: files are removed with ``shutil``,
environment variables are set in a copy of ``os.environ``, files are found with ``pathlib``.
Every child process gets ``PYTHONUTF8=1`` (the files are UTF-8, and Windows would otherwise
read and print them in the locale's code page), ``VIRTUAL_ENV`` and ``.venv``'s scripts
first on ``PATH``, as in an activated environment.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP = ".installed"  # inside .venv
STAMPED_FILES = ("requirements.txt", "pyproject.toml")
BOOK_FLAGS = ("-W", "-n", "--keep-going")
CODE = ("src", "tests", "scripts", "benchmarks", "chapters", "conftest.py", "tasks.py")
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1"}  # two pytest workers on two cores
CLEANED = ("_build", ".pytest_cache", ".ruff_cache", ".hypothesis", "student")


def required_python(root: Path = ROOT) -> tuple[int, ...]:
    """The lowest Python that ``requires-python`` in pyproject.toml accepts, e.g. (3, 11, 5)."""
    with open(root / "pyproject.toml", "rb") as file:
        spec = tomllib.load(file)["project"]["requires-python"]
    match = re.fullmatch(r"\s*>=\s*(\d+(?:\.\d+)*)\s*", spec)
    if not match:
        raise ValueError(f"requires-python must have the form '>=X.Y.Z', not {spec!r}")
    return tuple(int(part) for part in match[1].split("."))


def version_text(version: Iterable[int]) -> str:
    return ".".join(str(part) for part in version)


# ----------------------------------------------------------------------------- .venv layout


def venv_bin(venv: Path, os_name: str) -> Path:
    """Where a virtual environment keeps its interpreter and scripts on this OS."""
    return venv / ("Scripts" if os_name == "nt" else "bin")


def venv_executable(venv: Path, name: str, os_name: str) -> Path:
    """``python`` or a console script such as ``jupyter-book``, inside ``venv``."""
    return venv_bin(venv, os_name) / (f"{name}.exe" if os_name == "nt" else name)


def venv_version(venv: Path) -> tuple[int, ...] | None:
    """The Python version recorded in ``venv/pyvenv.cfg`` (None if there is none)."""
    try:
        text = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"^\s*version(?:_info)?\s*=\s*(\d+(?:\.\d+)*)", text, re.MULTILINE)
    return tuple(int(part) for part in match[1].split(".")) if match else None


def requirements_digest(root: Path) -> str:
    """SHA-256 over the files whose change means "install again"."""
    digest = hashlib.sha256()
    for name in STAMPED_FILES:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    return digest.hexdigest()


# ----------------------------------------------------------------------------- the context


class TaskFailed(Exception):
    """A task cannot go on; ``code`` is the exit status for tasks.py (a failed command's own)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _run_subprocess(command: list[str], cwd: Path, env: Mapping[str, str]) -> int:
    """Run ``command`` and wait for it, also through Ctrl+C: the terminal sends Ctrl+C to the
    child too, and the child decides (pytest stops and reports, JupyterLab asks whether to shut
    down and then stops its kernels). ``subprocess.run`` would kill it at once instead."""
    with subprocess.Popen(command, cwd=cwd, env=dict(env)) as process:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                continue


@dataclass
class Context:
    """Where the tasks run, on which OS layout, and how commands are started (tests replace
    ``runner`` to record the commands instead)."""

    root: Path = ROOT
    os_name: str = field(default_factory=lambda: os.name)
    runner: Callable[[list[str], Path, Mapping[str, str]], int] = _run_subprocess
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    base_python: str = field(default_factory=lambda: sys.executable)

    @property
    def venv(self) -> Path:
        return self.root / ".venv"

    @property
    def python(self) -> Path:
        return venv_executable(self.venv, "python", self.os_name)

    def script(self, name: str) -> Path:
        return venv_executable(self.venv, name, self.os_name)

    def rel(self, path: Path) -> str:
        """``path`` relative to the repository root where it is inside it, in the OS's form."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def chapters(self) -> list[str]:
        return [self.rel(p) for p in sorted((self.root / "chapters").glob("*.ipynb"))]

    def child_env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = dict(self.environ)
        path_key = next((k for k in env if k.upper() == "PATH"), "PATH")  # Windows: "Path"
        env[path_key] = os.pathsep.join(
            p for p in (str(venv_bin(self.venv, self.os_name)), env.get(path_key, "")) if p
        )
        env["VIRTUAL_ENV"] = str(self.venv)
        env["PYTHONUTF8"] = "1"
        env.update(extra or {})
        return env

    def show(self, command: list[str]) -> str:
        shown = [self.rel(Path(part)) if Path(part).is_absolute() else part for part in command]
        return subprocess.list2cmdline(shown) if self.os_name == "nt" else shlex.join(shown)

    def run(self, *command: str | Path, env: Mapping[str, str] | None = None) -> None:
        """Run ``command`` in the repository root; raise TaskFailed if it fails."""
        argv = [str(part) for part in command]
        shown = self.show(argv)
        print(shown, flush=True)
        code = self.runner(argv, self.root, self.child_env(env))
        if code > 0:
            raise TaskFailed(f"{shown} exited with status {code}", code)
        if code < 0:  # POSIX: killed by signal -code; exit as a shell would report it
            raise TaskFailed(f"{shown} was stopped by signal {-code}", 128 - code)

    def py(self, *args: str | Path, env: Mapping[str, str] | None = None) -> None:
        """Run ``.venv``'s Python with ``args``."""
        self.run(self.python, *args, env=env)


# ----------------------------------------------------------------------------- install


def install_reason(ctx: Context) -> str | None:
    """Why ``.venv`` must be (re)installed before a task runs, or None if it is current."""
    floor = required_python(ctx.root)
    if not ctx.venv.exists():
        return "no .venv yet"
    if not ctx.python.exists():
        return f"{ctx.rel(ctx.python)} is missing"
    version = venv_version(ctx.venv)
    if version is not None and version < floor:
        return f".venv has Python {version_text(version)}, older than {version_text(floor)}"
    stamp = ctx.venv / STAMP
    if not stamp.is_file():
        return "the pins were never installed completely"
    if stamp.read_text(encoding="utf-8").strip() != requirements_digest(ctx.root):
        return " or ".join(STAMPED_FILES) + " changed"
    return None


def ensure_venv(ctx: Context) -> None:
    """Create ``.venv`` if needed and install the pins if they changed (the stamp)."""
    reason = install_reason(ctx)
    if reason is None:
        return
    print(f"tasks.py: {reason}: installing the pinned versions into .venv", flush=True)
    version = venv_version(ctx.venv)
    if not ctx.python.exists() or (version is not None and version < required_python(ctx.root)):
        clear = ["--clear"] if ctx.venv.exists() else []
        print("tasks.py: creating .venv (the first install takes a few minutes)", flush=True)
        ctx.run(ctx.base_python, "-m", "venv", *clear, ctx.venv)
    pip = ("-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    ctx.py(*pip, "--upgrade", "pip")
    ctx.py(*pip, "-r", "requirements.txt")
    ctx.venv.mkdir(exist_ok=True)
    (ctx.venv / STAMP).write_text(requirements_digest(ctx.root) + "\n", encoding="utf-8")


def remove(path: Path) -> None:
    """``rm -rf path``, in Python."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# ----------------------------------------------------------------------------- the tasks


@dataclass(frozen=True)
class Task:
    name: str
    help: str
    function: Callable[[Context, list[str]], None]
    arguments: str = ""  # where extra command-line arguments go ("" = the task takes none)
    needs_venv: bool = True


TASKS: dict[str, Task] = {}  # in the order `help` lists them


def task(name: str, help: str, *, arguments: str = "", needs_venv: bool = True):
    def register(function: Callable[[Context, list[str]], None]):
        TASKS[name] = Task(name, help, function, arguments, needs_venv)
        return function

    return register


def build_book(ctx: Context) -> None:
    ctx.run(ctx.script("jupyter-book"), "build", ".", *BOOK_FLAGS)


@task("book", "build the HTML book into _build/html (zero warnings)")
def book(ctx: Context, args: list[str]) -> None:
    # Sphinx 7.4 does not overwrite a changed file from _static/ on an incremental build:
    # remove the built copies of the book's own static files first.
    # Copying them again afterwards keeps them even when no page was out of date (then
    # Sphinx copies nothing).
    built = ctx.root / "_build" / "html" / "_static"
    for entry in sorted((ctx.root / "_static").iterdir()):
        remove(built / entry.name)
    build_book(ctx)
    for entry in sorted((ctx.root / "_static").iterdir()):
        if entry.is_file() and built.is_dir() and not (built / entry.name).exists():
            shutil.copy2(entry, built / entry.name)
    print(f"The book is at {ctx.root / '_build' / 'html' / 'index.html'}")


@task("pdf", "write the PDF edition, _build/pdf/book.pdf (needs Chromium and a Korean font)")
def pdf(ctx: Context, args: list[str]) -> None:
    ctx.py("scripts/build_pdf.py")


@task("test", "everything, as CI runs it: lint, book-check, unit, then test-portable")
def test(ctx: Context, args: list[str]) -> None:
    for step in (lint, book_check, unit, test_portable):
        step(ctx, [])
    print("All checks passed.")


@task(
    "test-fast",
    "lint, then pytest without the tests marked slow (those that run notebooks or a browser):"
    " a quick check while editing",
    arguments="extra arguments go to pytest",
)
def test_fast(ctx: Context, args: list[str]) -> None:
    lint(ctx, [])
    ctx.py(
        "-m",
        "pytest",
        "-m",
        "not slow",
        "-n",
        "2",
        "--dist",
        "loadscope",
        *args,
        env=ONE_BLAS_THREAD,
    )


@task(
    "lab",
    "open JupyterLab on chapters/ with the nnbook package installed",
    arguments="extra arguments go to jupyter lab",
)
def lab(ctx: Context, args: list[str]) -> None:
    geteuid = getattr(os, "geteuid", None)  # POSIX only; Windows has no root
    as_root = ["--allow-root"] if geteuid is not None and geteuid() == 0 else []
    ctx.py("-m", "jupyterlab", "chapters", *as_root, *args)


@task("student", "write student/: every chapter without its solutions, outputs cleared")
def student(ctx: Context, args: list[str]) -> None:
    remove(ctx.root / "student")
    ctx.py("scripts/student_notebooks.py", "--out", "student", *ctx.chapters())


@task(
    "execute",
    "re-run chapter notebooks in place, storing their outputs (after changing nnbook or a chapter)",
    arguments="give notebooks to run only those",
)
def execute(ctx: Context, args: list[str]) -> None:
    notebooks = args or ctx.chapters()
    ctx.py("scripts/colab_setup.py", *notebooks)
    ctx.py("scripts/execute_notebooks.py", *notebooks, env=ONE_BLAS_THREAD)


@task("format", "link new glossary terms, then ruff's fixes and formatting (notebooks too)")
def format_code(ctx: Context, args: list[str]) -> None:
    ctx.py("scripts/glossary_links.py", "--fix", *ctx.chapters())
    ctx.py("-m", "ruff", "check", "--fix", *CODE)
    ctx.py("-m", "ruff", "format", *CODE)


@task("binder", "regenerate binder/requirements.txt (after changing requirements.txt)")
def binder(ctx: Context, args: list[str]) -> None:
    ctx.py("scripts/binder_requirements.py")


def pinned(freeze: str, header: str) -> str:
    """requirements.txt from ``pip freeze --exclude-editable`` output and the old header:
    the header, the pins sorted case-insensitively, then ``-e .`` (the course package)."""
    pins = [line.strip() for line in freeze.splitlines() if "==" in line and line[:1] != "#"]
    body = "\n".join(sorted(pins, key=lambda line: (line.upper(), line)))
    return f"{header.rstrip()}\n\n{body}\n-e .\n"


def header_of(requirements: str) -> str:
    """The comment lines (and blank lines) at the top of requirements.txt."""
    lines = requirements.splitlines()
    end = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")),
        len(lines),
    )
    return "\n".join(lines[:end])


@task(
    "pin",
    "rewrite requirements.txt from what .venv has (after pip-installing a new dependency)",
    needs_venv=False,
)
def pin(ctx: Context, args: list[str]) -> None:
    if not ctx.python.exists():
        raise TaskFailed(f"there is no {ctx.rel(ctx.python)}: run `python tasks.py install` first")
    freeze = subprocess.run(
        [str(ctx.python), "-m", "pip", "freeze", "--exclude-editable"],
        cwd=ctx.root,
        env=ctx.child_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    target = ctx.root / "requirements.txt"
    text = pinned(freeze, header_of(target.read_text(encoding="utf-8")))
    target.write_text(text, encoding="utf-8")
    print(f"wrote requirements.txt ({text.count('==')} pins); next: python tasks.py binder")


@task("lint", "ruff (check, format) over code and notebooks; the workflows against their schema")
def lint(ctx: Context, args: list[str]) -> None:
    ctx.py("-m", "ruff", "check", *CODE)
    ctx.py("-m", "ruff", "format", "--check", *CODE)
    workflows = [ctx.rel(p) for p in sorted((ctx.root / ".github" / "workflows").glob("*.yml"))]
    ctx.py("-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)


@task("book-check", "build the book from scratch (_build/html removed first), zero warnings")
def book_check(ctx: Context, args: list[str]) -> None:
    remove(ctx.root / "_build" / "html")
    build_book(ctx)


@task(
    "unit",
    "pytest: unit tests, nbval on every notebook (strict), browser tests of the built book",
    arguments="extra arguments go to pytest",
)
def unit(ctx: Context, args: list[str]) -> None:
    ctx.py("-m", "pytest", "-n", "2", "--dist", "loadscope", *args, env=ONE_BLAS_THREAD)


@task(
    "test-portable",
    "every notebook under nbval in five floating-point environments (BLAS kernels, thread"
    " counts, SIMD levels): the outputs hold on any machine",
    arguments="extra arguments go to scripts/test_portable.py",
)
def test_portable(ctx: Context, args: list[str]) -> None:
    ctx.py("scripts/test_portable.py", *args)


@task(
    "nbval",
    "every chapter under nbval (strict) and nothing else",
    arguments="extra arguments go to pytest",
)
def nbval(ctx: Context, args: list[str]) -> None:
    ctx.py("-m", "pytest", "chapters", "-n", "2", "--dist", "loadscope", *args, env=ONE_BLAS_THREAD)


@task("student-run", "write student/, then run every student notebook top to bottom")
def student_run(ctx: Context, args: list[str]) -> None:
    student(ctx, [])
    # The copies have no stored outputs, so nbval compares nothing: it fails only on a cell
    # that raises, where Run All in JupyterLab would stop.
    notebooks = [ctx.rel(p) for p in sorted((ctx.root / "student").glob("*.ipynb"))]
    if not notebooks:  # pytest without paths would run the whole test suite instead
        raise TaskFailed("no student notebooks were written to student/")
    ctx.py("-m", "pytest", *notebooks, "-n", "2", "--dist", "loadscope", env=ONE_BLAS_THREAD)


@task("install", "create .venv and install the pins (every task does this when needed)")
def install(ctx: Context, args: list[str]) -> None:
    version = version_text(venv_version(ctx.venv) or ())
    print(f"{ctx.rel(ctx.python)} (Python {version}) has the pins of requirements.txt")


@task("clean", "remove _build, the caches and student/ (keeps .venv)", needs_venv=False)
def clean(ctx: Context, args: list[str]) -> None:
    for name in CLEANED:
        remove(ctx.root / name)
    for folder, subfolders, _ in os.walk(ctx.root):
        if Path(folder) == ctx.root:
            subfolders[:] = [d for d in subfolders if d not in {".venv", ".git"}]
        if "__pycache__" in subfolders:
            remove(Path(folder) / "__pycache__")
            subfolders.remove("__pycache__")
    print("removed " + ", ".join(CLEANED) + " and every __pycache__ outside .venv")


@task("help", "list the tasks (also: python tasks.py --help)", needs_venv=False)
def show_help(ctx: Context, args: list[str]) -> None:
    print(usage())


# ----------------------------------------------------------------------------- command line


def usage(width: int = 96) -> str:
    column = max(len(name) for name in TASKS) + 4
    lines = [
        "Usage: python tasks.py TASK [ARGUMENTS]",
        "  Windows PowerShell: py tasks.py TASK.  macOS and Linux: make TASK does the same.",
        "  The first task creates .venv and installs requirements.txt (a few minutes, once).",
        "",
        "Tasks:",
    ]
    for t in TASKS.values():
        text = t.help + (f"; {t.arguments}" if t.arguments else "")
        lines.append(
            textwrap.fill(
                text,
                width,
                initial_indent=f"  {t.name:<{column - 2}}",
                subsequent_indent=" " * column,
            )
        )
    return "\n".join(lines)


def main(argv: list[str], ctx: Context | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a path the console cannot encode: no crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if not argv or argv[0] in {"-h", "--help"}:
        argv = ["help"]
    name, args = argv[0], argv[1:]
    chosen = TASKS.get(name)
    if chosen is None:
        print(f"tasks.py: there is no task {name!r}.\n\n{usage()}", file=sys.stderr)
        return 2
    if args and not chosen.arguments:
        print(f"tasks.py: {name} takes no arguments (got {' '.join(args)})", file=sys.stderr)
        return 2
    ctx = ctx or Context()
    try:
        if chosen.needs_venv:
            ensure_venv(ctx)
        chosen.function(ctx, args)
    except TaskFailed as failure:
        print(f"tasks.py {name}: {failure}", file=sys.stderr)
        return failure.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `python tasks.py help | head`: the reader has gone, no error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
