"""The after-game comparison (K; by itself at the end of versus): its figures are what the recordings say."""

from __future__ import annotations

import time

import numpy as np
import pygame
import pytest

from crossy_desktop.app.comparison import draw_comparison
from crossy_desktop.app.hud import BG
from crossy_desktop.app.window_state import Screen
from crossy_desktop.controllers.builtin import AlwaysUpController
from crossy_desktop.controllers.dqn import DQNController
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.game.core import RAM_CHICKEN_Y
from crossy_desktop.play.game_story import DECISION_S, game_story
from crossy_desktop.play.games import record_game
from crossy_desktop.storage.demo_file import load_demo, write_demo
from tests.helpers import make_app, press, release


@pytest.fixture(scope="module")
def recorded_pair(tmp_path_factory):
    """A recorded pair of games on one seed, saved and loaded back as files: the bot and always-up."""
    folder = tmp_path_factory.mktemp("pair")
    demos = []
    for name, controller in (("bot", ScriptedController()), ("up", AlwaysUpController())):
        write_demo(folder / f"{name}.npz", record_game(controller, seed=5))
        demos.append(load_demo(folder / f"{name}.npz"))
    return demos


def _falls(heights: np.ndarray) -> np.ndarray:
    """Collisions seen another way, in the heights alone: the decisions where the chicken starts to fall (a
    point takes it from the top to the bottom at once: not a fall). Exact for a player who never lets go of Up
    (nothing else takes it down); a player who steps down, or a sticky Down, falls too."""
    step = np.diff(heights.astype(int))
    drop = (step < 0) & (step > -40)  # a hit throws it back a few pixels a decision; a point, from the top to 6
    return np.flatnonzero(drop & ~np.concatenate([[False], drop[:-1]]))


def test_the_figures_are_what_the_recordings_say(recorded_pair):
    bot, up = recorded_pair
    stories = [game_story(d.meta.controller, d.rams, d.actions, d.rewards) for d in recorded_pair]
    for demo, story in zip(recorded_pair, stories, strict=True):
        assert story.score == demo.meta.score == int(demo.rewards.sum())
        np.testing.assert_array_equal(story.heights, demo.rams[:, RAM_CHICKEN_Y])
        assert story.seconds == pytest.approx(demo.meta.decisions * DECISION_S)
        assert sum(story.time_spent().values()) == pytest.approx(story.seconds)
        assert len(story.held) == demo.meta.decisions and not (story.held & story.pushed).any()
    bot_story, up_story = stories
    falls = _falls(up.rams[:, RAM_CHICKEN_Y])  # a hit late in a decision shows as a fall in the next one
    assert len(falls) == len(up_story.collisions) and set(falls - up_story.collisions) <= {0, 1}
    assert len(up_story.collisions) > 20  # always-up runs into cars all game
    assert len(bot_story.collisions) == 0  # the bot dodges every car: its every fall is a step down it chose
    assert all(2 in bot.actions[max(0, t - 1) : t + 1] for t in _falls(bot.rams[:, RAM_CHICKEN_Y]))
    assert up_story.time_spent()["waiting"] == 0  # it never stands still
    assert bot_story.seconds_per_crossing < up_story.seconds_per_crossing


def test_the_picture_draws_both_games(recorded_pair):
    pygame.init()
    stories = [game_story(d.meta.controller, d.rams, d.actions, d.rewards) for d in recorded_pair]
    picture = draw_comparison((640, 840), *stories)
    assert picture.get_size() == (640, 840)
    pixels = pygame.surfarray.array3d(picture)
    for colour in ((120, 190, 255), (252, 196, 25), (235, 90, 80)):  # both curves, the collision marks
        assert (pixels == colour).all(axis=2).sum() > 50, colour


def _play_to_game_over(app) -> None:
    press(pygame.K_UP)  # starts the game; the player holds Up all game
    while app.screen_state is not Screen.OVER:
        app.tick()
    release(pygame.K_UP)
    app.tick()


def test_the_end_of_a_versus_game_shows_the_comparison_and_f12_saves_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path))
    app = make_app(versus="scripted", seed=3, scale=2)
    _play_to_game_over(app)
    assert app.shown() is app.comparison
    mine, agents = app.comparison.stories
    assert (mine.score, agents.score) == (app.versus.left.score, app.versus.right.score)
    assert len(mine.collisions) > 20 and agents.name == "scripted"  # holding Up runs into cars
    shot = pygame.surfarray.array3d(app.view.snapshot())
    rect = app.view.overlay_area
    assert (shot[rect.left : rect.right, rect.top : rect.bottom] == BG).all(axis=2).mean() > 0.3  # the picture
    path = app.screenshot()
    assert path is not None and path.name.startswith("comparison-") and path.parent.parent == tmp_path
    assert pygame.image.load(str(path)).get_size() == rect.size
    press(pygame.K_k)  # K closes it; N starts the rematch
    app.tick()
    assert app.shown() is not app.comparison


def test_k_after_a_solo_game_compares_it_with_the_best_agent_on_the_same_seed():
    app = make_app(seed=4, scale=2)
    _play_to_game_over(app)
    press(pygame.K_k)
    app.tick()
    assert app.comparison.is_open and app.comparison.stories is None  # the agent plays off-screen
    deadline = time.monotonic() + 300  # its process gives way to everything else: slow on a busy machine
    while app.comparison.stories is None and time.monotonic() < deadline and not app.comparison.error:
        app.tick()
        time.sleep(0.01)
    assert not app.comparison.error
    mine, agents = app.comparison.stories
    assert mine.score == app.session.score
    best = app.roster.best_dqn().controller
    assert agents.name == best.name
    assert agents.score == record_game(DQNController(best.model_path), seed=4).meta.score  # the same seed's game
