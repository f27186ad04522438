"""What a training config needs of the machine, checked before anything is built.

`crossy train`, `crossy train-offline` and a sweep's trials (training/sweep_spec.py) ask the same questions
here, so a setting refused on the command line is refused in a sweep file in the same words, before Ray
starts: a device the machine lacks, a replay memory larger than the machine's memory, and PQN settings that
cannot run together (training/pqn.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from crossy_desktop.game.core import DECISIONS_PER_GAME
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.training.config import Algorithm, Device

FRAME_BYTES = PIPELINE.size**2  # one pipeline frame in replay memory (uint8)
ROW_BYTES = FRAME_BYTES + 1 + 4 + 1 + 1  # frame, action, reward, terminal, first (rl/replay.py ReplayBuffer)


@dataclass(frozen=True)
class Problem:
    """A setting the machine cannot run: the field's name (dotted in a sweep, --option on the command line)
    and why, in a few words."""

    field: str
    reason: str

    @property
    def option(self) -> str:
        return "--" + self.field.split(".")[-1].replace("_", "-")


def config_problem(config) -> Problem | None:
    """The first setting of a TrainConfig or OfflineConfig this machine cannot run; None when all can."""
    if config.device == Device.CUDA and not cuda_available():
        return Problem("device", "cuda is not available on this machine")
    if getattr(config, "algorithm", None) is Algorithm.PQN:
        return pqn_problem(config)
    capacity = getattr(config, "buffer_capacity", None)
    memory = physical_memory()
    if capacity is not None and memory and capacity * ROW_BYTES > memory:
        return Problem(
            "buffer_capacity",
            f"{capacity} decisions of replay memory need {byte_size(capacity * ROW_BYTES)}, "
            f"more than this machine's {byte_size(memory)}",
        )
    return None


def pqn_problem(config) -> Problem | None:
    """A PQN run learns a rollout once it is full, so a rollout must divide a game (its end is then a rollout's,
    and checkpoints between games hold none) and hold a row for every minibatch."""
    if DECISIONS_PER_GAME % config.rollout_decisions:
        return Problem("rollout_decisions", f"must divide a game's {DECISIONS_PER_GAME} decisions")
    if config.pqn_minibatches > config.rollout_decisions * config.envs:
        return Problem("pqn_minibatches", "cannot be more than a rollout's rows (rollout_decisions x envs)")
    if config.network.quantiles:
        return Problem("quantiles", "PQN learns one Q-value an action: quantiles need --algorithm dqn")
    if config.demo_dir:
        return Problem("algorithm", "demonstrations need a replay memory: --demos trains with --algorithm dqn")
    return None


def cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def physical_memory() -> int:
    """The machine's memory in bytes (0 where the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def byte_size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.2f} PiB"
