"""The online trainer a config asks for (`algorithm`): DQN's (training/online.py) or PQN's (training/pqn.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from crossy_desktop.training.config import Algorithm, TrainConfig
from crossy_desktop.training.online import Trainer
from crossy_desktop.training.pqn import PQNTrainer


def trainer_class(config: TrainConfig) -> type[Trainer]:
    return PQNTrainer if config.algorithm is Algorithm.PQN else Trainer


def new_trainer(config: TrainConfig, run_dir: Path) -> Trainer:
    return trainer_class(config)(config, run_dir)


def resume_trainer(run_dir: Path, report: Callable[[str], None] = tqdm.write) -> Trainer:
    """Continue the run in `run_dir` with the trainer its config.json names."""
    config = TrainConfig.from_dict(json.loads((run_dir / "config.json").read_text()))
    return trainer_class(config).resume(run_dir, report)
