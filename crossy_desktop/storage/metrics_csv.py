"""metrics.csv (and tests.csv) of a training run: one row appended per game or test, the header written once."""

from __future__ import annotations

import csv
from pathlib import Path


def append_row(path: Path, fields: list[str], row: dict) -> None:
    """Append-only on purpose: a crash loses at most the row being written, never earlier ones."""
    new = not Path(path).exists()
    with open(path, "a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        if new:
            writer.writeheader()
        writer.writerow(row)


def read_rows(path: Path) -> list[dict[str, str]]:
    """Every row of a table, by column name; none when the file does not exist yet."""
    if not Path(path).exists():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))
