"""The demonstration loss, side by side: DQfD's margin against CQL(H) on the same recorded games.

Records the simulated human's games (seeds 1000.., as bench/bench_teach.py does), teaches a student on them with
the offline recipe (`OfflineConfig`'s defaults: 8,000 updates, the 16-channel network) once per demonstration
loss and training seed, and plays each best model 30 greedy games on test seeds 0..29 (sticky actions; neither
training nor its evaluations used them). Prints one row per run and each loss's mean over seeds.

    .venv/bin/python bench/bench_demo_loss.py [--games 10] [--seeds 1 2] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from crossy_desktop.controllers.dqn import DQNController
from crossy_desktop.controllers.simulated_human import SimulatedHuman
from crossy_desktop.play.games import evaluate, record_games
from crossy_desktop.rl.learner_config import DemoLoss
from crossy_desktop.storage.demo_file import load_demo_dir
from crossy_desktop.training.config import OfflineConfig
from crossy_desktop.training.offline import OfflineTrainer

TEACHER_SEED = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10, help="recorded games of the simulated human")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2], help="training seeds")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--episodes", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="crossy-bench-demo-loss-") as tmp:
        root = Path(tmp)
        record_games(SimulatedHuman(), args.games, TEACHER_SEED, root / "demos")
        demos = load_demo_dir(root / "demos").demos
        teacher = statistics.mean(d.meta.score for d in demos)
        last = args.episodes - 1
        print(f"# bench_demo_loss: {args.games} simulated-human games (mean {teacher:.2f}), test seeds 0..{last}")
        means: dict[DemoLoss, list[float]] = {loss: [] for loss in DemoLoss}
        for seed in args.seeds:
            for loss in DemoLoss:
                config = OfflineConfig(seed=seed, threads=args.threads)
                config = replace(config, learner=replace(config.learner, demo_loss=loss))
                started = time.perf_counter()
                best = OfflineTrainer(config, demos, root / f"{loss}-{seed}", tensorboard=False).run(progress=False)
                minutes = (time.perf_counter() - started) / 60
                result = evaluate(f"{loss}-{seed}", DQNController(best), args.episodes, 0)
                means[loss].append(result.mean)
                spread = f"std {result.std:.2f}, min {result.min}, max {result.max}"
                print(f"{loss:6} seed {seed}: {result.mean:.2f} ({spread}) over {args.episodes} games; "
                      f"taught in {minutes:.1f} min", flush=True)  # fmt: skip
        for loss, values in means.items():
            print(f"{loss}: mean over {len(values)} seeds {statistics.mean(values):.2f} ({teacher:.2f} the teacher)")


if __name__ == "__main__":
    main()
