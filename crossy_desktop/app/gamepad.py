"""Gamepads through SDL's game-controller API: one mapping for every pad SDL knows (Xbox, PlayStation,
Switch and hundreds more), so "A" and "d-pad up" mean the same button on all of them.

The d-pad or the left stick moves the chicken up and down; A or Start starts and pauses (as Space does).
Pads may come and go while the window is open; the HUD names the last one connected. Events turn into
the keyboard's own commands (app/keys.py), so a pad does exactly what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from crossy_desktop.app.keys import Command

STICK_DEADZONE = 16_000  # of 32,767: half-way, so a resting stick never walks the chicken
BUTTONS = {
    pygame.CONTROLLER_BUTTON_DPAD_UP: Command.MOVE_UP,
    pygame.CONTROLLER_BUTTON_DPAD_DOWN: Command.MOVE_DOWN,
    pygame.CONTROLLER_BUTTON_A: Command.PAUSE,
    pygame.CONTROLLER_BUTTON_START: Command.PAUSE,
}
EVENTS = (
    pygame.CONTROLLERDEVICEADDED,
    pygame.CONTROLLERDEVICEREMOVED,
    pygame.CONTROLLERBUTTONDOWN,
    pygame.CONTROLLERBUTTONUP,
    pygame.CONTROLLERAXISMOTION,
)


@dataclass(frozen=True)
class PadInput:
    command: Command
    down: bool  # pressed (True) or released


class Gamepads:
    def __init__(self) -> None:
        self._pads: dict[int, object] = {}  # instance id -> the open pygame controller
        self.name: str | None = None  # the pad last connected, for the HUD
        self._news = ""  # a pad came or went: a one-line note for the HUD, taken once
        self._stick = 0  # the left stick's last direction: -1 up, 0 rest, 1 down
        try:
            from pygame._sdl2 import controller

            controller.init()
            self._api = controller
        except (ImportError, pygame.error):  # a pygame without SDL's controller API: the keyboard only
            self._api = None

    def handle(self, event: pygame.event.Event) -> list[PadInput]:
        """The commands a controller event means (none for events that move nothing)."""
        if event.type == pygame.CONTROLLERDEVICEADDED:
            self._connect(event.device_index)
        elif event.type == pygame.CONTROLLERDEVICEREMOVED:
            self._pads.pop(event.instance_id, None)
            self._news = f"{self.name or 'gamepad'} disconnected"
            self.name = None
            return self._stick_to(0) + [PadInput(Command.MOVE_UP, False), PadInput(Command.MOVE_DOWN, False)]
        elif event.type in (pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLERBUTTONUP) and event.button in BUTTONS:
            return [PadInput(BUTTONS[event.button], event.type == pygame.CONTROLLERBUTTONDOWN)]
        elif event.type == pygame.CONTROLLERAXISMOTION and event.axis == pygame.CONTROLLER_AXIS_LEFTY:
            direction = -1 if event.value < -STICK_DEADZONE else (1 if event.value > STICK_DEADZONE else 0)
            return self._stick_to(direction)
        return []

    def take_news(self) -> str:
        """What changed since the last call ("" when nothing did): the HUD shows it once."""
        news, self._news = self._news, ""
        return news

    def _stick_to(self, direction: int) -> list[PadInput]:
        """Stick moves as key presses: leaving a direction releases it, entering one presses it."""
        if direction == self._stick:
            return []
        out = []
        if self._stick:
            out.append(PadInput(Command.MOVE_UP if self._stick < 0 else Command.MOVE_DOWN, False))
        if direction:
            out.append(PadInput(Command.MOVE_UP if direction < 0 else Command.MOVE_DOWN, True))
        self._stick = direction
        return out

    def _connect(self, device_index: int) -> None:
        name = "gamepad"
        if self._api is not None:
            try:
                pad = self._api.Controller(device_index)
                self._pads[pad.id] = pad
                name = pad.name or name
            except RuntimeError:  # gone again already, or not a pad SDL maps (pygame.error and _sdl2's error)
                pass
        self.name = name
        self._news = f"{name} connected"
