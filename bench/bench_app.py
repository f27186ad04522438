"""App speed, headless: per-frame time for human and random play, the fastest agent speed against the
raw emulator, and the DQN's per-decision latency. Prints figures; asserts nothing.

    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy .venv/bin/python bench/bench_app.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import numpy as np  # noqa: E402
import pygame  # noqa: E402
from helpers import make_app, press  # noqa: E402

from crossy_desktop.app.window import Screen  # noqa: E402
from crossy_desktop.game.core import PROTOCOL  # noqa: E402

FRAMES = 3600
REPEATS = 3


def frame_times(controller: str, versus: str | None = None, scale: int = 4) -> np.ndarray:
    """Work per window frame at 1x (events, one emulator frame, drawing), without the 60 Hz wait."""
    app = make_app(controller=controller, scale=scale, versus=versus)
    app.screen_state = Screen.PLAYING
    if controller == "human":
        press(pygame.K_UP)
    times = []
    for _ in range(FRAMES):
        t = time.perf_counter()
        app.tick()
        times.append(time.perf_counter() - t)
        if app.screen_state is Screen.OVER:
            app.new_game()
    return np.array(times) * 1000


def fastest_agent_fps(seconds: float = 4.0) -> float:
    app = make_app(controller="random", speed="max", scale=4)
    start_frames, t = app.frames_stepped, time.perf_counter()
    while time.perf_counter() - t < seconds:
        app.tick()
        if app.screen_state is Screen.OVER:
            app.new_game()
    return (app.frames_stepped - start_frames) / (time.perf_counter() - t)


def raw_emulator_fps(frames: int = 20_000) -> float:
    env = PROTOCOL.make_env(frameskip=1)
    env.reset(seed=0)
    rng = np.random.default_rng(0)
    actions = rng.integers(0, 3, frames)
    t = time.perf_counter()
    for a in actions:
        _, _, terminated, truncated, _ = env.step(int(a))
        if terminated or truncated:
            env.reset()
    return frames / (time.perf_counter() - t)


def dqn_latency(model: Path, decisions: int = 2000) -> np.ndarray:
    from crossy_desktop.controllers.base import DecisionInput
    from crossy_desktop.controllers.dqn import DQNController

    controller = DQNController(model)
    obs = np.random.default_rng(0).integers(0, 255, (4, 84, 84), dtype=np.uint8)
    ram = np.zeros(128, np.uint8)
    for _ in range(50):
        controller.act(DecisionInput(obs, ram))
    times = []
    for _ in range(decisions):
        t = time.perf_counter()
        controller.act(DecisionInput(obs, ram))
        times.append(time.perf_counter() - t)
    return np.array(times) * 1000


def main() -> None:
    pygame.init()
    print(f"# bench_app: {FRAMES} frames per controller, scale 4, headless; {os.cpu_count()} CPUs")
    for controller in ("human", "random"):
        ms = frame_times(controller)
        print(
            f"frame time {controller:6s}: median {np.median(ms):.3f} ms  p99 {np.percentile(ms, 99):.3f} ms  "
            f"max {ms.max():.2f} ms  (budget 16.7 ms; target p99 < 8 ms)"
        )
    raw, fast = [], []
    for _ in range(REPEATS):  # interleaved, so both see the same machine load
        raw.append(raw_emulator_fps())
        fast.append(fastest_agent_fps())
    raw_m, fast_m = statistics.median(raw), statistics.median(fast)
    print(f"raw emulator (frameskip=1, RGB): median {raw_m:,.0f} frames/s over {REPEATS} runs")
    print(f"fastest agent speed (random, max): median {fast_m:,.0f} frames/s over {REPEATS} runs")
    print(f"ratio fastest agent / raw emulator: {fast_m / raw_m:.2f} (target >= 0.50)")
    from crossy_desktop.rl.agent_file import find_models
    from crossy_desktop.storage.paths import models_dir

    models = find_models(models_dir())
    if models:
        ms = dqn_latency(models[0])
        p50, p99 = np.median(ms), np.percentile(ms, 99)
        print(f"DQN per-decision latency ({models[0].name}): median {p50:.3f} ms  p99 {p99:.3f} ms (target p99 < 2 ms)")
    else:
        print("DQN per-decision latency: no model in models/ to measure")


if __name__ == "__main__":
    main()
