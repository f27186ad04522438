"""The agent's eye (E): the four frames a DQN at the controls sees and where it looks, mapped off the frame loop.

The frame loop hands the eye what the agent last decided on (`look`: never waits) and draws the newest
map it has (`latest`). A worker thread makes the maps (rl/saliency.py: a batch of 197 forward passes, about
30 ms on torch and 100 ms on numpy on one core here) and rests between them so that it works a quarter of
the time at most: the map refreshes at the rate this machine can hold (5 times a second at most), the
agent's own decisions, on the frame loop, never wait for it, and nothing it does changes them. A tenth of
the time measured no cheaper within this machine's noise (bench/results/bench_eye_ab.txt), and its maps,
a second apart under load, trailed the chicken.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from crossy_desktop.background import give_way
from crossy_desktop.controllers.base import Sight
from crossy_desktop.rl.saliency import SaliencyConfig, grid_centres, saliency

DUTY = 0.25  # the share of the time the worker may compute; less lets the glow trail the chicken by a second
MIN_INTERVAL_S = 0.2  # at most 5 maps a second: the heat map is read by eye, not per frame
GAME_SHAPE = (210, 160)  # the emulator's picture, rows by columns
FADE = 0.7  # the map's scale follows the largest saliency seen, fading within a second: calm moments do not glare


HEAT_RGB = (255, 70, 20)  # the glow's colour, more opaque where the agent looks harder
HEAT_ALPHA = 200  # its opacity where saliency is highest
HEAT_FLOOR = 0.15  # saliency below this share of the highest is not drawn: the map shows where, not a haze


@dataclass(frozen=True)
class EyeView:
    """One map, ready to show: how to tint the game picture with it, and the observation it is of."""

    keep: np.ndarray  # (210, 160, 1) uint16: 256 less the glow's opacity, per game pixel
    tint: np.ndarray  # (210, 160, 3) uint16: the glow's colour times its opacity
    frames: np.ndarray  # (168, 168, 3) uint8 RGB: the four observed frames, 2 x 2, oldest top left
    number: int  # counts up with each map: what the window makes of one (a texture) it makes once
    compute_s: float


def upsample(grid: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """(g, g) -> `shape` (rows, columns) by bilinear interpolation between the grid points' centres."""

    def weights(size: int) -> np.ndarray:  # (size, g): each pixel's share of each grid point
        centres, pixels = grid_centres(size, len(grid)), np.arange(size)
        return np.stack([np.interp(pixels, centres, np.eye(len(grid))[i]) for i in range(len(grid))], axis=1)

    return (weights(shape[0]) @ grid @ weights(shape[1]).T).astype(np.float32)


def heat_alpha(heat: np.ndarray) -> np.ndarray:
    """(H, W) saliency in [0, 1] -> (H, W) uint8 opacity of the glow: none below the floor, HEAT_ALPHA at the top."""
    strength = np.clip((heat - HEAT_FLOOR) / (1.0 - HEAT_FLOOR), 0.0, 1.0)
    return np.rint(HEAT_ALPHA * strength).astype(np.uint8)


def glow(frame: np.ndarray, eye: EyeView) -> np.ndarray:
    """The (210, 160, 3) game frame with the eye's glow blended in: a fifth of a millisecond at the game's own
    size, where blending a zoomed overlay each frame cost the renderer milliseconds in software."""
    mixed = frame * eye.keep
    mixed += eye.tint
    return (mixed >> 8).astype(np.uint8)


def frames_image(frames: np.ndarray) -> np.ndarray:
    """(4, S, S) grey frames -> (2S, 2S, 3) RGB, 2 x 2 in reading order."""
    grid = np.concatenate([np.concatenate(frames[:2], axis=1), np.concatenate(frames[2:], axis=1)], axis=0)
    return np.repeat(grid[..., None], 3, axis=2)


class AgentEye:
    def __init__(self, config: SaliencyConfig = SaliencyConfig(), duty: float = DUTY) -> None:
        self.config = config
        self.duty = duty  # the share of the time it may work
        self._wake = threading.Condition()
        self._asked: Sight | None = None  # the newest sight not yet mapped
        self._last: Sight | None = None
        self._agent = 0  # counts `forget`s: a map of a sight from before one is dropped
        self._view: EyeView | None = None
        self._scale = 0.0
        self._closed = False
        self.failure: str | None = None  # why the worker stopped, if it did
        self._thread = threading.Thread(target=self._run, name="agent-eye", daemon=True)
        self._thread.start()

    def look(self, sight: Sight | None) -> None:
        """What the agent decided on now (the same sight again is ignored); the worker maps the newest."""
        if sight is None or sight is self._last:
            return
        self._last = sight
        with self._wake:
            self._asked = sight
            self._wake.notify()

    def latest(self) -> EyeView | None:
        return self._view

    def forget(self) -> None:
        """Another agent, or none, is at the controls: the old map goes."""
        with self._wake:
            self._asked = self._last = self._view = None
            self._scale, self._agent = 0.0, self._agent + 1

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(timeout=2.0)

    def _run(self) -> None:
        give_way()
        while True:
            with self._wake:
                while self._asked is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                sight, agent, self._asked = self._asked, self._agent, None
            start = time.perf_counter()
            try:
                grid = saliency(sight.q_batch, sight.observation, self.config)
            except Exception as exc:  # noqa: BLE001 - a failed map must not take the window down
                self.failure = f"agent's eye stopped: {exc}"
                return
            took = time.perf_counter() - start
            self._publish(sight, agent, grid, took)
            time.sleep(max(MIN_INTERVAL_S, took / self.duty) - took)

    def _publish(self, sight: Sight, agent: int, grid: np.ndarray, took: float) -> None:
        scale = max(float(grid.max()), self._scale * FADE, 1e-6)
        alpha = heat_alpha(upsample(np.clip(grid / scale, 0.0, 1.0), GAME_SHAPE)).astype(np.uint16)[..., None]
        keep, tint = 256 - alpha, alpha * np.array(HEAT_RGB, np.uint16)
        frames = frames_image(sight.observation)
        with self._wake:
            if agent != self._agent:  # forgotten while it was mapped
                return
            self._scale = scale
            number = 0 if self._view is None else self._view.number + 1
            self._view = EyeView(keep, tint, frames, number, took)
