"""Frame pacing over whole games in a real window: frames per second (target 60.0 +- 0.1), the interval
between frames (target p99 under 17.5 ms) and each frame's own work, its time less the clock's wait
(targets p99 under 8 ms solo, under 16.7 ms in versus at scale 4).

    SDL_VIDEODRIVER=x11 xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python bench/bench_pacing.py \\
        [--versus] [--record] [--eye] [--scale 4] [--games 1] [--frames N] [--presenter renderer|surface]

Solo: the scripted bot plays at 1x (`--dqn`: the best DQN; `--eye`: the DQN with its agent's eye on). Versus: the player
(holding Up) against the best DQN (`--eye`: the eye on its side). Each game is timed
to its end, through the game-over screen and the restart, into the next game's first second (issue 30:
the restart froze the window). `--record` records every game, as F5 does. Without
SDL_VIDEODRIVER=x11 under xvfb-run, SDL picks its dummy driver and this measures no window at all: the
first line names the driver. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from crossy_desktop.app.config import AppConfig, Presenter  # noqa: E402
from crossy_desktop.app.screens import AUTO_RESTART_FRAMES  # noqa: E402
from crossy_desktop.app.window import CrossyApp, Screen  # noqa: E402
from crossy_desktop.app.window_state import FPS  # noqa: E402


class GcPauses:
    """How long Python's garbage collector stopped the program, per collection (a suspect for a long frame)."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._start = 0.0
        gc.callbacks.append(self._hear)

    def _hear(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses.append((time.perf_counter() - self._start) * 1000)

    def line(self) -> str:
        p = self.pauses or [0.0]
        line = f"  garbage collections: {len(self.pauses)}, longest {max(p):.1f} ms"
        self.pauses = []
        return line


def one_game(app: CrossyApp, frames: int | None) -> tuple[np.ndarray, np.ndarray, float, int]:
    """Tick a game to its end (or `frames`), then through the game-over screen and the restart into the next
    game's first second (an agent restarts by itself; for the player the bench presses Space when an agent
    would): each frame's work and interval (ms), seconds, frames. The caller starts the first game."""
    if app.versus is not None:
        app.roster.human.up = True
    work, ends, over = [], [], 0
    app.bench_states = states = []  # each frame's screen, to say where the slow ones were
    app.bench_present = presents = []  # and how long its present took (the X server's part shows there)
    present = app.view.present

    def timed_present() -> None:
        start = time.perf_counter()
        present()
        presents.append((time.perf_counter() - start) * 1000)

    app.view.present = timed_present

    def tick() -> None:
        start = time.perf_counter()
        states.append(f"{app.screen_state.value} frame {app.session.game.frame_index}")
        app.tick()
        end = time.perf_counter()
        work.append(end - start - app.clock.waited)
        ends.append(end)

    while app.screen_state is Screen.PLAYING and (frames is None or len(ends) < frames):
        tick()
    if frames is None or len(ends) < frames:  # the game ended: over the game-over screen into the next game
        while app.screen_state is Screen.OVER:
            over += 1
            if over == AUTO_RESTART_FRAMES and not app.session.controller.is_agent:
                app.new_game()
            tick()
        for _ in range(FPS):
            tick()
    seconds = ends[-1] - ends[0]
    return np.array(work[1:]) * 1000, np.diff(ends) * 1000, seconds, len(ends) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--versus", action="store_true", help="you (holding Up) against the best DQN")
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--games", type=int, default=1)
    parser.add_argument("--frames", type=int, default=None, help="stop each game after N frames (quick looks)")
    parser.add_argument("--presenter", choices=[p.value for p in Presenter], default=Presenter.RENDERER.value)
    parser.add_argument("--record", action="store_true", help="record the games (as F5 does), into a temp folder")
    parser.add_argument("--eye", action="store_true", help="the agent's eye on (E); solo: the DQN plays")
    parser.add_argument("--dqn", action="store_true", help="solo: the DQN plays (the baseline of --eye)")
    parser.add_argument("--eye-duty", type=float, default=None, help="the eye's share of the time (app's default)")
    args = parser.parse_args()
    pygame.init()
    controller = "human" if args.versus else ("dqn" if args.eye or args.dqn else "scripted")
    demos = Path(tempfile.mkdtemp(prefix="crossy-pacing-"))
    app = CrossyApp(AppConfig(seed=11, scale=args.scale, mute=True, controller=controller,
                              versus="dqn" if args.versus else None, presenter=args.presenter,
                              record=args.record, demos_dir=demos, eye=args.eye))  # fmt: skip
    if args.eye_duty is not None:
        app.eye.worker.duty = args.eye_duty
    app.new_game()
    app.screen_state = Screen.PLAYING
    w, h = app.view.size
    eye = f"agent eye (duty {app.eye.worker.duty}), " if args.eye else ""
    print(
        f"# bench_pacing: SDL driver {pygame.display.get_driver()}, {'versus' if args.versus else 'solo'}, "
        f"presenter {args.presenter}, {'recording, ' if args.record else ''}{eye}"
        f"scale {app.view.scale} ({w}x{h} window), {args.games} game(s); {os.cpu_count()} CPUs"
    )
    if pygame.display.get_driver() != "x11":
        print("# warning: not an X11 window: run under xvfb-run with SDL_VIDEODRIVER=x11", file=sys.stderr)
    collections = GcPauses()
    for game in range(args.games):
        work, interval, seconds, frames = one_game(app, args.frames)
        print(
            f"game {game + 1}: {frames} frames in {seconds:.2f} s = {frames / seconds:.3f} frames/s | interval "
            f"median {np.median(interval):.2f} p99 {np.percentile(interval, 99):.2f} max {interval.max():.1f} ms | "
            f"work median {np.median(work):.2f} p99 {np.percentile(work, 99):.2f} max {work.max():.1f} ms",
            flush=True,
        )
        slow = np.argsort(work)[::-1][:3]
        print(
            "  slowest frames' work: "
            + ", ".join(
                f"{work[i]:.1f} ms ({app.bench_states[i + 1]}, present {app.bench_present[i + 1]:.1f})" for i in slow
            )
        )
        print(collections.line())
    app.running = False
    app.run()
    pygame.quit()


if __name__ == "__main__":
    main()
