"""The app as a player uses it, headless (SDL dummy drivers), driven by key events."""

import subprocess
import sys
import time

import numpy as np
import pygame
import pytest
from helpers import ScriptedActions, make_app, press, release, run_cli

from crossy_desktop.app.teaching import TeachBox
from crossy_desktop.app.window import Screen
from crossy_desktop.controllers.builtin import HumanController, RandomController
from crossy_desktop.game.core import PROTOCOL
from crossy_desktop.rl.observation import FrameStack


def ticks(app, n):
    for _ in range(n):
        app.tick()


def test_start_screen_waits_for_the_player_then_up_starts_and_moves_the_chicken():
    app = make_app()
    ticks(app, 10)
    assert app.screen_state is Screen.START and app.frames_stepped == 0
    start_y = app.session.game.chicken_y
    press(pygame.K_UP)
    ticks(app, 120)
    assert app.screen_state is Screen.PLAYING
    assert app.session.game.chicken_y >= start_y + 40, "two seconds of Up climbs several lanes"
    release(pygame.K_UP)
    ticks(app, 8)  # the current decision runs out, then NOOP
    y = app.session.game.chicken_y
    ticks(app, 60)
    assert app.session.game.chicken_y <= y, "with no key held the chicken does not climb"


def test_r_switches_to_the_random_agent_mid_game_and_h_back():
    app = make_app()
    press(pygame.K_UP)
    ticks(app, 40)
    release(pygame.K_UP)
    press(pygame.K_r)
    ticks(app, 200)
    assert isinstance(app.session.controller, RandomController)
    assert app.session.game_number == 1, "switching does not restart the game"
    press(pygame.K_h)
    ticks(app, 1)
    assert isinstance(app.session.controller, HumanController)


def test_n_starts_a_new_game_with_the_next_seed():
    app = make_app()
    press(pygame.K_UP)
    ticks(app, 100)
    assert app.session.game.frame_index >= 99
    press(pygame.K_n)
    ticks(app, 1)
    assert app.session.game_number == 2
    assert app.session.seed == app.session.base_seed + 1
    assert app.session.game.frame_index <= 1


def test_pause_stops_the_emulator_and_space_resumes():
    app = make_app(controller="random")
    ticks(app, 10)
    press(pygame.K_p)
    ticks(app, 1)
    frozen = app.session.game.frame_index
    ticks(app, 30)
    assert app.screen_state is Screen.PAUSED and app.session.game.frame_index == frozen
    press(pygame.K_SPACE)
    ticks(app, 5)
    assert app.session.game.frame_index > frozen


@pytest.mark.slow
def test_a_whole_game_ends_in_game_over_with_the_emulators_score():
    app = make_app()
    press(pygame.K_UP)  # hold Up for the whole game
    rewards = 0.0
    while app.screen_state is not Screen.OVER:
        before = app.session.score
        app.tick()
        rewards += app.session.score - before
    assert app.session.game.frame_index == 8192
    assert app.session.game.game_over
    assert app.session.score == app.session.game.score == rewards  # HUD score == RAM score == rewards
    assert app.session.score >= 20, "holding Up all game scores about 21"
    assert app.session.stats.best_score == app.session.score
    release(pygame.K_UP)


def test_agent_speed_max_runs_many_frames_per_window_frame():
    app = make_app(controller="random", speed="max")
    ticks(app, 3)
    assert app.frames_stepped > 3 * 8


def test_the_agent_sees_exactly_what_training_produced():
    """Same seed, same actions: the app's observations equal the training env's, decision by decision."""
    actions = list(np.random.default_rng(0).choice(3, size=400, p=[0.2, 0.6, 0.2]))
    app = make_app(seed=21)
    spy = ScriptedActions(actions)
    app.session.use(spy)
    app.screen_state = Screen.PLAYING
    while len(spy.seen) < 300:
        app.tick()
    env, stack = PROTOCOL.make_env(frameskip=4), FrameStack()  # training's protocol, straight from gymnasium
    expected = [stack.reset(env.reset(seed=21)[0])]
    for a in actions[:299]:
        expected.append(stack.push(env.step(int(a))[0]))
    env.close()
    for i, (seen, want) in enumerate(zip(spy.seen[:300], expected, strict=True)):
        np.testing.assert_array_equal(seen, want, err_msg=f"decision {i}")


def test_broken_model_shows_a_message_and_keeps_the_controller(tmp_path):
    bad = tmp_path / "broken.safetensors"
    bad.write_bytes(b"\x00\x01 not a model")
    app = make_app(controller="random", model=bad)
    ticks(app, 5)
    press(pygame.K_d)
    ticks(app, 5)  # and the app keeps running
    assert isinstance(app.session.controller, RandomController)
    assert app.notices.message.startswith("cannot load model") and "broken.safetensors" in app.notices.message
    assert "\n" not in app.notices.message and app.hud_info().warning


def test_max_frames_exits_0():
    result = run_cli("--max-frames", "240", "--controller", "random", "--seed", "1")
    assert result.returncode == 0, result.stderr


def test_no_display_gives_one_line_telling_how_to_run_headless():
    result = run_cli("--max-frames", "10", drop=("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"))
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("crossy: cannot open a window") and "SDL_VIDEODRIVER=dummy" in last
    assert "Traceback" not in result.stderr


def test_unknown_option_is_an_argparse_error():
    result = run_cli("--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-option" in result.stderr


def test_no_audio_device_plays_muted(monkeypatch):
    pygame.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    app = make_app(controller="random")
    assert not app.audio.available and app.audio.muted
    assert app.hud_info().sound_available is False
    ticks(app, 30)
    press(pygame.K_m)  # mute toggling without a device is harmless
    ticks(app, 2)
    assert app.frames_stepped >= 30
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    result = run_cli("--max-frames", "60", "--controller", "random", env_extra={"SDL_AUDIODRIVER": "no-such-driver"})
    assert result.returncode == 0, result.stderr


def test_d_hands_the_chicken_to_the_best_shipped_dqn_and_the_hud_shows_its_q_values():
    from crossy_desktop.rl.agent_file import find_models
    from crossy_desktop.storage.paths import models_dir

    best = find_models(models_dir())[0]
    app = make_app(controller="random")
    ticks(app, 5)
    press(pygame.K_d)
    ticks(app, 30)
    controller = app.session.controller
    assert controller.kind == "dqn" and best.stem in controller.name, app.notices.message
    info = app.hud_info()
    assert info.q_values is not None and info.q_values.shape == (3,)
    assert info.action == int(np.argmax(info.q_values))
    import torch

    assert torch.get_num_threads() == 1, "the window's DQN leaves the other core to the window"


def test_d_again_cycles_through_the_models_found(tmp_path, monkeypatch):
    import shutil

    from crossy_desktop.storage.paths import models_dir

    shipped = models_dir() / "freeway-dqn.safetensors"
    for name in ("a.safetensors", "b.safetensors"):
        shutil.copy(shipped, tmp_path / name)
    monkeypatch.setenv("CROSSY_MODELS_DIR", str(tmp_path))
    app = make_app(controller="random")
    names = []
    for _ in range(3):
        press(pygame.K_d)
        ticks(app, 2)
        names.append(app.session.controller.name.split()[1])
    assert names == ["a", "b", "a"]


def test_the_window_starts_without_importing_torch():
    """Start-up must not pay for torch: it loads on the first D press (checked in a fresh interpreter)."""
    code = (
        "import sys, pygame\n"
        "from crossy_desktop.app.window import AppConfig, CrossyApp\n"
        "pygame.init()\n"
        "app = CrossyApp(AppConfig(seed=1, scale=1, controller='scripted'))\n"
        "app.tick()\n"
        "print('torch' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_the_hud_redraws_only_when_what_it_shows_changes():
    app = make_app(controller="human")
    info = app.hud_info()
    app.view.hud.draw(app.screen, info)
    first = pygame.surfarray.array3d(app.screen.subsurface(app.view.hud.rect)).copy()
    app.screen.fill((255, 0, 255), app.view.hud.rect)  # a mark: an unchanged panel is not drawn again
    assert app.view.hud.draw(app.screen, info) is None
    assert app.screen.get_at(app.view.hud.rect.center)[:3] == (255, 0, 255)
    info.score += 1
    assert app.view.hud.draw(app.screen, info) == app.view.hud.rect
    drawn = pygame.surfarray.array3d(app.screen.subsurface(app.view.hud.rect))
    assert (drawn != (255, 0, 255)).any(-1).all(), "a changed panel is drawn whole"
    assert not np.array_equal(drawn, first), "showing the new score"


def _new_q_values(info):
    info.q_values, info.action = np.array([0.1, 0.2, 0.6], np.float32), 2


def _a_correction(info):
    info.coach = (info.coach[0], "you have the chicken", "corrections 1 (1 takeover)")


def _the_coach_takes_the_chicken(info):
    info.controller, info.controller_kind = "coach", "human"


def _a_second_later(info):
    info.frames_left -= 60


def _teaching_goes_on(info):
    info.teach = TeachBox(("TEACHING", "update 1300 of 8000"), 0.16, (21.0, 27.0), 28.7)


@pytest.mark.parametrize(
    "change", [_new_q_values, _a_correction, _the_coach_takes_the_chicken, _a_second_later, _teaching_goes_on]
)
def test_what_changes_many_times_a_second_is_drawn_again_alone(change):
    """An agent decides 15 times a second (its Q-value bars), a coach corrects as often (the counter), the clock
    ticks and teaching reports each second: each is drawn again alone, the rest of the panel stays as it was."""
    app = make_app(controller="human")
    info = app.hud_info()
    info.q_values, info.action = np.array([0.1, 0.5, 0.2], np.float32), 1
    info.coach = ("COACHING student", "your student has it", "corrections 0 (0 takeovers)")
    info.teach = TeachBox(("TEACHING", "update 1200 of 8000"), 0.15, (21.0,), 28.7)
    hud = app.view.hud
    hud.draw(app.screen, info)
    app.screen.fill((255, 0, 255), hud.rect)
    change(info)
    part = hud.draw(app.screen, info)
    assert part is not None and hud.rect.contains(part) and part.height < hud.rect.height // 3
    panel = pygame.surfarray.array3d(app.screen.subsurface(hud.rect)).transpose(1, 0, 2)
    marked = (panel == (255, 0, 255)).all(-1)
    inside = np.zeros_like(marked)
    inside[part.y - hud.rect.y : part.bottom - hud.rect.y, part.x - hud.rect.x : part.right - hud.rect.x] = True
    assert not marked[inside].any(), "the part is drawn anew"
    assert marked[~inside].all(), "and nothing else"
    assert hud.draw(app.screen, info) is None


def test_a_live_part_that_grows_a_line_redraws_the_whole_panel():
    """A longer name wraps onto a second line and moves everything below it: the panel is drawn again whole."""
    app = make_app(controller="human")
    info = app.hud_info()
    hud = app.view.hud
    hud.draw(app.screen, info)
    info.controller = "dqn student-of-a-player (31.9, round 2)"
    assert hud.draw(app.screen, info) == hud.rect
    assert hud.draw(app.screen, info) is None


def test_the_next_game_starts_from_a_reset_made_ahead_not_from_a_rom_reload():
    """Issue 30: a new game froze the window 150-330 ms (ale_py reloads its ROM to seed a reset)."""
    app = make_app(prepare_starts=True, controller="random")
    next_seed = app.session.base_seed + 1
    deadline = time.monotonic() + 60
    while app.starts.take(next_seed) is None and time.monotonic() < deadline:
        time.sleep(0.05)

    def no_reload(**_):
        raise AssertionError("the new game reloaded the ROM")

    app.session.game._env.reset = no_reload
    app.new_game()
    assert app.session.seed == next_seed and app.session.game.frame_index == 0
    for _ in range(8):
        app.tick()
    assert app.session.game.frame_index == 8
