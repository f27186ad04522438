"""The emulator's own sound through pygame's mixer; silent (never failing) where there is no audio device.

The ALE gives 512 unsigned 8-bit mono samples per frame at about 30,720 Hz. Four frames are queued as
one sound on a dedicated channel; when the mixer falls behind, a chunk is dropped rather than lag.
"""

from __future__ import annotations

import numpy as np
import pygame

from crossy_desktop.storage.settings import clamp_volume

SAMPLE_RATE = 30720
FRAMES_PER_CHUNK = 4


def pre_init() -> None:
    """Must run before pygame.init(), so the mixer opens in the emulator's own format."""
    pygame.mixer.pre_init(SAMPLE_RATE, 8, 1, 1024)


class AudioOut:
    def __init__(self, muted: bool = False, volume: float = 0.8) -> None:
        self.available = False
        try:
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(SAMPLE_RATE, 8, 1, 1024)
            self.available = pygame.mixer.get_init() is not None
        except pygame.error:
            self.available = False
        self.muted = muted or not self.available
        self._chunks: list[np.ndarray] = []
        self._channel = pygame.mixer.Channel(0) if self.available else None
        self.set_volume(volume)

    def set_volume(self, volume: float) -> None:
        self.volume = clamp_volume(volume)
        if self._channel is not None:
            self._channel.set_volume(self.volume)

    def toggle_mute(self) -> None:
        if self.available:
            self.muted = not self.muted
            self._chunks.clear()
            if self.muted and self._channel:
                self._channel.stop()

    def feed(self, samples: np.ndarray) -> None:
        if self.muted or self._channel is None or samples.size == 0:
            return
        self._chunks.append(samples)
        if len(self._chunks) < FRAMES_PER_CHUNK:
            return
        sound = pygame.mixer.Sound(buffer=np.concatenate(self._chunks).tobytes())
        self._chunks.clear()
        if not self._channel.get_busy():
            self._channel.play(sound)
        elif self._channel.get_queue() is None:
            self._channel.queue(sound)

    def drop(self) -> None:
        """Forget buffered samples (pause, fast-forward), so sound never lags the picture."""
        self._chunks.clear()
