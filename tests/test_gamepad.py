"""Gamepads, with synthetic SDL controller events: the d-pad and stick move the chicken, A/Start start
and pause, plugging in and out is noticed and named in the HUD."""

from __future__ import annotations

import pygame
from helpers import make_app

from crossy_desktop.app.window import Screen


def post(kind: int, **fields) -> None:
    pygame.event.post(pygame.event.Event(kind, **fields))


def test_a_pad_plugged_in_starts_the_game_and_walks_the_chicken_up():
    app = make_app()
    post(pygame.CONTROLLERDEVICEADDED, device_index=0)  # no real pad behind it: the window names it "gamepad"
    app.tick()
    assert app.hud_info().gamepad == "gamepad" and "connected" in app.hud_info().message
    assert not app.hud_info().warning, "news, not an error: not in red"
    assert app.screen_state is Screen.START
    post(pygame.CONTROLLERBUTTONDOWN, instance_id=0, button=pygame.CONTROLLER_BUTTON_A)
    post(pygame.CONTROLLERBUTTONUP, instance_id=0, button=pygame.CONTROLLER_BUTTON_A)
    app.tick()
    assert app.screen_state is Screen.PLAYING
    start = app.session.game.chicken_y
    post(pygame.CONTROLLERAXISMOTION, instance_id=0, axis=pygame.CONTROLLER_AXIS_LEFTY, value=-30_000)
    for _ in range(120):
        app.tick()
    assert app.roster.human.up and app.session.game.chicken_y != start
    post(pygame.CONTROLLERAXISMOTION, instance_id=0, axis=pygame.CONTROLLER_AXIS_LEFTY, value=2_000)  # back to rest
    app.tick()
    assert not app.roster.human.up and not app.roster.human.down
    post(pygame.CONTROLLERBUTTONDOWN, instance_id=0, button=pygame.CONTROLLER_BUTTON_START)
    app.tick()
    assert app.screen_state is Screen.PAUSED


def test_the_d_pad_holds_like_a_key_and_unplugging_lets_go():
    app = make_app()
    post(pygame.CONTROLLERDEVICEADDED, device_index=0)
    post(pygame.CONTROLLERBUTTONDOWN, instance_id=0, button=pygame.CONTROLLER_BUTTON_DPAD_DOWN)
    app.tick()
    assert app.roster.human.down and app.screen_state is Screen.PLAYING  # down starts the game, as the key does
    post(pygame.CONTROLLERBUTTONUP, instance_id=0, button=pygame.CONTROLLER_BUTTON_DPAD_DOWN)
    post(pygame.CONTROLLERBUTTONDOWN, instance_id=0, button=pygame.CONTROLLER_BUTTON_DPAD_UP)
    app.tick()
    assert app.roster.human.up and not app.roster.human.down
    post(pygame.CONTROLLERDEVICEREMOVED, instance_id=0)
    app.tick()
    assert not app.roster.human.up  # a pad pulled out mid-move does not leave the chicken walking
    assert app.hud_info().gamepad is None and "disconnected" in app.hud_info().message
