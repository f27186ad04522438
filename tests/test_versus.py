"""Versus: the player and an agent side by side, same seed, same traffic, lockstep, a winner named."""

import numpy as np
import pygame
import pytest
from helpers import make_app, press, release

from crossy_desktop.app.window import Screen
from crossy_desktop.game.core import FRAMES_PER_GAME, RAM_CAR_X, FreewayGame
from crossy_desktop.storage.scoreboard import Scoreboard


@pytest.mark.slow
def test_a_whole_versus_game_in_lockstep_with_the_same_traffic_and_a_winner(tmp_path):
    app = make_app(versus="scripted", scoreboard=tmp_path / "scores.sqlite3", seed=3)
    left, right = app.versus.left, app.versus.right
    assert left.seed == right.seed == 3 and left.game_number == 1
    press(pygame.K_UP)  # starts the game; the player holds Up all game
    app.tick()
    while app.screen_state is not Screen.OVER:
        app.tick()
        assert left.game.frame_index == right.game.frame_index, "both sides step the same frames"
        if left.game.frame_index % 512 == 0:
            assert np.array_equal(left.game.ram[RAM_CAR_X], right.game.ram[RAM_CAR_X]), "same traffic"
    release(pygame.K_UP)
    assert left.game.frame_index == right.game.frame_index == FRAMES_PER_GAME
    assert left.score == 21, "holding Up all game scores 21, as always-up does"
    assert right.score >= 25
    assert app.versus.winner == "scripted"
    app.session.flush()
    games = Scoreboard(tmp_path / "scores.sqlite3").games()
    assert {(g.controller, g.mode, g.opponent, g.score) for g in games} == {
        ("human", "versus", "scripted", 21),
        ("scripted", "versus", "human", right.score),
    }


def test_v_toggles_versus_against_the_dqn_and_back(tmp_path):
    app = make_app(scoreboard=tmp_path / "scores.sqlite3")
    solo_width = app.view.size[0]
    press(pygame.K_v)
    app.tick()
    assert app.versus is not None and app.versus.right.controller.kind == "dqn"
    assert app.view.size[0] > solo_width
    press(pygame.K_UP)
    for _ in range(40):
        app.tick()
    assert app.versus.right.game.frame_index == app.session.game.frame_index > 0
    info = app.hud_info()
    assert info.rival is not None and info.rival[0].startswith("dqn")
    press(pygame.K_v)
    app.tick()
    assert app.versus is None and app.view.size[0] == solo_width and app.session.mode == "solo"


def test_v_builds_no_emulator_on_the_frame_loop(monkeypatch):
    """Issue 30: building the agent side's emulator (a ROM load, 250 ms) froze the window on V; the window builds
    it before its first frame and keeps it between races."""
    app = make_app(spare_side=True)
    built = []
    original = FreewayGame.__init__
    monkeypatch.setattr(FreewayGame, "__init__", lambda self, *a, **k: (built.append(1), original(self, *a, **k))[1])
    for _ in range(2):  # versus, solo, versus again
        press(pygame.K_v)
        app.tick()
        assert app.versus is not None and app.versus.right.controller.kind == "dqn"
        press(pygame.K_v)
        app.tick()
        assert app.versus is None and app.spare is not None
    assert built == []
