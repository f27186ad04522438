"""`crossy demos list | replay | record`: the recorded games, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crossy_desktop.cli.arguments import fail, folder, positive_int, seed
from crossy_desktop.cli.play import SPEED_CHOICES
from crossy_desktop.controllers.registry import BUILTIN_AGENTS
from crossy_desktop.game.core import PROTOCOL
from crossy_desktop.storage.demo_file import (
    DemoFileError,
    LinkSkipped,
    demo_paths,
    load_demo,
    load_demo_dir,
    read_meta,
)
from crossy_desktop.storage.names import shown
from crossy_desktop.storage.paths import demos_dir


def add_parser(sub: argparse._SubParsersAction) -> None:
    demos = sub.add_parser("demos", help="list, replay or record demonstrations")
    demos_sub = demos.add_subparsers(dest="demos_command", required=True)
    ls = demos_sub.add_parser("list", help="a table of the recorded games in a folder")
    ls.add_argument("dir", type=Path, nargs="?", default=None, help="default: the per-user demos folder")
    ls.set_defaults(func=_guarded(lambda args: list_demos(args.dir or demos_dir())))
    rp = demos_sub.add_parser("replay", help="play a recorded game back in the window and check its score")
    rp.add_argument("file", type=Path)
    rp.add_argument("--speed", choices=SPEED_CHOICES, default="1x")
    rp.add_argument("--scale", type=int, default=4, choices=range(1, 9), metavar="1-8")
    rp.add_argument("--mute", action="store_true")
    rp.set_defaults(func=_guarded(replay_demo))
    rec = demos_sub.add_parser("record", help="record games of an agent without the window (datasets)")
    rec.add_argument("target", help=f"a model file, or one of: {', '.join(BUILTIN_AGENTS)}")
    rec.add_argument("--games", type=positive_int, default=10)
    rec.add_argument("--seed", type=seed, default=0, help="game i is seeded seed + i")
    rec.add_argument("--out", type=folder, default=None, metavar="DIR", help="default: the per-user demos folder")
    rec.set_defaults(func=_guarded(record_demos))
    ex = demos_sub.add_parser("export", help="write a folder's recorded games as a Minari dataset (formats extra)")
    ex.add_argument("dir", type=Path, nargs="?", default=None, help="default: the per-user demos folder")
    ex.add_argument(
        "--minari", required=True, metavar="DATASET_ID",
        help="the dataset's id, as namespace/name-v0 (written under Minari's datasets folder; never replaced)",
    )  # fmt: skip
    ex.add_argument("--author", default="", help="the dataset's author, in its metadata")
    ex.set_defaults(func=_guarded(export_demos))


def _guarded(command):
    """A bad demonstration file or folder is one line and exit 1, whichever demos command met it."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except DemoFileError as exc:
            return fail(str(exc))

    return run


def list_demos(directory: Path) -> int:
    """One row per game; unreadable files are listed as such and counted, never hidden."""
    paths = demo_paths(directory)
    if not paths:
        print(f"{directory}: no demonstrations yet (record with F5 in the game, or crossy demos record)")
        return 0
    header = f"{'file':<58} {'controller':<14} {'seed':>10} {'score':>5} {'decisions':>9}  date"
    print(header)
    print("-" * len(header))
    scores, decisions, bad, links = [], 0, 0, 0
    for p in paths:
        name = shown(p.name)  # a newline or a byte that is not UTF-8 in a name stays inside its row
        try:
            m = read_meta(p)
        except LinkSkipped as exc:
            links += 1
            print(f"{name:<58} SKIPPED: {str(exc).split(': ', 1)[-1]}")
            continue
        except DemoFileError as exc:
            bad += 1
            print(f"{name:<58} UNREADABLE: {str(exc).split(': ', 1)[-1]}")
            continue
        end = " (truncated)" if m.truncated else ""
        print(f"{name:<58} {shown(m.controller):<14} {m.seed:>10} {m.score:>5} {m.decisions:>9}  {shown(m.date)}{end}")
        scores.append(m.score)
        decisions += m.decisions
    mean = f", mean score {sum(scores) / len(scores):.2f}" if scores else ""
    unreadable = f", {bad} unreadable" if bad else ""
    skipped = f", {links} links skipped" if links else ""
    print(f"{len(scores)} games, {decisions} decisions{mean}{unreadable}{skipped}")
    return 0


def replay_demo(args: argparse.Namespace) -> int:
    """Play the stored actions from the stored seed in the window; exit 0 only if the score comes out the same."""
    from crossy_desktop.app.main import run_app
    from crossy_desktop.app.window import AppConfig

    demo = load_demo(args.file, protocol=PROTOCOL.describe())  # another protocol's game would not replay
    print(f"replaying {args.file.name}: {demo.meta.controller}, seed {demo.meta.seed}, score {demo.meta.score}")
    return run_app(AppConfig(scale=args.scale, mute=args.mute, speed=args.speed, replay=demo))


def record_demos(args: argparse.Namespace) -> int:
    from crossy_desktop.controllers.registry import controller_for_target
    from crossy_desktop.play.games import record_games
    from crossy_desktop.storage.model_file import ModelFileError

    try:
        controller = controller_for_target(args.target)
    except ModelFileError as exc:
        return fail(str(exc))
    out = args.out or demos_dir()

    def progress(done: int, path: Path, demo) -> None:
        print(f"game {done}/{args.games}: {demo.meta.score} points -> {path}", file=sys.stderr)

    try:
        record_games(controller, args.games, args.seed, out, progress)
    except OSError as exc:  # the games saved before stay
        return fail(f"cannot save demonstrations in {out}: {exc}")
    return 0


def export_demos(args: argparse.Namespace) -> int:
    """Replay each whole or cut game through CrossyDesktop/Freeway-v0 (checked against its recording) into Minari."""
    directory = args.dir or demos_dir()
    found = load_demo_dir(directory, PROTOCOL.describe())
    for error in found.errors:
        print(f"crossy: skipped {error}", file=sys.stderr)
    try:
        from crossy_desktop.rl.minari_dataset import MinariError, export_minari

        steps = export_minari(found.demos, args.minari, args.author)
    except ImportError as exc:
        return fail(f"a Minari export needs minari and h5py ({exc.name} is missing): pip install "
                    "'crossy-desktop[formats]'")  # fmt: skip
    except (MinariError, OSError) as exc:
        return fail(str(exc))
    print(f"wrote Minari dataset {args.minari}: {len(found.demos)} games, {steps} steps "
          f"(minari.load_dataset('{args.minari}'))")  # fmt: skip
    return 0
