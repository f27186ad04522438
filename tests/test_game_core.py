"""The game core reproduces the frameskip=4 env exactly: the window's protocol is the agent's protocol."""

import numpy as np
import pytest

from crossy_desktop.game.core import PROTOCOL, FreewayGame


@pytest.mark.slow
@pytest.mark.parametrize("sound", [False, True])
def test_core_matches_frameskip4_env_over_a_whole_game(sound):
    seed = 11
    actions = np.random.default_rng(3).choice(3, size=3000, p=[0.2, 0.6, 0.2])
    reference = PROTOCOL.make_env(frameskip=4)
    ref_obs, _ = reference.reset(seed=seed)
    game = FreewayGame(sound=sound)
    np.testing.assert_array_equal(game.reset(seed), ref_obs)
    decisions, total = 0, 0.0
    while True:
        a = int(actions[decisions])
        ref_obs, ref_reward, terminated, truncated, _ = reference.step(a)
        step = game.step_decision(a)
        decisions += 1
        total += step.reward
        np.testing.assert_array_equal(step.frame, ref_obs, err_msg=f"decision {decisions}")
        assert step.reward == ref_reward
        assert step.game_over == (terminated or truncated)
        if step.game_over:
            break
    assert decisions == 2048
    assert game.frame_index == 8192
    assert total > 0, "the action mix crosses the road: rewards were compared, not just zeros"
    assert game.score == total
