"""Versus mode frame time, headless: the player (holding Up) on the left, the best shipped DQN on the right,
both emulators stepping every frame, the DQN deciding every 4th, both games drawn (scale 4 asked; the
window shrinks to fit the screen, SDL's dummy screen is 1024x768, so the figure says the scale used).
Prints figures; asserts nothing. Target: p99 under 16.7 ms (60 frames per second).

    .venv/bin/python bench/bench_versus.py [SCALE]     (default 4)
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
from helpers import make_app  # noqa: E402

REPEATS = 3


def main() -> None:
    scale_asked = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    pygame.init()
    app = make_app(versus="dqn", scale=scale_asked)
    size, scale = app.view.size, app.view.scale  # asked for 4; the window shrinks to fit the (virtual) screen
    del app
    print(
        f"# bench_versus: {FRAMES} frames x {REPEATS} runs, human vs DQN, asked scale {scale_asked}, got {scale} "
        f"({size[0]}x{size[1]} window), headless; {os.cpu_count()} CPUs"
    )
    p99s, medians = [], []
    for run in range(REPEATS):
        ms = frame_times("human", versus="dqn", scale=scale_asked)
        p99s.append(float(np.percentile(ms, 99)))
        medians.append(float(np.median(ms)))
        print(f"run {run + 1}: median {medians[-1]:.3f} ms  p99 {p99s[-1]:.3f} ms  max {ms.max():.2f} ms")
    print(
        f"versus frame time: median of p99s {statistics.median(p99s):.3f} ms, "
        f"median of medians {statistics.median(medians):.3f} ms (target p99 < 16.7 ms)"
    )


if __name__ == "__main__":
    main()
