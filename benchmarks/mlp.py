"""Time one training step of nnbook.nn.MLP (forward + backward + SGD update) and compare it
with the same network in PyTorch on the CPU, both in float64.

    .venv/bin/python benchmarks/mlp.py              # default thread pools
    .venv/bin/python benchmarks/mlp.py --threads 1  # one thread for BLAS and torch

Sizes: [2, 64, 64, 3] (the toy nets of chapters 4 and 6) and [784, 256, 256, 10] (an
MNIST-sized net), ReLU hidden layers, He initialisation, batch 256, learning rate 1e-3. The
loss is ½‖logits‖²/n on both sides, whose gradient ``logits / n`` is formed inside the step
(so training stays stable over the thousands of timed steps). Two nnbook columns:
``MLP.backward(dout)`` returns ∂L/∂X as its contract says, which costs one more matrix
product; ``backward(dout, input_grad=False)`` skips it, as torch does for an input that does
not require a gradient: that is the like-for-like comparison.

Prints the best time per step over interleaved repeats, and the ratios nnbook / torch
(below 1: nnbook is faster). Torch is optional; without it only nnbook's times are
printed. The BLAS library and kernel are reported through threadpoolctl when it is
installed, and the OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE variables are echoed, because they
change which OpenBLAS kernel numpy runs. A last line times the largest matrix product
alone in both libraries: at the MNIST size the step is dominated by matrix products, so a
ratio above 1 there comes from the BLAS library, not from nnbook's Python.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable

import numpy as np

from nnbook.nn import MLP

SIZES = [[2, 64, 64, 3], [784, 256, 256, 10]]
BATCH = 256
LR = 1e-3
ROUNDS = 3


def _calls_per_repeat(step: Callable[[], None], min_time: float) -> int:
    step()  # warm up
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            step()
        if time.perf_counter() - start >= min_time:
            return n
        n *= 2


def best_time(step: Callable[[], None], repeats: int = 5, min_time: float = 0.04) -> float:
    """Best (minimum) mean time per call over ``repeats`` rounds of at least ``min_time``
    seconds: the least disturbed estimate on a machine shared with other work.

    Each implementation is timed in its own block, not interleaved with the others: the
    spinning worker threads of one library's pool (OpenMP in torch, pthreads in OpenBLAS)
    slow the other down when they alternate call by call.
    """
    n = _calls_per_repeat(step, min_time)
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            step()
        best = min(best, (time.perf_counter() - start) / n)
    return best


def nnbook_step(sizes: list[int], X: np.ndarray, input_grad: bool) -> Callable[[], None]:
    net = MLP(sizes, activation="relu", init="he", seed=0)
    n = X.shape[0]

    def step() -> None:
        logits = net.forward(X)
        net.backward(logits / n, input_grad=input_grad)
        net.sgd_step(LR)

    return step


def torch_step(sizes: list[int], X: np.ndarray):
    try:
        import torch
    except ImportError:
        return None
    layers: list[torch.nn.Module] = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    x, n = torch.from_numpy(X), X.shape[0]

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        logits.backward(logits.detach() / n)
        opt.step()

    return step


def blas_description() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed: BLAS kernel unknown"
    infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(
        f"{i.get('internal_api')} {i.get('version')}, kernel {i.get('architecture')}, "
        f"{i.get('num_threads')} threads"
        for i in infos
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--threads"] and len(argv) == 2:
        limit_threads(int(argv[1]))
    elif argv:
        raise SystemExit("usage: mlp.py [--threads N]")
    env = {k: os.environ.get(k, "(unset)") for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    print("numpy", np.__version__, "| BLAS:", blas_description())
    print("environment:", ", ".join(f"{k}={v}" for k, v in env.items()))
    try:
        import torch

        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    except ImportError:
        print("torch not installed: nnbook times only")
    print(f"\none step = forward + backward + SGD update, float64, batch {BATCH}\n")
    header = f"{'sizes':<21}{'nnbook':>10}{'no dX':>10}{'torch':>10}"
    print(header + f"{'ratio':>8}{'no dX':>8}")
    rng = np.random.default_rng(0)
    cells = []
    for sizes in SIZES:
        X = rng.standard_normal((BATCH, sizes[0]))
        steps = [nnbook_step(sizes, X, input_grad=True), nnbook_step(sizes, X, input_grad=False)]
        ts = torch_step(sizes, X)
        cells.append((sizes, [*steps, ts] if ts is not None else steps))
    # three passes over the whole table, best of each cell: a burst of load from other
    # processes rarely spans all three
    best = [[math.inf] * len(steps) for _, steps in cells]
    for _ in range(ROUNDS):
        for row, (_, steps) in zip(best, cells, strict=True):
            for k, step in enumerate(steps):
                row[k] = min(row[k], best_time(step))
    for (sizes, _), times in zip(cells, best, strict=True):
        t_full, t_lean = times[:2]
        row = f"{sizes!s:<21}{t_full * 1e6:>8.0f}µs{t_lean * 1e6:>8.0f}µs"
        if len(times) == 3:
            t_torch = times[2]
            row += f"{t_torch * 1e6:>8.0f}µs{t_full / t_torch:>8.2f}{t_lean / t_torch:>8.2f}"
        print(row)
    print("\nratio = nnbook / torch with dX; no dX = backward(..., input_grad=False) / torch")
    blas_alone()


def blas_alone() -> None:
    """Time the largest matrix product of the MNIST-sized step, (256, 784) @ (784, 256), in
    numpy and in torch: most of a step at that size is three such products, so their ratio
    says how much of the gap is the BLAS library (numpy's wheels ship OpenBLAS; torch's CPU
    wheels use MKL) rather than nnbook's own code."""
    try:
        import torch
    except ImportError:
        return
    rng = np.random.default_rng(1)
    A, B = rng.standard_normal((BATCH, 784)), rng.standard_normal((784, 256))
    tA, tB = torch.from_numpy(A), torch.from_numpy(B)
    t_np = min(best_time(lambda: A @ B) for _ in range(ROUNDS))
    t_torch = min(best_time(lambda: tA @ tB) for _ in range(ROUNDS))
    print(
        f"\nthe matrix product alone, (256, 784) @ (784, 256): numpy {t_np * 1e6:.0f}µs, "
        f"torch {t_torch * 1e6:.0f}µs, ratio {t_np / t_torch:.2f}"
    )


def limit_threads(n: int) -> None:
    """Limit numpy's BLAS (through threadpoolctl) and torch to ``n`` threads. On a machine
    shared with other work, one thread per library gives the steadiest comparison."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        raise SystemExit("--threads needs threadpoolctl (pip install threadpoolctl)") from None
    threadpool_limits(limits=n, user_api="blas")
    try:
        import torch

        torch.set_num_threads(n)
    except ImportError:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
