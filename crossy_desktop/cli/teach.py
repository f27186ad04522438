"""`crossy teach`: an agent taught by the player's own recorded games, saved to their models folder.

The window's Teach panel (T) runs this same sub-command in a separate process with `--events`: progress
as one JSON object per line on stdout, and "stop" (or the end of stdin: the window closed or died) on
stdin cancels it, keeping the best model so far. In a terminal, Ctrl+C does the same.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path

from crossy_desktop.cli.arguments import (
    add_config_options,
    config_from_args,
    existing_file,
    fail,
    folder,
    given_config_options,
    positive_int,
)
from crossy_desktop.training.teach_events import TeachEnded, TeachEvent, TeachProgress, TeachStarted, to_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    from crossy_desktop.training.teach import MAX_GAMES, teach_config

    p = sub.add_parser("teach", help="teach an agent from your recorded games (it lands in your models folder)")
    p.add_argument("--demos", type=Path, default=None, metavar="DIR",
                   help="default: the per-user demos folder; minari:DATASET_ID reads a Minari dataset")  # fmt: skip
    p.add_argument(
        "--from", dest="start_from", type=student_file, default=None, metavar="STUDENT",
        help="teach this student again (a short round from its weights) on your games and your corrections",
    )  # fmt: skip
    p.add_argument("--player", default="human", help="whose games teach (the controller name in each file)")
    p.add_argument("--games", type=positive_int, default=MAX_GAMES, metavar="N", help="the N most recent games")
    p.add_argument("--test-games", type=positive_int, default=5, metavar="N", help="greedy games of the student")
    p.add_argument("--out", type=folder, default=None, metavar="DIR", help="default: the per-user models folder")
    p.add_argument("--events", action="store_true", help="JSON progress lines on stdout; 'stop' on stdin cancels")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_config_options(p, teach_config(), "hyperparameters (OfflineConfig, teaching defaults)")
    p.set_defaults(func=run_teach)


def run_teach(args: argparse.Namespace) -> int:
    from crossy_desktop.storage.atomic import check_writable
    from crossy_desktop.storage.demo_file import DemoFileError
    from crossy_desktop.storage.folder_lock import hold
    from crossy_desktop.storage.paths import demos_dir, teaching_dir, user_models_dir
    from crossy_desktop.training.run_folder import busy_message, new_run_dir
    from crossy_desktop.training.teach import (
        ROUND_UPDATES,
        can_teach,
        plan_teaching,
        teach,
        teach_config,
        tidy_dead_runs,
    )

    if not can_teach():
        return fail("teaching needs the full version of Crossy Desktop (this one plays agents but has no torch)")
    stop = threading.Event()
    _cancel_on(stop, watch_stdin=args.events)
    tell = _json_lines if args.events else _Terminal(not args.no_progress)
    directory = args.demos or demos_dir()
    config = config_from_args(teach_config(), args)
    if args.start_from is not None and "--updates" not in given_config_options(teach_config(), args):
        config = replace(config, updates=ROUND_UPDATES)  # a round is short unless told otherwise
    plan = plan_teaching(directory, args.player, args.games, config, start_from=args.start_from)
    plan.final_games = args.test_games
    if plan.problem():
        return fail(f"{directory}: {plan.problem()}")
    out = args.out or user_models_dir()
    try:
        check_writable(out)  # before minutes of teaching, not after them
    except OSError as exc:
        return fail(f"cannot save a student in {out}: {exc.strerror or exc}")
    run_dir = None
    try:
        tidy_dead_runs(teaching_dir())
        run_dir = new_run_dir(teaching_dir())
        with hold(run_dir, busy_message(run_dir)):  # while it runs, no other teach tidies its folder
            model = teach(plan, run_dir, out, tell, stop.is_set)
    except (OSError, DemoFileError) as exc:
        kept = run_dir / "best.safetensors" if run_dir is not None else None
        where = f"; the student so far is kept in {kept}" if kept is not None and kept.exists() else ""
        return fail(f"teaching stopped: {exc}{where}")
    if model is None:
        print("crossy: cancelled before the first test: nothing kept", file=sys.stderr)
    return 0


def student_file(text: str) -> Path:
    """A student's model file (`--from`): it exists, is a model file, and has a teacher in its metadata."""
    from crossy_desktop.storage.model_file import ModelFileError
    from crossy_desktop.training.teach import student_network

    path = existing_file(text)
    try:
        student_network(path)
    except (ModelFileError, ValueError, TypeError, KeyError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return path


def _cancel_on(stop: threading.Event, watch_stdin: bool) -> None:
    """Ctrl+C / SIGTERM, and with `watch_stdin` a 'stop' line or stdin's end, set `stop`."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    if watch_stdin:

        def watch() -> None:
            for line in sys.stdin:
                if line.strip() == "stop":
                    break
            stop.set()

        threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def _json_lines(event: TeachEvent) -> None:
    print(to_json(event), flush=True)


class _Terminal:
    """Teaching events as a progress bar and a few lines, for a person at a terminal."""

    def __init__(self, bar: bool) -> None:
        self.bar = None
        self.show_bar = bar

    def __call__(self, event: TeachEvent) -> None:
        from tqdm import tqdm

        if isinstance(event, TeachStarted):
            print(
                f"teaching from {event.games} games (mean {event.teacher_mean:.1f}, best {event.teacher_best}): "
                f"{event.updates} updates, about {event.estimate_s / 60:.0f} min",
                file=sys.stderr,
            )
            self.bar = tqdm(total=event.updates, unit="upd", disable=not self.show_bar, smoothing=0.05)
        elif isinstance(event, TeachProgress) and self.bar is not None:
            self.bar.update(event.updates - self.bar.n)
            test = "-" if event.test_score is None else f"{event.test_score:.1f}"
            self.bar.set_postfix(agrees=f"{event.agreement:.0%}", test=test)
        elif isinstance(event, TeachEnded):
            if self.bar is not None:
                self.bar.close()
            if event.model:
                what = "student so far (cancelled)" if event.cancelled else "student"
                print(
                    f"your {what} scored {event.student_mean:.1f} over {event.student_games} games "
                    f"(you: {event.teacher_mean:.1f}); saved as {event.model}",
                    file=sys.stderr,
                )
