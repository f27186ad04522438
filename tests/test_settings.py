"""Settings that stick: saved when the window closes, read at the next start, command line on top, and a
damaged file costs one line, never the start."""

from __future__ import annotations

import json

import pygame
import pytest
from helpers import make_app, press, release

from crossy_desktop.cli import build_parser
from crossy_desktop.cli.play import app_config
from crossy_desktop.storage.settings import FIT_ZOOM, Settings, SettingsError, load_settings, save_settings


def test_settings_round_trip_and_a_missing_file_gives_the_defaults(tmp_path):
    path = tmp_path / "settings.json"
    assert load_settings(path) == Settings()
    wanted = Settings(scale=3, window_size=(900, 700), muted=True, volume=0.3, speed="4x", controller="random")
    save_settings(wanted, path)
    assert load_settings(path) == wanted
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temp file, nothing left behind


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b""])
def test_a_damaged_settings_file_is_one_line(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    with pytest.raises(SettingsError, match="damaged") as info:
        load_settings(path)
    assert "\n" not in str(info.value)


def test_values_of_the_wrong_type_fall_back_alone_and_unknown_keys_are_ignored(tmp_path):
    path = tmp_path / "settings.json"
    data = {"scale": "huge", "muted": True, "volume": 7, "window_size": [10, "x"], "from_the_future": 1}
    path.write_text(json.dumps(data))
    settings = load_settings(path)
    assert settings.scale == Settings().scale and settings.window_size is None
    assert settings.muted is True and settings.volume == 1.0  # kept, clamped to 0..1


def _config(tmp_path, monkeypatch, *argv: str):
    monkeypatch.setenv("CROSSY_CONFIG_DIR", str(tmp_path))
    return app_config(build_parser().parse_args(list(argv)))


def test_the_command_line_starts_from_the_saved_settings_and_overrides_them(tmp_path, monkeypatch):
    saved = Settings(scale=2, muted=True, speed="max", controller="scripted", record=True)
    save_settings(saved, tmp_path / "settings.json")
    config = _config(tmp_path, monkeypatch)
    assert (config.scale, config.mute, config.speed, config.record) == (2, True, "max", True)
    assert config.controller == "scripted"
    assert config.settings_path == tmp_path / "settings.json"
    config = _config(tmp_path, monkeypatch, "--scale", "3", "--no-mute", "--controller", "human", "--no-record")
    assert (config.scale, config.mute, config.controller, config.record) == (3, False, "human", False)
    config = _config(tmp_path, monkeypatch, "--reset-settings")
    assert (config.scale, config.mute, config.controller) == (FIT_ZOOM, False, "human")
    assert _config(tmp_path, monkeypatch, "--max-frames", "10").settings_path is None  # scripts never save them


def test_a_damaged_file_is_reported_and_the_defaults_used(tmp_path, monkeypatch, capsys):
    (tmp_path / "settings.json").write_text("{oops")
    config = _config(tmp_path, monkeypatch)
    assert config.scale == FIT_ZOOM  # the largest zoom that fits the screen
    err = capsys.readouterr().err.strip()
    assert err.startswith("crossy: settings file") and "default settings" in err and "\n" not in err


def test_the_window_saves_what_the_player_changed(tmp_path):
    path = tmp_path / "settings.json"
    app = make_app(controller="random", volume=0.5, settings_path=path, settings=Settings(volume=0.5))
    app.set_speed("4x")
    for key in (pygame.K_MINUS, pygame.K_F5):
        press(key)
        release(key)
    app.tick()
    app.running = False
    app.run()
    saved = load_settings(path)
    assert (saved.controller, saved.speed, saved.record, saved.scale) == ("random", "4x", True, 1)
    if app.audio.available:
        assert saved.volume == 0.4
    else:
        assert saved.volume == 0.5  # no sound device: the player's volume is left as it was


def test_a_window_without_a_settings_file_writes_none(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_CONFIG_DIR", str(tmp_path))
    app = make_app()
    app.running = False
    app.run()
    assert not (tmp_path / "settings.json").exists()
