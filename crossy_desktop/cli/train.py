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

    train = sub.add_parser("train", help="train a DQN (or PQN) against the emulator")
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
    off.add_argument("--demos", type=Path, required=True, metavar="DIR",
                     help="folder of recorded games, or minari:DATASET_ID (a local Minari dataset)")  # fmt: skip
    off.add_argument("--run-dir", type=folder, default=None, help="where to write (default: runs/<timestamp>)")
    off.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_config_options(off, OfflineConfig(), "hyperparameters (OfflineConfig)")
    off.set_defaults(func=run_train_offline)


def run_train(args: argparse.Namespace) -> int:
    from crossy_desktop.storage.folder_lock import FolderBusy, hold
    from crossy_desktop.training.config import TrainConfig
    from crossy_desktop.training.preflight import config_problem
    from crossy_desktop.training.run_folder import busy_message, new_run_dir

    config = None
    if args.resume is not None:
        changed = [o for o in given_config_options(TrainConfig(), args) if o != "--total-decisions"]
        if changed or args.demos is not None or args.run_dir is not None:
            extra = changed + ["--demos"] * (args.demos is not None) + ["--run-dir"] * (args.run_dir is not None)
            return fail(f"--resume continues a run with its own settings; only --decisions may change, not {extra[0]}")
        if not args.resume.is_dir():
            return fail(f"cannot resume: {args.resume} is not a run folder")
        run_dir = args.resume
    else:
        config = config_from_args(TrainConfig(), args)
        if args.demos is not None:
            config = replace(config, demo_dir=str(args.demos))
        problem = config_problem(config)
        if problem is not None:
            return usage_error("train", f"argument {problem.option}: {problem.reason}")
        if args.run_dir is not None and (args.run_dir / "checkpoint").exists():
            return fail(f"{args.run_dir} already holds a run: use --resume {args.run_dir}")
    try:
        run_dir = run_dir if config is None else (args.run_dir or new_run_dir())
        with hold(run_dir, busy_message(run_dir)):  # one command per run folder, a second one stops here
            return _train(args, run_dir, config)
    except FolderBusy as exc:
        return fail(str(exc))
    except OSError as exc:  # the folder cannot be made, or cannot hold its lock file
        return fail(f"cannot write to {args.run_dir or args.resume or 'runs'}: {exc}")


def _train(args: argparse.Namespace, run_dir: Path, config) -> int:
    """A new run with `config` in `run_dir`, or (config None) the run there resumed; then train."""
    from crossy_desktop.storage.demo_file import DemoFileError
    from crossy_desktop.training.trainers import new_trainer, resume_trainer

    if config is None:
        try:
            trainer = resume_trainer(run_dir, report=lambda line: print(f"crossy: {line}", file=sys.stderr))
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, DemoFileError) as exc:
            return fail(f"cannot resume: {first_line(exc, type(exc).__name__)}")
        if hasattr(args, DEST_PREFIX + "total_decisions"):
            trainer.config.total_decisions = getattr(args, DEST_PREFIX + "total_decisions")
    else:
        try:
            trainer = new_trainer(config, run_dir)
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
    from crossy_desktop.storage.folder_lock import FolderBusy, hold
    from crossy_desktop.training.config import OfflineConfig
    from crossy_desktop.training.offline import OfflineTrainer
    from crossy_desktop.training.preflight import config_problem
    from crossy_desktop.training.run_folder import busy_message, new_run_dir

    config = config_from_args(OfflineConfig(), args)
    problem = config_problem(config)
    if problem is not None:
        return usage_error("train-offline", f"argument {problem.option}: {problem.reason}")
    try:
        found = load_training_demos(args.demos, lambda line: print(f"crossy: {line}", file=sys.stderr))
    except DemoFileError as exc:
        return fail(str(exc))
    try:
        run_dir = args.run_dir or new_run_dir()
        with hold(run_dir, busy_message(run_dir)):
            print(f"training into {run_dir}", file=sys.stderr)
            try:
                best = OfflineTrainer(config, found.demos, run_dir).run(progress=not args.no_progress)
            except OSError as exc:
                return fail(f"training stopped, {run_dir} cannot be written: {exc}")
    except FolderBusy as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot write to {args.run_dir or 'runs'}: {exc}")
    print(f"best model: {best}", file=sys.stderr)
    return 0
