"""A frame clock that holds 60.0 frames per second on average, not pygame's 61.8.

pygame's `Clock.tick(60)` waits whole milliseconds (16 ms), so a game of 8,190 frames ran about 3% fast.
This clock keeps a deadline that advances by exactly 1/fps each frame: it sleeps until shortly before the
deadline and spins the last stretch (sleep alone overshoots by up to a millisecond). A frame that ran
late does not make the next ones rush to catch up beyond one frame: after a stall (a slow disk, a busy
machine) the deadline restarts from now, as a player would want, rather than racing through the backlog.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

SPIN_S = 0.002  # the last stretch before a deadline is spun, not slept


class FramePacer:
    def __init__(
        self,
        fps: float = 60.0,
        now: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.period = 1.0 / fps
        self._now, self._sleep = now, sleep
        self._deadline: float | None = None
        self._ticks: deque[float] = deque(maxlen=61)  # the last second's frame times, for the HUD
        self.waited = 0.0  # seconds the last tick waited: a frame's work is its time minus this (benchmarks)

    def tick(self, wait: bool = True) -> None:
        """End a frame: wait for its deadline (unless `wait` is False: as fast as possible)."""
        now = self._now()
        if not wait or self._deadline is None or now - self._deadline > self.period:
            self._deadline = now  # first frame, unpaced, or more than a frame behind: start afresh
        else:
            remaining = self._deadline - now
            if remaining > SPIN_S:
                self._sleep(remaining - SPIN_S)
            while self._now() < self._deadline:
                pass
        end = self._now()
        self.waited = end - now
        self._ticks.append(end)
        self._deadline += self.period

    @property
    def fps(self) -> float:
        """Frames per second over the last second (the HUD shows it)."""
        if len(self._ticks) < 2 or self._ticks[-1] <= self._ticks[0]:
            return 0.0
        return (len(self._ticks) - 1) / (self._ticks[-1] - self._ticks[0])
