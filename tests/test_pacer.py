"""The window's frame clock on a simulated clock: a whole game lasts what it should, stalls do not rush."""

from __future__ import annotations

from crossy_desktop.app.pacer import FramePacer


class FakeTime:
    """A clock that moves only when slept on, worked on, or read (each read costs a microsecond of spinning)."""

    def __init__(self) -> None:
        self.t = 100.0

    def now(self) -> float:
        self.t += 1e-6
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += seconds + 0.0008  # sleeping overshoots, as a real one does

    def work(self, seconds: float) -> None:
        self.t += seconds


def test_a_whole_game_lasts_its_frames_at_exactly_60_per_second():
    clock = FakeTime()
    pacer = FramePacer(60.0, now=clock.now, sleep=clock.sleep)
    frames = 8190  # 2 min 16.5 s
    pacer.tick()
    start = clock.t
    for i in range(frames):
        clock.work(0.004 + 0.006 * (i % 3 == 0))  # frames of uneven work, all shorter than 1/60 s
        pacer.tick()
    elapsed = clock.t - start
    assert abs(frames / elapsed - 60.0) < 0.01, frames / elapsed
    assert abs(pacer.fps - 60.0) < 0.1
    assert 0.005 < pacer.waited < 1 / 60  # the last frame worked 4 ms and waited out the rest


def test_a_stall_restarts_the_beat_instead_of_racing_through_the_backlog():
    clock = FakeTime()
    pacer = FramePacer(60.0, now=clock.now, sleep=clock.sleep)
    for _ in range(10):
        pacer.tick()
    clock.work(0.5)  # half a second lost (a busy machine)
    pacer.tick()
    stamps = []
    for _ in range(5):
        clock.work(0.001)
        pacer.tick()
        stamps.append(clock.t)
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert all(abs(g - 1 / 60) < 0.001 for g in gaps), gaps  # full frames again, not a burst of late ones


def test_unpaced_ticks_do_not_wait():
    clock = FakeTime()
    pacer = FramePacer(60.0, now=clock.now, sleep=clock.sleep)
    start = clock.t
    for _ in range(100):
        pacer.tick(wait=False)
    assert clock.t - start < 0.01
