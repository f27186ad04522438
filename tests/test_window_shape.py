"""A resizable window and fullscreen: the games keep their shape at the largest integer zoom that fits,
centred, with the HUD beside them (headless: the window is resized through SDL's dummy driver)."""

from __future__ import annotations

import pygame
import pytest
from helpers import make_app, press

from crossy_desktop.app.view import GAME_H, GAME_W, PANEL_W

both_presenters = pytest.mark.parametrize("presenter", ["surface", "renderer"])


def _resize(app, size: tuple[int, int]) -> None:
    """What a window manager does: the window takes the new size and SDL says so with VIDEORESIZE."""
    if app.config.presenter == "renderer":
        app.view.window.size = size
    else:
        pygame.display.set_mode(size, pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
    app.tick()


def _window_size(app) -> tuple[int, int]:
    if app.config.presenter == "renderer":
        return tuple(app.view.window.size)
    return pygame.display.get_surface().get_size()


@both_presenters
def test_a_resized_window_keeps_the_game_whole_and_centred(presenter):
    app = make_app(presenter=presenter)
    _resize(app, (1000, 900))
    view = app.view
    assert view.scale == 4  # 1000 // 235 and 900 // 210: the game is 640 x 840, the HUD 300 wide
    rect = view.game_rects[0]
    assert rect.size == (GAME_W * view.scale, GAME_H * view.scale)
    assert view.hud.rect.left == rect.right and view.hud.rect.width == PANEL_W * view.scale
    content = rect.union(view.hud.rect)
    assert abs(content.centerx - 500) <= 1 and abs(content.centery - 450) <= 1
    corner = app.screen.get_at((0, 0))[:3]
    assert tuple(corner) == (0, 0, 0)  # a black bar, not stale pixels
    assert view.window_size == (1000, 900)


@both_presenters
def test_versus_in_a_resized_window_fits_both_games(presenter):
    app = make_app(scale=2, presenter=presenter)
    press(pygame.K_v)
    app.tick()
    assert len(app.view.game_rects) == 2
    width, height = app.view.size
    assert app.view.game_rects[1].right <= width and app.view.hud.rect.right <= width
    assert app.view.game_rects[0].height <= height


@both_presenters
def test_f11_goes_fullscreen_at_an_integer_zoom(presenter):
    app = make_app(presenter=presenter)
    press(pygame.K_F11)
    app.tick()
    app.tick()  # the window manager's VIDEORESIZE for the new size, where it comes after the switch
    assert app.view.fullscreen
    width, height = app.view.size
    assert (width, height) == _window_size(app), "the layout is the fullscreen window's, not the old one's"
    assert app.view.scale == max(1, min(width // (GAME_W + PANEL_W), height // GAME_H))
    press(pygame.K_F11)
    app.tick()
    assert not app.view.fullscreen


@both_presenters
def test_dragging_an_edge_moves_the_panel_without_rebuilding_it(presenter):
    """Every VIDEORESIZE of a drag lands on the frame loop: at the same zoom the HUD keeps its fonts, moves, and
    is drawn afresh in its new place; a new zoom builds a new HUD."""
    app = make_app(presenter=presenter)
    _resize(app, (1000, 900))
    hud = app.view.hud
    _resize(app, (1040, 900))
    assert app.view.scale == 4 and app.view.hud is hud
    assert hud.rect.left == app.view.game_rects[0].right
    panel = app.screen.subsurface(hud.rect)
    assert panel.get_at((1, 1))[:3] != (0, 0, 0)  # the panel was drawn where it now is, not left black
    _resize(app, (1300, 1100))
    assert app.view.scale == 5 and app.view.hud is not hud


DESKTOPS = [(1366, 768), (1920, 1080), (2560, 1440)]


def _on_screen(app) -> pygame.Rect:
    """The window's place and size on the desktop, as SDL has them."""
    window = app.view._sdl_window()
    return pygame.Rect(window.position, _window_size(app))


@both_presenters
@pytest.mark.parametrize("desktop", DESKTOPS)
def test_a_fresh_window_opens_at_the_largest_zoom_that_fits_and_stays_on_the_desktop_in_versus(
    presenter, desktop, monkeypatch
):
    """The zoom a fresh window takes (the settings' default), then V from a solo window at the desktop's right
    edge: the versus window is moved back onto the desktop, and solo again stays there too."""
    from crossy_desktop.app.view import TASK_BAR, TITLE_BAR
    from crossy_desktop.storage.settings import FIT_ZOOM

    monkeypatch.setattr(pygame.display, "get_desktop_sizes", lambda: [desktop])
    usable = pygame.Rect(0, TITLE_BAR, desktop[0], desktop[1] - TITLE_BAR - TASK_BAR)
    app = make_app(presenter=presenter, scale=FIT_ZOOM)
    zoom = {768: 3, 1080: 4, 1440: 6}[desktop[1]]  # 210 * zoom rows within the usable height, not one more
    assert app.view.scale == zoom and usable.contains(_on_screen(app))
    app.view._sdl_window().position = (desktop[0] - _window_size(app)[0], TITLE_BAR)  # solo, at the right edge
    app.start_versus()
    versus = _on_screen(app)
    assert versus.width == (2 * GAME_W + PANEL_W) * app.view.scale
    assert usable.contains(versus), f"{versus} off the {desktop} desktop"
    app.stop_versus()
    assert usable.contains(_on_screen(app))
