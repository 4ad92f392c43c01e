"""Re-run every chapter under nbval in several floating-point environments (`make test-portable`).

A learner's machine has another BLAS kernel, another SIMD level and another thread count than
the machine that wrote the committed outputs. Two environment variables emulate that here:

- ``OPENBLAS_CORETYPE`` makes OpenBLAS use the matrix kernels of an older CPU (another order
  of summation in ``X @ W``);
- ``NPY_DISABLE_CPU_FEATURES`` switches off NumPy's dispatched SIMD loops at run time (another
  ``exp``, ``tanh``, ... in the last bit);

and ``OPENBLAS_NUM_THREADS`` changes how a product is split between threads. Each environment
runs ``pytest chapters`` (the notebooks under nbval, with the course's comparison: exact text,
declared tolerances, figures as images). The script prints one line per environment and exits
non-zero if any of them fails. Usage::

    python scripts/test_portable.py                 # every environment
    python scripts/test_portable.py --list          # what would run, and what is skipped why
    python scripts/test_portable.py --only haswell  # one (or several: --only a,b)
    python scripts/test_portable.py -- -x           # extra arguments after -- go to pytest
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Environment:
    """One floating-point set-up: the variables to set, and what the CPU must support."""

    name: str
    what: str
    variables: dict[str, str] = field(default_factory=dict)
    needs_openblas_core: str = ""  # the CPU feature that OPENBLAS_CORETYPE's kernel needs
    disable: tuple[str, ...] = ()  # NumPy dispatch targets to switch off


ENVIRONMENTS = (
    Environment("native", "OPENBLAS_CORETYPE unset, 1 BLAS thread, every SIMD path"),
    Environment("threads-2", "2 BLAS threads", {"OPENBLAS_NUM_THREADS": "2"}),
    Environment("haswell", "OpenBLAS Haswell kernels", {"OPENBLAS_CORETYPE": "Haswell"}, "AVX2"),
    Environment(
        "sandybridge",
        "OpenBLAS Sandybridge kernels, NumPy without AVX-512",
        {"OPENBLAS_CORETYPE": "Sandybridge"},
        "AVX",
        ("X86_V4", "AVX512_ICL", "AVX512_SPR", "AVX512_SKX", "AVX512F"),
    ),
    Environment(
        "prescott",
        "OpenBLAS Prescott (SSE3) kernels, NumPy at its SSE baseline",
        {"OPENBLAS_CORETYPE": "Prescott"},
        "SSE3",
        ("X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR", "AVX512_SKX", "AVX512F", "AVX2"),
    ),
)


def numpy_facts() -> tuple[set[str], list[str], str]:
    """CPU features NumPy found, the targets it dispatches, and the BLAS it was built with."""
    import numpy as np
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    found = {name for name, present in __cpu_features__.items() if present}
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except (KeyError, TypeError):
        blas = "unknown"
    return found, list(__cpu_dispatch__), str(blas)


def plan(envs=ENVIRONMENTS) -> list[tuple[Environment, dict[str, str] | None, str]]:
    """Each environment with the variables to set here, or None and the reason it is skipped."""
    found, dispatched, blas = numpy_facts()
    x86 = platform.machine().lower() in {"x86_64", "amd64", "i386", "i686", "x86"}
    rows = []
    for env in envs:
        variables = {"OPENBLAS_NUM_THREADS": "1", **env.variables}
        if env.needs_openblas_core:
            if not x86:
                rows.append((env, None, f"OpenBLAS x86 kernels on {platform.machine()}"))
                continue
            if "openblas" not in blas.lower():
                rows.append((env, None, f"NumPy uses {blas}, not OpenBLAS"))
                continue
            if env.needs_openblas_core not in found:
                rows.append((env, None, f"this CPU has no {env.needs_openblas_core}"))
                continue
        off = [target for target in env.disable if target in dispatched]
        if off:
            variables["NPY_DISABLE_CPU_FEATURES"] = ",".join(off)
        rows.append((env, variables, ""))
    return rows


def run(env: Environment, variables: dict[str, str], pytest_args: list[str]) -> tuple[bool, str]:
    """Run the chapters under nbval with ``variables`` set; return (passed, last summary line)."""
    child = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    child.update(variables)
    command = [sys.executable, "-m", "pytest", "chapters", "-q", "-n", "2", "--dist", "loadscope"]
    result = subprocess.run(
        command + pytest_args, cwd=ROOT, env=child, capture_output=True, text=True
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    summary = lines[-1] if lines else result.stderr.strip()[-200:]
    if result.returncode != 0:
        failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
        print(f"--- {env.name}: pytest output (last 60 lines)", flush=True)
        print("\n".join(result.stdout.splitlines()[-60:]))
        if failed:
            summary = summary + "\n    " + "\n    ".join(failed)
    return result.returncode == 0, summary


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="show the plan and exit")
    parser.add_argument("--only", default="", help="comma-separated environment names")
    args = parser.parse_args(argv)

    names = {env.name for env in ENVIRONMENTS}
    wanted = [n for n in args.only.split(",") if n]
    unknown = sorted(set(wanted) - names)
    if unknown:
        parser.error(f"unknown environment {', '.join(unknown)}; known: {', '.join(sorted(names))}")
    envs = [env for env in ENVIRONMENTS if not wanted or env.name in wanted]

    rows = plan(envs)
    if args.list:
        for env, variables, why in rows:
            setting = " ".join(f"{k}={v}" for k, v in (variables or {}).items())
            print(f"{env.name:12} {setting or 'skipped: ' + why}")
        return 0

    failures = 0
    ran = 0
    for env, variables, why in rows:
        if variables is None:
            print(f"{env.name:12} skipped: {why}", flush=True)
            continue
        start = time.perf_counter()
        ok, summary = run(env, variables, extra)
        ran += 1
        failures += not ok
        setting = " ".join(f"{k}={v}" for k, v in variables.items())
        seconds = time.perf_counter() - start
        print(f"{env.name:12} {'ok  ' if ok else 'FAIL'} {seconds:5.0f} s  {setting}", flush=True)
        print(f"             {summary}", flush=True)
    if ran == 0:
        print("test-portable: no environment could run on this machine")
        return 1
    print(f"test-portable: {ran - failures} of {ran} environments passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
