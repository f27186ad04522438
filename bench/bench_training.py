"""Training speed and memory: decisions/s and gradient updates/s of `crossy train`'s loop, the replay
memory's bytes per stored transition, and the DQN's per-decision latency. Prints figures only.

    .venv/bin/python bench/bench_training.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.rl.observation import FrameStack
from crossy_desktop.rl.replay import ReplayBuffer
from crossy_desktop.training.config import TrainConfig
from crossy_desktop.training.online import Trainer

REPEATS = 3
WARMUP = 1_000
MEASURED = 2_000


def loop_speed() -> tuple[float, float]:
    """Decisions/s and updates/s of the real loop (default hyperparameters) once learning has started."""
    with tempfile.TemporaryDirectory() as tmp:
        config = TrainConfig(learning_starts=WARMUP, buffer_capacity=20_000)
        trainer = Trainer(config, Path(tmp))
        for _ in range(WARMUP):
            trainer.step()
        updates0, t = trainer.learner.updates, time.perf_counter()
        for _ in range(MEASURED):
            trainer.step()
        elapsed = time.perf_counter() - t
        return MEASURED / elapsed, (trainer.learner.updates - updates0) / elapsed


def decision_latency(n: int = 2000) -> np.ndarray:
    """What the app pays per decision with a DQN: preprocess the new frame, stack, one forward pass."""
    from crossy_desktop.controllers.dqn import DQNController
    from crossy_desktop.rl.agent_file import save_agent
    from crossy_desktop.rl.network import QNetwork

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.safetensors"
        save_agent(path, QNetwork(), training_decisions=0)
        controller = DQNController(path)
    frames = FrameStack()
    frame = np.random.default_rng(0).integers(0, 255, (210, 160, 3), dtype=np.uint8)
    frames.reset(frame)
    ram = np.zeros(128, np.uint8)
    times = []
    for i in range(n + 50):
        t = time.perf_counter()
        controller.act(DecisionInput(frames.push(frame), ram))
        if i >= 50:
            times.append(time.perf_counter() - t)
    return np.array(times) * 1000


def main() -> None:
    print(f"# bench_training: torch {torch.__version__}, {torch.get_num_threads()} threads")
    buf = ReplayBuffer(100_000)
    print(
        f"replay memory: {buf.bytes_per_transition:,.0f} bytes per stored transition "
        f"(one 84x84 frame is {84 * 84:,}; target within 10%: {buf.bytes_per_transition / (84 * 84):.3f}x)"
    )
    ms = decision_latency()
    p50, p99 = np.median(ms), np.percentile(ms, 99)
    print(f"DQN per-decision latency (preprocess + forward): median {p50:.3f} ms  p99 {p99:.3f} ms (target p99 < 2 ms)")
    runs = [loop_speed() for _ in range(REPEATS)]
    dps = statistics.median(r[0] for r in runs)
    ups = statistics.median(r[1] for r in runs)
    print(f"training loop (defaults, learning): median {dps:.1f} decisions/s, {ups:.1f} updates/s ({REPEATS} runs)")


if __name__ == "__main__":
    main()
