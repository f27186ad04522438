"""What a learner option costs per gradient update: the default learner against one with options changed,
interleaved in one run (A, B, A, B, ...) so that a noisy machine slows both alike. Prints figures only.

    .venv/bin/python bench/bench_update.py --option advantage_alpha=0.9 [--rounds 5] [--updates 100]

Each round times `--updates` updates of each learner on random batches of 32 (the default network, 2 threads)
and the script prints each learner's median ms per update over the rounds and the median of the paired ratios.
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
    parser.add_argument("--option", action="append", type=parse_option, required=True, help="NAME=VALUE")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--updates", type=int, default=100)
    args = parser.parse_args()

    torch.set_num_threads(2)
    config = TrainConfig()
    base = config.learner
    changed = dataclasses.replace(base, **dict(args.option))
    learners = {
        name: DQNLearner(QNetwork(config.network), learner_config, torch.device("cpu"))
        for name, learner_config in (("default", base), ("changed", changed))
    }
    rng = np.random.default_rng(0)
    batches = [random_batch(rng, config.batch_size) for _ in range(args.updates)]
    for learner in learners.values():  # warm up: first calls allocate and pick kernels
        ms_per_update(learner, batches[:10])
    times: dict[str, list[float]] = {name: [] for name in learners}
    for _ in range(args.rounds):
        for name, learner in learners.items():
            times[name].append(ms_per_update(learner, batches))
    options = ", ".join(f"{k}={v:g}" for k, v in args.option)
    print(f"# bench_update: {args.rounds} rounds of {args.updates} updates, batch {config.batch_size}, 2 threads")
    for name, values in times.items():
        label = options if name == "changed" else "default learner"
        print(
            f"{label}: median {statistics.median(values):.2f} ms per update ({', '.join(f'{v:.2f}' for v in values)})"
        )
    ratios = [c / d for c, d in zip(times["changed"], times["default"], strict=True)]
    print(f"ratio changed/default: median {statistics.median(ratios):.3f} ({', '.join(f'{r:.3f}' for r in ratios)})")


if __name__ == "__main__":
    main()
