"""The agent's eye (E): saliency marks where the network looks and nowhere else, the worker maps the newest
sight off the frame loop, the window draws it on the agent's side, and the agent plays exactly as without it."""

import time

import numpy as np
import pygame
import pytest

from crossy_desktop.app.agent_eye import HEAT_RGB, AgentEye, EyeView, frames_image, glow, heat_alpha, upsample
from crossy_desktop.app.config import Presenter
from crossy_desktop.app.view import frame_surface
from crossy_desktop.controllers.base import ControllerKind, Sight
from crossy_desktop.rl.saliency import SaliencyConfig, blur, saliency
from tests.helpers import make_app, press


def left_half_network(pixels: np.ndarray) -> np.ndarray:
    """A hand-made Q-network that looks only at the left 30 columns of the newest frame: UP's value is their
    brightness, the other actions' zero."""
    seen = pixels[:, -1, :, :30].mean(axis=(1, 2)) / 255.0
    return np.stack([np.zeros_like(seen), seen * 3.0, np.zeros_like(seen)], axis=1).astype(np.float32)


def test_saliency_is_zero_where_the_network_does_not_look():
    rng = np.random.default_rng(3)
    obs = rng.integers(0, 256, (4, 84, 84), dtype=np.uint8)  # texture everywhere: blurring changes it everywhere
    config = SaliencyConfig(grid=14, mask_sigma=5.0)
    s = saliency(left_half_network, obs, config)
    assert s.shape == (14, 14)
    columns = (np.arange(14) + 0.5) * 84 / 14  # each grid point's centre
    looked_at, far = columns < 24, columns > 30 + 3 * config.mask_sigma  # the patch's reach: 3 sigma
    assert s[:, looked_at].min() > 0
    assert s[:, far].max() <= 1e-6 * s.max()


def test_saliency_ignores_a_change_that_moves_all_q_values_alike():
    """A state's value chooses nothing: a network whose every Q-value is the brightness has no saliency."""
    rng = np.random.default_rng(4)
    obs = rng.integers(0, 256, (4, 84, 84), dtype=np.uint8)

    def same_for_all(pixels):
        return np.repeat(pixels.mean(axis=(1, 2, 3))[:, None], 3, axis=1).astype(np.float32)

    assert saliency(same_for_all, obs).max() < 1e-9


def test_blur_keeps_flat_frames_and_smooths_an_edge():
    flat = np.full((2, 20, 20), 100.0, np.float32)
    np.testing.assert_allclose(blur(flat, 3.0), flat, atol=1e-3)
    edge = np.zeros((20, 20), np.float32)
    edge[:, 10:] = 255
    row = blur(edge, 2.0)[5]
    assert 0 < row[9] < row[10] < 255 and np.all(np.diff(row) >= -1e-4)


def test_pictures_of_a_map():
    grid = np.zeros((14, 14), np.float32)
    grid[0, 0] = 1.0
    alpha = heat_alpha(upsample(grid, (210, 160)))
    assert alpha.shape == (210, 160) and alpha.dtype == np.uint8
    assert alpha[0, 0] > 150 and alpha[-1, -1] == 0  # opaque where it looks, clear elsewhere
    frames = np.stack([np.full((84, 84), v, np.uint8) for v in (10, 20, 30, 40)])
    picture = frames_image(frames)
    assert picture.shape == (168, 168, 3)
    assert [picture[0, 0, 0], picture[0, 100, 0], picture[100, 0, 0], picture[100, 100, 0]] == [10, 20, 30, 40]


def test_the_glow_tints_only_where_the_agent_looks():
    a = np.zeros((210, 160, 1), np.uint16)
    a[:50, :40] = 128  # half opaque in the top left corner
    view = EyeView(keep=256 - a, tint=a * np.array(HEAT_RGB, np.uint16), frames=np.zeros((168, 168, 3), np.uint8),
                   number=0, compute_s=0.0)  # fmt: skip
    frame = np.full((210, 160, 3), 100, np.uint8)
    tinted = glow(frame, view)
    assert tinted.dtype == np.uint8 and (tinted[50:] == frame[50:]).all() and (tinted[:, 40:] == frame[:, 40:]).all()
    assert tuple(tinted[0, 0]) == tuple((np.array(HEAT_RGB) + 100) // 2)


def test_the_worker_maps_the_newest_sight_and_forgets_on_request():
    eye = AgentEye()
    try:
        obs = np.random.default_rng(5).integers(0, 256, (4, 84, 84), dtype=np.uint8)
        eye.look(Sight(obs, left_half_network))
        deadline = time.monotonic() + 10
        while eye.latest() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        view = eye.latest()
        assert view is not None and view.frames.shape == (168, 168, 3)
        opacity = 256 - view.keep[..., 0].astype(int)
        assert opacity[:, :40].max() > 100 and opacity[:, 100:].max() == 0  # the left only
        eye.forget()
        assert eye.latest() is None
    finally:
        eye.close()
    assert not eye._thread.is_alive()


def _actions(eye: bool, frames: int = 600) -> tuple[list[int], object]:
    app = make_app(controller=ControllerKind.DQN, eye=eye)
    actions = []
    try:
        for _ in range(frames):
            app.tick()
            actions.append(app.session.action)
            if eye:  # give the worker time (it gives way to everything else): the test is that it changes nothing
                time.sleep(0.005)
        return actions, app.eye.shown
    finally:
        app.close()


def test_the_agent_plays_the_same_with_its_eye_on():
    without, _ = _actions(eye=False)
    with_eye, shown = _actions(eye=True)
    assert shown is not None  # the eye did map during the game
    assert with_eye == without


@pytest.mark.parametrize("presenter", list(Presenter))
@pytest.mark.parametrize("versus", [False, True])
def test_the_window_shows_the_eye_on_the_agents_side(versus, presenter):
    versus_agent = ControllerKind.DQN if versus else None
    app = make_app(controller=ControllerKind.DQN, scale=2, versus=versus_agent, presenter=presenter)
    try:
        if versus:
            press(pygame.K_UP)  # versus waits for the player to start
        press(pygame.K_e)
        deadline = time.monotonic() + 20
        while app.eye.shown is None and time.monotonic() < deadline:
            app.tick()
        assert app.eye.shown is not None and app.eye.shown[1] == (1 if versus else 0)
        app.tick()
        assert app.view.hud.eye_rect is not None  # the frames' box replaced the keys' help
        assert app.hud_info().q_values is not None  # the agent's Q-values, in versus too
        shot = pygame.surfarray.array3d(app.view.snapshot())
        for side, game in enumerate([app.session, *([app.versus.right] if versus else [])]):
            rect = app.view.game_rects[side]
            plain = pygame.surfarray.array3d(pygame.transform.scale(frame_surface(game.game.frame), rect.size))
            glows = (shot[rect.left : rect.right, rect.top : rect.bottom] != plain).any(axis=2).mean()
            assert (glows > 0.02) == (side == app.eye.shown[1])  # the heat is over the agent's game alone
        press(pygame.K_e)
        app.tick()
        assert app.eye.shown is None and app.view.hud.eye_rect is None
    finally:
        app.close()
