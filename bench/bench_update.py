"""What a learner option costs per gradient update: the default learner against one with options changed,
interleaved in one run (A, B, A, B, ...) so that a noisy machine slows both alike. Prints figures only.

    .venv/bin/python bench/bench_update.py --option advantage_alpha=0.9 [--rounds 5] [--updates 100]
    .venv/bin/python bench/bench_update.py --quantiles 32 --batch-size 128   # a QR head, larger batches

Each round times `--updates` updates of each learner on random batches (the default network and batch of 32,
2 threads; the changed learner with its `--option`s, `--quantiles` and `--batch-size`) and the script prints
each learner's median ms per update and per sampled transition over the rounds, and the median of the paired
ratios per transition (what a replay ratio costs: samples a decision times this is the learning time a decision).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import numpy as np
import torch

from crossy_desktop.rl.learner import DQNLearner
from crossy_desktop.rl.network import QNetwork
from crossy_desktop.rl.replay import Batch
from crossy_desktop.training.config import TrainConfig


def random_batch(rng: np.random.Generator, size: int) -> Batch:
    return Batch(
        states=rng.integers(0, 255, (size, 4, 84, 84), dtype=np.uint8),
        actions=rng.integers(0, 3, size).astype(np.int64),
        returns=rng.normal(0.5, 0.5, size).astype(np.float32),
        next_states=rng.integers(0, 255, (size, 4, 84, 84), dtype=np.uint8),
        discounts=np.full(size, 0.99**3, dtype=np.float32),
    )


def ms_per_update(learner: DQNLearner, batches: list[Batch]) -> float:
    t = time.perf_counter()
    for batch in batches:
        learner.update(batch)
    return 1000 * (time.perf_counter() - t) / len(batches)


def parse_option(text: str) -> tuple[str, float]:
    name, _, value = text.partition("=")
    return name, float(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--option", action="append", type=parse_option, default=[], help="learner NAME=VALUE")
    parser.add_argument("--quantiles", type=int, default=0, help="the changed learner's QR-DQN quantiles")
    parser.add_argument("--batch-size", type=int, default=TrainConfig().batch_size, help="the changed one's batch")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--updates", type=int, default=100)
    args = parser.parse_args()

    torch.set_num_threads(2)
    config = TrainConfig()
    base = config.learner
    changed = dataclasses.replace(base, **dict(args.option))
    sides = {  # name: (learner, batch size)
        "default": (DQNLearner(QNetwork(config.network), base, torch.device("cpu")), config.batch_size),
        "changed": (
            DQNLearner(
                QNetwork(dataclasses.replace(config.network, quantiles=args.quantiles)), changed, torch.device("cpu")
            ),
            args.batch_size,
        ),
    }
    rng = np.random.default_rng(0)
    batches = {name: [random_batch(rng, size) for _ in range(args.updates)] for name, (_, size) in sides.items()}
    for name, (learner, _) in sides.items():  # warm up: first calls allocate and pick kernels
        ms_per_update(learner, batches[name][:10])
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(args.rounds):
        for name, (learner, _) in sides.items():
            times[name].append(ms_per_update(learner, batches[name]))
    options = ", ".join([f"{k}={v:g}" for k, v in args.option] + [f"quantiles={args.quantiles}"] * bool(args.quantiles))
    print(f"# bench_update: {args.rounds} rounds of {args.updates} updates, 2 threads")
    for name, values in times.items():
        size = sides[name][1]
        label = f"default learner, batch {size}" if name == "default" else f"{options or 'no option'}, batch {size}"
        median = statistics.median(values)
        print(
            f"{label}: median {median:.2f} ms per update, {median / size:.3f} ms per transition "
            f"({', '.join(f'{v:.2f}' for v in values)})"
        )
    per = {name: [v / sides[name][1] for v in values] for name, values in times.items()}
    ratios = [c / d for c, d in zip(per["changed"], per["default"], strict=True)]
    print(
        f"ratio changed/default per transition: median {statistics.median(ratios):.3f} "
        f"({', '.join(f'{r:.3f}' for r in ratios)})"
    )


if __name__ == "__main__":
    main()
