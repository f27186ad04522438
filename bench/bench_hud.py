"""What the side panel costs a frame while an agent plays and a coach corrects it (issue 29's frame budget).

Replays 1,800 frames (30 s) of what the panel shows in coaching at zoom 4: new Q-values at each decision
(every 4th frame), the clock and the frame rate once a second, and for one second in every two the coach
holding an arrow (who has the chicken changes; a correction at each decision), and a round of teaching
reporting its progress once a second, a test score every 10 seconds. Times `Hud.draw` alone,
headless (SDL's dummy driver: pygame's own drawing, no window system), over `--repeats` rounds:

    .venv/bin/python bench/bench_hud.py [--repeats 5]

Prints the median and p99 of the panel's work a frame, in ms, and how many frames redrew the whole panel
(`Hud.draw` returned its whole rect, or True as it did before it redrew parts) and how many only its live
parts (the Q-value bars, the coach's lines, the clock, teaching's progress).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from crossy_desktop.app.hud import Hud, HudInfo  # noqa: E402
from crossy_desktop.app.teaching import TeachBox  # noqa: E402

FRAMES, DECISION, HZ, SCALE = 1800, 4, 60, 4


def one_round(seed: int) -> tuple[list[float], int, int]:
    """Each frame's Hud.draw time (ms), the frames that redrew the whole panel, those that redrew a part."""
    rng = np.random.default_rng(seed)
    rect = pygame.Rect(160 * SCALE, 0, 75 * SCALE, 210 * SCALE)
    surface = pygame.Surface((rect.right, rect.bottom))
    hud = Hud(rect, SCALE)
    q, corrections, times, whole, part = rng.random(3).astype(np.float32), 0, [], 0, 0
    for frame in range(FRAMES):
        held = (frame // HZ) % 2 == 1
        if frame % DECISION == 0:
            q = q + rng.normal(0, 0.05, 3).astype(np.float32)
            corrections += held
        who = "you have the chicken" if held else "the student has it"
        second = frame // HZ
        progress = (f"ROUND 2 FROM {corrections} CORRECTIONS", f"update {second * 50} of 2000")
        teach = TeachBox(progress, second / 40, tuple(25.0 + i for i in range(second // 10)), 28.7)
        info = HudInfo(
            "student-of-you-2026-12-02-r2", "dqn", frame // 400, 8160 - frame, 2, 21, 60.0 - frame // HZ % 2,
            "1x", False, True, q_values=q, action=int(q.argmax()), recording=True, demos_saved=1,
            coach=("coaching student-of-you", who, f"{corrections} corrections this game"), teach=teach,
        )  # fmt: skip
        started = time.perf_counter()
        area = hud.draw(surface, info)
        times.append((time.perf_counter() - started) * 1000)
        whole += area is True or area == rect
        part += area not in (None, False, True) and area != rect
    return times, whole, part


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    pygame.init()
    medians, p99s = [], []
    for seed in range(args.repeats):
        times, whole, part = one_round(seed)
        medians.append(statistics.median(times))
        p99s.append(float(np.percentile(times, 99)))
    print(
        f"panel work a frame over {FRAMES} coaching frames, {args.repeats} rounds: median of medians "
        f"{statistics.median(medians):.3f} ms, median p99 {statistics.median(p99s):.2f} ms; "
        f"{whole} frames redrew the whole panel, {part} only live parts"
    )


if __name__ == "__main__":
    main()
