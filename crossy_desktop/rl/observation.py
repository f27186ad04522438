"""The one observation pipeline: what a DQN sees, in training and in the window alike.

RGB frame (210x160x3) -> grayscale -> 84x84 (area interpolation) -> the last 4 decisions stacked.
A new game starts with its first frame repeated 4 times.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class PipelineSpec:
    """Stored in every model file, so a model is only ever fed what it was trained on."""

    size: int = 84
    stack: int = 4
    name: str = "gray-area84-stack4"


PIPELINE = PipelineSpec()


def preprocess(frame: np.ndarray, spec: PipelineSpec = PIPELINE) -> np.ndarray:
    """One RGB emulator frame to one (size, size) uint8 grayscale image."""
    gray = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
    return cv2.resize(gray, (spec.size, spec.size), interpolation=cv2.INTER_AREA)


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

    @property
    def latest(self) -> np.ndarray:
        return self._frames[-1]

    @property
    def observation(self) -> np.ndarray:
        return self._frames.copy()
