"""A real X window under Xvfb, driven by real key presses (xdotool), read back from screenshots."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pygame
import pytest

from crossy_desktop.app.hud import BG

pytestmark = pytest.mark.xwindow

TOOLS = ("Xvfb", "xdotool", "import")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
SCALE = 2
CHICKEN_YELLOW = np.array([252, 252, 84])


@pytest.fixture
def xdisplay(request):
    """An Xvfb display, 1280x1024 unless the test asks for another size (indirect parametrize)."""
    if MISSING:
        pytest.skip(f"needs {', '.join(MISSING)} (apt-get install xvfb xdotool imagemagick; .ci/run does)")
    for number in range(90, 110):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    display = f":{number}"
    size = getattr(request, "param", "1280x1024")
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"])
    deadline = time.time() + 10
    while not _answers(display):  # a socket alone may be the last server's, still going away
        if time.time() > deadline or server.poll() is not None:
            server.kill()
            pytest.skip("Xvfb did not start")
        time.sleep(0.1)
    yield display
    server.terminate()
    server.wait(timeout=10)


def _answers(display: str) -> bool:
    """The X server on `display` takes a connection (and it is this size: whatever answers is the new one)."""
    env = {**os.environ, "DISPLAY": display}
    done = subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True, text=True, timeout=20)
    return done.returncode == 0 and bool(done.stdout.strip())


def _xdotool(display: str, *args: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=20).stdout.strip()


def _screenshot(display: str, window: str, tmp_path: Path, name: str) -> np.ndarray:
    """The window as the X server shows it: (height, width, 3)."""
    shot = tmp_path / f"{name}.png"
    env = {**os.environ, "DISPLAY": display}
    for tries_left in (2, 1, 0):  # ImageMagick's import has hung now and then on a busy machine (CI, 2026-12-02)
        try:
            subprocess.run(["import", "-window", window, str(shot)], env=env, check=True, timeout=20)
            break
        except subprocess.TimeoutExpired:
            if not tries_left:
                raise
    return pygame.surfarray.array3d(pygame.image.load(str(shot))).transpose(1, 0, 2)


def _chicken_row(display: str, window: str, tmp_path: Path, name: str, scale: int = SCALE, at=(0, 0)) -> int:
    """Screen row (in game pixels) of the player's chicken, found by its colour beside the lane markings;
    the game drawn at `scale` with its top-left corner at `at` (x, y)."""
    pixels = _screenshot(display, window, tmp_path, name)
    x, y = at
    game = pixels[y : y + 210 * scale : scale, x : x + 160 * scale : scale]  # back to 160x210 game pixels
    rows = np.where((game[:, 48:50] == CHICKEN_YELLOW).all(-1).any(axis=1))[0]
    assert len(rows), f"no chicken in {tmp_path / name}.png"
    return int(rows.min())


HOLD_UP_S = 10.0  # 2.5 s is enough at 60 frames per second; busy 2-core machines have drawn a third of that


@pytest.mark.parametrize("presenter", ["surface", "renderer"])
def test_holding_up_in_a_real_window_crosses_lanes(xdisplay, tmp_path, presenter):
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER",)}
    env.update(DISPLAY=xdisplay, SDL_AUDIODRIVER="dummy", CROSSY_DATA_DIR=str(tmp_path))
    app = subprocess.Popen(
        [sys.executable, "-m", "crossy_desktop", "--scale", str(SCALE), "--seed", "3", "--presenter", presenter],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = _game_window(xdisplay, app)
        assert window, "the game window never appeared"
        time.sleep(1.0)
        _xdotool(xdisplay, "key", "space")  # leave the start screen
        time.sleep(1.0)
        bottom = _chicken_row(xdisplay, window, tmp_path, "before")
        _xdotool(xdisplay, "keydown", "Up")
        held, lanes, after = time.time(), 0.0, bottom
        while lanes < 3 and time.time() - held < HOLD_UP_S:  # a slow machine draws fewer frames a second
            time.sleep(0.5)
            after = _chicken_row(xdisplay, window, tmp_path, "after")
            lanes = (bottom - after) / 16  # lanes are 16 game pixels apart
        held = time.time() - held
        _xdotool(xdisplay, "keyup", "Up")
        assert lanes >= 3, f"holding Up for {held:.1f} s moved the chicken {lanes:.1f} lanes (rows {bottom} -> {after})"
        _xdotool(xdisplay, "windowmove", window, "0", "0")  # all of it on the 1280x1024 screen once resized
        _xdotool(xdisplay, "windowsize", window, "1000", "900")
        time.sleep(2.0)
        shot = _screenshot(xdisplay, window, tmp_path, "resized")
        assert shot.shape[:2] == (900, 1000), f"the window is {shot.shape[1]}x{shot.shape[0]} after resizing"
        # 1000 x 900 fits the game and the panel (235 x 210 game pixels) at zoom 4: 940 x 840, centred
        assert (shot[:30, :] == 0).all() and (shot[:, :30] == 0).all(), "no black bars around the game"
        row = _chicken_row(xdisplay, window, tmp_path, "resized-game", scale=4, at=(30, 30))  # the game, zoomed 4x
        assert abs(row - after) <= 32, f"chicken at row {row} after resizing, {after} before"  # a car may push it
        _xdotool(xdisplay, "key", "Escape")
        assert app.wait(timeout=20) == 0
    finally:
        if app.poll() is None:
            app.kill()
        out, err = app.communicate(timeout=10)
        print(err)


def _start(display: str, tmp_path: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """`crossy` in the X display, with its data and settings in `tmp_path`; the process and its window id."""
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER",)}
    env.update(DISPLAY=display, SDL_AUDIODRIVER="dummy", CROSSY_DATA_DIR=str(tmp_path))
    app = subprocess.Popen(
        [sys.executable, "-m", "crossy_desktop", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    return app, _game_window(display, app)


def _game_window(display: str, app: subprocess.Popen, timeout_s: float = 60.0) -> str:
    """The id of the app's window once it stays: SDL may make its X window anew when the renderer starts
    (an OpenGL renderer recreates a window made without OpenGL), and an id caught before that names nothing
    (CI, 2026-12-02: ImageMagick's import waited on such an id until it timed out). "" if none came."""
    seen, deadline = "", time.time() + timeout_s
    while time.time() < deadline and app.poll() is None:
        found = _xdotool(display, "search", "--onlyvisible", "--class", "CrossyDesktop").split("\n")
        if len(found) == 1 and found[0] and found[0] == seen:  # the same one window twice, half a second apart
            return seen
        seen = found[-1]
        time.sleep(0.5)
    return ""


def test_a_window_shrunk_to_its_smallest_starts_again_and_plays(xdisplay, tmp_path):
    """Issue 27: a player drags the window to 120x120 and quits; the next start must open and play."""
    app, window = _start(xdisplay, tmp_path, "--seed", "3", "--controller", "human")
    try:
        assert window, f"the game window never appeared: {app.stderr.read() if app.poll() is not None else ''}"
        time.sleep(1.0)
        _xdotool(xdisplay, "windowsize", window, "120", "120")  # as a person dragging its corner would
        time.sleep(1.5)
        shot = _screenshot(xdisplay, window, tmp_path, "shrunk")
        assert shot.shape[:2] == (210, 235), f"the window stayed {shot.shape[1]}x{shot.shape[0]}, under its content"
        _xdotool(xdisplay, "key", "Escape")
        assert app.wait(timeout=20) == 0, app.communicate(timeout=10)[1]
    finally:
        if app.poll() is None:
            app.kill()
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["window_size"] == [235, 210], saved
    app, window = _start(xdisplay, tmp_path, "--seed", "3")
    try:
        assert window, f"the second start opened no window: {app.communicate(timeout=10)[1]}"
        time.sleep(1.0)
        _xdotool(xdisplay, "key", "space")
        time.sleep(0.5)
        bottom = _chicken_row(xdisplay, window, tmp_path, "again-before", scale=1)
        _xdotool(xdisplay, "keydown", "Up")
        lanes, held = 0.0, time.time()
        while lanes < 2 and time.time() - held < HOLD_UP_S:
            time.sleep(0.5)
            lanes = (bottom - _chicken_row(xdisplay, window, tmp_path, "again-after", scale=1)) / 16
        _xdotool(xdisplay, "keyup", "Up")
        assert lanes >= 2, f"the restarted game did not play: {lanes:.1f} lanes"
        _xdotool(xdisplay, "key", "Escape")
        assert app.wait(timeout=20) == 0
        assert "Traceback" not in app.communicate(timeout=10)[1]
    finally:
        if app.poll() is None:
            app.kill()


@pytest.mark.parametrize("xdisplay", ["1920x1080"], indirect=True)
def test_the_versus_window_at_zoom_4_lies_wholly_on_a_1920x1080_screen(xdisplay, tmp_path):
    """Issue 30: V from the solo window (opened centred) grew it to the right, off the screen, HUD cut off."""
    app, window = _start(xdisplay, tmp_path, "--seed", "3", "--scale", "4", "--controller", "human")
    try:
        assert window, f"the game window never appeared: {app.stderr.read() if app.poll() is not None else ''}"
        time.sleep(1.0)
        _xdotool(xdisplay, "key", "v")
        # The app resizes the window, then moves it: two requests, so wait for the move as well as the size.
        x, y, w, h, deadline = 0, 0, 0, 0, time.time() + 20
        while ((w, h) != (1580, 840) or x + w > 1920 or y + h > 1080) and time.time() < deadline:
            time.sleep(0.5)
            shell = _xdotool(xdisplay, "getwindowgeometry", "--shell", window)
            geometry = dict(line.split("=") for line in shell.split())
            x, y, w, h = (int(geometry[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))
        assert (w, h) == (1580, 840), f"the versus window is {w}x{h}"
        assert x >= 0 and y >= 0 and x + w <= 1920 and y + h <= 1080, f"the window at {x},{y} runs off the screen"
        time.sleep(0.5)
        screen = _screenshot(xdisplay, "root", tmp_path, "versus-on-screen")
        assert tuple(screen[y + h // 2, x + w - 8]) == BG, "the HUD's right edge shows on the screen"
        _xdotool(xdisplay, "key", "Escape")
        assert app.wait(timeout=20) == 0, app.communicate(timeout=10)[1]
    finally:
        if app.poll() is None:
            app.kill()


def _reddish(shot: np.ndarray) -> float:
    """The share of pixels tinted red (the agent's eye's glow over the grey road; the cars are few)."""
    r, g, b = (shot[..., i].astype(int) for i in range(3))
    return float(((r - g > 40) & (r - b > 40)).mean())


def test_e_in_a_real_window_shows_where_the_dqn_looks(xdisplay, tmp_path):
    """Issue 30: the agent's eye, turned on by a real key press: the glow over the game, the frames in the panel."""
    app, window = _start(xdisplay, tmp_path, "--seed", "3", "--scale", str(SCALE), "--controller", "dqn")
    try:
        assert window, f"the game window never appeared: {app.stderr.read() if app.poll() is not None else ''}"
        time.sleep(2.0)
        before = _screenshot(xdisplay, window, tmp_path, "eye-off")
        _xdotool(xdisplay, "key", "e")
        glow, deadline = 0.0, time.time() + 20
        while glow < _reddish(before[:, : 160 * SCALE]) + 0.02 and time.time() < deadline:
            time.sleep(0.5)
            after = _screenshot(xdisplay, window, tmp_path, "eye-on")
            glow = _reddish(after[:, : 160 * SCALE])
        assert glow >= _reddish(before[:, : 160 * SCALE]) + 0.02, f"no glow over the game ({glow:.3f} red)"
        panel_bottom = after[-60 * SCALE :, 160 * SCALE :]
        grey = (panel_bottom[..., 0] == panel_bottom[..., 1]) & (panel_bottom[..., 1] == panel_bottom[..., 2])
        assert (grey & (panel_bottom[..., 0] > 100)).mean() > 0.2, "the panel shows no frames of what it sees"
        _xdotool(xdisplay, "key", "Escape")
        assert app.wait(timeout=20) == 0, app.communicate(timeout=10)[1]
    finally:
        if app.poll() is None:
            app.kill()
