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


def test_a_move_is_trapped_only_when_no_plan_gets_past_the_cars_after_it():
    """The simulated coach's test of a student's move: into a car that cannot be escaped, yes; a move the
    planner itself would make, never; a wait on a safe spot while cars pass, no."""
    import numpy as np

    from crossy_desktop.game.core import DOWN, NOOP

    bot = ScriptedController()
    ram = np.zeros(128, np.uint8)
    ram[RAM_CAR_X] = 100  # every car far to the right
    ram[14] = 6  # at the bottom, below the first lane
    assert not any(bot.trapped_after(ram, a) for a in (UP, NOOP, DOWN)), "an empty road traps nothing"
    ram[14] = 80  # in the fifth lane, whose car moves right a pixel a frame
    ram[112] = 45  # its car on the chicken now: no move gets out of the way in time
    assert all(bot.trapped_after(ram, a) for a in (UP, NOOP, DOWN))
    ram[112] = 30  # the car 10 pixels off: going up clears the lane first; waiting, then anything, is too late
    assert not bot.trapped_after(ram, UP) and bot.trapped_after(ram, NOOP)


def test_the_planners_own_choice_is_never_trapped_over_a_game():
    """Where the planner finds a safe plan, the move it makes leaves a way out (the coach never takes the chicken
    from a player who plays as the planner would, on the road as it is)."""
    from crossy_desktop.play.games import record_game

    bot = ScriptedController()
    game = record_game(bot, 5)
    checked = 0
    for t in range(0, len(game), 3):
        action = bot.safe_action(game.rams[t])
        if action is not None:
            assert not bot.trapped_after(game.rams[t], action), t
            checked += 1
    assert checked > 500
