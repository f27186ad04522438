"""Presentation mode: an attract loop runs unattended, a key starts a race, idleness brings the loop back."""

from __future__ import annotations

import pygame

from crossy_desktop.app.presentation import PresentConfig, Scene
from crossy_desktop.app.window_state import FPS, Screen
from crossy_desktop.cli import build_parser
from crossy_desktop.cli.play import app_config
from crossy_desktop.controllers.base import ControllerKind
from tests.helpers import make_app, press, release

SHORT = PresentConfig(
    scenes=(
        Scene(ControllerKind.DQN, 0.5, "the DQN", eye=True),
        Scene(ControllerKind.SCRIPTED, 0.5, "the bot"),
        Scene(ControllerKind.RANDOM, 0.5, "random"),
    ),
    idle_s=0.5,
)


def _presenting():
    app = make_app(present=True, scale=2)
    app.presentation.config = SHORT
    app.presentation.attract(app)
    return app


def test_the_attract_loop_runs_a_whole_cycle_unattended():
    app = _presenting()
    seen = []
    for _ in range(int(3.5 * 0.5 * FPS) + 2):  # three scenes of half a second, and into the first again
        app.tick()
        kind, eye = app.session.controller.kind, app.eye.on
        if not seen or seen[-1] != (kind, eye):
            seen.append((kind, eye))
    assert seen == [("dqn", True), ("scripted", False), ("random", False), ("dqn", True)]
    assert app.presentation.attracting and app.screen_state is Screen.PLAYING
    assert "the DQN" in app.notices.message and "humans 0 : agents 0" in app.notices.message
    assert app.session.game_number >= 4  # each scene starts a game of its own


def test_a_key_starts_a_race_and_idleness_brings_the_loop_back():
    app = _presenting()
    for _ in range(10):
        app.tick()
    press(pygame.K_a)  # any key, even one bound to nothing
    app.tick()
    assert not app.presentation.attracting
    assert app.versus is not None and app.versus.right.controller.kind == "dqn"
    assert app.session.controller is app.roster.human and not app.eye.on
    press(pygame.K_UP)  # the player races: no idle while a key is held
    for _ in range(FPS):
        app.tick()
    assert not app.presentation.attracting and app.session.game.frame_index > FPS // 2
    release(pygame.K_UP)
    for _ in range(int(SHORT.idle_s * FPS) + 2):  # hands off the keys
        app.tick()
    assert app.presentation.attracting and app.versus is None


def test_h_in_the_loop_gives_the_player_a_game_of_their_own_and_f9_ends_presenting():
    app = _presenting()
    app.tick()
    press(pygame.K_h)
    app.tick()
    assert app.session.controller is app.roster.human and app.versus is None and not app.presentation.attracting
    press(pygame.K_F9)
    app.tick()
    assert not app.presentation.on


def test_crossy_present_opens_fullscreen_in_presentation_mode():
    config = app_config(build_parser().parse_args(["present", "--reset-settings"]))
    assert config.present and config.fullscreen
    assert config.settings_path is None  # a stand's attract loop does not become the player's saved settings
    windowed = app_config(build_parser().parse_args(["present", "--no-fullscreen", "--reset-settings"]))
    assert windowed.present and not windowed.fullscreen
    assert not app_config(build_parser().parse_args(["--reset-settings"])).present
