"""The fault suite, second round: hostile values in the surfaces added after the first (settings, sweep specs,
names that reach paths, bombs in demonstration files, run folders). Each input must give at most one line
and lose nothing; none may write outside the folders it was given."""

from __future__ import annotations

import json

import numpy as np
import pygame
import pytest
from helpers import NoWaitClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossy_desktop.cli import build_parser
from crossy_desktop.cli.play import app_config
from crossy_desktop.storage.settings import Settings, SettingsError, load_settings

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))


# -- settings ------------------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
SETTING_NAMES = st.sampled_from([*Settings.__dataclass_fields__, "from_the_future"])
SIZES = st.integers(min_value=-(10**40), max_value=10**40)
HOSTILE_SETTINGS = {
    "the-smallest-clamp": b'{"window_size": [160, 210]}',
    "negative": b'{"window_size": [-500, -500]}',
    "too-large": b'{"window_size": [100000, 100000]}',
    "overflow": b'{"window_size": [1000000000000000000000000000000, 5]}',
    "nested": b"[" * 100_000 + b"]" * 100_000,
    "a-megabyte": b'{"muted": true, "pad": "' + b"x" * 1_000_000 + b'"}',
    "nan-volume": b'{"volume": NaN, "scale": 1e400}',
}


def _start_and_close(tmp_path, monkeypatch, presenter: str, frames: int = 30) -> Settings:
    """`crossy` as it starts from the saved settings, a few frames of play, closed: what it saved."""
    monkeypatch.setenv("CROSSY_CONFIG_DIR", str(tmp_path))
    from crossy_desktop.app.window import CrossyApp

    pygame.init()
    config = app_config(build_parser().parse_args(["--presenter", presenter, "--controller", "random"]))
    config.max_frames = frames
    app = CrossyApp(config)
    app.clock = NoWaitClock()
    assert app.run() == 0
    size = app.view.screen.get_size()
    smallest = app.view.smallest_window
    assert size[0] >= smallest[0] and size[1] >= smallest[1], f"a {size} window cuts off the games or the panel"
    pygame.quit()
    return load_settings(tmp_path / "settings.json")


@pytest.mark.parametrize("presenter", ["renderer", "surface"])
@pytest.mark.parametrize("name", HOSTILE_SETTINGS)
def test_any_saved_settings_start_the_window_with_at_most_one_line(tmp_path, monkeypatch, capsys, presenter, name):
    (tmp_path / "settings.json").write_bytes(HOSTILE_SETTINGS[name])
    saved = _start_and_close(tmp_path, monkeypatch, presenter)
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("crossy")]
    assert len(err) <= 1, err
    desktop = pygame.display.get_desktop_sizes()[0] if pygame.display.get_init() else (1024, 768)
    if saved.window_size is not None:
        assert 235 <= saved.window_size[0] <= max(235, desktop[0]) and saved.window_size[1] >= 210
    again = _start_and_close(tmp_path, monkeypatch, presenter)  # and the next start, from what was saved
    assert again == saved


@FUZZ
@given(st.dictionaries(SETTING_NAMES, JSON_VALUES | st.lists(SIZES, min_size=2, max_size=2)))
def test_generated_settings_files_load_or_give_one_line_and_stay_in_bounds(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    path.write_text(json.dumps(data))
    try:
        loaded = load_settings(path)
    except SettingsError as exc:
        assert "\n" not in str(exc)
        return
    assert 1 <= loaded.scale <= 8 and 0 <= loaded.volume <= 1
    if loaded.window_size is not None:
        w, h = loaded.window_size
        assert 160 <= w <= 16_384 and 210 <= h <= 16_384


@FUZZ
@given(st.tuples(SIZES, SIZES), st.sampled_from([1, 2]))
def test_the_view_fits_any_size_between_its_content_and_the_desktop(size, games):
    from crossy_desktop.app.view import View

    pygame.init()
    view = View(1, False)
    view.layout(games=games)
    w, h = view.fit_window(size)
    low_w, low_h = view.smallest_window
    desktop_w, desktop_h = pygame.display.get_desktop_sizes()[0]
    assert low_w <= w <= max(low_w, desktop_w) and low_h <= h <= max(low_h, desktop_h)
    if low_w <= size[0] <= desktop_w and low_h <= size[1] <= desktop_h:
        assert (w, h) == size, "a size that fits is kept as the player gave it"


def test_a_window_dragged_smaller_than_its_content_springs_back_to_the_smallest():
    from crossy_desktop.app.view import View

    pygame.init()
    view = View(2, False)
    pygame.display.set_mode((120, 120), pygame.RESIZABLE)  # what a drag to 120x120 leaves pygame with
    view.resized()
    assert view.screen.get_size() == view.window_size == view.smallest_window == (235, 210)
    view.draw_game(np.zeros((210, 160, 3), np.uint8))  # draws, no subsurface error
    pygame.display.quit()
