"""A training run on disk: config.json, metrics.csv, models/, and the latest checkpoint, for both trainers.

A checkpoint is the union of its parts' state dicts, one file each, the file name saying how it is stored:
`.pt` (torch tensors: the learner), `.npz` (numpy arrays: the replay memory), `.json` (plain values: the
loop state and random generators). It is written into a fresh folder and swapped in, so a kill at any
moment leaves the previous checkpoint whole (or, mid-swap, `.checkpoint.old`, which resume also accepts).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from crossy_desktop.storage.atomic import atomic_path, write_text
from crossy_desktop.storage.metrics_csv import append_row


def new_run_dir(root: Path = Path("runs")) -> Path:
    return Path(root) / dt.datetime.now().strftime("%Y%m%d-%H%M%S")


class RunFolder:
    """One run's folder; `metric_fields` are the columns of its metrics.csv."""

    def __init__(self, path: Path, metric_fields: list[str]) -> None:
        self.path = Path(path)
        self.metric_fields = metric_fields

    # -- config and metrics -------------------------------------------------------------------
    @property
    def metrics_csv(self) -> Path:
        return self.path / "metrics.csv"

    def write_config(self, config: dict) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        write_text(self.path / "config.json", json.dumps(config, indent=2))

    def read_config(self) -> dict:
        return json.loads((self.path / "config.json").read_text())

    def append_metrics(self, row: dict) -> None:
        append_row(self.metrics_csv, self.metric_fields, row)

    def keep_metrics_until(self, column: str, last: float) -> None:
        """Drop the rows written after a checkpoint (`column` beyond `last`): they belong to a lost future."""
        if not self.metrics_csv.exists():
            return
        with open(self.metrics_csv, newline="") as f:
            rows = list(csv.DictReader(f))
        kept = [r for r in rows if float(r[column]) <= last]
        if len(kept) != len(rows):
            with atomic_path(self.metrics_csv) as tmp, open(tmp, "w", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=self.metric_fields)
                writer.writeheader()
                writer.writerows(kept)

    def model_path(self, step: int) -> Path:
        return self.path / "models" / f"model_{step:08d}.safetensors"

    # -- checkpoints ----------------------------------------------------------------------------
    @property
    def has_checkpoint(self) -> bool:
        return self._checkpoint_dir() is not None

    def save_checkpoint(self, parts: dict[str, Any]) -> None:
        """Write every part into a fresh folder, then swap it in for the old checkpoint."""
        tmp = self.path / ".checkpoint.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name, state in parts.items():
            _save_part(tmp / name, state)
            _fsync(tmp / name)
        final, old = self.path / "checkpoint", self.path / ".checkpoint.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)

    def load_checkpoint(self) -> dict[str, Any]:
        """The parts of the latest checkpoint, by file name; FileNotFoundError when there is none."""
        folder = self._checkpoint_dir()
        if folder is None:
            raise FileNotFoundError(f"{self.path}: no checkpoint to resume from")
        return {p.name: _load_part(p) for p in sorted(folder.iterdir())}

    def _checkpoint_dir(self) -> Path | None:
        for name in ("checkpoint", ".checkpoint.old"):  # .old: killed while swapping checkpoints
            if (self.path / name).is_dir():
                return self.path / name
        return None


def _save_part(path: Path, state: Any) -> None:
    if path.suffix == ".pt":
        import torch

        torch.save(state, path)
    elif path.suffix == ".npz":
        with open(path, "wb") as f:
            np.savez(f, **state)
    elif path.suffix == ".json":
        path.write_text(json.dumps(state))
    else:
        raise ValueError(f"checkpoint part {path.name}: name it .pt, .npz or .json")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _load_part(path: Path) -> Any:
    if path.suffix == ".pt":
        import torch

        return torch.load(path, weights_only=True)
    if path.suffix == ".npz":
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    return json.loads(path.read_text())
