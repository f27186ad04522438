"""Versus mode frame time, headless: the player (holding Up) on the left, the best shipped DQN on the right,
both emulators stepping every frame, the DQN deciding every 4th, both games drawn at scale 4.
Prints figures; asserts nothing. Target: p99 under 16.7 ms (60 frames per second).

    .venv/bin/python bench/bench_versus.py
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pygame  # noqa: E402
from bench_app import FRAMES, frame_times  # noqa: E402

REPEATS = 3


def main() -> None:
    pygame.init()
    print(f"# bench_versus: {FRAMES} frames x {REPEATS} runs, human vs DQN, scale 4, headless; {os.cpu_count()} CPUs")
    p99s, medians = [], []
    for run in range(REPEATS):
        ms = frame_times("human", versus="dqn")
        p99s.append(float(np.percentile(ms, 99)))
        medians.append(float(np.median(ms)))
        print(f"run {run + 1}: median {medians[-1]:.3f} ms  p99 {p99s[-1]:.3f} ms  max {ms.max():.2f} ms")
    print(
        f"versus frame time: median of p99s {statistics.median(p99s):.3f} ms, "
        f"median of medians {statistics.median(medians):.3f} ms (target p99 < 16.7 ms)"
    )


if __name__ == "__main__":
    main()
