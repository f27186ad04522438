"""A resizable window and fullscreen: the games keep their shape at the largest integer zoom that fits,
centred, with the HUD beside them (headless: the window is resized through SDL's dummy driver)."""

from __future__ import annotations

import pygame
from helpers import make_app, press

from crossy_desktop.app.view import GAME_H, GAME_W, PANEL_W


def _resize(app, size: tuple[int, int]) -> None:
    pygame.display.set_mode(size, pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
    app.tick()


def test_a_resized_window_keeps_the_game_whole_and_centred():
    app = make_app()
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
    pygame.quit()


def test_versus_in_a_resized_window_fits_both_games():
    app = make_app(scale=2)
    press(pygame.K_v)
    app.tick()
    assert len(app.view.game_rects) == 2
    width, height = app.view.size
    assert app.view.game_rects[1].right <= width and app.view.hud.rect.right <= width
    assert app.view.game_rects[0].height <= height
    pygame.quit()


def test_f11_goes_fullscreen_at_an_integer_zoom():
    app = make_app()
    press(pygame.K_F11)
    app.tick()
    assert app.view.fullscreen
    width, height = app.view.size
    assert app.view.scale == max(1, min(width // (GAME_W + PANEL_W), height // GAME_H))
    press(pygame.K_F11)
    app.tick()
    assert not app.view.fullscreen
    pygame.quit()
