"""The learning curve: score per game and its rolling mean, from a run's metrics.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from crossy_desktop.storage.atomic import atomic_path


def plot_learning_curve(metrics_csv: Path, out_png: Path, window: int = 10) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with open(metrics_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        return
    decisions = np.array([int(r["decisions"]) for r in rows])
    scores = np.array([float(r["score"]) for r in rows])
    rolling = np.array([scores[max(0, i - window + 1) : i + 1].mean() for i in range(len(scores))])
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    ax.plot(decisions, scores, ".", alpha=0.35, label="score per training game")
    ax.plot(decisions, rolling, "-", lw=2, label=f"rolling mean ({window} games)")
    for y, name in ((21, "always UP"), (29.6, "human"), (30.3, "Nature DQN")):
        ax.axhline(y, ls="--", lw=0.8, color="grey")
        ax.text(decisions[0], y + 0.3, name, fontsize=8, color="grey")
    ax.set_xlabel("decisions (1 decision = 4 emulator frames)")
    ax.set_ylabel("raw game score")
    ax.set_title("Crossy Desktop DQN on Freeway")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    with atomic_path(Path(out_png)) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)
