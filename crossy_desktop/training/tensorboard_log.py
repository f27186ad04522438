"""TensorBoard event files beside a run's CSV tables, so `tensorboard --logdir runs` compares runs as
CleanRL's and Stable-Baselines3's users are used to.

Every numeric cell of a metrics.csv or tests.csv row becomes a scalar (`train/score`, `test/test_mean`,
...) at the row's step (decisions, or updates offline). TensorBoard is optional (the `sweep` extra
installs it; the bundles leave it out): without it the log does nothing and the CSV files stay the record.
"""

from __future__ import annotations

from pathlib import Path


class TensorBoardLog:
    """A lazily opened SummaryWriter on `folder`; `purge_step` drops events a resumed run will write again.
    Disabled (`enabled=False`) or without the tensorboard package, it writes nothing."""

    def __init__(self, folder: Path, step: str, enabled: bool = True) -> None:
        self.folder = Path(folder)
        self.step = step
        self.purge_step: int | None = None
        self._writer = None
        self._unavailable = not enabled

    def write(self, group: str, row: dict) -> None:
        writer = self._open()
        if writer is None:
            return
        step = int(float(row[self.step]))
        for name, value in row.items():
            number = _number(value)
            if name != self.step and number is not None:
                writer.add_scalar(f"{group}/{name}", number, step)

    def flush(self) -> None:
        if self._writer is not None:
            self._writer.flush()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _open(self):
        if self._writer is None and not self._unavailable:
            try:
                from torch.utils.tensorboard import SummaryWriter
            except ImportError:  # no tensorboard package (the bundles, a plain install): CSV only
                self._unavailable = True
                return None
            self._writer = SummaryWriter(str(self.folder), purge_step=self.purge_step, flush_secs=30)
        return self._writer


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value in ("", None):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
