"""Shareable videos and GIFs of a game, rendered off-screen from a controller (or a replay) and a seed.

A game is played again headlessly through the same GameLoop the window uses, so a video shows
exactly the game a player saw. MP4 keeps all 60 frames per second; GIF keeps every 4th frame (15 per
second, one per decision) to stay a shareable size. Files are written to a temp file and renamed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from crossy_desktop.controllers.base import Controller
from crossy_desktop.game.core import EMULATOR_HZ
from crossy_desktop.play.loop import GameLoop
from crossy_desktop.storage.atomic import atomic_path

FORMATS = (".mp4", ".gif")


class VideoError(Exception):
    """The video cannot be written; one line for the user."""


def default_every(path: Path) -> int:
    return 4 if Path(path).suffix.lower() == ".gif" else 1


def game_frames(
    controller: Controller, seed: int, every: int = 1, max_frames: int | None = None
) -> Iterator[np.ndarray]:
    """Every `every`-th emulator frame of one game, from its first frame to its last."""
    loop = GameLoop(controller)
    loop.reset(seed)
    yield loop.game.frame.copy()
    frames = 0
    try:
        while not loop.game.game_over and (max_frames is None or frames < max_frames):
            loop.step_frame()
            frames += 1
            if frames % every == 0 or loop.game.game_over:
                yield loop.game.frame.copy()
    finally:
        loop.close()


def write_video(path: Path, frames: Iterator[np.ndarray], fps: float) -> int:
    """Stream frames into an MP4 or GIF at `path`; returns how many frames were written.

    Nothing replaces `path` unless the whole video was written: ffmpeg reports a full disk only on its
    console, so a finished MP4 is read back (its frames counted) before it is renamed into place.
    """
    import imageio.v2 as imageio

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise VideoError(f"{path.name}: unsupported video format '{suffix}' (use {' or '.join(FORMATS)})")
    count = 0
    with atomic_path(path, suffix=f".tmp{suffix}") as tmp:
        if suffix == ".gif":
            writer = imageio.get_writer(tmp, format="GIF", mode="I", duration=1000 / fps, loop=0)
        else:
            writer = imageio.get_writer(
                tmp, format="FFMPEG", fps=fps, codec="libx264", macro_block_size=2, ffmpeg_log_level="quiet"
            )
        try:
            for frame in frames:
                writer.append_data(frame)
                count += 1
        finally:
            _close_once(writer)
        if suffix == ".mp4":
            _check_mp4(tmp, count)
    return count


def _close_once(writer) -> None:
    """Close an imageio writer; if closing fails (a full disk), it is not tried again from __del__, where
    imageio would print 'Exception ignored' tracebacks."""
    try:
        writer.close()
    except Exception:
        writer.closed = True
        writer.instance.close = lambda: None
        raise


def _check_mp4(path: Path, frames: int) -> None:
    import imageio_ffmpeg

    try:
        counted, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    except (RuntimeError, OSError):
        raise VideoError(
            f"{path.name}: the video could not be finished (ffmpeg cannot read it back: disk full?)"
        ) from None
    if counted != frames:
        raise VideoError(f"the video holds {counted} of {frames} frames (disk full?)")


def record_video(
    controller: Controller, seed: int, path: Path, every: int | None = None, max_frames: int | None = None
) -> int:
    every = every or default_every(path)
    return write_video(path, game_frames(controller, seed, every, max_frames), EMULATOR_HZ / every)
