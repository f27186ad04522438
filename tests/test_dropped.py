"""Files dropped on the window: a model is kept in your models and takes the chicken; a recorded game replays
and hands the chicken back; a bad file is one line in the HUD while the game plays on."""

import shutil
from pathlib import Path

import pygame
from helpers import make_app, press, tick_until

from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.play.playback_check import PlaybackCheck
from crossy_desktop.storage.demo_file import load_demo, read_meta

MODEL = Path(__file__).parent.parent / "models" / "freeway-dqn.safetensors"


def drop(path: Path) -> None:
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(path)))


def dropped(app, path: Path) -> None:
    """Drop `path` and run window frames until the window has taken what its worker made of it."""
    drop(path)
    app.tick()
    tick_until(app, lambda: not app.dropped._pending)


def test_a_dropped_model_is_copied_into_your_models_once_and_takes_the_chicken(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path / "data"))
    handed = tmp_path / "downloads" / "friends-agent.safetensors"
    handed.parent.mkdir()
    shutil.copyfile(MODEL, handed)
    app = make_app(controller="human")
    monkeypatch.setattr(app.roster, "dqn", None)  # the frame loop loads nothing: the worker made the controller
    drop(handed)
    tick_until(app, lambda: app.session.controller.kind == ControllerKind.DQN)
    kept = tmp_path / "data" / "models" / "friends-agent.safetensors"
    assert kept.read_bytes() == handed.read_bytes() and handed.exists(), "copied, the original left where it was"
    assert app.session.controller.model_path == kept and "friends-agent" in app.notices.message
    dropped(app, handed)  # the same file again: no second copy
    assert sorted(p.name for p in kept.parent.iterdir()) == ["friends-agent.safetensors"]
    other = tmp_path / "downloads" / "other" / "friends-agent.safetensors"  # same name, other weights
    other.parent.mkdir()
    data = bytearray(MODEL.read_bytes())
    data[-1] ^= 1  # the last weight's lowest bits
    other.write_bytes(bytes(data))
    drop(other)
    tick_until(app, lambda: app.session.controller.model_path.name == "friends-agent-2.safetensors")
    assert kept.read_bytes() == handed.read_bytes(), "never over a file"
    assert sorted(p.name for p in kept.parent.iterdir()) == ["friends-agent-2.safetensors", "friends-agent.safetensors"]


def test_a_bad_file_is_one_line_and_the_game_plays_on(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path / "data"))
    app = make_app(controller="scripted")
    before = app.session.controller
    for name, data in (("broken.safetensors", b"\x00" * 100), ("notes.txt", b"hello")):
        (tmp_path / name).write_bytes(data)
        dropped(app, tmp_path / name)
        assert app.notices.warning and "\n" not in app.notices.message and name in app.notices.message
    frames = app.frames_stepped
    for _ in range(10):
        app.tick()
    assert app.session.controller is before and app.frames_stepped == frames + 10 and app.running
    assert not (tmp_path / "data" / "models").exists() or not any((tmp_path / "data" / "models").iterdir())


def test_a_dropped_recording_replays_from_its_seed_then_hands_the_chicken_back(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path / "data"))
    recorder = make_app(controller="scripted", demos_dir=tmp_path / "demos", record=True, seed=31)
    for _ in range(400):
        recorder.tick()
    press(pygame.K_n)  # a new game: the first is saved, truncated at its last decision
    recorder.tick()
    recorder.close()
    demo_path = next(p for p in (tmp_path / "demos").glob("*.demo.npz") if read_meta(p).seed == 31)  # closing
    recorded = load_demo(demo_path)  # saved the second game too

    app = make_app(controller="human", demos_dir=tmp_path / "mine", record=True, seed=5)
    scoreboard = app.session.scoreboard
    drop(demo_path)
    tick_until(app, lambda: app.replay is not None)
    assert isinstance(app.replay, PlaybackCheck) and app.session.game_seed == 31
    assert app.session.scoreboard is None and app.session.record_dir is None, "a replay is no score, no recording"
    tick_until(app, lambda: app.replay is not None and app.replay.score is not None, seconds=60)
    assert app.replay.matches and app.replay.score == recorded.meta.score
    tick_until(app, lambda: app.replay is None, seconds=30)
    assert app.session.controller is app.roster.human and app.running, "the chicken is yours again"
    assert app.session.scoreboard is scoreboard and app.session.record_dir == tmp_path / "mine"
