"""A player's reaction lag read off their games, and teaching that imitates each row's answer a lag later."""

from __future__ import annotations

import numpy as np
import pytest

from crossy_desktop.controllers.simulated_human import HumanHabits, SimulatedHuman
from crossy_desktop.play.games import record_game
from crossy_desktop.rl.demo_replay import fill_replay, lagged_labels
from crossy_desktop.rl.replay import ReplayBuffer
from crossy_desktop.rl.rewards import RewardConfig, RewardMode
from crossy_desktop.training.config import FIT_LAG, OfflineConfig
from crossy_desktop.training.offline import OfflineTrainer
from crossy_desktop.training.reaction_lag import fit_reaction_lag, lag_agreement


@pytest.mark.parametrize("late", [(1, 2), (4,)])
def test_the_fitted_lag_is_how_late_the_player_sees_the_road(late):
    player = SimulatedHuman(HumanHabits(reaction_decisions=late), seed=3)
    game = record_game(player, 1000)
    fitted = fit_reaction_lag([game], player.name)
    assert fitted in late, (fitted, lag_agreement([game], player.name).round(2))
    assert fit_reaction_lag([game], "someone-else") == 0, "nobody's decisions: nothing to fit"


def test_lagged_rows_imitate_the_action_taken_later_and_td_keeps_the_one_taken():
    game = record_game(SimulatedHuman(seed=4), 1000)
    lag = 2
    chosen, expert = lagged_labels(game, None, lag)
    assert np.array_equal(expert[:-lag], game.actions[lag:]) and not chosen[-lag:].any() and chosen[:-lag].all()
    buffer = ReplayBuffer(len(game), n_step=10, demonstrations=True)
    fill_replay(buffer, [game], RewardConfig(RewardMode.RAW), lag=lag)
    assert np.array_equal(buffer.actions, game.actions), "the transitions keep the actions as taken"
    assert np.array_equal(buffer.expert[:-lag], game.actions[lag:]) and not buffer.imitate[-lag:].any()
    batch = buffer.sample(256, np.random.default_rng(0))
    shifted = (batch.expert != batch.actions).mean()
    assert 0 < shifted < 0.5, "the labels move where the player changed their mind, not everywhere"


def test_a_trainer_asked_to_fit_the_lag_reads_it_off_the_games(tmp_path):
    player = SimulatedHuman(HumanHabits(reaction_decisions=(3,)), seed=5)
    game = record_game(player, 1001)
    config = OfflineConfig(reaction_lag=FIT_LAG, threads=1, updates=1)
    trainer = OfflineTrainer(config, [game], tmp_path / "run", tensorboard=False, imitate=player.name)
    assert trainer.reaction_lag == 3
    assert np.array_equal(trainer.replay.expert[:-3], game.actions[3:])
