"""The game core reproduces the frameskip=4 env exactly: the window's protocol is the agent's protocol."""

import time

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


def test_starts_asked_together_all_arrive_when_collected_frame_by_frame():
    """A start is larger than the pipe: the helper sends the next only once one is read. Collected each frame
    (as the window does), every start asked for arrives, not just the first."""
    from crossy_desktop.game.starts import PreparedStarts

    starts = PreparedStarts()
    try:
        for seed in (11, 12, 13):
            starts.prepare(seed)
        deadline = time.monotonic() + 60
        while len(starts._ready) < 3 and time.monotonic() < deadline:
            starts.collect()
            time.sleep(1 / 60)  # a frame
        assert sorted(starts._ready) == [11, 12, 13]
        assert all(starts.take(seed).seed == seed for seed in (11, 12, 13))
    finally:
        starts.close()


def test_a_game_from_a_start_made_ahead_is_the_game_a_reset_with_its_seed_gives():
    """game/starts.py: the helper's state (random generator included) and first frame, restored in 0.3 ms
    instead of a 150-330 ms ROM reload, give the same frames and rewards under sticky actions."""
    from crossy_desktop.game.starts import PreparedStarts

    starts = PreparedStarts()
    try:
        starts.prepare(1234)
        deadline = time.monotonic() + 60
        while (start := starts.take(1234)) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert start is not None, "the helper sent no start within a minute"
        assert starts.take(99) is None, "a seed nobody asked for has no start"
    finally:
        starts.close()
    reset, restored = FreewayGame(), FreewayGame()
    restored.reset(seed=5)
    for _ in range(300):  # somewhere into another game: the start must replace all of it
        restored.step_frame(1)
    assert np.array_equal(reset.reset(seed=1234), restored.reset(seed=1234, start=start))
    rng = np.random.default_rng(0)
    for _ in range(2000):
        action = int(rng.integers(3))
        a, b = reset.step_frame(action), restored.step_frame(action)
        assert np.array_equal(a.frame, b.frame) and a.reward == b.reward and a.game_over == b.game_over
    assert reset.ram.tolist() == restored.ram.tolist() and reset.score == restored.score
    other = FreewayGame()
    other.reset(seed=1234, start=start)
    assert other._env_was_reset, "a game never reset by gymnasium takes the slow way first (its wrappers)"
