"""Training throughput side by side: `crossy train`'s loop against CleanRL's dqn_atari recipe.

Both loops run on this machine in alternating subprocesses (2 torch threads each, one at a time): a
warm-up of random-ish play (epsilon 1 -> 0.01), then MEASURED decisions while learning at the same replay
ratio (one update of batch 32 per 4 decisions). Printed per loop: decisions/s, updates/s, ms per update
(medians over the repeats), and each network's parameters and multiply-adds per forward pass (one
observation); then the median of the paired ratios crossy / CleanRL.

    .venv/bin/python bench/bench_throughput.py [--repeats 3] [--warmup 2000] [--measured 3000] [-- crossy options]

Options after `--` are `crossy train` hyperparameters for our side (say, `--network-hidden 256`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def crossy_loop(warmup: int, measured: int, seed: int, options: list[str]) -> dict:
    """`crossy train`'s own Trainer with the given options, timed like the baseline."""
    from crossy_desktop.cli.arguments import add_config_options, config_from_args
    from crossy_desktop.training.config import TrainConfig
    from crossy_desktop.training.online import Trainer

    parser = argparse.ArgumentParser()
    add_config_options(parser, TrainConfig(), "hyperparameters")
    config = config_from_args(TrainConfig(), parser.parse_args(options))
    config.seed, config.learning_starts, config.buffer_capacity = seed, warmup, warmup + measured + 10
    config.epsilon_decay_decisions, config.epsilon_end, config.test_every = warmup, 0.01, 0
    with tempfile.TemporaryDirectory() as tmp:
        trainer = Trainer(config, Path(tmp))
        learner_update = trainer.learner.update
        spent = [0.0]

        def timed_update(batch):  # noqa: ANN001, ANN202 - a thin wrapper for timing
            t = time.perf_counter()
            out = learner_update(batch)
            spent[0] += time.perf_counter() - t
            return out

        while trainer.state.decisions < warmup:  # a step is a decision in each of `--envs` games
            trainer.step()
        trainer.learner.update = timed_update
        decisions0, updates0, t = trainer.state.decisions, trainer.learner.updates, time.perf_counter()
        while trainer.state.decisions < decisions0 + measured:
            trainer.step()
        elapsed = time.perf_counter() - t
        updates = trainer.learner.updates - updates0
        network = trainer.learner.online
        return {
            "decisions_per_s": (trainer.state.decisions - decisions0) / elapsed,
            "updates_per_s": updates / elapsed,
            "ms_per_update": 1000 * spent[0] / updates,
            **network_size(network, (1, 4, 84, 84)),
        }


def network_size(network, input_shape: tuple[int, ...]) -> dict:  # noqa: ANN001 - any torch module
    """Parameters, and multiply-adds of one forward pass, counted over its convolutions and linear layers."""
    import torch
    from torch import nn

    macs = [0]

    def count(module: nn.Module, _inputs: tuple, output: torch.Tensor) -> None:
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            macs[0] += output.numel() * (module.in_channels // module.groups) * kh * kw
        elif isinstance(module, nn.Linear):
            macs[0] += output.numel() * module.in_features

    hooks = [m.register_forward_hook(count) for m in network.modules() if isinstance(m, nn.Conv2d | nn.Linear)]
    with torch.no_grad():
        network(torch.zeros(input_shape, dtype=torch.uint8))
    for h in hooks:
        h.remove()
    return {"parameters": sum(p.numel() for p in network.parameters()), "macs": macs[0]}


def run_child(which: str, warmup: int, measured: int, seed: int, options: list[str]) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", which, str(warmup), str(measured), str(seed)]
    out = subprocess.run([*cmd, "--", *options], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def child(which: str, warmup: int, measured: int, seed: int, options: list[str]) -> None:
    import torch

    torch.set_num_threads(2)
    if which == "cleanrl":
        sys.path.insert(0, str(HERE))
        from cleanrl_recipe import NatureQNetwork, run

        figures = run(warmup, measured, seed) | network_size(NatureQNetwork(3), (1, 4, 84, 84))
    else:
        figures = crossy_loop(warmup, measured, seed, options)
    print(json.dumps(figures))


def main() -> None:
    argv = sys.argv[1:]
    options = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    if argv and argv[0] == "--child":
        return child(argv[1], int(argv[2]), int(argv[3]), int(argv[4]), options)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=2000)
    parser.add_argument("--measured", type=int, default=3000)
    args = parser.parse_args(argv)
    import torch

    shown = " ".join(options) or "(defaults)"
    print(f"# bench_throughput: torch {torch.__version__}, 2 threads, {args.repeats} pairs, warm-up "
          f"{args.warmup}, measured {args.measured} decisions; crossy options: {shown}")  # fmt: skip
    runs: dict[str, list[dict]] = {"cleanrl": [], "crossy": []}
    for i in range(args.repeats):
        for which in runs:
            runs[which].append(run_child(which, args.warmup, args.measured, 1 + i, options))
            r = runs[which][-1]
            print(f"  pair {i + 1} {which:8s} {r['decisions_per_s']:6.1f} decisions/s {r['updates_per_s']:5.1f} "
                  f"updates/s {r['ms_per_update']:5.1f} ms/update", flush=True)  # fmt: skip
    for which, rs in runs.items():
        med = {k: statistics.median(r[k] for r in rs) for k in ("decisions_per_s", "updates_per_s", "ms_per_update")}
        print(f"{which:8s} median {med['decisions_per_s']:6.1f} decisions/s, {med['updates_per_s']:5.1f} updates/s, "
              f"{med['ms_per_update']:5.1f} ms/update; network {rs[0]['parameters']:,} parameters, "
              f"{rs[0]['macs'] / 1e6:.2f} M multiply-adds per forward pass")  # fmt: skip
    ratios = [c["decisions_per_s"] / b["decisions_per_s"] for c, b in zip(runs["crossy"], runs["cleanrl"], strict=True)]
    print(f"throughput ratio crossy / CleanRL (decisions/s, paired): median {statistics.median(ratios):.2f} "
          f"({', '.join(f'{r:.2f}' for r in ratios)}); target >= 1.5")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
