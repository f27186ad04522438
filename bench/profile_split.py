"""Where a running `crossy train` spends its time, from a py-spy sample of the live process. Prints figures only.

bench/bench_decision_cost.py times each part alone; this reads the loop as it runs, with everything it does
between the parts (batch sampling, the game loop, Python). Sample a run in its steady state, then split:

    pip install --target /tmp/pyspy py-spy     # a tool, not a dependency of the project
    PYTHONPATH=/tmp/pyspy /tmp/pyspy/bin/py-spy record -r 20 -d 120 -f raw -o profile.txt -p PID
    .venv/bin/python bench/profile_split.py profile.txt [--decisions-per-s 250 --update-every 16]

Each sample of the main thread goes to the first part whose function is on its stack, in the order of PARTS
(the learner's forward passes count as the learner, not as acting). With the run's decisions/s and
update period the shares turn into milliseconds per decision and per update.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

# (part, a function name on the stack), first match wins
PARTS = [
    ("test games", "Trainer.test"),
    ("checkpoint", "Trainer.checkpoint"),
    ("learner update", "DQNLearner.update"),
    ("batch sampling", "ReplayBuffer.sample"),
    ("emulator", "FreewayGame."),
    ("observation pipeline", "rl/observation.py"),
    ("acting forward pass", "QNetwork."),
    ("replay add", "ReplayBuffer.add"),
]


def split(lines: list[str]) -> Counter:
    """Samples per part over the main thread's stacks (py-spy raw format: `frame;frame;... count`)."""
    parts: Counter = Counter()
    for line in lines:
        stack, _, count = line.rpartition(" ")
        if not stack or stack.startswith("Thread._bootstrap"):  # helper threads (writers) wait, mostly
            continue
        parts[next((part for part, name in PARTS if name in stack), "everything else")] += int(count)
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path, help="py-spy record -f raw output")
    parser.add_argument("--decisions-per-s", type=float, help="the run's rate over the sample (its metrics.csv)")
    parser.add_argument("--update-every", type=int, help="the run's decisions per update")
    args = parser.parse_args()
    parts = split(args.profile.read_text().splitlines())
    total = sum(parts.values())
    if not total:
        raise SystemExit(f"{args.profile}: no samples of the main thread")
    ms_per_decision = 1000.0 / args.decisions_per_s if args.decisions_per_s else None
    print(f"{total} samples of the main thread")
    for part, n in parts.most_common():
        share = n / total
        line = f"{100 * share:5.1f}%  {part}"
        if ms_per_decision:
            line += f"  {share * ms_per_decision:.2f} ms a decision"
            if part == "learner update" and args.update_every:
                line += f", {share * ms_per_decision * args.update_every:.1f} ms an update"
        print(line)


if __name__ == "__main__":
    main()
