"""Learning from demonstrations: DQfD's margin loss, offline training, and demonstrations kept in online replay."""

import numpy as np
import pytest
import torch

from crossy_desktop.rl.agent_file import load_agent
from crossy_desktop.rl.learner import DQNLearner, LearnerConfig
from crossy_desktop.rl.learner_config import DemoLoss
from crossy_desktop.rl.network import QNetwork
from crossy_desktop.rl.replay import Batch
from crossy_desktop.storage.demo_file import load_demo_dir
from crossy_desktop.training.config import OfflineConfig, TrainConfig
from crossy_desktop.training.offline import OfflineTrainer
from crossy_desktop.training.online import Trainer


def test_margin_loss_is_zero_only_when_the_expert_action_leads_by_the_margin():
    learner = DQNLearner(QNetwork(), LearnerConfig(margin=0.8), torch.device("cpu"))
    z = np.zeros(2)
    batch = Batch(
        states=z, actions=np.array([1, 2]), returns=z, next_states=z, discounts=z, demo=np.array([True, True])
    )
    q = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 0.5]])
    # row 0: expert UP leads by 1.0 >= 0.8 -> 0; row 1: DOWN leads by 0.5 -> 0.3
    assert learner.margin_loss(q, batch).item() == torch.tensor(0.15).item()
    batch.demo = np.array([False, False])
    assert learner.margin_loss(q, batch).item() == 0.0
    batch.demo, batch.expert = np.array([True, True]), np.array([2, 2])  # labels shifted by a reaction lag
    # row 0: DOWN is now the expert's, UP leads it by 1.0: 1.0 + 0.8; row 1 as before, 0.3
    assert learner.margin_loss(q, batch).item() == pytest.approx((1.8 + 0.3) / 2), "it imitates the expert column"


def test_cql_loss_is_the_softmax_gap_to_the_expert_action_and_never_quite_zero():
    learner = DQNLearner(QNetwork(), LearnerConfig(demo_loss=DemoLoss.CQL), torch.device("cpu"))
    z = np.zeros(2)
    batch = Batch(states=z, actions=np.array([1, 2]), returns=z, next_states=z, discounts=z,
                  demo=np.array([True, False]))  # only demonstration rows count  # fmt: skip
    q = torch.tensor([[0.0, 5.0, 0.0], [9.0, 0.0, 0.0]])
    expected = (torch.logsumexp(q[0], 0) - q[0, 1]).item()  # log(1 + 2 e^-5): small, but above 0
    assert learner.margin_loss(q, batch).item() == pytest.approx(expected) and 0 < expected < 0.02
    q.requires_grad_(True)
    learner.margin_loss(q, batch).backward()
    assert q.grad[0, 1] < 0 < q.grad[0, 0], "it raises the expert's action and lowers the others"
    assert not q.grad[1].any(), "an online row takes no demonstration loss"


@pytest.mark.slow
def test_offline_training_imitates_the_demonstrator_on_its_own_states(scripted_demos, tmp_path):
    directory, _ = scripted_demos
    demos = load_demo_dir(directory).demos
    config = OfflineConfig(updates=400, eval_every=400, eval_games=1, batch_size=32, threads=1)
    trainer = OfflineTrainer(config, demos, tmp_path / "run")
    best = trainer.run(progress=False)
    assert (tmp_path / "run" / "metrics.csv").read_text().count("\n") == 2
    # The demonstrator waits (NOOP) on about a fifth of its decisions, so always-UP agrees on about 0.8;
    # after a few hundred DQfD steps the greedy action must agree clearly more often, waits included.
    batch = trainer.replay.sample(512, np.random.default_rng(5))
    with torch.no_grad():
        greedy = trainer.learner.online(torch.from_numpy(batch.states)).argmax(1).numpy()
    assert (greedy == batch.actions).mean() > 0.9
    waits = batch.actions == 0
    assert (greedy[waits] == 0).mean() > 0.5

    # The best model file carries the input statistics and plays the same as the trained network.
    agent = load_agent(best)
    assert agent.network.spec.input_norm
    with torch.no_grad():
        states = torch.from_numpy(batch.states[:8])
        assert torch.equal(agent.network(states).argmax(1), trainer.learner.online(states).argmax(1))


def test_train_with_demos_starts_from_a_taught_student_and_keeps_them_in_every_batch(scripted_demos, tmp_path):
    directory, _ = scripted_demos
    config = TrainConfig(
        demo_dir=str(directory), demo_pretrain_updates=3, learning_starts=8, update_every=4, batch_size=8,
        test_games=1, threads=1,
    )  # fmt: skip
    assert config.network.input_norm, "the student standardises its input with the demonstrations' statistics"
    assert config.epsilon(0) == config.epsilon_end, "a taught student needs no random start"
    trainer = Trainer(config, tmp_path / "run")
    assert len(trainer.demos) == 4096
    trainer.pretrain()
    student = load_agent(tmp_path / "run" / "pretrain" / "best.safetensors").network.state_dict()
    for name, weight in student.items():
        assert torch.equal(trainer.learner.online.state_dict()[name], weight), name
        assert torch.equal(trainer.learner.target.state_dict()[name], weight), name
    assert float(student["input_scale"].min()) != 1.0  # statistics fitted, not the defaults
    assert trainer.learner.updates == 0 and not trainer.demo_games
    for _ in range(12):
        trainer.step()
    assert trainer.learner.updates == 2  # decisions 8 and 12
    batch = trainer._batch()
    assert batch.demo.sum() == 2 and len(batch.actions) == 8  # demo_fraction 0.25 of 8


@pytest.mark.slow
def test_time_spent_on_demonstrations_counts_in_the_runs_wall_time(scripted_demos, tmp_path, monkeypatch):
    """Time to score with demonstrations includes loading them and pre-training on them."""
    import time

    directory, _ = scripted_demos
    config = TrainConfig(
        demo_dir=str(directory), demo_pretrain_updates=1, total_decisions=1, learning_starts=10_000, test_every=0,
        threads=1,
    )  # fmt: skip
    trainer = Trainer(config, tmp_path / "run")
    pretrain = trainer.pretrain
    monkeypatch.setattr(trainer, "pretrain", lambda: (time.sleep(1.0), pretrain()))
    trainer.run(progress=False)
    header, first_game = (tmp_path / "run" / "metrics.csv").read_text().splitlines()[:2]
    row = dict(zip(header.split(","), first_game.split(","), strict=True))
    playing_s = int(row["decisions"]) / float(row["decisions_per_s"])
    assert float(row["wall_s"]) - playing_s >= 0.9, "the second spent pre-training is in the first game's wall time"


def test_evaluations_begin_after_eval_from_and_always_end_the_run():
    config = OfflineConfig(updates=4000, eval_every=1000, eval_from=1000)
    assert [u for u in range(1, 4001) if config.evaluates_at(u)] == [2000, 3000, 4000]
    assert config.evaluations_after(0) == 3 and config.evaluations_after(2500) == 2
    odd = OfflineConfig(updates=4500, eval_every=1000, eval_from=0)
    assert [u for u in range(1, 4501) if odd.evaluates_at(u)] == [1000, 2000, 3000, 4000, 4500]
    assert not OfflineConfig(updates=2000, eval_every=1000, eval_from=1000).tests_choose(), "a round: one test"
    assert config.tests_choose()


def test_a_lone_test_that_chooses_nothing_is_not_played_when_teaching_tests_the_student_anyway(
    scripted_demos, tmp_path, monkeypatch
):
    directory, _ = scripted_demos
    demos = load_demo_dir(directory).demos[:1]
    played = []
    monkeypatch.setattr(OfflineTrainer, "play_greedy", lambda self, *a: played.append(a) or pytest.fail("played"))
    lone = OfflineConfig(updates=4, eval_every=4, eval_from=0, threads=1)
    best = OfflineTrainer(lone, demos, tmp_path / "lone", tensorboard=False, play_lone_test=False).run(progress=False)
    assert best is not None and best.exists() and not played, "saved without a test"
    two = OfflineConfig(updates=4, eval_every=2, eval_from=0, threads=1)
    with pytest.raises(pytest.fail.Exception):
        OfflineTrainer(two, demos, tmp_path / "two", tensorboard=False, play_lone_test=False).run(progress=False)
    assert played, "two tests choose between models: they are played"
