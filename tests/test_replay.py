"""Replay memory: frames stored once, stacks and n-step returns that respect game boundaries."""

import numpy as np
import pytest

from crossy_desktop.rl.replay import ReplayBuffer
from crossy_desktop.training.run_folder import RunFolder


def frame(v):
    return np.full((84, 84), v, np.uint8)


def fill(buf, games):
    """games: list of lists of (frame_value, action, reward); the last step of a game is terminal
    unless the game is given as ("truncated", steps)."""
    for g in games:
        truncated = isinstance(g, tuple)
        steps = g[1] if truncated else g
        for i, (v, a, r) in enumerate(steps):
            buf.add(frame(v), a, r, terminal=(i == len(steps) - 1 and not truncated), first=(i == 0))


def test_n_step_return_arithmetic():
    buf = ReplayBuffer(100, n_step=3, gamma=0.5)
    fill(buf, [[(i, 1, float(i)) for i in range(10)]])
    r, d, nxt, ok = buf._transitions(np.array([2, 7, 8, 9]))
    # row 2: 2 + 0.5*3 + 0.25*4, bootstraps from row 5 with 0.5**3
    assert r[0] == pytest.approx(2 + 1.5 + 1.0) and d[0] == pytest.approx(0.125) and nxt[0] == 5 and ok[0]
    # row 7: 7 + 0.5*8 + 0.25*9, game ends at row 9 inside the 3 steps: no bootstrap
    assert r[1] == pytest.approx(7 + 4 + 2.25) and d[1] == 0.0 and ok[1]
    assert r[2] == pytest.approx(8 + 4.5) and d[2] == 0.0 and ok[2]
    assert r[3] == pytest.approx(9) and d[3] == 0.0 and ok[3]


def test_stacks_repeat_the_first_frame_at_a_game_start_and_never_cross_games():
    buf = ReplayBuffer(100, n_step=1, gamma=0.9)
    fill(buf, [[(10 + i, 0, 0.0) for i in range(5)], [(50 + i, 0, 0.0) for i in range(5)]])
    stacks = buf._stacks(np.array([0, 1, 4, 5, 6, 9]))[:, :, 0, 0]
    assert stacks[0].tolist() == [10, 10, 10, 10]
    assert stacks[1].tolist() == [10, 10, 10, 11]
    assert stacks[2].tolist() == [11, 12, 13, 14]
    assert stacks[3].tolist() == [50, 50, 50, 50], "second game's first stack must not show the first game"
    assert stacks[4].tolist() == [50, 50, 50, 51]
    assert stacks[5].tolist() == [51, 52, 53, 54]


def test_truncated_game_and_unwritten_successors_are_never_sampled():
    buf = ReplayBuffer(100, n_step=3, gamma=0.9)
    fill(buf, [("truncated", [(i, 0, 1.0) for i in range(6)]), [(100 + i, 0, 1.0) for i in range(6)]])
    _, _, _, ok = buf._transitions(np.arange(12))
    # rows 3-5 would need rows of the next game to bootstrap; row 9-11 reach the terminal: fine.
    assert ok.tolist() == [True, True, True, False, False, False] + [True] * 6
    buf2 = ReplayBuffer(100, n_step=3, gamma=0.9)
    fill(buf2, [("truncated", [(i, 0, 1.0) for i in range(6)])])  # a game still running
    _, _, _, ok2 = buf2._transitions(np.arange(6))
    assert ok2.tolist() == [True, True, True, False, False, False]


def test_sampling_among_given_rows_draws_only_those_and_only_usable_ones():
    buf = ReplayBuffer(100, n_step=3, gamma=0.9)
    fill(buf, [("truncated", [(i, i % 3, 1.0) for i in range(30)])])
    among = np.array([4, 10, 28, 29])  # 28 and 29 have no successor written yet: never drawn
    assert buf.usable(among).tolist() == [True, True, False, False]
    batch = buf.sample(64, np.random.default_rng(0), among=among)
    assert set(batch.states[:, -1, 0, 0].tolist()) == {4, 10}
    assert batch.actions.tolist() == [{4: 1, 10: 1}[v] for v in batch.states[:, -1, 0, 0].tolist()]


def test_sampling_after_wraparound_only_returns_valid_consistent_stacks():
    rng = np.random.default_rng(0)
    buf = ReplayBuffer(64, n_step=3, gamma=0.99)
    value = 0
    for _game in range(8):  # 8 games of 20 rows through a 64-row ring
        for i in range(20):
            buf.add(frame(value % 250), 1, 1.0, terminal=(i == 19), first=(i == 0))
            value += 1
    for _ in range(20):
        b = buf.sample(32, rng)
        s = b.states[:, :, 0, 0].astype(int)
        # within a stack, frames are consecutive or repeated (a game start), never jumping
        assert ((np.diff(s, axis=1) == 1) | (np.diff(s, axis=1) == 0)).all()
        n = b.next_states[:, -1, 0, 0].astype(int)
        boot = b.discounts > 0
        assert ((n[boot] - s[boot, -1]) % 250 == 3).all(), "bootstrapped successor is 3 rows later"


def test_each_frame_is_stored_once():
    buf = ReplayBuffer(1000)
    assert buf.frames.nbytes == 1000 * 84 * 84
    assert buf.bytes_per_transition <= 1.1 * 84 * 84


def test_save_and_load_round_trip(tmp_path):
    buf = ReplayBuffer(50, n_step=2, gamma=0.9)
    fill(buf, [[(i, i % 3, float(i)) for i in range(30)], [(200 + i, 2, -1.0) for i in range(30)]])
    folder = RunFolder(tmp_path, [])
    folder.save_checkpoint({"replay.npz": buf.state_dict()})
    back = ReplayBuffer.from_state_dict(folder.load_checkpoint()["replay.npz"])
    for name in ("frames", "actions", "rewards", "terminals", "firsts"):
        np.testing.assert_array_equal(getattr(back, name), getattr(buf, name))
    assert (back.cursor, back.count, back.n_step, back.gamma) == (buf.cursor, buf.count, 2, 0.9)
    a, b = buf.sample(8, np.random.default_rng(1)), back.sample(8, np.random.default_rng(1))
    np.testing.assert_array_equal(a.states, b.states)
