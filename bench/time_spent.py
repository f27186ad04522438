"""Where a player's game time goes, over a series of games: the after-game comparison's figures (going up,
waiting, stepping down, pushed back, held after a point; collisions), averaged. Says which part of a plateau
is cars hit and which is waiting. Prints figures only.

    .venv/bin/python bench/time_spent.py models/freeway-qr-dqn.safetensors scripted --games 10 [--seed 0]

Each target (a model file or a built-in controller, as `crossy evaluate` takes) plays games seeded seed,
seed + 1, ... under the protocol (sticky actions), greedy; one line per target: mean score, collisions a game,
and the mean seconds a game of each kind of time (they add up to the game's 136.5 s).
"""

from __future__ import annotations

import argparse

import numpy as np
import torch

from crossy_desktop.controllers.registry import controller_for_target
from crossy_desktop.play.game_story import game_story
from crossy_desktop.play.games import record_game


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="+", help="model files or built-in controllers (random, scripted, ...)")
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    for target in args.targets:
        stories = [
            game_story(target, d.rams, d.actions, d.rewards)
            for d in (record_game(controller_for_target(target), args.seed + i) for i in range(args.games))
        ]
        spent = {what: np.mean([s.time_spent()[what] for s in stories]) for what in stories[0].time_spent()}
        score = np.mean([s.score for s in stories])
        hits = np.mean([len(s.collisions) for s in stories])
        times = ", ".join(f"{what} {seconds:.1f} s" for what, seconds in spent.items())
        print(f"{target}: score {score:.2f}, collisions {hits:.2f} a game; {times} ({args.games} games)")


if __name__ == "__main__":
    main()
