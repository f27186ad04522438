"""`crossy train` (online DQN) and `crossy train-offline` (DQfD from recorded games alone).

Every hyperparameter of `TrainConfig` / `OfflineConfig` (and their learner and network) is an option,
generated from the dataclass fields with their help text: `crossy train --help` lists them all.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from crossy_desktop.cli.arguments import (
    DEST_PREFIX,
    add_config_options,
    config_from_args,
    fail,
    given_config_options,
    positive_int,
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    from crossy_desktop.training.config import OfflineConfig, TrainConfig

    train = sub.add_parser("train", help="train a DQN against the emulator")
    train.add_argument(
        "--decisions", dest=DEST_PREFIX + "total_decisions", type=positive_int, default=argparse.SUPPRESS, metavar="N",
        help="the same as --total-decisions (and the one setting --resume may change)",
    )  # fmt: skip
    train.add_argument("--run-dir", type=Path, default=None, help="where to write (default: runs/<timestamp>)")
    train.add_argument(
        "--resume", type=Path, default=None, metavar="RUN_DIR", help="continue a run from its last checkpoint"
    )
    train.add_argument("--no-progress", action="store_true", help="no progress bar")
    train.add_argument(
        "--demos", type=Path, default=None, metavar="DIR", help="keep these demonstrations in replay (DQfD)"
    )
    add_config_options(train, TrainConfig(), "hyperparameters (TrainConfig)")
    train.set_defaults(func=run_train)

    off = sub.add_parser("train-offline", help="train a DQN from demonstrations alone (DQfD loss)")
    off.add_argument("--demos", type=Path, required=True, metavar="DIR", help="folder of recorded games")
    off.add_argument("--run-dir", type=Path, default=None, help="where to write (default: runs/<timestamp>)")
    off.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_config_options(off, OfflineConfig(), "hyperparameters (OfflineConfig)")
    off.set_defaults(func=run_train_offline)


def run_train(args: argparse.Namespace) -> int:
    from crossy_desktop.storage.demo_file import DemoFileError
    from crossy_desktop.training.config import TrainConfig
    from crossy_desktop.training.online import Trainer
    from crossy_desktop.training.run_folder import new_run_dir

    if args.resume is not None:
        changed = [o for o in given_config_options(TrainConfig(), args) if o != "--total-decisions"]
        if changed or args.demos is not None or args.run_dir is not None:
            extra = changed + ["--demos"] * (args.demos is not None) + ["--run-dir"] * (args.run_dir is not None)
            return fail(f"--resume continues a run with its own settings; only --decisions may change, not {extra[0]}")
        try:
            trainer = Trainer.resume(args.resume)
        except (FileNotFoundError, ValueError, KeyError, TypeError, DemoFileError) as exc:
            return fail(f"cannot resume: {exc}")
        if hasattr(args, DEST_PREFIX + "total_decisions"):
            trainer.config.total_decisions = getattr(args, DEST_PREFIX + "total_decisions")
    else:
        config = config_from_args(TrainConfig(), args)
        if args.demos is not None:
            config = replace(config, demo_dir=str(args.demos))
        run_dir = args.run_dir or new_run_dir()
        if (run_dir / "checkpoint").exists():
            return fail(f"{run_dir} already holds a run: use --resume {run_dir}")
        try:
            trainer = Trainer(config, run_dir)
        except (DemoFileError, ValueError) as exc:
            return fail(str(exc))
    print(f"training into {trainer.run_dir}", file=sys.stderr)
    trainer.run(progress=not args.no_progress)
    return 0


def run_train_offline(args: argparse.Namespace) -> int:
    from crossy_desktop.rl.demo_replay import load_training_demos
    from crossy_desktop.storage.demo_file import DemoFileError
    from crossy_desktop.training.config import OfflineConfig
    from crossy_desktop.training.offline import OfflineTrainer
    from crossy_desktop.training.run_folder import new_run_dir

    config = config_from_args(OfflineConfig(), args)
    try:
        found = load_training_demos(args.demos, lambda line: print(f"crossy: {line}", file=sys.stderr))
    except DemoFileError as exc:
        return fail(str(exc))
    run_dir = args.run_dir or new_run_dir()
    print(f"training into {run_dir}", file=sys.stderr)
    best = OfflineTrainer(config, found.demos, run_dir).run(progress=not args.no_progress)
    print(f"best model: {best}", file=sys.stderr)
    return 0
