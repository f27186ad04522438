"""The learning curve: score per game and its rolling mean, from a run's metrics.csv; beside it, when the
run played greedy test games (tests.csv), test score against wall time: the time to score."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from crossy_desktop.storage.atomic import atomic_path
from crossy_desktop.storage.metrics_csv import read_rows

REFERENCES = ((21, "always UP"), (29.6, "human"), (30.3, "Nature DQN"), (33.7, "Rainbow"))


def plot_learning_curve(metrics_csv: Path, out_png: Path, tests_csv: Path | None = None, window: int = 10) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = read_rows(metrics_csv)
    if not rows:
        return
    tests = read_rows(tests_csv) if tests_csv is not None else []
    decisions = np.array([int(r["decisions"]) for r in rows])
    scores = np.array([float(r["score"]) for r in rows])
    rolling = np.array([scores[max(0, i - window + 1) : i + 1].mean() for i in range(len(scores))])
    fig, axes = plt.subplots(1, 2 if tests else 1, figsize=(13 if tests else 8, 4.5), dpi=100, squeeze=False)
    ax = axes[0, 0]
    ax.plot(decisions, scores, ".", alpha=0.35, label="score per training game")
    ax.plot(decisions, rolling, "-", lw=2, label=f"rolling mean ({window} games)")
    ax.set_xlabel("decisions (1 decision = 4 emulator frames)")
    ax.set_title("Crossy Desktop DQN on Freeway: training games")
    if tests:
        minutes = [float(r["wall_s"]) / 60 for r in tests]
        test_ax = axes[0, 1]
        test_ax.plot(minutes, [float(r["test_mean"]) for r in tests], "o-", label="greedy test games (mean)")
        test_ax.set_xlabel("wall time (minutes)")
        test_ax.set_title("test score against wall time")
    for a in axes[0]:
        draw_references(a)
        a.set_ylabel("raw game score")
        a.legend(loc="lower right")
        a.grid(alpha=0.3)
    fig.tight_layout()
    with atomic_path(Path(out_png)) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)


def draw_references(ax) -> None:
    """Dashed lines at the scores worth comparing with: always UP, humans, the Nature DQN, Rainbow."""
    for y, name in REFERENCES:
        ax.axhline(y, ls="--", lw=0.8, color="grey")
        ax.text(ax.get_xlim()[0], y + 0.3, name, fontsize=8, color="grey")
