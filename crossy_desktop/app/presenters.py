"""Opening the window the way `--presenter` asks: SDL's renderer (the default), falling back in one line to
pygame's surface where this machine has no renderer SDL can make."""

from __future__ import annotations

import sys

import pygame

from crossy_desktop.app.config import AppConfig, Presenter
from crossy_desktop.app.view import TITLE, View
from crossy_desktop.storage.paths import assets_dir


def open_view(config: AppConfig) -> View:
    """The window, drawn the way `config.presenter` says, with its title and icon."""
    icon_file = assets_dir() / "icon.png"
    icon = pygame.image.load(str(icon_file)) if icon_file.exists() else None
    if config.presenter is Presenter.RENDERER:
        from crossy_desktop.app.renderer_view import RendererView

        try:
            return RendererView(config.scale, config.fullscreen, config.window_size, icon=icon)
        except pygame.error as err:  # no renderer SDL can make here: the surface view needs none
            print(f"crossy: SDL's renderer is not available ({err}); drawing with --presenter surface", file=sys.stderr)
    if icon is not None:
        pygame.display.set_icon(icon)  # before the window opens, as some desktops only read it then
    view = View(config.scale, config.fullscreen, config.window_size)
    pygame.display.set_caption(TITLE)
    return view
