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
    folder,
    given_config_options,
    positive_int,
    usage_error,
)
from crossy_desktop.errors import first_line


def add_parser(sub: argparse._SubParsersAction) -> None:
    from crossy_desktop.training.config import OfflineConfig, TrainConfig

    train = sub.add_parser("train", help="train a DQN against the emulator")
    train.add_argument(
        "--decisions", dest=DEST_PREFIX + "total_decisions", type=positive_int, default=argparse.SUPPRESS, metavar="N",
        help="the same as --total-decisions (and the one setting --resume may change)",
    )  # fmt: skip
    train.add_argument("--run-dir", type=folder, default=None, help="where to write (default: runs/<timestamp>)")
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
    off.add_argument("--run-dir", type=folder, default=None, help="where to write (default: runs/<timestamp>)")
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
            trainer = Trainer.resume(args.resume, report=lambda line: print(f"crossy: {line}", file=sys.stderr))
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, DemoFileError) as exc:
            return fail(f"cannot resume: {first_line(exc, type(exc).__name__)}")
        if hasattr(args, DEST_PREFIX + "total_decisions"):
            trainer.config.total_decisions = getattr(args, DEST_PREFIX + "total_decisions")
    else:
        config = config_from_args(TrainConfig(), args)
        if config.device == "cuda" and not _cuda_available():
            return usage_error("train", "argument --device: cuda is not available on this machine")
        if args.demos is not None:
            config = replace(config, demo_dir=str(args.demos))
        run_dir = args.run_dir or new_run_dir()
        if (run_dir / "checkpoint").exists():
            return fail(f"{run_dir} already holds a run: use --resume {run_dir}")
        try:
            run_dir.mkdir(parents=True, exist_ok=True)
            trainer = Trainer(config, run_dir)
        except (DemoFileError, ValueError, OSError) as exc:
            return fail(str(exc))
    print(f"training into {trainer.run_dir}", file=sys.stderr)
    try:
        trainer.run(progress=not args.no_progress)
    except OSError as exc:  # a full disk or an unwritable folder: the last checkpoint stays whole
        hint = f" (resume with --resume {trainer.run_dir})" if trainer.folder.has_checkpoint else ""
        return fail(f"training stopped, {trainer.run_dir} cannot be written: {exc}{hint}")
    return 0


def run_train_offline(args: argparse.Namespace) -> int:
    from crossy_desktop.rl.demo_replay import load_training_demos
    from crossy_desktop.storage.demo_file import DemoFileError
    from crossy_desktop.training.config import OfflineConfig
    from crossy_desktop.training.offline import OfflineTrainer
    from crossy_desktop.training.run_folder import new_run_dir

    config = config_from_args(OfflineConfig(), args)
    if config.device == "cuda" and not _cuda_available():
        return usage_error("train-offline", "argument --device: cuda is not available on this machine")
    try:
        found = load_training_demos(args.demos, lambda line: print(f"crossy: {line}", file=sys.stderr))
    except DemoFileError as exc:
        return fail(str(exc))
    run_dir = args.run_dir or new_run_dir()
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return fail(f"cannot write to {run_dir}: {exc}")
    print(f"training into {run_dir}", file=sys.stderr)
    try:
        best = OfflineTrainer(config, found.demos, run_dir).run(progress=not args.no_progress)
    except OSError as exc:
        return fail(f"training stopped, {run_dir} cannot be written: {exc}")
    print(f"best model: {best}", file=sys.stderr)
    return 0


def _cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()
