"""Teaching an agent from the player's own games: the simulated human, `crossy teach`, and T in the window."""

from __future__ import annotations

import json
import time

import numpy as np
import pygame
import pytest
from helpers import make_app, plan_shown, press, run_cli, tick_until

from crossy_desktop.app.teaching import TeachProcess, TeachState
from crossy_desktop.app.window import Screen
from crossy_desktop.controllers.base import DecisionInput
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.controllers.simulated_human import SimulatedHuman
from crossy_desktop.game.core import DOWN, UP
from crossy_desktop.play.games import evaluate, record_games
from crossy_desktop.rl.agent_file import find_models
from crossy_desktop.storage.model_file import read_model_metadata
from crossy_desktop.training.teach import plan_teaching
from crossy_desktop.training.teach_events import (
    TeachEnded,
    TeachProgress,
    TeachStarted,
    TeachTesting,
    event_name,
    from_json,
    to_json,
)

TINY = ("--updates", "20", "--eval-every", "10", "--eval-games", "1", "--test-games", "1")


@pytest.fixture(scope="module")
def human_demos(tmp_path_factory):
    """Three whole games of the simulated human (seeds 900-902), recorded by the project's recorder."""
    directory = tmp_path_factory.mktemp("human-demos")
    paths = record_games(SimulatedHuman(), 3, 900, directory)
    return directory, paths


def test_the_simulated_human_is_a_fixed_imperfect_player_per_seed(human_demos):
    directory, paths = human_demos
    from crossy_desktop.storage.demo_file import load_demo

    demo = load_demo(paths[0])
    again = SimulatedHuman()
    replayed = evaluate("again", again, 1, 900)
    assert replayed.scores == [demo.meta.score], "the same seed gives the same player and the same game"
    scripted = evaluate("bot", ScriptedController(), 1, 900).scores[0]
    assert 18 <= demo.meta.score < scripted, "late, hesitant and slipping: below the scripted bot, far above 0"
    assert (demo.actions == DOWN).any() and (demo.actions != UP).sum() > 100


def test_plan_takes_only_the_players_whole_games_and_says_when_there_are_too_few(human_demos, tmp_path):
    directory, paths = human_demos
    plan = plan_teaching(directory, player=SimulatedHuman.name, limit=2)
    assert plan.files == [p.name for p in paths[-2:]] and plan.problem() == ""
    assert plan.teacher_mean == np.mean([g.meta.score for g in plan.games])
    none = plan_teaching(directory, player="human")
    assert none.games == [] and "F5" in none.problem()


@pytest.mark.slow
def test_crossy_teach_saves_a_student_that_names_its_games(human_demos, tmp_path):
    directory, paths = human_demos
    out = tmp_path / "models"
    result = run_cli(
        "teach", "--demos", str(directory), "--player", SimulatedHuman.name, "--out", str(out), "--no-progress",
        *TINY, env_extra={"CROSSY_DATA_DIR": str(tmp_path / "data")}, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [model] = find_models(out)
    meta = read_model_metadata(model)
    assert meta["teacher"]["games"] == 3 and meta["teacher"]["files"] == [p.name for p in paths]
    assert meta["evaluation"]["episodes"] == 1 and meta["training_updates"] == 20
    assert "your student scored" in result.stderr
    assert not list(out.glob("*.tmp")) and not list((tmp_path / "data" / "teaching").glob("*/models/*"))


def test_teach_events_cross_the_process_boundary_as_the_same_typed_events():
    events = [
        TeachStarted(games=3, teacher_mean=7.5, teacher_best=9, updates=20, estimate_s=12.0),
        TeachProgress(10, 20, 0.75, None, 1.5, 3.0, []),
        TeachProgress(20, 20, 0.8, 6.0, 3.0, 0.0, [(2.9, 6.0)]),
        TeachTesting(game=1, games=5),
        TeachEnded(
            cancelled=False, model="/m/student.safetensors", student_mean=8.2, student_games=5, curve=[(2.9, 6.0)]
        ),
        TeachEnded(cancelled=True, model=None, reason="cancelled before the first test: nothing to keep"),
    ]
    lines = [to_json(e) for e in events]
    assert [json.loads(line)["event"] for line in lines] == [
        "start",
        "progress",
        "progress",
        "testing",
        "done",
        "cancelled",
    ]
    assert [from_json(line) for line in lines] == events
    for stray in ("", "not json\n", '{"event": "nonsense"}', '{"event": "testing", "game": 1}', "[1, 2]"):
        assert from_json(stray) is None, stray


def test_teach_with_too_few_games_is_one_line(tmp_path):
    result = run_cli("teach", "--demos", str(tmp_path), env_extra={"CROSSY_DATA_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "record at least 2" in result.stderr


@pytest.mark.slow
def test_cancel_mid_teach_ends_the_process_and_leaves_no_half_written_file(human_demos, tmp_path, monkeypatch):
    directory, _ = human_demos
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "models"
    args = ["--demos", str(directory), "--player", SimulatedHuman.name, "--out", str(out), "--updates", "100000"]
    process = TeachProcess(args)
    deadline = time.monotonic() + 300
    events = []
    while not any(isinstance(e, TeachProgress) for e in events) and time.monotonic() < deadline:
        events += process.drain()
        time.sleep(0.05)
    assert events and isinstance(events[0], TeachStarted) and events[0].games == 3
    process.cancel()
    process.proc.wait(120)
    events += process.drain()
    assert process.proc.returncode == 0
    assert event_name(events[-1]) == "cancelled" and events[-1].model is None  # no test yet: nothing kept
    assert not out.exists() or not list(out.iterdir()), "no half-written model"


def drive_with_simulated_human(app, player: SimulatedHuman) -> None:
    """Hold the keys the simulated human would press, decided on the window's own decision frames."""
    game = app.session.game
    if app.screen_state is Screen.PLAYING and game.decision_due:
        action = player.act(DecisionInput(None, game.ram))
        app.roster.human.up, app.roster.human.down = action == UP, action == DOWN


@pytest.mark.slow
def test_record_two_games_with_f5_then_t_teaches_a_student_that_d_picks(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path / "data"))
    app = make_app(demos_dir=tmp_path / "demos", teach_args=TINY, seed=40)
    press(pygame.K_F5)
    press(pygame.K_UP)
    player = SimulatedHuman()
    player.reset(40)
    while len(app.session.saved) < 2:
        drive_with_simulated_human(app, player)
        app.tick()
        if app.screen_state is Screen.OVER:
            app.session.flush()
            player.reset(app.session.seed + 1)
            press(pygame.K_n)
    press(pygame.K_t)
    tick_until(app, lambda: plan_shown(app))
    assert "2 of your games" in app.teach.lines[0]
    press(pygame.K_RETURN)
    app.tick()
    assert app.teach.state is TeachState.RUNNING
    frames_before, ticks, longest = app.frames_stepped, 0, 0.0
    deadline = time.monotonic() + 600
    while app.teach.state is TeachState.RUNNING and time.monotonic() < deadline:
        t = time.perf_counter()
        drive_with_simulated_human(app, player)
        app.tick()
        longest, ticks = max(longest, time.perf_counter() - t), ticks + 1
        if app.screen_state is Screen.OVER:
            press(pygame.K_n)
    assert app.teach.state is TeachState.FINISHED, app.teach.lines
    assert app.frames_stepped - frames_before == ticks, "the window stepped a frame on every tick while it learned"
    assert longest < 2.0, "no frame waited on the teach process"
    student = app.teach.student
    assert student is not None and student.parent == tmp_path / "data" / "models"
    taught_by = [p.name for p in app.session.saved[:2]]  # recording went on while it learned
    assert read_model_metadata(student)["teacher"]["files"] == taught_by
    assert "Your student scored" in app.teach.lines[0]
    press(pygame.K_d)
    app.tick()
    assert app.session.controller.model == student.name and app.teach.state is TeachState.CLOSED
    app.teach.shutdown()


def test_closing_the_window_ends_the_teach_process(human_demos, tmp_path, monkeypatch):
    directory, _ = human_demos
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path / "data"))
    app = make_app(demos_dir=directory, teach_args=("--updates", "100000"))
    app.teach.player = SimulatedHuman.name
    press(pygame.K_t)
    press(pygame.K_RETURN)  # at once: it starts as soon as the recordings are read
    tick_until(app, lambda: app.teach.process is not None)
    process = app.teach.process
    assert process is not None and process.running
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.run()  # the QUIT ends the loop; closing waits for the teach process
    assert process.proc.returncode is not None, "no orphan: the teach process ended with the window"


@pytest.mark.slow
def test_teach_events_are_json_lines_from_start_to_done(human_demos, tmp_path, monkeypatch):
    directory, _ = human_demos
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path))
    process = TeachProcess(["--demos", str(directory), "--player", SimulatedHuman.name, "--out", str(tmp_path), *TINY])
    process.proc.wait(600)
    time.sleep(0.2)  # the reader thread takes the last lines
    events = process.drain()
    assert event_name(events[0]) == "start" and event_name(events[-1]) == "done", process.last_error
    progress = next(e for e in events if isinstance(e, TeachProgress))
    assert {"updates", "agreement", "left_s", "curve"} <= set(json.loads(to_json(progress)))
    assert [from_json(to_json(e)) for e in events] == events


def test_t_with_only_agent_games_says_to_record_your_own(scripted_demos):
    directory, _ = scripted_demos
    app = make_app(demos_dir=directory)
    press(pygame.K_t)
    for event in pygame.event.get():  # the key alone, before the frame takes in the listing: a thread reads
        app.handle(event)  # the headers, and on a fast machine it is done within the same frame
    assert app.teach.state is TeachState.PLAN and app.teach.lines[0] == "reading your recordings ..."
    tick_until(app, lambda: plan_shown(app))
    assert not app.teach.can_start
    assert app.teach.lines[:3] == [
        "0 recorded games of yours (at least 2 needed).",
        "(2 other recordings: agents' or unfinished games do not teach)",
        "Press F5 to record, then play whole games.",
    ]
    press(pygame.K_RETURN)
    app.tick()
    assert app.teach.process is None, "Enter starts nothing"
    press(pygame.K_ESCAPE)
    app.tick()
    assert app.teach.state is TeachState.CLOSED and app.running, "Esc closed the panel, not the window"


def test_t_without_torch_says_teaching_needs_the_full_version(human_demos, monkeypatch):
    import crossy_desktop.app.teaching as teaching

    monkeypatch.setattr(teaching, "can_teach", lambda: False)
    app = make_app(demos_dir=human_demos[0])
    press(pygame.K_t)
    app.tick()
    assert "needs the full version" in app.teach.lines[0] and not app.teach.can_start


def test_a_teach_process_that_fails_says_why_in_the_panel(human_demos, tmp_path, monkeypatch):
    from crossy_desktop.app.teaching import TeachPanel

    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path))
    panel = TeachPanel(human_demos[0], SimulatedHuman.name, extra_args=("--demos", str(tmp_path / "gone")))
    panel.open()
    panel.start()
    deadline = time.monotonic() + 120
    while panel.state in (TeachState.PLAN, TeachState.RUNNING) and time.monotonic() < deadline:
        panel.poll()
        time.sleep(0.02)
    assert panel.state is TeachState.FINISHED and panel.student is None
    assert panel.lines[0].startswith("teaching stopped: ") and "record at least 2" in panel.lines[0]


def test_a_recordings_folder_that_cannot_be_read_says_so_in_the_panel(human_demos, monkeypatch):
    import crossy_desktop.app.teaching as teaching

    def unreadable(directory, player):
        raise PermissionError(13, "Permission denied", str(directory))

    monkeypatch.setattr(teaching, "player_games", unreadable)
    app = make_app(demos_dir=human_demos[0])
    press(pygame.K_t)
    press(pygame.K_RETURN)
    tick_until(app, lambda: plan_shown(app))
    line = app.teach.lines[0]
    assert line.startswith(f"cannot read {human_demos[0]}: ") and "Permission denied" in line
    assert app.teach.process is None and app.running, "nothing started, the window stays up"
