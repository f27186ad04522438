"""What Ray Tune costs: a sweep's trials under `crossy sweep` against the same trials run by hand, one
after another, each in a fresh process (as Ray's workers are).

Both sides run the same spec with `cpus` = this machine's CPUs per trial, so Ray also runs one trial at a
time and the difference is Ray's own start-up, scheduling and reporting. The sides alternate over the
repeats; printed: each side's wall time (median), the overhead ratio, and trials per hour under Ray.

    .venv/bin/python bench/bench_sweep.py [--repeats 2] [--trials 2] [--decisions 2048]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPEC = """
name = "bench"
seeds = {seeds}
[budget]
decisions = {decisions}
[resources]
cpus = {cpus}
[fixed]
test_every = {decisions}
test_games = 1
learning_starts = 1000
buffer_capacity = 20_000
"network.channels" = 16
"network.hidden" = 256
"network.dueling" = false
[space]
"learner.learning_rate" = [1e-4]
"""


def by_hand(spec_path: Path, out: Path) -> float:
    """Each trial as its own `python` process running the project's Trainer, one after another."""
    from crossy_desktop.training.sweep_spec import load_spec

    started = time.perf_counter()
    for trial in load_spec(spec_path).trials():
        code = (
            "import json, sys; from pathlib import Path; from crossy_desktop.training.config import TrainConfig;"
            "from crossy_desktop.training.online import Trainer;"
            "Trainer(TrainConfig.from_dict(json.loads(sys.argv[1])), Path(sys.argv[2])).run(progress=False)"
        )
        subprocess.run([sys.executable, "-c", code, json.dumps(trial.config), str(out / trial.trial_id)], check=True)
    return time.perf_counter() - started


def under_ray(spec_path: Path, out: Path) -> float:
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "CROSSY_DATA_DIR": str(out / "data")}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "crossy_desktop", "sweep", str(spec_path), "--dir", str(out / "sweep"),
         "--models-dir", str(out / "models")],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--trials", type=int, default=2, help="training seeds (trials) per side")
    parser.add_argument("--decisions", type=int, default=2048, help="budget per trial (whole games of 2048)")
    args = parser.parse_args()
    cpus = os.cpu_count() or 1
    times: dict[str, list[float]] = {"by hand": [], "ray": []}
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "bench.toml"
        spec.write_text(SPEC.format(seeds=list(range(1, args.trials + 1)), decisions=args.decisions, cpus=cpus))
        for r in range(args.repeats):
            order = [("by hand", by_hand), ("ray", under_ray)]
            for name, run in order if r % 2 == 0 else order[::-1]:
                out = Path(tmp) / f"{name.replace(' ', '-')}-{r}"
                out.mkdir()
                times[name].append(run(spec, out))
                print(f"repeat {r + 1}: {name}: {times[name][-1]:.1f} s", flush=True)
    hand, ray = statistics.median(times["by hand"]), statistics.median(times["ray"])
    ratios = [b / a for a, b in zip(times["by hand"], times["ray"], strict=True)]
    print(f"{args.trials} trials of {args.decisions} decisions, {cpus} CPUs per trial, {args.repeats} repeats")
    print(f"by hand (one process per trial, one after another): median {hand:.1f} s")
    print(f"under Ray Tune (crossy sweep, start-up included):  median {ray:.1f} s")
    print(f"Ray overhead: {100 * (statistics.median(ratios) - 1):+.1f}% of wall time (median of paired ratios "
          f"{', '.join(f'{x:.3f}' for x in ratios)})")  # fmt: skip
    print(f"trials per hour under Ray at this budget: {3600 * args.trials / ray:.1f}")


if __name__ == "__main__":
    main()
