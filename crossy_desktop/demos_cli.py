"""`crossy demos list | replay | record`: the recorded games, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crossy_desktop.storage.demo_file import DemoFileError, demo_paths, load_demo, read_meta
from crossy_desktop.storage.paths import demos_dir


def run_demos_command(args: argparse.Namespace) -> int:
    try:
        if args.demos_command == "list":
            return list_demos(args.dir or demos_dir())
        if args.demos_command == "replay":
            return replay_demo(args)
        return record_demos(args)
    except DemoFileError as exc:
        print(f"crossy: {exc}", file=sys.stderr)
        return 1


def list_demos(directory: Path) -> int:
    """One row per game; unreadable files are listed as such and counted, never hidden."""
    paths = demo_paths(directory)
    if not paths:
        print(f"{directory}: no demonstrations yet (record with F5 in the game, or crossy demos record)")
        return 0
    header = f"{'file':<58} {'controller':<14} {'seed':>10} {'score':>5} {'decisions':>9}  date"
    print(header)
    print("-" * len(header))
    scores, decisions, bad = [], 0, 0
    for p in paths:
        try:
            m = read_meta(p)
        except DemoFileError as exc:
            bad += 1
            print(f"{p.name:<58} UNREADABLE: {str(exc).split(': ', 1)[-1]}")
            continue
        end = " (truncated)" if m.truncated else ""
        print(f"{p.name:<58} {m.controller:<14} {m.seed:>10} {m.score:>5} {m.decisions:>9}  {m.date}{end}")
        scores.append(m.score)
        decisions += m.decisions
    mean = f", mean score {sum(scores) / len(scores):.2f}" if scores else ""
    unreadable = f", {bad} unreadable" if bad else ""
    print(f"{len(scores)} games, {decisions} decisions{mean}{unreadable}")
    return 0


def replay_demo(args: argparse.Namespace) -> int:
    """Play the stored actions from the stored seed in the window; exit 0 only if the score comes out the same."""
    from crossy_desktop.app.main import run_app

    demo = load_demo(args.file)
    print(f"replaying {args.file.name}: {demo.meta.controller}, seed {demo.meta.seed}, score {demo.meta.score}")
    return run_app(args, replay=demo)


def record_demos(args: argparse.Namespace) -> int:
    from crossy_desktop.cli import make_controller
    from crossy_desktop.rl.demonstrations import record_games
    from crossy_desktop.storage.model_file import ModelFileError

    if args.games < 1:
        print("crossy: --games must be at least 1", file=sys.stderr)
        return 2
    try:
        controller = make_controller(args.target)
    except ModelFileError as exc:
        print(f"crossy: {exc}", file=sys.stderr)
        return 1
    out = args.out or demos_dir()

    def progress(done: int, path: Path, demo) -> None:
        print(f"game {done}/{args.games}: {demo.meta.score} points -> {path}", file=sys.stderr)

    record_games(controller, args.games, args.seed, out, progress)
    return 0
