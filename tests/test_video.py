"""Sharing: F12 saves a PNG, `crossy video` writes MP4/GIF of a game, G saves the last game as a GIF."""

import imageio.v2 as imageio
import imageio.v3 as iio
import pygame
import pytest
from helpers import make_app, press, run_cli

from crossy_desktop.app.window import Screen


def test_crossy_video_writes_an_mp4_at_60_fps_and_a_gif_at_one_frame_per_decision(tmp_path):
    mp4, gif = tmp_path / "game.mp4", tmp_path / "game.gif"
    assert run_cli("video", "scripted", "--out", str(mp4), "--max-frames", "240").returncode == 0
    reader = imageio.get_reader(mp4)
    assert reader.count_frames() == 241 and reader.get_meta_data()["fps"] == 60.0
    assert reader.get_meta_data()["size"] == (160, 210)
    reader.close()
    assert run_cli("video", "always-up", "--out", str(gif), "--max-frames", "240").returncode == 0
    frames = iio.imread(gif, index=None)
    assert frames.shape == (61, 210, 160, 3)  # the first frame, then one per decision
    assert not list(tmp_path.glob(".*")), "no temp files left behind"


def test_crossy_video_refuses_an_unknown_format_in_one_line(tmp_path):
    result = run_cli("video", "random", "--out", str(tmp_path / "game.avi"))
    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1] == f"crossy: --out {tmp_path / 'game.avi'}: use a .mp4 or .gif file name"
    )


@pytest.mark.slow
def test_g_saves_the_last_finished_game_as_a_gif_replayed_from_its_seed_and_actions(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path))
    app = make_app(controller="scripted", speed="max")
    press(pygame.K_g)
    app.tick()
    assert "no finished game" in app.notices.message
    while app.screen_state is not Screen.OVER:
        app.tick()
    final_frame = app.session.game.frame.copy()
    press(pygame.K_g)
    app.tick()
    app.exports.wait(timeout=300)
    (gif,) = (tmp_path / "videos").glob("*.gif")
    assert gif.name in app.notices.message
    frames = iio.imread(gif, index=None)
    assert len(frames) == 8192 // 4 + 1
    # GIF stores 256 colours at most; Freeway's frames have fewer, so the last frame comes back as shown.
    assert (frames[-1] == final_frame).mean() > 0.99


def test_f12_saves_a_png_of_the_window_in_the_user_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSY_DATA_DIR", str(tmp_path))
    app = make_app(controller="random", speed="2x")
    for _ in range(10):
        app.tick()
    press(pygame.K_F12)
    app.tick()
    (png,) = (tmp_path / "screenshots").glob("*.png")
    image = pygame.image.load(str(png))
    assert image.get_size() == app.view.size
    assert png.name in app.hud_info().message and not app.hud_info().warning
