"""Recording in the app: F5 / --record, REC in the HUD, every game saved whole, nothing half-written."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pygame
import pytest
from helpers import make_app, press

from crossy_desktop.app.window import Screen
from crossy_desktop.game.core import FRAMES_PER_GAME
from crossy_desktop.play.recorder import GameRecorder
from crossy_desktop.storage.demo_file import RAM_BYTES, load_demo, load_demo_dir


def test_f5_records_the_game_in_progress_from_its_start_and_quitting_saves_it_truncated(tmp_path):
    app = make_app(demos_dir=tmp_path)
    press(pygame.K_UP)
    for _ in range(100):
        app.tick()
    assert not app.hud_info().recording
    press(pygame.K_F5)
    for _ in range(100):
        app.tick()
    assert app.hud_info().recording
    app.running = False
    app.run()  # the loop ends at once and closes the session, as Esc does
    (path,) = tmp_path.glob("*.demo.npz")
    demo = load_demo(path)
    assert demo.meta.truncated and "truncated" in path.name
    assert demo.meta.decisions == 50, "200 frames from the game's start, at one decision per 4 frames"
    assert demo.meta.controllers == ["human"] and demo.actions[0] == 1  # UP


def test_a_recorded_agent_game_is_saved_whole_when_it_ends_with_who_played(tmp_path):
    app = make_app(controller="random", record=True, demos_dir=tmp_path, speed="2x")
    for _ in range(10):
        app.tick()
    press(pygame.K_b)  # hand over to the scripted bot mid-game
    app.set_speed("max")
    while app.screen_state is not Screen.OVER:
        app.tick()
    app.session.flush()  # the file is written off the frame loop
    (path,) = tmp_path.glob("*.demo.npz")
    demo = load_demo(path)
    assert not demo.meta.truncated and demo.meta.decisions == FRAMES_PER_GAME // 4
    assert demo.meta.score == app.session.score
    assert demo.meta.controllers == ["random", "scripted"]
    assert demo.controllers[0] == 0 and demo.controllers[-1] == 1
    assert app.hud_info().demos_saved == 1


def test_an_unwritable_demos_folder_shows_a_message_and_the_game_goes_on(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    app = make_app(controller="scripted", record=True, demos_dir=blocker / "demos", speed="max")
    while app.screen_state is not Screen.OVER:
        app.tick()
    app.session.flush()
    assert "demonstration not saved" in app.hud_info().message and app.hud_info().warning
    app.tick()
    assert app.running


@pytest.mark.slow
def test_sigkill_mid_game_leaves_every_earlier_game_intact_and_no_partial_file(tmp_path):
    """Kill a recording app while it plays; every file left must load whole, games already saved included."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    cmd = [sys.executable, "-m", "crossy_desktop", "--controller", "scripted", "--speed", "max", "--mute"]
    proc = subprocess.Popen([*cmd, "--record", "--demos", str(tmp_path), "--seed", "11"], env=env)
    try:
        deadline = time.monotonic() + 90
        while len(list(tmp_path.glob("*.demo.npz"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.7)  # well into the third game
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    found = load_demo_dir(tmp_path)
    assert found.errors == []
    assert len(found.demos) >= 2
    assert all(not d.meta.truncated and len(d) == 2048 for d in found.demos), "the unfinished game is absent"
    assert sorted(d.meta.seed for d in found.demos)[:2] == [11, 12]


def test_a_whole_game_fits_the_recorders_arrays_and_a_longer_one_grows_them():
    """2,048 decisions are a whole game: growing the arrays (a 14 MB copy) at the last one froze its frame for
    65-83 ms. Past a game's length they grow and keep every decision."""
    recorder = GameRecorder()
    frames, ram = recorder._frame_rows, np.zeros(RAM_BYTES, np.uint8)
    for t in range(2048):
        recorder.decide(np.full((84, 84), t % 251, np.uint8), ram, t % 3, "human")
    assert recorder._frame_rows is frames, "a whole game's decisions went into the arrays made for them"
    recorder.decide(np.full((84, 84), 7, np.uint8), ram, 1, "human")
    demo = recorder.finish(ram)
    assert len(demo.frames) == len(demo.actions) == 2049 and len(demo.rams) == 2050
    assert demo.frames[2047].max() == 2047 % 251 and demo.frames[2048].max() == 7
