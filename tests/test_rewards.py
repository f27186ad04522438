"""Reward handling: raw, the notebook's step penalty, and height shaping that keeps the optimal policy."""

import pytest

from crossy_desktop.rl.rewards import RewardConfig, RewardMode


def test_raw_and_step_penalty():
    assert RewardConfig(RewardMode.RAW)(1.0, 10, 14, False) == 1.0
    assert RewardConfig(RewardMode.STEP_PENALTY, step_penalty=0.05)(0.0, 10, 14, False) == pytest.approx(-0.05)


def test_height_shaping_is_potential_based_and_telescopes():
    cfg = RewardConfig(RewardMode.HEIGHT_SHAPING, gamma=0.9)
    assert cfg(0.0, 88, 92, False) == pytest.approx(0.9 * 92 / 176 - 88 / 176)
    heights = [6, 10, 14, 10, 50, 176, 6, 30]
    # discounted sum of shaping terms over a whole game = -phi(s0) (terminal potential 0)
    total = sum(
        cfg.gamma**t * cfg(0.0, heights[t], heights[t + 1], t + 1 == len(heights) - 1) for t in range(len(heights) - 1)
    )
    assert total == pytest.approx(-heights[0] / 176)
