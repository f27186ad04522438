"""Where a training decision's time goes, part by part, on this machine today. Prints figures only.

    .venv/bin/python bench/bench_decision_cost.py [--decisions 3000] [--rounds 3]

Parts, each timed alone (medians over `--rounds`): the emulator's decision (4 frames, random actions), the
observation pipeline (gray + resize + stack push; numpy as shipped, and OpenCV's for comparison), the acting
forward pass at batch 1 and batched (per decision), replay memory's add and batch-32 sample, and one gradient
update (batch 32, and larger batches per sample) on 1 and 2 torch threads. The last lines turn them into
decisions per second for the serial loop and what 2.5M decisions an hour (694/s) leaves for the rest, and
set the serial loop beside acting and learning on two threads of one process, at several replay ratios.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable

import numpy as np
import torch
from bench_update import random_batch  # noqa: E402  (bench/ is the script's folder)

from crossy_desktop.game.core import FreewayGame
from crossy_desktop.rl.learner import DQNLearner
from crossy_desktop.rl.network import QNetwork
from crossy_desktop.rl.observation import FrameStack, preprocess
from crossy_desktop.rl.replay import ReplayBuffer
from crossy_desktop.training.config import TrainConfig


def median_ms(fn: Callable[[], int], rounds: int) -> float:
    """Median over rounds of ms per item; `fn` does the work and returns how many items it did."""
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        n = fn()
        times.append(1000 * (time.perf_counter() - t) / n)
    return statistics.median(times)


def side_by_side(cfg: TrainConfig, rng: np.random.Generator, seconds: float) -> list[tuple[str, float]]:
    """Acting (emulator, pipeline, batch-1 forward) on the main thread and batch-32 updates on a second thread,
    one torch thread each: alone, then together, as ms per decision and per update. torch and the emulator
    let go of Python's lock while they compute, so the two can share the two cores."""
    actor = QNetwork(cfg.network)
    learner = DQNLearner(QNetwork(cfg.network), cfg.learner, torch.device("cpu"))
    batches = [random_batch(rng, 32) for _ in range(20)]
    done = threading.Event()
    updates = [0]

    def act(seconds: float) -> float:
        game, stack = FreewayGame(), FrameStack()
        stack.reset(game.reset(0))
        n, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            with torch.no_grad():
                action = int(actor(torch.from_numpy(stack.observation[None])).argmax())
            stack.push(game.step_decision(action).frame)
            n += 1
            if game.game_over:
                stack.reset(game.reset(n))
        return 1000 * seconds / n

    def learn() -> None:
        while not done.is_set():
            learner.update(batches[updates[0] % len(batches)])
            updates[0] += 1

    def learning(run: Callable[[], object]) -> tuple[object, float]:
        done.clear()
        updates[0] = 0
        thread, started = threading.Thread(target=learn), time.perf_counter()
        thread.start()
        out = run()
        done.set()
        thread.join()
        return out, 1000 * (time.perf_counter() - started) / max(1, updates[0])

    alone_act = act(seconds)
    _, alone_update = learning(lambda: time.sleep(seconds))
    together_act, together_update = learning(lambda: act(seconds))
    return [
        ("two threads: acting alone, per decision (1 thread)", alone_act),
        ("two threads: an update alone, batch 32 (1 thread)", alone_update),
        ("two threads: acting beside the learning thread, per decision", float(together_act)),
        ("two threads: an update beside the acting thread", together_update),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--updates", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=8.0, help="each side-by-side measurement's length")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    cfg = TrainConfig()
    rows: list[tuple[str, float]] = []

    game = FreewayGame()
    frames: list[np.ndarray] = []

    def emulate() -> int:
        game.reset(0)
        frames.clear()
        for i in range(args.decisions):
            step = game.step_decision(int(rng.integers(0, 3)))
            if i < 500:
                frames.append(step.frame.copy())
            if game.game_over:
                game.reset(i)
        return args.decisions

    rows.append(("emulator, one decision (4 frames)", median_ms(emulate, args.rounds)))
    stack = FrameStack()
    stack.reset(frames[0])

    def observe() -> int:
        for f in frames:
            stack.push(f)
            stack.observation  # noqa: B018  (the copy the controller is handed)
        return len(frames)

    rows.append(("observation: gray, resize, stack (numpy, shipped)", median_ms(observe, args.rounds)))
    try:
        import cv2

        def observe_cv2() -> int:
            for f in frames:
                cv2.resize(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY), (84, 84), interpolation=cv2.INTER_AREA)
            return len(frames)

        rows.append(("observation: gray + resize with OpenCV (compare)", median_ms(observe_cv2, args.rounds)))
        gray = [cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in frames[:50]]
        same = all(
            np.array_equal(preprocess(f), cv2.resize(g, (84, 84), interpolation=cv2.INTER_AREA))
            for f, g in zip(frames, gray, strict=False)
        )
        print(f"OpenCV's frames equal the pipeline's on 50 frames: {same}")
    except ImportError:
        pass

    small = [preprocess(f) for f in frames]
    replay = ReplayBuffer(50_000, n_step=cfg.n_step, gamma=cfg.gamma)
    for i in range(20_000):
        replay.add(small[i % len(small)], i % 3, 0.0, False, i % 2048 == 0)

    def add() -> int:
        for i in range(5000):
            replay.add(small[i % len(small)], i % 3, 0.0, False, False)
        return 5000

    rows.append(("replay: add one decision", median_ms(add, args.rounds)))
    rows.append(("replay: sample a batch of 32", median_ms(lambda: [replay.sample(32, rng) for _ in range(200)] and 200,
                                                           args.rounds)))  # fmt: skip

    for threads in (1, 2):
        torch.set_num_threads(threads)
        net = QNetwork(cfg.network)
        learner = DQNLearner(net, cfg.learner, torch.device("cpu"))
        for width in (1, 4, 8, 16):
            x = torch.from_numpy(rng.integers(0, 255, (width, 4, 84, 84), dtype=np.uint8))

            def act(x: torch.Tensor = x, width: int = width, learner: DQNLearner = learner) -> int:
                with torch.no_grad():
                    for _ in range(200):
                        learner.online(x).argmax(1).numpy()
                return 200 * width

            rows.append(
                (f"acting forward, batch {width:2d}, per decision ({threads} thread)", median_ms(act, args.rounds))
            )
        for size in (32, 64, 128):
            batches = [random_batch(rng, size) for _ in range(args.updates)]
            for b in batches[:3]:
                learner.update(b)

            def update(batches: list = batches, learner: DQNLearner = learner) -> int:
                for b in batches:
                    learner.update(b)
                return len(batches)

            ms = median_ms(update, args.rounds)
            rows.append((f"update, batch {size:3d} ({threads} thread)", ms))
            rows.append(("  the same per 32 samples", ms * 32 / size))

    torch.set_num_threads(1)
    rows += side_by_side(cfg, rng, seconds=args.seconds)

    print(f"bench_decision_cost: torch {torch.__version__}, network {cfg.network.name}, medians of {args.rounds}")
    for name, ms in rows:
        print(f"  {name:<72} {ms:7.3f} ms")
    parts = dict(rows)
    acting = sum(
        parts[name]
        for name in (
            "emulator, one decision (4 frames)",
            "observation: gray, resize, stack (numpy, shipped)",
            "acting forward, batch  1, per decision (2 thread)",
            "replay: add one decision",
        )
    )
    update = parts["update, batch  32 (2 thread)"]
    serial = acting + update / cfg.update_every
    print(f"serial loop today: {acting:.2f} ms acting + {update:.2f} / {cfg.update_every} ms learning = "
          f"{serial:.2f} ms a decision, {1000 / serial:.0f} decisions/s, {3.6 / serial:.2f}M an hour")  # fmt: skip
    print(f"2.5M an hour is 1.44 ms a decision: {1.44 - acting:.2f} ms left for learning after acting as today")
    act_beside, update_beside = parts["two threads: acting beside the learning thread, per decision"], parts[
        "two threads: an update beside the acting thread"]  # fmt: skip
    for every in (4, 8, 16, 24):
        beside = max(act_beside, update_beside / every)
        print(f"acting and learning on two threads, one update per {every:2d} decisions: {beside:.2f} ms a decision "
              f"({1000 / beside:.0f}/s) against the serial loop's {acting + update / every:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
