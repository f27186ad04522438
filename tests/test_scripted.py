"""The scripted demonstrator reads the RAM, dodges cars, and beats holding Up."""

import pytest

from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.game.core import RAM_CAR_X, UP
from crossy_desktop.play.games import evaluate


@pytest.mark.slow
def test_the_scripted_demonstrator_scores_at_least_25_and_beats_always_up():
    result = evaluate("scripted", ScriptedController(), episodes=2, seed=0)
    assert min(result.scores) >= 25, result.scores  # always-up scores 21 on every seed


def test_it_waits_for_a_car_about_to_cross_its_path_and_goes_when_the_lane_is_clear():
    import numpy as np

    from crossy_desktop.controllers.base import DecisionInput

    bot = ScriptedController()
    ram = np.zeros(128, np.uint8)
    ram[14] = 6  # at the bottom
    ram[RAM_CAR_X] = 100  # every car far to the right
    obs = np.zeros((4, 84, 84), np.uint8)
    assert bot.act(DecisionInput(obs, ram)) == UP
    ram[108] = 38  # bottom lane's car (moving right) about to reach the chicken's x
    assert bot.act(DecisionInput(obs, ram)) != UP
