"""The settings a window ends with, written for the next start (storage/settings.py keeps the file)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.storage.settings import Settings, save_settings

if TYPE_CHECKING:
    from crossy_desktop.app.window_state import Window


def remember_settings(app: Window) -> Settings | None:
    """What this window ends with, for the next one (only where the run was given a settings file)."""
    path = app.config.settings_path
    if path is None or app.replay is not None:
        return None
    settings = app.config.settings or Settings()
    settings.scale, settings.window_size = app.view.scale, app.view.window_size
    settings.fullscreen, settings.record = app.view.fullscreen, app.session.record_dir is not None
    if app.audio.available:  # without a sound device, "muted" says nothing about the player's wish
        settings.muted, settings.volume = app.audio.muted, app.audio.volume
    settings.speed = str(app.speed)
    controller = app.session.controller
    if app.versus is None and controller.kind != ControllerKind.REPLAY:
        settings.controller = str(controller.kind)
        model = getattr(controller, "model_path", None)
        settings.model = str(model) if model is not None else settings.model
    try:
        save_settings(settings, path)
    except OSError as exc:
        print(f"crossy: cannot save settings to {path}: {exc.strerror or exc}", file=sys.stderr, flush=True)
    return settings
