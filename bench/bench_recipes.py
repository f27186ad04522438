"""Offline teaching recipes side by side: the same recorded games, each recipe on the same training seeds.

Records the simulated human's games (seeds 1000.., as bench/bench_teach.py does), teaches a student on them once
per recipe and training seed (the offline trainer alone, no window; `--threads 1` is teaching's one thread), and
plays each best model 30 greedy games on test seeds 0..29 (sticky actions; neither training nor its evaluations
used them). A recipe is a name and overrides of `OfflineConfig` (nested fields with a dot); the empty recipe is
the defaults. Prints one row per run (score, teaching wall time, updates and test games it took) and each recipe's
mean over seeds.

    .venv/bin/python bench/bench_recipes.py --recipe margin: --recipe cql:learner.demo_loss=cql
    .venv/bin/python bench/bench_recipes.py --recipe now: \\
        --recipe fast:updates=4000,eval_from=1000,learner.learning_rate=5e-4 [--games 10] [--seeds 1 2 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

from crossy_desktop.controllers.dqn import DQNController
from crossy_desktop.controllers.simulated_human import SimulatedHuman
from crossy_desktop.play.games import evaluate, record_games
from crossy_desktop.storage.demo_file import load_demo_dir
from crossy_desktop.training.config import OfflineConfig
from crossy_desktop.training.offline import OfflineTrainer

TEACHER_SEED = 1000


def overridden(config, key: str, text: str):
    """`config` with `key` ("updates", "learner.learning_rate") set from `text`, as its field's type reads it."""
    head, _, rest = key.partition(".")
    field = {f.name: f for f in fields(config)}.get(head)
    if field is None:
        raise SystemExit(f"bench_recipes: {type(config).__name__} has no field {head!r}")
    value = getattr(config, head)
    if rest:
        return replace(config, **{head: overridden(value, rest, text)})
    if is_dataclass(value):
        raise SystemExit(f"bench_recipes: {key} is a group of settings; name one of its fields")
    kind = type(value)
    parsed = (text.lower() in ("1", "true", "yes")) if kind is bool else kind(text)
    return replace(config, **{head: parsed})


def recipe(spec: str) -> tuple[str, list[tuple[str, str]]]:
    """'name:key=value,key=value' -> (name, [(key, value), ...])."""
    name, _, body = spec.partition(":")
    pairs = [item.split("=", 1) for item in body.split(",") if item]
    if not name or any(len(p) != 2 for p in pairs):
        raise argparse.ArgumentTypeError(f"{spec!r}: write a recipe as name:key=value,key=value")
    return name, [(k, v) for k, v in pairs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", type=recipe, action="append", required=True, help="name:key=value,...")
    parser.add_argument("--games", type=int, default=10, help="recorded games of the simulated human")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2], help="training seeds")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--episodes", type=int, default=30)
    args = parser.parse_args()

    configs = {}
    for name, pairs in args.recipe:
        config = OfflineConfig(threads=args.threads)
        for key, value in pairs:
            config = overridden(config, key, value)
        configs[name] = config
    with tempfile.TemporaryDirectory(prefix="crossy-bench-recipes-") as tmp:
        root = Path(tmp)
        record_games(SimulatedHuman(), args.games, TEACHER_SEED, root / "demos")
        demos = load_demo_dir(root / "demos").demos
        teacher = statistics.mean(d.meta.score for d in demos)
        last = args.episodes - 1
        print(f"# bench_recipes: {args.games} simulated-human games (mean {teacher:.2f}), test seeds 0..{last}, "
              f"{args.threads} torch thread(s)", flush=True)  # fmt: skip
        for name, pairs in args.recipe:
            print(f"# {name}: {', '.join(f'{k}={v}' for k, v in pairs) or 'the defaults'}", flush=True)
        means: dict[str, list[float]] = {name: [] for name in configs}
        for seed in args.seeds:
            for name, config in configs.items():
                config = replace(config, seed=seed)
                tests = config.evaluations_after(0) * config.eval_games
                started = time.perf_counter()
                best = OfflineTrainer(config, demos, root / f"{name}-{seed}", tensorboard=False).run(progress=False)
                minutes = (time.perf_counter() - started) / 60
                result = evaluate(f"{name}-{seed}", DQNController(best), args.episodes, 0)
                means[name].append(result.mean)
                spread = f"std {result.std:.2f}, min {result.min}, max {result.max}"
                print(f"{name:8} seed {seed}: {result.mean:.2f} ({spread}) over {args.episodes} games; taught in "
                      f"{minutes:.1f} min ({config.updates} updates, {tests} test games)", flush=True)  # fmt: skip
        for name, values in means.items():
            mean = statistics.mean(values)
            print(f"{name}: {', '.join(f'{v:.2f}' for v in values)}; mean over {len(values)} seeds {mean:.2f} "
                  f"({mean - teacher:+.2f} on the teacher)")  # fmt: skip


if __name__ == "__main__":
    main()
