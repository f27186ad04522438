"""Coaching: the student plays, the coach takes over where it errs, and those corrections teach it again."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pygame
import pytest
import torch
from helpers import make_app, plan_shown, press, release, run_cli, tick_until

from crossy_desktop.controllers.builtin import AlwaysUpController
from crossy_desktop.controllers.coached import CoachedController, grace_decisions
from crossy_desktop.controllers.dqn import DQNController
from crossy_desktop.controllers.simulated_coach import SimulatedCoach
from crossy_desktop.controllers.simulated_human import SimulatedHuman
from crossy_desktop.play.games import record_games
from crossy_desktop.play.loop import GameLoop
from crossy_desktop.rl.agent_file import Backend, load_agent
from crossy_desktop.rl.demo_replay import imitated_rows
from crossy_desktop.storage.demo_file import load_demo, load_demo_dir
from crossy_desktop.storage.model_file import read_model_metadata
from crossy_desktop.training.offline import OfflineTrainer
from crossy_desktop.training.teach import plan_teaching, teach, teach_config

TINY = dict(updates=20, eval_every=20, eval_games=1, threads=1)


def test_a_held_arrow_takes_the_chicken_at_the_next_decision_and_letting_go_hands_it_back_after_the_grace(tmp_path):
    app = make_app(controller="dqn", demos_dir=tmp_path / "demos", coach_grace_s=0.5)
    assert app.session.record_dir is None
    press(pygame.K_c)
    app.tick()
    coached = app.session.controller
    assert isinstance(coached, CoachedController) and app.session.record_dir is not None, "coaching records"
    grace = grace_decisions(0.5)
    assert grace == 8
    take_at, let_go_at = 40, 60
    while (decision := app.session.recorder.decisions) < 90:  # the index of the decision this tick may take
        due = app.session.game.decision_due
        if due and decision == take_at:
            press(pygame.K_UP)
        elif due and decision == let_go_at:
            release(pygame.K_UP)
        app.tick()
        if due and decision == take_at:
            assert coached.coach_has_it and app.coaching.lines(app)[1] == "YOU have the chicken"
    assert app.coaching.lines(app)[0].startswith("COACHING dqn") and not coached.coach_has_it
    press(pygame.K_n)  # a new game: the coached one is saved (truncated) with who chose each decision
    app.tick()
    app.session.flush()
    [saved] = app.session.saved
    demo = load_demo(saved)
    mine = set(imitated_rows(demo, "human").nonzero()[0].tolist())
    assert mine == set(range(take_at, let_go_at + grace)), "the next decision, and the grace after letting go"
    assert demo.meta.controllers == [coached.student.name, "human"]
    assert coached.takeovers == 0 and coached.corrections == 0, "a new game starts the count again"
    press(pygame.K_c)
    app.tick()
    assert app.session.controller is coached.student and app.session.record_dir is None, "C ends it as it was"


def half_a_game(controller, seed: int) -> int:
    loop = GameLoop(controller)
    loop.reset(seed)
    for _ in range(1024):
        loop.step_decision()
    loop.close()
    return loop.score


def test_the_simulated_coach_takes_over_only_in_danger_and_lifts_the_score():
    alone = half_a_game(AlwaysUpController(), 3)
    coached = CoachedController(AlwaysUpController(), SimulatedCoach(seed=3))
    score = half_a_game(coached, 3)
    assert 0 < coached.corrections < 1024 // 2, "corrections where the student errs, not the whole game"
    assert coached.takeovers > 3 and score > alone + 1, (score, alone, coached.corrections, coached.takeovers)


@pytest.fixture(scope="module")
def coached_games(tmp_path_factory):
    """Two games of the simulated human, a student taught on them (20 updates), and one game it played with the
    simulated coach taking over: the folder, the student."""
    root = tmp_path_factory.mktemp("coaching")
    demos = root / "demos"
    record_games(SimulatedHuman(), 2, 1000, demos)
    plan = plan_teaching(demos, SimulatedHuman.name, config=teach_config(**TINY))
    plan.final_games = 1
    student = teach(plan, root / "run1", root / "models", lambda event: None)
    assert student is not None
    record_games(CoachedController(DQNController(student), SimulatedCoach(seed=5)), 1, 2000, demos)
    return demos, student, root


@pytest.mark.slow
def test_a_round_starts_from_the_student_imitates_only_the_coachs_decisions_and_writes_a_new_model(coached_games):
    demos, student, root = coached_games
    plan = plan_teaching(demos, SimulatedHuman.name, config=teach_config(**TINY), start_from=student)
    coached = [g for g in plan.games if g.meta.controllers != [SimulatedHuman.name]]
    assert len(plan.games) == 3 and len(coached) == 1 and plan.corrections > 0
    assert plan.corrections == int(imitated_rows(coached[0], SimulatedHuman.name).sum())
    weights = load_agent(student, backend=Backend.TORCH).network.state_dict()
    trainer = OfflineTrainer(plan.config, plan.games, root / "check", imitate=SimulatedHuman.name, start_from=weights)
    for name, tensor in weights.items():
        assert torch.equal(trainer.learner.online.state_dict()[name], tensor), f"warm start: {name}"
    # the replay rows in order: the two solo games (every decision imitated), then the coached one (only the coach's)
    expected = torch.cat([torch.from_numpy(imitated_rows(g, SimulatedHuman.name)) for g in plan.games])
    assert torch.equal(torch.from_numpy(trainer.replay.imitate[: len(expected)]), expected)
    student_rows = (~expected).nonzero().squeeze(1).numpy()
    assert len(student_rows) > 0 and not trainer.replay.imitate[student_rows].any(), "never the student's own"
    # the corrections can be weighted up: a share of every batch drawn from them (2 games before the coached one)
    offset = sum(len(g) for g in plan.games[:2])
    coach_rows = offset + imitated_rows(coached[0], SimulatedHuman.name).nonzero()[0]
    assert set(trainer.corrections.tolist()) <= set(coach_rows.tolist())
    assert len(trainer.corrections) >= len(coach_rows) - plan.config.n_step, "all but a few at the game's end"
    weighted = replace(plan.config, correction_share=0.5)
    only_coached = OfflineTrainer(weighted, coached, root / "check2", imitate=SimulatedHuman.name)
    share = sum(only_coached._batch().demo.mean() for _ in range(20)) / 20
    uniform = plan.corrections / len(coached[0])
    expected_gain = weighted.correction_share * (1 - uniform)  # over a uniform draw's share of corrections
    assert share >= uniform + 0.6 * expected_gain, (share, uniform)
    plan.final_games = 1
    second = teach(plan, root / "run2", root / "models", lambda event: None)
    assert second is not None and second != student and second.stem == f"{student.stem}-r2"
    meta = read_model_metadata(second)
    assert meta["round"] == 2 and meta["parent"] == student.name and meta["corrections"] == plan.corrections
    assert len(load_demo_dir(demos).demos) == 3, "the games are left as they were"


@pytest.mark.slow
def test_t_while_coaching_offers_a_round_from_your_corrections_and_after_coaching_a_new_student(
    coached_games, tmp_path
):
    demos, student, _ = coached_games
    shutil.copytree(demos, tmp_path / "demos")  # coaching records into this folder: the module's stays as it is
    app = make_app(controller="dqn", model=student, demos_dir=tmp_path / "demos")
    app.teach.player = SimulatedHuman.name  # the fixture's games are the simulated human's
    press(pygame.K_c)
    app.tick()
    assert app.coaching.active(app) and app.coaching.controller.student.model_path == student
    press(pygame.K_t)
    tick_until(app, lambda: plan_shown(app))
    corrections = plan_teaching(demos, SimulatedHuman.name).corrections
    assert corrections > 0 and app.teach.continue_from == student
    assert f"Teach {student.stem} again with your {corrections} corrections:" in app.teach.lines
    press(pygame.K_t)  # closes the panel
    press(pygame.K_c)  # coaching ends: the next teaching is a new student's
    app.tick()
    press(pygame.K_t)
    tick_until(app, lambda: plan_shown(app))
    assert app.teach.continue_from is None and not any("again" in line for line in app.teach.lines)


@pytest.mark.parametrize("given", ["freeway-dqn.safetensors", "no-such-student.safetensors"])
def test_teach_from_something_that_is_not_a_student_is_one_line_and_exit_2(given):
    result = run_cli("teach", "--from", str(Path(__file__).parents[1] / "models" / given))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--from" in lines[-1], result.stderr
    assert ("not a student" if "freeway" in given else "no such file") in lines[-1]


def test_the_simulated_coach_seldom_takes_the_chicken_from_a_player_who_plays_well():
    """The planner's own moves are right: the coach's takeovers there are only what its late view gets wrong."""
    from crossy_desktop.controllers.scripted import ScriptedController

    good = CoachedController(ScriptedController(), SimulatedCoach(seed=3))
    half_a_game(good, 3)
    reckless = CoachedController(AlwaysUpController(), SimulatedCoach(seed=3))
    half_a_game(reckless, 3)
    assert good.corrections < 1024 * 0.15 and good.corrections * 3 < reckless.corrections
