"""The window drawn through SDL's renderer (`--presenter renderer`), headless: SDL's dummy driver has a
software renderer, so what the renderer drew can be read back and compared with the emulator's frame."""

from __future__ import annotations

import gc

import numpy as np
import pygame
import pytest
from helpers import make_app, press, run_cli
from pygame._sdl2.sdl2 import error as SDLError

from crossy_desktop.app.hud import BG
from crossy_desktop.app.renderer_view import RendererView
from crossy_desktop.app.window import Screen


def _drawn(app) -> np.ndarray:
    """What the renderer put in the window, (height, width, 3)."""
    return pygame.surfarray.array3d(app.view.renderer.to_surface()).transpose(1, 0, 2)


def _playing(**overrides):
    app = make_app(presenter="renderer", **overrides)
    app.screen_state = Screen.PLAYING
    for _ in range(5):
        app.tick()
    return app


def test_the_renderer_zooms_the_emulators_frame_and_draws_the_hud_beside_it():
    app = _playing(scale=2)
    assert isinstance(app.view, RendererView)
    rect, frame = app.view.game_rects[0], app.session.game.frame
    drawn = _drawn(app)
    assert np.array_equal(drawn[rect.top : rect.bottom : 2, rect.left : rect.right : 2], frame)
    assert tuple(drawn[rect.top + 1, rect.right + 1]) == BG  # the HUD's panel, at the window's resolution


def test_the_window_shows_the_agents_q_value_bars_as_the_panel_draws_them_at_each_decision():
    app = _playing(scale=2, controller="dqn")
    hud = app.view.hud
    for _ in range(40):  # ten decisions: the bars alone are drawn and uploaded anew each time
        app.tick()
        panel = pygame.surfarray.array3d(app.screen.subsurface(hud.rect)).transpose(1, 0, 2)
        assert np.array_equal(_drawn(app)[hud.rect.top : hud.rect.bottom, hud.rect.left : hud.rect.right], panel)
    assert app.hud_info().q_values is not None


def test_a_resized_renderer_window_keeps_the_game_whole_and_centred():
    app = _playing(scale=2)
    app.view.window.size = (1000, 900)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1000, 900), w=1000, h=900))
    app.tick()
    view = app.view
    assert view.size == (1000, 900) and view.scale == 4
    assert view.game_rects[0] == pygame.Rect(30, 30, 640, 840)
    drawn = _drawn(app)
    assert (drawn[:30] == 0).all() and (drawn[:, :30] == 0).all(), "black bars around the game"
    assert np.array_equal(drawn[30:870:4, 30:670:4], app.session.game.frame)


def test_pause_shades_the_game_and_f12_saves_what_the_window_shows(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path))
    app = _playing(scale=2)
    frame = app.session.game.frame.copy()
    press(pygame.K_p)
    app.tick()
    assert app.screen_state is Screen.PAUSED
    rect = app.view.game_rects[0]
    below = frame[-1, 0].astype(int)  # the game's bottom-left pixel: under the shade, clear of the text
    shaded = _drawn(app)[rect.bottom - 1, rect.left].astype(int)
    assert np.abs(shaded - below * 105 // 255).max() <= 2, f"paused: {shaded} is not {below} shaded"
    path = app.screenshot()
    assert path is not None and path.is_file()
    shot = pygame.surfarray.array3d(pygame.image.load(str(path))).transpose(1, 0, 2)
    difference = np.abs(shot.astype(int) - _drawn(app).astype(int))
    assert difference.max() <= 4 and difference.mean() < 0.1, "the screenshot is the window as the renderer drew it"


def test_versus_through_the_renderer_draws_both_games():
    app = _playing(scale=2)
    press(pygame.K_v)
    app.tick()
    app.screen_state = Screen.PLAYING
    app.tick()
    assert len(app.view.game_rects) == 2
    drawn = _drawn(app)
    for side, game in enumerate((app.session.game, app.versus.right.game)):
        rect = app.view.game_rects[side]
        assert np.array_equal(drawn[rect.top : rect.bottom : 2, rect.left : rect.right : 2], game.frame)


def test_presenter_option_is_checked_by_the_command_line():
    result = run_cli("--presenter", "gpu", "--max-frames", "1")
    assert result.returncode == 2
    assert "--presenter: invalid choice: 'gpu'" in result.stderr


def test_closing_the_app_frees_its_sdl_window_while_sdl_is_up_so_no_later_window_is_destroyed_in_its_place():
    """Left to the garbage collector after pygame.quit() and a fresh init, the old window's wrapper destroyed
    whatever SDL object had taken its memory: a later test's window ("Invalid window", "displayIndex must be in
    the range 0 - 0" in CI)."""
    app = _playing(scale=2)
    window = app.view.window
    assert window.display_index == 0  # a live SDL window
    app.close()
    assert app.view.window is None and app.view.renderer is None
    with pytest.raises(SDLError, match="Invalid window"):  # SDL has destroyed it
        _ = window.display_index
    pygame.quit()
    pygame.init()
    later = make_app(presenter="renderer", scale=2)  # SDL may hand out the old window's memory again
    del window
    gc.collect()
    assert later.view.window.display_index == 0
    later.tick()
