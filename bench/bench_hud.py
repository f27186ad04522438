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

`--window SECONDS` instead puts the panel beside the rest of a frame: the app itself, a shipped DQN
coached by an arrow held for one second in every two, and each frame's work split into the game's
upload, the panel, the present and the rest (events, emulation, decisions). For a real X window:

    SDL_VIDEODRIVER=x11 xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python bench/bench_hud.py --window 30
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


def window_parts(seconds: float) -> None:
    """The app's frames while a shipped DQN is coached, each split into its parts (median and p99, ms)."""
    import tempfile
    from pathlib import Path

    os.environ.setdefault("CROSSY_DATA_DIR", tempfile.mkdtemp(prefix="crossy-bench-hud-"))
    from crossy_desktop.app.config import AppConfig
    from crossy_desktop.app.window import CrossyApp, Screen
    from crossy_desktop.controllers.dqn import DQNController

    app = CrossyApp(AppConfig(seed=3, scale=SCALE, mute=True, controller="scripted"))
    app.screen_state = Screen.PLAYING
    app.session.use(DQNController(Path(__file__).parents[1] / "models" / "freeway-dqn.safetensors"))
    app.coaching.start(app)
    view, parts = app.view, {"game upload": [], "panel": [], "present": []}
    for name, method in (("game upload", "draw_game"), ("panel", "draw_hud"), ("present", "present")):
        setattr(view, method, _timed(getattr(view, method), parts[name]))
    work, begin = [], time.perf_counter()
    while (now := time.perf_counter()) - begin < seconds:
        held = (now - begin) % 2.0 < 1.0
        if held != app.roster.human.up:
            kind = pygame.KEYDOWN if held else pygame.KEYUP
            pygame.event.post(pygame.event.Event(kind, key=pygame.K_UP, mod=0, unicode="", scancode=0))
        app.tick()
        work.append((time.perf_counter() - now - app.clock.waited) * 1000)
        if app.screen_state is Screen.OVER:
            app.new_game()
    whole = np.array(work[60:])  # the first second: the window opening
    rest = whole - sum(np.array(times[60:]) for times in parts.values())
    print(f"{os.environ.get('SDL_VIDEODRIVER')} window, zoom {SCALE}, {len(whole)} coached frames: work a frame "
          f"median {np.median(whole):.2f} ms, p99 {np.percentile(whole, 99):.2f} ms; of it, median / p99: "
          + "; ".join(f"{k} {np.median(v[60:]):.2f} / {np.percentile(v[60:], 99):.2f}" for k, v in parts.items())
          + f"; the rest {np.median(rest):.2f} / {np.percentile(rest, 99):.2f}")  # fmt: skip
    app.close()


def _timed(method, times: list[float]):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        result = method(*args, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
        return result

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--window", type=float, metavar="SECONDS", help="the app's frames, split into parts")
    args = parser.parse_args()
    pygame.init()
    if args.window:
        return window_parts(args.window)
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
