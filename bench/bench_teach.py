"""Teaching in the window, end to end: a simulated human's recorded games -> T -> a student that beats them.

For each teacher size (10 games, then 3): record the simulated human's games with the project's recorder
(seeds 1000..), open a window (headless unless SDL_VIDEODRIVER says otherwise) with the scripted bot playing
at 1x, start teaching through the window's own Teach panel (the `crossy teach` child process, one torch
thread), and time every window frame while it runs. Then play the student and the teacher 30 greedy games
each on test seeds 0..29 (sticky actions; no training or in-training test game used them) and print:

    teacher mean, student mean (std, min, max), student - teacher, teaching wall time, window frame-time
    median / p99 during teaching, and the learning curve (test score against wall time) as a PNG.

    .venv/bin/python bench/bench_teach.py [--games 10 3] [--seeds 1 2 3] [--out bench/results]
    .venv/bin/python bench/bench_teach.py --window-only 60    (the frames while teaching, only)
    .venv/bin/python bench/bench_teach.py --coach 60          (the frames while coaching as a round teaches)

Each teacher size is taught once per training seed (`--seeds`; the recipe's seed is 1) and the students'
scores are summarised across seeds; the machine is shared by the window and the teach process only (run
nothing else beside it). For the real window: `SDL_VIDEODRIVER=x11 xvfb-run -a -s "-screen 0 1920x1080x24"`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("CROSSY_DATA_DIR", tempfile.mkdtemp(prefix="crossy-bench-teach-"))

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from crossy_desktop.app.config import AppConfig  # noqa: E402
from crossy_desktop.app.teaching import TeachState  # noqa: E402
from crossy_desktop.app.window import CrossyApp, Screen  # noqa: E402
from crossy_desktop.controllers.dqn import DQNController  # noqa: E402
from crossy_desktop.controllers.simulated_human import SimulatedHuman  # noqa: E402
from crossy_desktop.play.games import evaluate, record_games  # noqa: E402

TEST_SEED, TEST_GAMES = 0, 30
TEACHER_SEED = 1000


def open_window(demos: Path, out: Path, seed: int = 1) -> CrossyApp:
    """A window with the scripted bot at 1x and the Teach panel open on the simulated human's games."""
    pygame.init()
    args = ("--out", str(out), "--seed", str(seed))
    app = CrossyApp(AppConfig(seed=3, scale=4, mute=True, controller="scripted", demos_dir=demos, teach_args=args))
    app.screen_state = Screen.PLAYING
    app.teach.player = SimulatedHuman.name
    app.teach.open()
    return app


def frames_while(app: CrossyApp, running) -> tuple[np.ndarray, np.ndarray]:
    """Tick the window while `running()`; each frame's work and the interval between frames, in ms."""
    work, starts = [], []
    while running():
        t = time.perf_counter()
        starts.append(t)
        app.tick()
        work.append(time.perf_counter() - t - app.clock.waited)
        if app.screen_state is Screen.OVER:
            app.new_game()
    return np.array(work[1:]) * 1000, np.diff(starts) * 1000


def frame_line(work: np.ndarray, interval: np.ndarray) -> str:
    return (
        f"window frame work median {np.median(work):.2f} ms, p99 {np.percentile(work, 99):.2f} ms; frame interval "
        f"p99 {np.percentile(interval, 99):.1f} ms; {1000 / interval.mean():.1f} frames/s over {len(work)} frames"
    )


def window_check(demos: Path, seconds: float) -> None:
    """Only the window's frames while teaching runs (its first `seconds`), then cancel: a quick, clean check."""
    app = open_window(demos, Path(tempfile.mkdtemp()))
    app.teach.start()
    while app.teach.state is TeachState.RUNNING and not app.teach.progress:  # loading, then learning
        app.tick()
    end = time.perf_counter() + seconds
    work, interval = frames_while(app, lambda: time.perf_counter() < end)
    print(f"during teaching, {seconds:.0f} s: {frame_line(work, interval)}", flush=True)
    app.teach.shutdown()
    pygame.quit()


def coach_check(demos: Path, seconds: float) -> None:
    """The window's frames while you coach a student and a round of teaching it again runs: a student (taught
    in 200 updates: its network costs what any student's does), C, an arrow held for half of every 2 seconds
    (a takeover each time), and the Teach panel's round started beside it."""
    from crossy_desktop.training.teach import plan_teaching, teach, teach_config

    plan = plan_teaching(demos, SimulatedHuman.name, config=teach_config(updates=200, eval_every=200, eval_games=1))
    plan.final_games = 1
    student = teach(plan, Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp()), lambda event: None)
    app = open_window(demos, Path(tempfile.mkdtemp()))
    app.teach.close_panel()
    app.session.use(DQNController(student))
    app.coaching.start(app)
    app.teach.open(app.coaching.student_path(app))
    while app.teach.lines[0] == "reading your recordings ...":
        app.tick()
    app.teach.start()
    while app.teach.state is TeachState.RUNNING and not app.teach.progress:  # loading, then learning
        app.tick()
    begin = time.perf_counter()
    end = begin + seconds

    def coaching() -> bool:
        now = time.perf_counter()
        held = (now - begin) % 2.0 < 1.0
        if held != app.roster.human.up:
            kind = pygame.KEYDOWN if held else pygame.KEYUP
            pygame.event.post(pygame.event.Event(kind, key=pygame.K_UP, mod=0, unicode="", scancode=0))
        return now < end and app.coaching.active(app)

    work, interval = frames_while(app, coaching)
    takeovers = app.coaching.controller.takeovers if app.coaching.active(app) else "?"
    print(f"coaching ({takeovers} takeovers this game) while a round teaches, {seconds:.0f} s: "
          f"{frame_line(work, interval)}", flush=True)  # fmt: skip
    app.teach.shutdown()
    pygame.quit()


def teach_in_window(demos: Path, out: Path, seed: int) -> tuple[Path, float, str, Path]:
    """T and Enter in the window; returns the student, the wall seconds, the frame figures and the run dir."""
    app = open_window(demos, out, seed)
    print("  panel:", " | ".join(app.teach.lines), flush=True)
    start = time.perf_counter()
    app.teach.start()
    work, interval = frames_while(app, lambda: app.teach.state is TeachState.RUNNING)
    wall = time.perf_counter() - start
    print("  result:", " | ".join(app.teach.lines), flush=True)
    app.teach.shutdown()
    pygame.quit()
    if app.teach.student is None:
        raise SystemExit("teaching produced no student")
    run_dirs = sorted((Path(os.environ["CROSSY_DATA_DIR"]) / "teaching").iterdir())
    return app.teach.student, wall, frame_line(work, interval), run_dirs[-1]


def plot_curve(runs: dict[int, tuple[list[Path], float]], out_png: Path) -> None:
    """Each student's test score against the teach process's wall time (one line per seed), and its teacher."""
    import csv

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    for index, (games, (run_dirs, teacher)) in enumerate(runs.items()):
        colour = f"C{index}"
        for number, run_dir in enumerate(run_dirs):
            with open(run_dir / "metrics.csv", newline="") as f:
                rows = list(csv.DictReader(f))
            wall = [float(r["wall_s"]) / 60 for r in rows]
            label = f"students of {games} games ({len(run_dirs)} seeds)" if number == 0 else None
            ax.plot(wall, [float(r["eval_mean"]) for r in rows], "o-", color=colour, alpha=0.8, label=label)
        ax.axhline(teacher, ls="--", lw=1, color=colour, label=f"teacher's mean ({games} games)")
    ax.set_xlabel("wall time of the teach process (minutes, the window running beside it)")
    ax.set_ylabel("in-training test score (3 greedy games)")
    ax.set_title("Teaching in the window: the simulated human's games -> a student")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out_png)
    plt.close(fig)


def torch_threads_one() -> None:
    """The evaluations here run beside nothing else, on one thread as the teach process does."""
    import torch

    torch.set_num_threads(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, nargs="+", default=[10, 3])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1], help="training seeds for each teacher size")
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument("--window-only", type=float, default=None, metavar="S",
                        help="only time the window's frames for S seconds of teaching from 10 games")  # fmt: skip
    parser.add_argument("--coach", type=float, default=None, metavar="S",
                        help="only time the frames for S seconds of coaching while a round teaches")  # fmt: skip
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crossy-teach-"))
    torch_threads_one()
    if args.window_only is not None or args.coach is not None:
        record_games(SimulatedHuman(), 10, TEACHER_SEED, work / "demos")
        if args.coach is not None:
            return coach_check(work / "demos", args.coach)
        return window_check(work / "demos", args.window_only)
    print(
        f"# bench_teach: simulated human, test seeds {TEST_SEED}..{TEST_SEED + TEST_GAMES - 1}, {os.cpu_count()} CPUs"
    )
    teacher = evaluate("simulated-human", SimulatedHuman(), TEST_GAMES, TEST_SEED)
    print(f"simulated human over {TEST_GAMES} test games: mean {teacher.mean:.2f} (std {teacher.std:.2f}, "
          f"min {teacher.min}, max {teacher.max})", flush=True)  # fmt: skip
    runs = {}
    for games in args.games:
        demos = work / f"demos-{games}"
        paths = record_games(SimulatedHuman(), games, TEACHER_SEED, demos)
        from crossy_desktop.storage.demo_file import read_meta

        recorded = np.mean([read_meta(p).score for p in paths])
        print(f"\n## from {games} recorded games (their mean {recorded:.2f})", flush=True)
        means, walls, run_dirs = [], [], []
        for seed in args.seeds:
            print(f"### training seed {seed}", flush=True)
            student, wall, frames, run_dir = teach_in_window(demos, work / f"models-{games}-{seed}", seed)
            result = evaluate(student.name, DQNController(student), TEST_GAMES, TEST_SEED)
            print(f"teaching wall time {wall / 60:.2f} min; {frames}")
            print(f"student over {TEST_GAMES} test games: mean {result.mean:.2f} (std {result.std:.2f}, "
                  f"min {result.min}, max {result.max}); student - teacher = {result.mean - teacher.mean:+.2f}",
                  flush=True)  # fmt: skip
            means.append(result.mean)
            walls.append(wall / 60)
            run_dirs.append(run_dir)
        if len(args.seeds) > 1:
            listed = ", ".join(f"{m:.2f}" for m in means)
            mean, low = np.mean(means), min(means)
            print(f"### {games} games, {len(args.seeds)} training seeds: student means {listed}; their mean "
                  f"{mean:.2f} ({mean - teacher.mean:+.2f} on the teacher), lowest {low:.2f} "
                  f"({low - teacher.mean:+.2f}); teaching wall time median {np.median(walls):.2f} min, "
                  f"longest {max(walls):.2f}", flush=True)  # fmt: skip
        runs[games] = (run_dirs, teacher.mean)
    args.out.mkdir(parents=True, exist_ok=True)
    plot_curve(runs, args.out / "teach_curve.png")
    print(f"\ncurve: {args.out / 'teach_curve.png'}")


if __name__ == "__main__":
    sys.exit(main())
