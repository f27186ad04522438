"""`crossy evaluate`, `crossy video` and `crossy scores`: games and results without the window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from crossy_desktop.cli.arguments import fail, int_up_to, positive_int, seed
from crossy_desktop.controllers.registry import BUILTIN_AGENTS
from crossy_desktop.game.core import FRAMES_PER_GAME

TARGET_HELP = f"a model file, or one of: {', '.join(BUILTIN_AGENTS)}"
VIDEO_SUFFIXES = (".mp4", ".gif")


def add_parser(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser("evaluate", help="score a model file or a built-in controller")
    ev.add_argument("target", help=TARGET_HELP)
    ev.add_argument("--episodes", type=positive_int, default=30)
    ev.add_argument("--seed", type=seed, default=0)
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--out", type=Path, default=None, help="also write the JSON to this file")
    ev.add_argument(
        "--stamp",
        type=Path,
        default=None,
        metavar="MODEL_OUT",
        help="write a copy of the model file with this evaluation in its metadata (how models/ is made)",
    )
    ev.set_defaults(func=run_evaluate)

    video = sub.add_parser("video", help="record one game of a model or controller as MP4 or GIF")
    video.add_argument("target", help=TARGET_HELP)
    video.add_argument("--out", type=Path, required=True, help="FILE.mp4 (60 fps) or FILE.gif (15 fps)")
    video.add_argument("--seed", type=seed, default=0)
    video.add_argument(
        "--every", type=int_up_to(FRAMES_PER_GAME), default=None, metavar="N", help="keep every N-th frame"
    )
    video.add_argument("--max-frames", type=positive_int, default=None, metavar="N", help="stop after N frames")
    video.set_defaults(func=run_video)

    scores = sub.add_parser("scores", help="the leaderboard and per-controller averages")
    scores.add_argument("--db", type=Path, default=None, help="scoreboard file (default: the per-user one)")
    scores.add_argument("--limit", type=int_up_to(1_000_000), default=10, help="leaderboard rows (default 10)")
    scores.set_defaults(func=run_scores)


def run_evaluate(args: argparse.Namespace) -> int:
    from crossy_desktop.controllers.registry import controller_for_target
    from crossy_desktop.play.games import evaluate
    from crossy_desktop.rl.agent_file import stamp_model
    from crossy_desktop.storage.atomic import write_text
    from crossy_desktop.storage.model_file import ModelFileError

    if args.stamp is not None and args.target in BUILTIN_AGENTS:
        return fail("--stamp needs a model file as TARGET")
    try:
        controller = controller_for_target(args.target)
    except ModelFileError as exc:
        return fail(str(exc))

    def progress(done: int, score: int) -> None:
        if not args.json:
            print(f"game {done}/{args.episodes}: {score}", file=sys.stderr)

    result = evaluate(args.target, controller, args.episodes, args.seed, progress)
    text = json.dumps(result.to_dict())
    if args.json:
        print(text)
    else:
        spread = f"± {result.std:.2f} (min {result.min}, max {result.max})"
        low, high = result.ci95
        print(f"{args.target}: mean {result.mean:.2f} {spread} over {args.episodes} games; 95% CI {low:.2f}-{high:.2f}")
    try:  # the result is shown first: a bad output path never costs the evaluation
        if args.out:
            write_text(args.out, text + "\n")
        if args.stamp:
            stamp_model(Path(args.target), args.stamp, result.to_dict())
    except (OSError, ModelFileError) as exc:
        return fail(f"result not written: {exc}")
    return 0


def run_video(args: argparse.Namespace) -> int:
    from crossy_desktop.controllers.registry import controller_for_target
    from crossy_desktop.play.video import VideoError, record_video
    from crossy_desktop.storage.model_file import ModelFileError

    if args.out.suffix.lower() not in VIDEO_SUFFIXES:
        return fail(f"--out {args.out}: use a .mp4 or .gif file name")
    try:
        controller = controller_for_target(args.target)
        frames = record_video(controller, args.seed, args.out, args.every, args.max_frames)
    except (ModelFileError, VideoError, OSError) as exc:
        return fail(str(exc))
    print(f"wrote {args.out} ({frames} frames)", file=sys.stderr)
    return 0


def run_scores(args: argparse.Namespace) -> int:
    from crossy_desktop.storage.paths import scoreboard_path
    from crossy_desktop.storage.scoreboard import Scoreboard, ScoreboardError

    board = Scoreboard(args.db or scoreboard_path())
    if not board.path.exists():
        print(f"no scores yet ({board.path} does not exist): finish a game first")
        return 0
    try:
        best, averages = board.leaderboard(args.limit), board.averages()
    except ScoreboardError as exc:
        return fail(str(exc))
    print(f"Best games ({board.path})")
    print(f"{'#':>3} {'score':>5}  {'controller':<32} {'mode':<7} {'seed':>10}  date")
    for i, r in enumerate(best, 1):
        mode = r.mode if r.opponent is None else f"{r.mode} vs {r.opponent}"
        print(f"{i:>3} {r.score:>5}  {r.controller:<32} {mode:<7} {r.seed if r.seed is not None else '':>10}  {r.date}")
    print()
    print(f"{'controller':<32} {'games':>6} {'mean':>7} {'best':>5}")
    for a in averages:
        print(f"{a.controller:<32} {a.games:>6} {a.mean:>7.2f} {a.best:>5}")
    return 0
