"""The `crossy` command. With no sub-command it opens the game window (as a double-clicked bundle does).

Heavy imports (pygame, torch) happen inside each command, so `crossy --help` is instant and the game
window does not wait for torch.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from crossy_desktop import __version__

BUILTIN_TARGETS = ("random", "always-up", "scripted")


def _add_play_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=int, default=None, help="seed of the first game (default: random)")
    p.add_argument(
        "--controller", choices=("human", "random", "dqn", "scripted"), default="human", help="who plays first"
    )
    p.add_argument("--model", type=Path, default=None, help="DQN model file (default: the best one in models/)")
    p.add_argument("--max-frames", type=int, default=None, metavar="N", help="quit after N emulator frames")
    p.add_argument("--scale", type=int, default=4, choices=range(1, 9), metavar="1-8", help="integer zoom (default 4)")
    p.add_argument("--fullscreen", action="store_true", help="open fullscreen")
    p.add_argument("--mute", action="store_true", help="start with the sound off")
    p.add_argument("--speed", choices=("1x", "2x", "4x", "max"), default="1x", help="agent speed (humans play at 1x)")
    p.add_argument("--record", action="store_true", help="record games as demonstrations (F5 toggles)")
    p.add_argument(
        "--versus",
        choices=("dqn", "scripted", "random"),
        default=None,
        help="you (left) against this agent (right), same traffic, side by side (V toggles versus the DQN)",
    )
    p.add_argument("--demos", type=Path, default=None, metavar="DIR", help="where recordings go (default: user data)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crossy", description="Crossy Desktop: play Atari Freeway and teach it to a machine."
    )
    parser.add_argument("--version", action="version", version=f"crossy-desktop {__version__}")
    _add_play_options(parser)
    sub = parser.add_subparsers(dest="command")

    play = sub.add_parser("play", help="open the game window (the default)")
    _add_play_options(play)

    train = sub.add_parser("train", help="train a DQN against the emulator")
    train.add_argument("--decisions", type=int, default=None, help="total decisions to train for (default: config)")
    train.add_argument("--seed", type=int, default=1)
    train.add_argument("--reward", choices=("raw", "step-penalty", "height-shaping"), default=None)
    train.add_argument("--checkpoint-every", type=int, default=None, metavar="N")
    train.add_argument("--run-dir", type=Path, default=None, help="where to write (default: runs/<timestamp>)")
    train.add_argument(
        "--resume", type=Path, default=None, metavar="RUN_DIR", help="continue a run from its last checkpoint"
    )
    train.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    train.add_argument("--no-progress", action="store_true", help="no progress bar")
    train.add_argument(
        "--demos", type=Path, default=None, metavar="DIR", help="keep these demonstrations in replay (DQfD)"
    )

    off = sub.add_parser("train-offline", help="train a DQN from demonstrations alone (DQfD loss)")
    off.add_argument("--demos", type=Path, required=True, metavar="DIR", help="folder of recorded games")
    off.add_argument("--updates", type=int, default=None, help="gradient updates (default: config)")
    off.add_argument("--seed", type=int, default=1)
    off.add_argument("--eval-every", type=int, default=None, metavar="N", help="updates between evaluations")
    off.add_argument("--run-dir", type=Path, default=None, help="where to write (default: runs/<timestamp>)")
    off.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    off.add_argument("--no-progress", action="store_true", help="no progress bar")

    video = sub.add_parser("video", help="record one game of a model or controller as MP4 or GIF")
    video.add_argument("target", help=f"a model file, or one of: {', '.join(BUILTIN_TARGETS)}")
    video.add_argument("--out", type=Path, required=True, help="FILE.mp4 (60 fps) or FILE.gif (15 fps)")
    video.add_argument("--seed", type=int, default=0)
    video.add_argument("--every", type=int, default=None, metavar="N", help="keep every N-th frame")
    video.add_argument("--max-frames", type=int, default=None, metavar="N", help="stop after N emulator frames")

    scores = sub.add_parser("scores", help="the leaderboard and per-controller averages")
    scores.add_argument("--db", type=Path, default=None, help="scoreboard file (default: the per-user one)")
    scores.add_argument("--limit", type=int, default=10, help="leaderboard rows (default 10)")

    demos = sub.add_parser("demos", help="list, replay or record demonstrations")
    demos_sub = demos.add_subparsers(dest="demos_command", required=True)
    ls = demos_sub.add_parser("list", help="a table of the recorded games in a folder")
    ls.add_argument("dir", type=Path, nargs="?", default=None, help="default: the per-user demos folder")
    rp = demos_sub.add_parser("replay", help="play a recorded game back in the window and check its score")
    rp.add_argument("file", type=Path)
    rp.add_argument("--speed", choices=("1x", "2x", "4x", "max"), default="1x")
    rp.add_argument("--scale", type=int, default=4, choices=range(1, 9), metavar="1-8")
    rp.add_argument("--mute", action="store_true")
    rec = demos_sub.add_parser("record", help="record games of an agent without the window (datasets)")
    rec.add_argument("target", help=f"a model file, or one of: {', '.join(BUILTIN_TARGETS)}")
    rec.add_argument("--games", type=int, default=10)
    rec.add_argument("--seed", type=int, default=0, help="game i is seeded seed + i")
    rec.add_argument("--out", type=Path, default=None, metavar="DIR", help="default: the per-user demos folder")

    ev = sub.add_parser("evaluate", help="score a model file or a built-in controller")
    ev.add_argument("target", help=f"a model file, or one of: {', '.join(BUILTIN_TARGETS)}")
    ev.add_argument("--episodes", type=int, default=30)
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--out", type=Path, default=None, help="also write the JSON to this file")
    ev.add_argument(
        "--stamp",
        type=Path,
        default=None,
        metavar="MODEL_OUT",
        help="write a copy of the model file with this evaluation in its metadata (how models/ is made)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "train":
        return _train(args)
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "train-offline":
        return _train_offline(args)
    if args.command == "scores":
        return _scores(args)
    if args.command == "video":
        return _video(args)
    if args.command == "demos":
        from crossy_desktop.demos_cli import run_demos_command

        return run_demos_command(args)
    from crossy_desktop.app.main import run_app

    return run_app(args)


def _fail(message: str) -> int:
    print(f"crossy: {message}", file=sys.stderr)
    return 1


def _video(args: argparse.Namespace) -> int:
    from crossy_desktop.app.video import FORMATS, VideoError, record_video
    from crossy_desktop.storage.model_file import ModelFileError

    if args.out.suffix.lower() not in FORMATS:
        return _fail(f"--out {args.out}: use a .mp4 or .gif file name")
    if (args.every is not None and args.every < 1) or (args.max_frames is not None and args.max_frames < 1):
        return _fail("--every and --max-frames must be at least 1")
    try:
        controller = make_controller(args.target)
        frames = record_video(controller, args.seed, args.out, args.every, args.max_frames)
    except (ModelFileError, VideoError, OSError) as exc:
        return _fail(str(exc))
    print(f"wrote {args.out} ({frames} frames)", file=sys.stderr)
    return 0


def _scores(args: argparse.Namespace) -> int:
    from crossy_desktop.storage.paths import scoreboard_path
    from crossy_desktop.storage.scoreboard import Scoreboard, ScoreboardError

    board = Scoreboard(args.db or scoreboard_path())
    if not board.path.exists():
        print(f"no scores yet ({board.path} does not exist): finish a game first")
        return 0
    try:
        best, averages = board.leaderboard(args.limit), board.averages()
    except ScoreboardError as exc:
        return _fail(str(exc))
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


def _train(args: argparse.Namespace) -> int:
    from crossy_desktop.rl.train import TrainConfig, Trainer, new_run_dir
    from crossy_desktop.storage.demo_file import DemoFileError

    if args.resume is not None:
        try:
            trainer = Trainer.resume(args.resume)
        except (FileNotFoundError, ValueError, KeyError, DemoFileError) as exc:
            return _fail(f"cannot resume: {exc}")
        if args.decisions is not None:
            trainer.config.total_decisions = args.decisions
    else:
        config = TrainConfig(seed=args.seed, device=args.device)
        if args.decisions is not None:
            config.total_decisions = args.decisions
        if args.reward is not None:
            config.reward = args.reward
        if args.checkpoint_every is not None:
            config.checkpoint_every = args.checkpoint_every
        if args.demos is not None:
            config.demo_dir = str(args.demos)
        run_dir = args.run_dir or new_run_dir()
        if (run_dir / "checkpoint").exists():
            return _fail(f"{run_dir} already holds a run: use --resume {run_dir}")
        try:
            trainer = Trainer(config, run_dir)
        except (DemoFileError, ValueError) as exc:
            return _fail(str(exc))
    print(f"training into {trainer.run_dir}", file=sys.stderr)
    trainer.run(progress=not args.no_progress)
    return 0


def _train_offline(args: argparse.Namespace) -> int:
    from crossy_desktop.rl.demonstrations import load_training_demos
    from crossy_desktop.rl.offline import OfflineConfig, OfflineTrainer
    from crossy_desktop.rl.train import new_run_dir
    from crossy_desktop.storage.demo_file import DemoFileError

    config = OfflineConfig(seed=args.seed, device=args.device)
    if args.updates is not None:
        config.updates = args.updates
    if args.eval_every is not None:
        config.eval_every = args.eval_every
    if config.updates < 1 or config.eval_every < 1:
        return _fail("--updates and --eval-every must be at least 1")
    try:
        found = load_training_demos(args.demos, lambda line: print(f"crossy: {line}", file=sys.stderr))
    except DemoFileError as exc:
        return _fail(str(exc))
    run_dir = args.run_dir or new_run_dir()
    print(f"training into {run_dir}", file=sys.stderr)
    best = OfflineTrainer(config, found.demos, run_dir).run(progress=not args.no_progress)
    print(f"best model: {best}", file=sys.stderr)
    return 0


def make_controller(target: str):
    """A controller from a command-line target: a built-in name or a model file."""
    from crossy_desktop.controllers.builtin import AlwaysUpController, RandomController

    if target == "random":
        return RandomController()
    if target == "always-up":
        return AlwaysUpController()
    if target == "scripted":
        from crossy_desktop.controllers.scripted import ScriptedController

        return ScriptedController()
    from crossy_desktop.controllers.dqn import DQNController

    return DQNController(Path(target))


def _evaluate(args: argparse.Namespace) -> int:
    from crossy_desktop.rl.evaluate import evaluate
    from crossy_desktop.storage.atomic import write_text
    from crossy_desktop.storage.model_file import ModelFileError

    if args.episodes < 1:
        return _fail("--episodes must be at least 1")
    try:
        controller = make_controller(args.target)
    except ModelFileError as exc:
        return _fail(str(exc))

    def progress(done: int, score: int) -> None:
        if not args.json:
            print(f"game {done}/{args.episodes}: {score}", file=sys.stderr)

    result = evaluate(args.target, controller, args.episodes, args.seed, progress)
    text = json.dumps(result.to_dict())
    if args.out:
        write_text(args.out, text + "\n")
    if args.stamp:
        if controller.kind != "dqn":
            return _fail("--stamp needs a model file as TARGET")
        from crossy_desktop.rl.agent import save_agent

        meta = controller.agent.metadata
        save_agent(args.stamp, controller.agent.network, meta["training_decisions"], evaluation=result.to_dict())
    if args.json:
        print(text)
    else:
        spread = f"± {result.std:.2f} (min {result.min}, max {result.max})"
        print(f"{args.target}: mean {result.mean:.2f} {spread} over {args.episodes} games")
    return 0
