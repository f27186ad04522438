"""What a sweep folder tells a person: one row per trial, one per configuration, a picture, the best model.

Read from the trials' own run folders (config.json, tests.csv, status.json), so the report is the same
whether the trials ran in one go, were resumed, or ran on a cluster. Aggregates across seeds use rliable:
the interquartile mean (IQM) with a stratified-bootstrap 95% confidence interval, as recommended by
Agarwal et al. (2021) for few-run deep RL results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crossy_desktop.storage.atomic import atomic_path, write_new
from crossy_desktop.storage.metrics_csv import read_rows
from crossy_desktop.storage.names import numbered
from crossy_desktop.training.plots import draw_references
from crossy_desktop.training.sweep_spec import Trial

TARGET_SCORE = 30.3  # the Nature DQN: "time to 30.3" is the time to a published DQN's score
TRIAL_FIELDS = ["trial", "config", "seed", "status", "decisions", "minutes", "final_score", "minutes_to_30.3"]
AGGREGATE_FIELDS = ["config", "seeds", "finished", "iqm_final", "ci95_low", "ci95_high", "reached_30.3",
                    "median_minutes_to_30.3"]  # fmt: skip
BOOTSTRAP_REPS = 2000


@dataclass
class TrialResult:
    trial: Trial
    status: str  # finished, stopped early, crashed: <reason>, or not run
    tests: list[dict]  # tests.csv rows: decisions, wall_s, test_mean, model, ...

    @property
    def final(self) -> float | None:
        return float(self.tests[-1]["test_mean"]) if self.tests else None

    @property
    def minutes_to_target(self) -> float | None:
        for row in self.tests:
            if float(row["test_mean"]) >= TARGET_SCORE:
                return float(row["wall_s"]) / 60
        return None

    @property
    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """Test score against wall minutes."""
        return (
            np.array([float(r["wall_s"]) / 60 for r in self.tests]),
            np.array([float(r["test_mean"]) for r in self.tests]),
        )


def read_results(trials_dir: Path, trials: list[Trial]) -> list[TrialResult]:
    return [
        TrialResult(t, read_status(trials_dir / t.trial_id), read_rows(trials_dir / t.trial_id / "tests.csv"))
        for t in trials
    ]


def read_status(run_dir: Path) -> str:
    try:
        return str(json.loads((run_dir / "status.json").read_text())["status"])
    except (OSError, ValueError, KeyError, TypeError):
        return "not run" if not (run_dir / "tests.csv").exists() else "interrupted"


def iqm_with_ci(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """IQM over runs (axis 0) of `scores` (runs x points) and its 95% interval (2 x points), via rliable."""
    from rliable import library as rly
    from rliable import metrics

    runs = scores[:, None, :]  # rliable's layout: runs x tasks x points; Freeway is the one task

    def iqm(x: np.ndarray) -> np.ndarray:
        return np.array([metrics.aggregate_iqm(x[..., j]) for j in range(x.shape[-1])])

    point, interval = rly.get_interval_estimates({"c": runs}, iqm, reps=BOOTSTRAP_REPS)
    return point["c"], interval["c"]


def write_report(sweep_dir: Path, results: list[TrialResult]) -> dict:
    """trials.csv, aggregate.csv and curves.png in `sweep_dir`; returns the best configuration's row."""
    rows = [_trial_row(r) for r in results]
    _write_csv(sweep_dir / "trials.csv", TRIAL_FIELDS, rows)
    by_label: dict[str, list[TrialResult]] = {}
    for r in results:
        by_label.setdefault(r.trial.label, []).append(r)
    aggregates = [_aggregate(label, group) for label, group in by_label.items()]
    aggregates.sort(key=lambda a: -a["iqm_final"] if a["iqm_final"] != "" else np.inf)
    _write_csv(sweep_dir / "aggregate.csv", AGGREGATE_FIELDS, aggregates)
    plot_curves(by_label, sweep_dir / "curves.png")
    return aggregates[0] if aggregates else {}


def best_trial(results: list[TrialResult], label: str) -> TrialResult | None:
    """The best-scoring finished trial of the best configuration: the one whose model is exported."""
    candidates = [r for r in results if r.trial.label == label and r.final is not None]
    return max(candidates, key=lambda r: r.final, default=None)


def export_model(result: TrialResult, sweep_name: str, models_dir: Path, run_dir: Path) -> Path:
    """The trial's last tested model, under a new name in `models_dir` (the window lists it), its metadata
    saying which sweep, configuration and seed made it and its final test score."""
    from crossy_desktop.storage.model_file import load_model_file, save_model_file

    last = result.tests[-1]
    tensors, metadata = load_model_file(run_dir / "models" / last["model"])
    metadata |= {
        "title": f"sweep {sweep_name}: {result.trial.label}, seed {result.trial.seed}",
        "evaluation": {"mean": float(last["test_mean"]), "episodes": int(last["games"]), "target": "sweep test games"},
        "sweep": {"name": sweep_name, "trial": result.trial.trial_id, "config": result.trial.label},
    }  # fmt: skip
    models_dir.mkdir(parents=True, exist_ok=True)
    stem = f"sweep-{sweep_name}-{result.trial.trial_id}"
    return write_new(numbered(models_dir, stem, ".safetensors"), lambda tmp: save_model_file(tmp, tensors, metadata))


def plot_curves(by_label: dict[str, list[TrialResult]], out_png: Path) -> None:
    """Per configuration: IQM test score across seeds against wall time, its 95% interval as a band."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 5), dpi=100)
    for label, group in by_label.items():
        curves = [r.curve for r in group if len(r.tests)]
        if not curves:
            continue
        # a common time axis: from the latest first test to the earliest last test (all seeds observed)
        start, end = max(c[0][0] for c in curves), min(c[0][-1] for c in curves)
        grid = np.linspace(start, end, 25) if end > start else np.array([end])
        scores = np.stack([np.interp(grid, minutes, score) for minutes, score in curves])
        point, interval = iqm_with_ci(scores)
        ax.plot(grid, point, "o-" if len(grid) == 1 else "-", lw=2, label=f"{label} ({len(curves)} seeds)")
        ax.fill_between(grid, interval[0], interval[1], alpha=0.2)
    draw_references(ax)
    ax.set_xlabel("training wall time (minutes)")
    ax.set_ylabel("greedy test score (IQM over seeds, 95% CI)")
    ax.set_title("Crossy Desktop sweep: test score against wall time")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    with atomic_path(Path(out_png)) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)


def _trial_row(r: TrialResult) -> dict:
    last = r.tests[-1] if r.tests else {}
    reached = r.minutes_to_target
    return {
        "trial": r.trial.trial_id,
        "config": r.trial.label,
        "seed": r.trial.seed,
        "status": r.status,
        "decisions": last.get("decisions", ""),
        "minutes": round(float(last["wall_s"]) / 60, 2) if last else "",
        "final_score": r.final if r.final is not None else "",
        "minutes_to_30.3": round(reached, 2) if reached is not None else "",
        **{f"score@{row['decisions']}": row["test_mean"] for row in r.tests},
    }


def _aggregate(label: str, group: list[TrialResult]) -> dict:
    finals = np.array([r.final for r in group if r.final is not None])
    reached = [r.minutes_to_target for r in group if r.minutes_to_target is not None]
    row = {
        "config": label,
        "seeds": len(group),
        "finished": len(finals),
        "reached_30.3": f"{len(reached)}/{len(group)}",
    }
    row["median_minutes_to_30.3"] = round(float(np.median(reached)), 2) if reached else ""
    if len(finals):
        point, interval = iqm_with_ci(finals[:, None])
        row |= {"iqm_final": round(float(point[0]), 3), "ci95_low": round(float(interval[0, 0]), 3),
                "ci95_high": round(float(interval[1, 0]), 3)}  # fmt: skip
    else:
        row |= {"iqm_final": "", "ci95_low": "", "ci95_high": ""}
    return row


def _write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    import csv

    extra = sorted({k for row in rows for k in row} - set(fields), key=lambda k: int(k.split("@")[1]))
    with atomic_path(path) as tmp, open(tmp, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields + extra, restval="")
        writer.writeheader()
        writer.writerows(rows)
