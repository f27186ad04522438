"""A training run on disk: config.json, metrics.csv, models/, and the latest checkpoint, for both trainers.

A checkpoint is the union of its parts' state dicts, one file each, the file name saying how it is stored:
`.pt` (torch tensors: the learner), `.npz` (numpy arrays: the replay memory), `.json` (plain values: the
loop state and random generators). It is written into a fresh folder and swapped in; the one before it
stays as `checkpoint.prev`, so a kill at any moment, or a damaged file, leaves a whole checkpoint to
resume from (resume says in one line which one it used and why).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from crossy_desktop.errors import first_line
from crossy_desktop.storage.atomic import atomic_path, write_text
from crossy_desktop.storage.metrics_csv import append_row, read_rows
from crossy_desktop.storage.names import numbered
from crossy_desktop.training.tensorboard_log import TensorBoardLog


def new_run_dir(root: Path = Path("runs")) -> Path:
    """A new, empty folder under `root` named for now, claimed with an exclusive mkdir: two runs started in
    the same second get STAMP and STAMP-2, never one folder between them."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for path in numbered(root, dt.datetime.now().strftime("%Y%m%d-%H%M%S"), ""):
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
    raise AssertionError("unreachable: numbered() never ends")


def busy_message(run_dir: Path) -> str:
    return f"another command is training in {run_dir}"


class RunFolder:
    """One run's folder; `metric_fields` are the columns of its metrics.csv, `test_fields` of its tests.csv
    (greedy test games during training, when the trainer plays them). Every row is also mirrored into
    TensorBoard event files in the folder, at the row's `step` column, where TensorBoard is installed."""

    def __init__(
        self,
        path: Path,
        metric_fields: list[str],
        test_fields: list[str] | None = None,
        step: str = "decisions",
        tensorboard: bool = True,
    ) -> None:
        self.path = Path(path)
        self.metric_fields = metric_fields
        self.test_fields = test_fields
        self.tensorboard = TensorBoardLog(self.path, step, enabled=tensorboard)

    # -- config and metrics -------------------------------------------------------------------
    @property
    def metrics_csv(self) -> Path:
        return self.path / "metrics.csv"

    def write_config(self, config: dict) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        write_text(self.path / "config.json", json.dumps(config, indent=2))

    def read_config(self) -> dict:
        return json.loads((self.path / "config.json").read_text())

    @property
    def tests_csv(self) -> Path:
        return self.path / "tests.csv"

    def append_metrics(self, row: dict) -> None:
        append_row(self.metrics_csv, self.metric_fields, row)
        self.tensorboard.write("train", row)

    def append_test(self, row: dict) -> None:
        assert self.test_fields is not None, "this run keeps no tests.csv"
        append_row(self.tests_csv, self.test_fields, row)
        self.tensorboard.write("test", row)
        self.tensorboard.flush()

    def close(self) -> None:
        """Flush and close the TensorBoard events (the CSV tables are complete after every row)."""
        self.tensorboard.close()

    def keep_metrics_until(self, column: str, last: float) -> None:
        """Drop the rows written after a checkpoint (`column` beyond `last`): they belong to a lost future.
        A row cut short by a kill during its append is dropped too. Both tables, where the run keeps them."""
        self.tensorboard.purge_step = int(last) + 1
        _keep_rows_until(self.metrics_csv, self.metric_fields, column, last)
        if self.test_fields is not None:
            _keep_rows_until(self.tests_csv, self.test_fields, column, last)

    def model_path(self, step: int) -> Path:
        return self.path / "models" / f"model_{step:08d}.safetensors"

    # -- checkpoints ----------------------------------------------------------------------------
    @property
    def has_checkpoint(self) -> bool:
        return any((self.path / name).is_dir() for name in CHECKPOINTS)

    def save_checkpoint(self, parts: dict[str, Any]) -> None:
        """Write every part into a fresh folder, then swap it in; the one it replaces becomes the previous."""
        self.tensorboard.flush()  # the events up to this point survive a kill, as the CSV rows do
        tmp = self.path / ".checkpoint.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name, state in parts.items():
            _save_part(tmp / name, state)
            _fsync(tmp / name)
        final, prev = self.path / "checkpoint", self.path / "checkpoint.prev"
        if final.exists():
            shutil.rmtree(prev, ignore_errors=True)
            final.rename(prev)
        tmp.rename(final)
        shutil.rmtree(self.path / ".checkpoint.old", ignore_errors=True)  # left by an older version's swap

    def load_checkpoint(self, report: Callable[[str], None] = print) -> dict[str, Any]:
        """The parts of the newest whole checkpoint, by file name. A damaged one is reported in one line
        and the previous one used; FileNotFoundError (one line) when none is usable."""
        shutil.rmtree(self.path / ".checkpoint.tmp", ignore_errors=True)  # a kill while writing one
        problems = []
        for name in CHECKPOINTS:
            folder = self.path / name
            if not folder.is_dir():
                continue
            try:
                parts = {p.name: _load_part(p) for p in sorted(folder.iterdir())}
            except Exception as exc:  # noqa: BLE001 - any damage: torch, numpy, json, zip, OS errors
                problems.append(f"{name} is damaged ({type(exc).__name__}: {first_line(exc)})")
                continue
            for problem in problems:
                report(f"{problem}; resuming from {name}")
            return parts
        raise FileNotFoundError(f"{self.path}: no checkpoint to resume from" + "".join(f"; {p}" for p in problems))


CHECKPOINTS = ("checkpoint", "checkpoint.prev", ".checkpoint.old")  # newest first; .old: older versions


def _keep_rows_until(path: Path, fields: list[str], column: str, last: float) -> None:
    rows = read_rows(path)
    kept = [r for r in rows if _number(r.get(column)) is not None and _number(r.get(column)) <= last]
    kept = [r for r in kept if None not in r.values() and None not in r]
    if len(kept) != len(rows):
        with atomic_path(path) as tmp, open(tmp, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(kept)


def _number(text: str | None) -> float | None:
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
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
