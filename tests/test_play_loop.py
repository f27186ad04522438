"""The one decision loop: a whole game is the gym frameskip=4 game bit for bit, frame or decision stepping,
and the trainer plays through it, so training sees what the window shows."""

import numpy as np
import pytest

from crossy_desktop.controllers.base import Controller, DecisionInput
from crossy_desktop.game.core import PROTOCOL
from crossy_desktop.play.loop import GameLoop
from crossy_desktop.play.recorder import GameRecorder
from crossy_desktop.rl.observation import FrameStack
from crossy_desktop.training.config import TrainConfig
from crossy_desktop.training.online import Trainer


class FixedActions(Controller):
    """Plays a fixed action list and keeps every observation it is shown."""

    name = "fixed"

    def __init__(self, actions) -> None:
        self.actions = [int(a) for a in actions]
        self.seen: list[np.ndarray] = []

    def act(self, decision: DecisionInput) -> int:
        self.seen.append(decision.observation)
        return self.actions[len(self.seen) - 1]


def reference_game(seed: int, actions) -> tuple[list[np.ndarray], list[float]]:
    """Observations before each decision and rewards of each decision, straight from gymnasium."""
    env, stack = PROTOCOL.make_env(frameskip=4), FrameStack()
    observations, rewards = [stack.reset(env.reset(seed=seed)[0])], []
    for a in actions:
        obs, reward, terminated, truncated, _ = env.step(int(a))
        rewards.append(float(reward))
        if terminated or truncated:
            break
        observations.append(stack.push(obs))
    env.close()
    return observations, rewards


@pytest.mark.slow
def test_a_whole_game_by_decisions_is_the_frameskip4_game_bit_for_bit():
    actions = np.random.default_rng(5).choice(3, size=2048, p=[0.2, 0.6, 0.2])
    controller = FixedActions(actions)
    loop = GameLoop(controller, recorder=GameRecorder())
    loop.reset(17)
    rewards = []
    while not loop.game.game_over:
        rewards.append(loop.step_decision().reward)
    want_obs, want_rewards = reference_game(17, actions)
    assert len(controller.seen) == len(want_obs) == 2048
    for i, (seen, want) in enumerate(zip(controller.seen, want_obs, strict=True)):
        np.testing.assert_array_equal(seen, want, err_msg=f"decision {i}")
    assert rewards == want_rewards and sum(rewards) > 0
    assert loop.score == loop.game.score == sum(rewards)
    demo = loop.recorder.finish(loop.game.ram)
    assert demo.meta.score == loop.score and len(demo) == 2048 and demo.terminals[-1]
    np.testing.assert_array_equal(demo.frames, np.stack([o[-1] for o in want_obs]))


def test_frame_stepping_and_decision_stepping_are_the_same_game():
    actions = np.random.default_rng(6).choice(3, size=400)
    by_frame, by_decision = FixedActions(actions), FixedActions(actions)
    a, b = GameLoop(by_frame), GameLoop(by_decision)
    a.reset(3)
    b.reset(3)
    for _ in range(300):
        b.step_decision()
        for _ in range(4):
            a.step_frame()
        np.testing.assert_array_equal(a.game.frame, b.game.frame)
    assert len(by_frame.seen) == len(by_decision.seen) == 300
    np.testing.assert_array_equal(np.array(by_frame.seen), np.array(by_decision.seen))
    assert a.score == b.score


@pytest.mark.parametrize("envs", [1, 2])
def test_the_trainer_plays_through_the_loop_and_stores_what_the_reference_game_shows(tmp_path, envs):
    """Each of the trainer's games is the reference game of its seed, stored in its own memory as it was seen."""
    config = TrainConfig(seed=2, buffer_capacity=1_000 * envs, learning_starts=10_000, threads=1, envs=envs)
    trainer = Trainer(config, tmp_path)
    assert all(isinstance(loop, GameLoop) for loop in trainer.loops) and len(trainer.loops) == envs
    heights = [[loop.game.chicken_y] for loop in trainer.loops]
    for _ in range(250):
        trainer.step()
        for i, loop in enumerate(trainer.loops):
            heights[i].append(loop.game.chicken_y)
    reward = config.reward_config()
    for i, replay in enumerate(trainer.replays):
        want_obs, want_rewards = reference_game(trainer._game_seed(i), replay.actions[:250])
        np.testing.assert_array_equal(replay.frames[:250], np.stack([o[-1] for o in want_obs[:250]]))
        shaped = [reward(want_rewards[t], heights[i][t], heights[i][t + 1], False) for t in range(250)]
        np.testing.assert_allclose(replay.rewards[:250], shaped, rtol=1e-6)
        assert max(heights[i]) > heights[i][0], "the chicken moved: the shaping rewards compared are not all one value"
