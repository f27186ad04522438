"""What a player takes away from the window: a screenshot (F12) and the last game as a GIF (G).

Both land in the per-user data folder and are written atomically. A GIF replays the game from its seed
and actions off-screen (play/video.py) in a background thread, so the window never waits for it;
quitting waits for the GIFs still being written.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pygame

from crossy_desktop.controllers.playback import PlaybackController
from crossy_desktop.storage.atomic import write_bytes
from crossy_desktop.storage.paths import screenshots_dir, videos_dir


class ExportError(Exception):
    """An export that could not be written; one line for the HUD."""


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def save_screenshot(surface: pygame.Surface, prefix: str = "crossy") -> Path:
    """The surface as a PNG in the per-user screenshots folder; ExportError says why it could not be."""
    path = screenshots_dir() / f"{prefix}-{_stamp()}.png"
    buffer = io.BytesIO()
    try:
        pygame.image.save(surface, buffer, "png")
        write_bytes(path, buffer.getvalue())
    except (OSError, pygame.error) as exc:
        raise ExportError(f"screenshot not saved: {exc}") from None
    return path


class GifExports:
    """GIFs of finished games, each written by its own thread; `report(message, failed)` hears how it went."""

    def __init__(self, report: Callable[[str, bool], None]) -> None:
        self.report = report
        self.threads: list[threading.Thread] = []

    def start(self, seed: int, actions: np.ndarray) -> Path:
        """Start writing the game (seed, actions) as a GIF; returns where it will be."""
        path = videos_dir() / f"crossy-{_stamp()}-seed{seed}.gif"

        def work() -> None:
            try:
                from crossy_desktop.play.video import VideoError, record_video

                record_video(PlaybackController(actions), seed, path)
                self.report(f"saved {path.name}", False)
            except (VideoError, OSError, ImportError) as exc:
                self.report(f"GIF not saved: {exc}", True)

        thread = threading.Thread(target=work, name="gif-export", daemon=True)
        thread.start()
        self.threads.append(thread)
        return path

    def wait(self, timeout: float = 120) -> None:
        for thread in self.threads:
            thread.join(timeout=timeout)
