"""Where teaching's time goes: the parts of one teaching run, each timed on its own. Prints figures only.

    .venv/bin/python bench/bench_teach_time.py [--games 10] [--updates 1000]

Parts, as the Teach panel's child process meets them: starting `crossy teach` (Python, imports) up to its first
event; reading the recorded games (plan_teaching); filling the replay memory and building the network (the
trainer's set-up); gradient updates on one torch thread (the recipe's, as updates per second); one greedy test
game (the recipe plays 3 every 1,000 updates, and 5 at the end). The recipe's total is then estimated from them.
Issue 29 asks for a first teaching from 10 games within 2 minutes and a round within 1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch

from crossy_desktop.controllers.simulated_human import SimulatedHuman
from crossy_desktop.play.games import record_games
from crossy_desktop.training.offline import OfflineTrainer
from crossy_desktop.training.teach import ROUND_UPDATES, plan_teaching, remaining_test_games, teach_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--updates", type=int, default=1000, help="updates timed (the rate is what is reported)")
    args = parser.parse_args()
    config = teach_config()
    with tempfile.TemporaryDirectory(prefix="crossy-bench-teach-time-") as tmp:
        root = Path(tmp)
        record_games(SimulatedHuman(), args.games, 1000, root / "demos")

        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "crossy_desktop", "teach", "--events", "--demos", str(root / "demos"),
             "--player", SimulatedHuman.name, "--out", str(root / "models")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "CROSSY_DATA_DIR": str(root / "data"), "OMP_NUM_THREADS": "1"},
        )  # fmt: skip
        child.stdout.readline()  # the start event: imports done, the games read
        first_event = time.perf_counter() - started
        child.stdin.write("stop\n")
        child.stdin.close()
        child.wait(120)

        started = time.perf_counter()
        plan = plan_teaching(root / "demos", SimulatedHuman.name, config=config)
        reading = time.perf_counter() - started
        started = time.perf_counter()
        trainer = OfflineTrainer(config, plan.games, root / "run", tensorboard=False)
        setting_up = time.perf_counter() - started
        torch.set_num_threads(config.threads)
        for _ in range(50):  # warm-up
            trainer.learner.update(trainer.replay.sample(config.batch_size, trainer.rng))
        started = time.perf_counter()
        for _ in range(args.updates):
            trainer.learner.update(trainer.replay.sample(config.batch_size, trainer.rng))
        rate = args.updates / (time.perf_counter() - started)
        game_s = []
        for seed in range(3):
            started = time.perf_counter()
            trainer.play_greedy("test", 1, 50_000 + seed)
            game_s.append(time.perf_counter() - started)
        game = statistics.median(game_s)

    print(f"# bench_teach_time: {args.games} recorded games, {config.threads} torch thread, {torch.__version__}")
    print(f"child process start to its first event (imports, reading the games): {first_event:.2f} s")
    print(f"reading {args.games} games (plan_teaching): {reading:.2f} s")
    print(f"trainer set-up (replay memory, network, input statistics): {setting_up:.2f} s")
    print(f"gradient updates: {rate:.1f} per second (batch {config.batch_size}, {config.network.name})")
    print(f"one greedy test game: {game:.2f} s (median of 3)")
    for name, updates in (("first teaching", config.updates), ("a round", ROUND_UPDATES)):
        tests = remaining_test_games(replace(config, updates=updates))
        total = first_event + setting_up + updates / rate + tests * game
        print(
            f"{name} ({updates} updates, {tests} test games): about {total / 60:.1f} min = start {first_event:.0f} s "
            f"+ set-up {setting_up:.0f} s + updates {updates / rate:.0f} s + test games {tests * game:.0f} s"
        )


if __name__ == "__main__":
    main()
