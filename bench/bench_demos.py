"""Demonstrations: bytes per recorded decision on disk, load time of 100 recorded games, and (with
--offline RUN_DIR) how an offline agent trained by `crossy train-offline` scores against its demonstrator.
Prints figures only.

    .venv/bin/python bench/bench_demos.py                      # storage figures (about 3 minutes)
    .venv/bin/python bench/bench_demos.py --offline runs/offline-scripted --episodes 30

The 100 games are 100 real games of the scripted demonstrator (seeds 2000-2099), recorded once into
a temporary folder; load time is the median of 3 cold-ish loads of the whole folder.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from crossy_desktop.controllers.dqn import DQNController
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.play.games import evaluate, record_games
from crossy_desktop.storage.demo_file import load_demo_dir

GAMES = 100
REPEATS = 3


def storage() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = record_games(ScriptedController(), GAMES, 2000, Path(tmp))
        record_s = time.perf_counter() - start
        size = sum(p.stat().st_size for p in paths)
        times, decisions = [], 0
        for _ in range(REPEATS):
            t = time.perf_counter()
            found = load_demo_dir(Path(tmp))
            times.append(time.perf_counter() - t)
            decisions = found.decisions
            del found
    print(f"recorded {GAMES} scripted games ({decisions} decisions) in {record_s:.1f} s")
    print(f"on disk: {size / 1e6:.1f} MB, {size / decisions:.0f} bytes per recorded decision")
    print(f"in memory once loaded: {84 * 84 + 128 + 7:.0f} bytes per decision (frame, RAM, action, reward, flags)")
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"load {GAMES} games: median {statistics.median(times):.2f} s of {REPEATS} ({runs})")


def offline(run_dir: Path, episodes: int, seed: int) -> None:
    """Score the run's best model and the demonstrator on the same seeds."""
    model = run_dir / "best.safetensors"
    agent = evaluate(str(model), DQNController(model), episodes, seed)
    bot = evaluate("scripted", ScriptedController(), episodes, seed)
    ratio = agent.mean / bot.mean
    seeds = f"seeds {seed}-{seed + episodes - 1}"
    print(f"demonstrator (scripted): mean {bot.mean:.2f} ± {bot.std:.2f} over {episodes} games, {seeds}")
    print(f"offline agent {model}: mean {agent.mean:.2f} ± {agent.std:.2f} over {episodes} games")
    print(f"agent / demonstrator: {ratio:.3f} (target at least 0.90)")
    result = {"agent": agent.to_dict(), "demonstrator": bot.to_dict(), "ratio": ratio}
    (run_dir / "bench_offline.json").write_text(json.dumps(result, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offline", type=Path, default=None, metavar="RUN_DIR", help="a train-offline run to score")
    parser.add_argument("--episodes", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.offline:
        offline(args.offline, args.episodes, args.seed)
    else:
        storage()


if __name__ == "__main__":
    main()
