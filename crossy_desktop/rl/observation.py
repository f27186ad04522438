"""The one observation pipeline: what a DQN sees, in training and in the window alike.

RGB frame (210x160x3) -> grayscale -> 84x84 (area interpolation) -> the last 4 decisions stacked.
A new game starts with its first frame repeated 4 times.

The two image steps are OpenCV's `cvtColor(RGB2GRAY)` and `resize(INTER_AREA)`, written in numpy with
OpenCV's fixed-point grey weights and its float32 summation order, so the output is bit for bit the same
(tests/test_observation.py checks whole games against cv2). Why not call cv2: the packaged app would
carry 187 MB of OpenCV (with Qt and FFmpeg) for two operations.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PipelineSpec:
    """Stored in every model file, so a model is only ever fed what it was trained on."""

    size: int = 84
    stack: int = 4
    name: str = "gray-area84-stack4"


PIPELINE = PipelineSpec()


def to_gray(frame: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma with OpenCV's 14-bit fixed-point weights and rounding."""
    luma = frame[..., 0].astype(np.uint32)
    luma *= 4899
    for channel, weight in ((1, 9617), (2, 1868)):  # in place: this runs once per decision
        part = frame[..., channel].astype(np.uint32)
        part *= weight
        luma += part
    luma += 8192
    luma >>= 14
    return luma.astype(np.uint8)


@functools.cache
def _area_taps(src: int, dst: int) -> tuple[np.ndarray, np.ndarray]:
    """For each output pixel, the source pixels it covers (ascending) and their coverage weights (float32).

    Rows are padded with weight-0 taps so every output pixel sums the same number of terms.
    """
    scale = src / dst
    taps = []
    for i in range(dst):
        a, b = i * scale, (i + 1) * scale
        taps.append(
            [
                (j, (min(b, j + 1) - max(a, j)) / scale)
                for j in range(int(a), int(np.ceil(b)))
                if min(b, j + 1) > max(a, j)
            ]
        )
    width = max(len(t) for t in taps)
    index = np.zeros((dst, width), np.intp)
    weight = np.zeros((dst, width), np.float32)
    for i, t in enumerate(taps):
        for k, (j, w) in enumerate(t):
            index[i, k], weight[i, k] = j, w
    return index, weight


def resize_area(image: np.ndarray, size: int) -> np.ndarray:
    """Downscale a uint8 image to (size, size) by pixel-area averaging: horizontal sums, then vertical."""
    h, w = image.shape
    x_index, x_weight = _area_taps(w, size)
    y_index, y_weight = _area_taps(h, size)
    src = image.astype(np.float32)
    rows = np.zeros((h, size), np.float32)
    for k in range(x_index.shape[1]):  # the same float32 summation order as OpenCV
        rows += src[:, x_index[:, k]] * x_weight[:, k]
    out = np.zeros((size, size), np.float32)
    for k in range(y_index.shape[1]):
        out += rows[y_index[:, k], :] * y_weight[:, k, None]
    return np.rint(out).astype(np.uint8)


def preprocess(frame: np.ndarray, spec: PipelineSpec = PIPELINE) -> np.ndarray:
    """One RGB emulator frame to one (size, size) uint8 grayscale image."""
    return resize_area(to_gray(frame), spec.size)


class FrameStack:
    """The last `spec.stack` preprocessed frames, oldest first, as one (stack, size, size) array."""

    def __init__(self, spec: PipelineSpec = PIPELINE) -> None:
        self.spec = spec
        self._frames = np.zeros((spec.stack, spec.size, spec.size), np.uint8)

    def reset(self, frame: np.ndarray) -> np.ndarray:
        self._frames[:] = preprocess(frame, self.spec)
        return self.observation

    def push(self, frame: np.ndarray) -> np.ndarray:
        self._frames[:-1] = self._frames[1:]
        self._frames[-1] = preprocess(frame, self.spec)
        return self.observation

    def peek(self, frame: np.ndarray) -> np.ndarray:
        """The observation `push(frame)` would give, the stack left as it is."""
        return np.concatenate((self._frames[1:], preprocess(frame, self.spec)[None]))

    @property
    def latest(self) -> np.ndarray:
        return self._frames[-1]

    @property
    def observation(self) -> np.ndarray:
        return self._frames.copy()
