"""The registered gymnasium environment is the project's own game and observation pipeline, bit for bit."""

import warnings

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from crossy_desktop import ENV_ID
from crossy_desktop.controllers.base import Controller, DecisionInput
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.game.core import UP
from crossy_desktop.play.loop import GameLoop


class Watched(Controller):
    """The scripted planner, keeping every observation it was shown and every action it took."""

    name = "watched"

    def __init__(self) -> None:
        self.planner = ScriptedController()
        self.observations: list[np.ndarray] = []
        self.actions: list[int] = []

    def act(self, decision: DecisionInput) -> int:
        self.observations.append(decision.observation)
        self.actions.append(self.planner.act(decision))
        return self.actions[-1]


def test_the_registered_environment_passes_gymnasiums_checker():
    env = gym.make(ENV_ID)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a checker's warning is a failure here
        check_env(env.unwrapped, skip_render_check=False)
    assert env.observation_space.shape == (4, 84, 84) and env.action_space.n == 3
    env.close()


def test_an_episode_through_the_environment_equals_the_game_loop_bit_for_bit():
    seed = 11
    watched = Watched()
    loop = GameLoop(watched)
    loop.reset(seed)
    rewards = []
    while not loop.game.game_over:
        rewards.append(loop.step_decision().reward)
    loop.close()

    env = gym.make("crossy_desktop:" + ENV_ID)  # the module prefix imports the package, which registers it
    observation, info = env.reset(seed=seed)
    assert info["score"] == 0
    seen, got, ended = [observation], [], False
    for action in watched.actions:
        assert not ended, "the game loop's game was longer"
        observation, reward, terminated, truncated, info = env.step(action)
        seen.append(observation)
        got.append(reward)
        ended = terminated or truncated
    assert ended and terminated and not truncated, "it ends where the game loop's game ended, by the game's clock"
    env.close()
    assert len(watched.actions) == 2048 and got == rewards and info["score"] == sum(rewards) > 20
    for t, expected in enumerate(watched.observations):
        assert np.array_equal(seen[t], expected), f"decision {t}"


def test_the_shaped_reward_is_an_option_and_raw_is_the_default():
    raw, shaped = gym.make(ENV_ID), gym.make(ENV_ID, reward="height-shaping")
    raw.reset(seed=2)
    shaped.reset(seed=2)
    assert raw.step(UP)[1] == 0.0 and shaped.step(UP)[1] > 0, "a step up earns only under shaping"
    with pytest.raises(ValueError):
        gym.make(ENV_ID, reward="points-for-style")
    raw.close()
    shaped.close()
