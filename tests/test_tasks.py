"""The task runner (``tasks.py``, ``scripts/taskrunner.py``): paths on both OS layouts, the
install stamp, the Python floor and its message, tasks that run only Python, and the Makefile
and the CI workflows that call it."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
TASKS_PY = ROOT / "tasks.py"

_spec = importlib.util.spec_from_file_location("taskrunner", ROOT / "scripts" / "taskrunner.py")
tr = importlib.util.module_from_spec(_spec)
sys.modules["taskrunner"] = tr  # dataclasses look their module up while the class is built
_spec.loader.exec_module(tr)


def tasks_py_min_python() -> tuple[int, ...]:
    """MIN_PYTHON in tasks.py, read without running the file."""
    for node in ast.parse(TASKS_PY.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "MIN_PYTHON":
            return ast.literal_eval(node.value)
    raise AssertionError("tasks.py defines no MIN_PYTHON")


class FakeRunner:
    """Records every command; ``python -m venv`` creates the interpreter and pyvenv.cfg, the
    student script writes its notebooks, and ``fail`` makes the commands containing it fail."""

    def __init__(self, venv_version: str = "3.11.7", fail: str = ""):
        self.commands: list[list[str]] = []
        self.envs: list[dict[str, str]] = []
        self.venv_version = venv_version
        self.fail = fail

    def __call__(self, command, cwd, env):
        self.commands.append(command)
        self.envs.append(dict(env))
        if command[1:3] == ["-m", "venv"]:
            venv = Path(command[-1])
            venv.mkdir(exist_ok=True)
            (venv / "pyvenv.cfg").write_text(f"home = /x\nversion = {self.venv_version}\n")
            for layout in ("bin/python", "Scripts/python.exe"):
                (venv / layout).parent.mkdir(exist_ok=True)
                (venv / layout).write_text("")
        if len(command) > 1 and command[1] == "scripts/student_notebooks.py":
            out = Path(cwd) / command[command.index("--out") + 1]
            for notebook in command[command.index("--out") + 2 :]:
                out.mkdir(exist_ok=True)
                (out / Path(notebook).name).write_text("{}")
        return 1 if self.fail and any(self.fail in part for part in command) else 0

    def shown(self) -> list[str]:
        return [" ".join(c) for c in self.commands]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A small repository: the real pyproject.toml and requirements.txt, two chapters, the
    book's static files, the workflows."""
    for name in ("pyproject.toml", "requirements.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "chapters").mkdir()
    for name in ("02_b.ipynb", "01_a.ipynb"):
        (tmp_path / "chapters" / name).write_text("{}")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "nnbook.css").write_text("")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "test.yml").write_text("")
    return tmp_path


def context(root: Path, os_name: str = "posix", **kw) -> tr.Context:
    kw.setdefault("runner", FakeRunner())
    kw.setdefault("environ", {"PATH": "/usr/bin"})
    return tr.Context(root=root, os_name=os_name, base_python="/usr/bin/python3.12", **kw)


def installed(root: Path, os_name: str = "posix") -> tr.Context:
    """A context whose .venv is set up, with a fresh recorder."""
    ctx = context(root, os_name)
    tr.ensure_venv(ctx)
    ctx.runner = FakeRunner()
    return ctx


# ----------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    ("os_name", "platform", "python", "script"),
    [
        ("posix", "linux", ".venv/bin/python", ".venv/bin/jupyter-book"),
        ("posix", "darwin", ".venv/bin/python", ".venv/bin/jupyter-book"),
        ("nt", "win32", ".venv/Scripts/python.exe", ".venv/Scripts/jupyter-book.exe"),
    ],
)
def test_venv_paths_follow_the_os_layout(monkeypatch, tmp_path, os_name, platform, python, script):
    with monkeypatch.context() as patch:  # only while the context is made: pathlib needs os.name
        patch.setattr(os, "name", os_name)
        patch.setattr(sys, "platform", platform)
        ctx = tr.Context(root=tmp_path)
    assert ctx.os_name == os_name
    assert ctx.python == tmp_path / python
    assert ctx.script("jupyter-book") == tmp_path / script
    assert ctx.rel(ctx.python) == str(Path(python))


def test_child_environment_is_an_activated_venv_with_utf8(tmp_path):
    ctx = context(tmp_path, environ={"PATH": "/usr/bin", "KEEP": "1"})
    env = ctx.child_env({"OPENBLAS_NUM_THREADS": "1"})
    assert env["PATH"] == os.pathsep.join([str(tmp_path / ".venv" / "bin"), "/usr/bin"])
    assert env["VIRTUAL_ENV"] == str(tmp_path / ".venv")
    assert (env["PYTHONUTF8"], env["OPENBLAS_NUM_THREADS"], env["KEEP"]) == ("1", "1", "1")
    assert "OPENBLAS_NUM_THREADS" not in ctx.environ  # a copy: tasks.py's own is untouched


def test_windows_path_variable_keeps_its_spelling(tmp_path):
    env = context(tmp_path, "nt", environ={"Path": r"C:\Windows"}).child_env()
    assert "PATH" not in env
    assert env["Path"] == os.pathsep.join([str(tmp_path / ".venv" / "Scripts"), r"C:\Windows"])


class InterruptedOnce:
    """A Popen whose first wait() is interrupted by Ctrl+C, as the child goes on shutting down."""

    killed = False

    def __init__(self, command, cwd, env):
        self.waits = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def wait(self):
        self.waits += 1
        if self.waits == 1:
            raise KeyboardInterrupt
        return 3

    def kill(self):
        InterruptedOnce.killed = True


def test_ctrl_c_leaves_the_child_to_shut_down_by_itself(monkeypatch):
    monkeypatch.setattr(tr.subprocess, "Popen", InterruptedOnce)
    assert tr._run_subprocess(["jupyter"], Path("."), {}) == 3
    assert not InterruptedOnce.killed


@pytest.mark.parametrize(("code", "status", "message"), [(2, 2, "exited with status 2"),
                                                          (-2, 130, "was stopped by signal 2")])  # fmt: skip
def test_a_failed_command_fails_the_task_with_its_status(tmp_path, code, status, message):
    ctx = context(tmp_path, runner=lambda command, cwd, env: code)
    with pytest.raises(tr.TaskFailed, match=message) as failure:
        ctx.py("-m", "pytest")
    assert failure.value.code == status


def test_commands_are_shown_relative_and_quoted_for_the_os(tmp_path):
    command = [str(tmp_path / ".venv" / "bin" / "python"), "-m", "pytest", "a b"]
    assert context(tmp_path).show(command) == ".venv/bin/python -m pytest 'a b'"
    assert context(tmp_path, "nt").show(command) == '.venv/bin/python -m pytest "a b"'


# ----------------------------------------------------------------------------- install stamp


def test_first_use_creates_the_venv_and_installs_the_pins(repo):
    ctx = context(repo)
    assert tr.install_reason(ctx) == "no .venv yet"
    tr.ensure_venv(ctx)
    python = str(repo / ".venv" / "bin" / "python")
    assert ctx.runner.commands == [
        ["/usr/bin/python3.12", "-m", "venv", str(repo / ".venv")],
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip"],
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
    ]  # fmt: skip
    assert tr.install_reason(ctx) is None
    tr.ensure_venv(ctx)
    assert len(ctx.runner.commands) == 3  # nothing changed: nothing runs


def test_windows_first_use_uses_the_scripts_layout(repo):
    ctx = context(repo, "nt")
    tr.ensure_venv(ctx)
    assert {c[0] for c in ctx.runner.commands[1:]} == {str(repo / ".venv/Scripts/python.exe")}
    assert tr.install_reason(ctx) is None


@pytest.mark.parametrize("changed", ["requirements.txt", "pyproject.toml"])
def test_a_changed_file_installs_again_without_a_new_venv(repo, changed):
    ctx = installed(repo)
    with open(repo / changed, "a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    assert tr.install_reason(ctx) == "requirements.txt or pyproject.toml changed"
    tr.ensure_venv(ctx)
    assert [c[-1] for c in ctx.runner.commands] == ["pip", "requirements.txt"]
    assert tr.install_reason(ctx) is None


def test_touching_a_file_without_changing_it_installs_nothing(repo):
    ctx = installed(repo)
    os.utime(repo / "requirements.txt", (2e9, 2e9))  # newer than the stamp, same content
    assert tr.install_reason(ctx) is None


def test_an_interrupted_install_is_retried(repo):
    ctx = context(repo, runner=FakeRunner(fail="requirements.txt"))
    with pytest.raises(tr.TaskFailed, match="exited with status 1"):
        tr.ensure_venv(ctx)
    assert tr.install_reason(ctx) == "the pins were never installed completely"
    ctx.runner = FakeRunner()
    tr.ensure_venv(ctx)
    assert [c[-1] for c in ctx.runner.commands] == ["pip", "requirements.txt"]


def test_a_venv_of_a_too_old_python_is_recreated(repo):
    ctx = context(repo, runner=FakeRunner(venv_version="3.11.2"))
    tr.ensure_venv(ctx)  # as the old Makefile could have left it
    ctx.runner = FakeRunner()
    assert tr.install_reason(ctx) == ".venv has Python 3.11.2, older than 3.11.5"
    tr.ensure_venv(ctx)
    assert ctx.runner.commands[0] == [
        "/usr/bin/python3.12", "-m", "venv", "--clear", str(repo / ".venv")
    ]  # fmt: skip
    assert tr.venv_version(repo / ".venv") == (3, 11, 7)


def test_a_venv_without_its_python_is_recreated(repo):
    ctx = installed(repo)
    (repo / ".venv" / "bin" / "python").unlink()
    assert tr.install_reason(ctx) == f"{Path('.venv/bin/python')} is missing"
    tr.ensure_venv(ctx)
    assert ctx.runner.commands[0][1:4] == ["-m", "venv", "--clear"]


def test_venv_version_reads_pyvenv_cfg(tmp_path):
    assert tr.venv_version(tmp_path) is None
    (tmp_path / "pyvenv.cfg").write_text("home = C:\\Python\nversion_info = 3.12.1.final.0\n")
    assert tr.venv_version(tmp_path) == (3, 12, 1)


# ----------------------------------------------------------------------------- Python floor


def test_the_floor_is_the_same_everywhere():
    assert tasks_py_min_python() == tr.required_python() == (3, 11, 5)
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "Python 3.11.5 or newer" in text, doc
        assert not re.search(r"Python 3\.11 or newer", text), doc


def test_the_floor_is_what_the_pins_need():
    """Every pin admits 3.11.5 (Requires-Python, as installed here), and one pin refuses
    3.11.4: the floor is neither too low (a resolver error) nor higher than needed."""
    pins = re.findall(r"(?m)^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "requirements.txt").read_text())
    refusing_3_11_4 = []
    for name, version in pins:
        dist = metadata.distribution(name)
        assert dist.version == version, f"{name}: {dist.version} installed, {version} pinned"
        spec = SpecifierSet(dist.metadata.get("Requires-Python") or "")
        assert spec.contains("3.11.5"), f"{name}=={version} needs Python {spec}"
        if not spec.contains("3.11.4"):
            refusing_3_11_4.append(name)
    assert refusing_3_11_4, "no pin needs 3.11.5 any more: lower requires-python"


def test_required_python_reads_only_a_plain_floor(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.12"\n')
    assert tr.required_python(tmp_path) == (3, 12)
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.11,<3.14"\n')
    with pytest.raises(ValueError, match="'>=X.Y.Z'"):
        tr.required_python(tmp_path)


def run_tasks_py_as(version: tuple, *argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """tasks.py under a fake sys.version_info, as an older interpreter would run it."""
    code = (
        "import runpy, sys\n"
        f"sys.version_info = {version!r}\n"
        f"sys.argv = {['tasks.py', *argv]!r}\n"
        f"runpy.run_path({str(TASKS_PY)!r}, run_name='__main__')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("version", [(3, 11, 4, "final", 0), (3, 9, 6, "final", 0), (2, 7, 18)])
def test_an_old_python_gets_one_clear_sentence(version, tmp_path):
    result = run_tasks_py_as(version, "test", cwd=tmp_path)
    have = ".".join(map(str, version[:3]))
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"This course needs Python 3.11.5 or newer; you have {have} (")
    assert "python.org" in line and "Microsoft Store" in line and "Homebrew" in line
    assert "py -3.12 tasks.py test" in line and "make test PYTHON=python3.12" in line
    assert "Traceback" not in result.stderr


def test_the_floor_itself_passes_the_check(tmp_path):
    result = run_tasks_py_as((3, 11, 5, "final", 0), "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: python tasks.py TASK")


def test_tasks_py_parses_on_old_pythons():
    """No syntax newer than Python 3.4 (and none of what Python 2.7 lacks: f-strings,
    annotations) before the version check, so that old interpreters reach it."""
    source = TASKS_PY.read_text(encoding="utf-8")
    tree = ast.parse(source, feature_version=(3, 4))
    newer = (ast.JoinedStr, ast.AnnAssign, ast.AsyncFunctionDef, ast.NamedExpr)
    assert not [type(n).__name__ for n in ast.walk(tree) if isinstance(n, newer)]
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.arg) and n.annotation]
    assert source.isascii()


# ----------------------------------------------------------------------------- the tasks


def run_task(ctx: tr.Context, name: str, *args: str) -> int:
    return tr.main([name, *args], ctx)


def test_no_task_runs_anything_but_python(repo):
    """Every command of every task is .venv's Python or one of its scripts: no shell, no rm,
    find, id or env-prefix syntax; on both layouts."""
    for os_name in ("posix", "nt"):
        ctx = installed(repo, os_name)
        venv_bin = tr.venv_bin(repo / ".venv", os_name)
        for name in tr.TASKS:
            if name == "pin":  # reads pip freeze's output; tested below
                continue
            assert run_task(ctx, name) == 0, name
        assert ctx.runner.commands
        for command in ctx.runner.commands:
            assert Path(command[0]).parent == venv_bin, command
            assert Path(command[0]).name in {
                "python" + (".exe" if os_name == "nt" else ""),
                "jupyter-book" + (".exe" if os_name == "nt" else ""),
            }, command


def test_the_source_starts_no_shell():
    tree = ast.parse((ROOT / "scripts" / "taskrunner.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert not [k for c in calls for k in c.keywords if k.arg == "shell"]
    names = {ast.unparse(c.func) for c in calls}
    assert not names & {"os.system", "os.popen", "subprocess.getoutput", "os.execvp"}


def test_test_runs_lint_book_check_unit_and_test_portable_in_order(repo):
    ctx = installed(repo)
    (repo / "_build" / "html").mkdir(parents=True)
    (repo / "_build" / "html" / "stale.html").write_text("")
    assert run_task(ctx, "test") == 0
    python = str(repo / ".venv" / "bin" / "python")
    book = str(repo / ".venv" / "bin" / "jupyter-book")
    assert ctx.runner.commands == [
        [python, "-m", "ruff", "check", *tr.CODE],
        [python, "-m", "ruff", "format", "--check", *tr.CODE],
        [python, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(Path(".github/workflows/test.yml"))],
        [book, "build", ".", "-W", "-n", "--keep-going"],
        [python, "-m", "pytest", "-n", "2", "--dist", "loadscope"],
        [python, "scripts/test_portable.py"],
    ]  # fmt: skip
    assert not (repo / "_build" / "html").exists()  # book-check builds from scratch
    assert ctx.runner.envs[4]["OPENBLAS_NUM_THREADS"] == "1"  # unit: one BLAS thread per worker


def test_test_stops_at_the_first_failing_step_with_its_status(repo, capsys):
    ctx = installed(repo)
    ctx.runner = FakeRunner(fail="format")
    assert run_task(ctx, "test") == 1
    assert [c[3] for c in ctx.runner.commands] == ["check", "format"]
    assert "tasks.py test: .venv/bin/python -m ruff format --check" in capsys.readouterr().err


def test_test_fast_lints_then_deselects_the_slow_tests(repo):
    ctx = installed(repo)
    assert run_task(ctx, "test-fast", "-x") == 0
    assert [c[1:4] for c in ctx.runner.commands[:3]] == [
        ["-m", "ruff", "check"], ["-m", "ruff", "format"], ["-m", "check_jsonschema", "--builtin-schema"]
    ]  # fmt: skip
    assert ctx.runner.commands[3][1:] == [
        "-m", "pytest", "-m", "not slow", "-n", "2", "--dist", "loadscope", "-x"
    ]  # fmt: skip
    assert ctx.runner.envs[3]["OPENBLAS_NUM_THREADS"] == "1"


def test_book_refreshes_only_the_built_copies_of_the_books_own_static_files(repo):
    ctx = installed(repo)
    static = repo / "_build" / "html" / "_static"
    static.mkdir(parents=True)
    for name in ("nnbook.css", "theme.css"):
        (static / name).write_text("old")
    assert run_task(ctx, "book") == 0  # the build is mocked: it copies nothing
    source = (repo / "_static" / "nnbook.css").read_text()
    assert (static / "nnbook.css").read_text() == source != "old"  # fresh, even then
    assert (static / "theme.css").read_text() == "old"  # the theme's own files stay
    assert ctx.runner.commands[-1][1:] == ["build", ".", "-W", "-n", "--keep-going"]


def test_student_writes_a_fresh_folder_and_student_run_runs_it(repo):
    ctx = installed(repo)
    (repo / "student").mkdir()
    (repo / "student" / "99_stale.ipynb").write_text("{}")
    assert run_task(ctx, "student-run") == 0
    chapters = [str(Path("chapters/01_a.ipynb")), str(Path("chapters/02_b.ipynb"))]
    student = [str(Path("student/01_a.ipynb")), str(Path("student/02_b.ipynb"))]
    assert [c[1:] for c in ctx.runner.commands] == [
        ["scripts/student_notebooks.py", "--out", "student", *chapters],
        ["-m", "pytest", *student, "-n", "2", "--dist", "loadscope"],
    ]
    assert sorted(p.name for p in (repo / "student").iterdir()) == ["01_a.ipynb", "02_b.ipynb"]


def test_student_run_refuses_to_run_pytest_without_notebooks(repo):
    ctx = installed(repo)
    ctx.runner = lambda command, cwd, env: 0  # the student script writes nothing
    with pytest.raises(tr.TaskFailed, match="no student notebooks"):
        tr.student_run(ctx, [])


def test_execute_runs_every_chapter_or_the_ones_given(repo):
    ctx = installed(repo)
    assert run_task(ctx, "execute") == 0
    assert run_task(ctx, "execute", "chapters/02_b.ipynb") == 0
    assert [c[1:] for c in ctx.runner.commands] == [
        ["scripts/colab_setup.py", str(Path("chapters/01_a.ipynb")), str(Path("chapters/02_b.ipynb"))],
        ["scripts/execute_notebooks.py", str(Path("chapters/01_a.ipynb")), str(Path("chapters/02_b.ipynb"))],
        ["scripts/colab_setup.py", "chapters/02_b.ipynb"],
        ["scripts/execute_notebooks.py", "chapters/02_b.ipynb"],
    ]  # fmt: skip
    assert ctx.runner.envs[1]["OPENBLAS_NUM_THREADS"] == "1"


@pytest.mark.parametrize(("euid", "flags"), [(0, ["--allow-root"]), (1000, []), (None, [])])
def test_lab_adds_allow_root_only_as_root(repo, monkeypatch, euid, flags):
    if euid is None:
        monkeypatch.delattr(os, "geteuid", raising=False)  # as on Windows
    else:
        monkeypatch.setattr(os, "geteuid", lambda: euid, raising=False)
    ctx = installed(repo)
    assert run_task(ctx, "lab", "--no-browser") == 0
    assert ctx.runner.commands[-1][1:] == ["-m", "jupyterlab", "chapters", *flags, "--no-browser"]


def test_clean_removes_builds_and_caches_but_not_venv_or_git(repo):
    keep = [".venv/lib/site/__pycache__/x.pyc", ".git/hooks/__pycache__/y.pyc", "src/a.py"]
    gone = ["_build/html/index.html", ".pytest_cache/v", ".ruff_cache/x", ".hypothesis/x",
            "student/01_a.ipynb", "src/nnbook/__pycache__/a.pyc", "__pycache__/t.pyc"]  # fmt: skip
    for name in keep + gone:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("")
    ctx = context(repo)
    assert run_task(ctx, "clean") == 0
    assert ctx.runner.commands == []  # no .venv needed, nothing run
    assert [name for name in keep if not (repo / name).exists()] == []
    assert [name for name in gone if (repo / name).exists()] == []
    assert not (repo / "src" / "nnbook" / "__pycache__").exists()


def test_pinned_reproduces_the_committed_requirements_file():
    """requirements.txt is exactly what `python tasks.py pin` writes from its own pins."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    freeze = "\n".join(reversed([line for line in text.splitlines() if "==" in line]))
    noise = "\n## !! Could not determine repository location\n# x==1 (a comment)\n"
    assert tr.pinned(freeze + noise, tr.header_of(text)) == text


def test_pinned_sorts_case_insensitively_and_keeps_the_course_package_last():
    out = tr.pinned("zipp==1\nPyYAML==6\nalabaster==0\n", "# header\n")
    assert out == "# header\n\nalabaster==0\nPyYAML==6\nzipp==1\n-e .\n"


def test_pin_without_a_venv_says_what_to_do(repo, capsys):
    assert run_task(context(repo), "pin") == 1
    assert "run `python tasks.py install` first" in capsys.readouterr().err


# ----------------------------------------------------------------------------- command line


def test_help_lists_every_task_within_96_columns(capsys):
    assert tr.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert tr.main(["help"]) == 0
    assert capsys.readouterr().out == out
    listed = re.findall(r"(?m)^  ([a-z-]+) {2,}", out)
    assert listed == list(tr.TASKS)
    assert max(len(line) for line in out.splitlines()) <= 96


def test_bad_command_lines_exit_2_with_a_reason(repo, capsys):
    ctx = context(repo)
    assert tr.main(["bookk"], ctx) == 2
    assert "there is no task 'bookk'" in capsys.readouterr().err
    assert tr.main(["book", "--fast"], ctx) == 2
    assert "book takes no arguments (got --fast)" in capsys.readouterr().err
    assert ctx.runner.commands == []  # nothing was installed or run


# ----------------------------------------------------------------------------- Makefile, CI


def makefile_rules() -> dict[str, list[str]]:
    rules: dict[str, list[str]] = {}
    target = None
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            rules[target].append(line.strip())
        elif match := re.match(r"^([A-Za-z0-9_.-]+):", line):
            target = match[1]
            rules.setdefault(target, [])
    return rules


def test_every_make_target_is_one_call_of_tasks_py_and_every_task_has_one():
    rules = makefile_rules()
    phony = rules.pop(".PHONY")
    assert phony == []
    assert next(iter(rules)) == "help"  # plain `make` lists the targets
    assert set(rules) == set(tr.TASKS)
    for target, recipe in rules.items():
        assert recipe == [f"@$(PYTHON) tasks.py {target}"], target
    declared = re.search(r"(?m)^\.PHONY:(.*)$", (ROOT / "Makefile").read_text())[1].split()
    assert set(declared) == set(tr.TASKS)


def test_ci_runs_make_test_on_linux_and_the_learners_path_on_windows_and_macos():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text())
    jobs = workflow["jobs"]
    assert [s.get("run") for s in jobs["test"]["steps"] if s.get("run")] == [".ci/run"]
    learner = jobs["learner"]
    assert learner["strategy"]["matrix"]["os"] == ["windows-latest", "macos-latest"]
    assert learner["runs-on"] == "${{ matrix.os }}"
    runs = [s["run"] for s in learner["steps"] if "run" in s]
    assert runs == [f"python tasks.py {t}" for t in ("install", "nbval", "student-run", "book")]
    assert re.search(r"(?m)^make test$", (ROOT / ".ci" / "run").read_text())
