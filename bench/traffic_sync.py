"""Is Freeway's traffic the same in every game? Games played side by side under different seeds and different
policies, compared decision by decision: the cars' positions (RAM) and the frames' pixels outside the chicken's
columns. Prints figures only.

    .venv/bin/python bench/traffic_sync.py [--games 4] [--decisions 2048] [--offset 0]

`--offset K` starts game i's comparison i x K decisions into its game (the cars then differ, as a check that
the comparison can tell).

Why it matters: games started together (`crossy train --envs N`) then see the same cars at the same moment, so
a short PQN rollout of N games holds one stretch of traffic N times over, not N stretches.
"""

from __future__ import annotations

import argparse

import numpy as np

from crossy_desktop.game.core import RAM_CAR_X, FreewayGame

CHICKEN_COLUMNS = slice(40, 54)  # the left chicken's columns (x 44-50) and a margin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=4, help="games side by side, seeds 0, 1, ...")
    parser.add_argument("--decisions", type=int, default=2048, help="decisions compared (a game is 2,048)")
    parser.add_argument("--offset", type=int, default=0, help="decisions game i plays first, times i")
    args = parser.parse_args()
    games = [FreewayGame() for _ in range(args.games)]
    policies = [np.random.default_rng(seed) for seed in range(args.games)]  # each game its own random actions
    for seed, (game, rng) in enumerate(zip(games, policies, strict=True)):
        game.reset(seed=seed)
        for _ in range(seed * args.offset):
            game.step_decision(int(rng.integers(3)))
    cars_differ = pixels_differ = 0
    for _ in range(args.decisions):
        for game, rng in zip(games, policies, strict=True):
            game.step_decision(int(rng.integers(3)))
        cars = [game.ram[RAM_CAR_X] for game in games]
        cars_differ += any(not np.array_equal(cars[0], c) for c in cars[1:])
        frames = [np.delete(game.frame, np.r_[CHICKEN_COLUMNS], axis=1) for game in games]
        pixels_differ += any(not np.array_equal(frames[0], f) for f in frames[1:])
    print(f"{args.games} games (seeds 0-{args.games - 1}, random actions, sticky actions), {args.decisions} decisions,"
          f" game i offset by i x {args.offset} decisions")  # fmt: skip
    print(f"decisions where the cars' RAM positions differ between games: {cars_differ}")
    print(f"decisions where the frames differ outside the chicken's columns: {pixels_differ}")


if __name__ == "__main__":
    main()
