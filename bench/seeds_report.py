"""Every seed of a recipe at fixed wall times: 30-game scores per training seed and their IQM (issue 14, target 3).

For each run folder (one per training seed: config.json, tests.csv, evaluation_<decisions>.json) and each
wall-time mark, the model is the last one the run tested at or before the mark (tests.csv's wall_s is when
the model was taken). On a slow day the marks are decisions instead (`--decisions`): the last model tested
at or before that many decisions, so runs of different days compare per decision. Its score is the mean of
its 30-game evaluation on seeds 0-29, which no training or in-training test game used:

    crossy evaluate RUN/models/model_N.safetensors --episodes 30 --seed 0 --json --out RUN/evaluation_N.json

A missing evaluation is named with that command rather than guessed. Across seeds: the interquartile mean
with rliable's stratified-bootstrap 95% interval (crossy_desktop/training/sweep_report.py). With 3 runs the
IQM trims nothing (a quarter of 3 is under one run), so it equals the mean; the interval is still rliable's.

    .venv/bin/python bench/seeds_report.py bench/results/c16-h256-lr25-60min-seed1 bench/results/default-seed2 ...
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crossy_desktop.storage.metrics_csv import read_rows  # noqa: E402
from crossy_desktop.training.sweep_report import iqm_with_ci  # noqa: E402

ALWAYS_UP = 21  # a seed at or below this learned nothing beyond holding UP


def model_at(run: Path, mark: float, per_decision: bool = False) -> tuple[int, float] | None:
    """(decisions, wall minutes) of the last model the run tested by `mark` minutes of wall time (or decisions)."""
    taken = [(int(r["decisions"]), float(r["wall_s"]) / 60) for r in read_rows(run / "tests.csv")]
    before = [t for t in taken if t[0 if per_decision else 1] <= mark]
    return before[-1] if before else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="run folders, one per training seed")
    marks = parser.add_mutually_exclusive_group()
    marks.add_argument("--minutes", type=float, nargs="+", default=[30.0, 60.0], help="wall-time marks")
    marks.add_argument("--decisions", type=int, nargs="+", help="marks in decisions instead (a slow day's runs)")
    args = parser.parse_args()
    per_decision = args.decisions is not None
    unit = "decisions" if per_decision else "min"
    args.marks = args.decisions if per_decision else args.minutes

    scores = np.full((len(args.runs), len(args.marks)), np.nan)
    missing = []
    for i, run in enumerate(args.runs):
        seed = json.loads((run / "config.json").read_text())["seed"]
        cells = []
        for j, mark in enumerate(args.marks):
            found = model_at(run, mark, per_decision)
            if found is None:
                cells.append("no model yet")
                continue
            decisions, minutes = found
            evaluation = run / f"evaluation_{decisions:08d}.json"
            if not evaluation.exists():
                missing.append(f"crossy evaluate {run}/models/model_{decisions:08d}.safetensors --episodes 30 "
                               f"--seed 0 --json --out {evaluation}")  # fmt: skip
                cells.append(f"model_{decisions:08d} ({minutes:.1f} min): not evaluated")
                continue
            result = json.loads(evaluation.read_text())
            scores[i, j] = result["mean"]
            cells.append(f"{result['mean']:.2f} (model_{decisions:08d}, {minutes:.1f} min, min {result['min']})")
        shown = "; ".join(f"{m:g} {unit}: {c}" for m, c in zip(args.marks, cells, strict=True))
        print(f"seed {seed} ({run}): {shown}")
    for line in missing:
        print(f"missing: {line}")
    if missing or np.isnan(scores).any():
        return 1
    point, interval = iqm_with_ci(scores)
    for j, mark in enumerate(args.marks):
        column = scores[:, j]
        print(f"{mark:g} {unit}: IQM {point[j]:.2f} (95% CI {interval[0, j]:.2f}-{interval[1, j]:.2f}) over "
              f"{len(column)} seeds, 30 games each; lowest seed {column.min():.2f}; "
              f"seeds at always-UP ({ALWAYS_UP}) or below: {int((column <= ALWAYS_UP).sum())}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
