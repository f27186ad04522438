"""Small builders shared by the tests."""

from __future__ import annotations

import numpy as np
import pygame

from crossy_desktop.app.window import AppConfig, CrossyApp
from crossy_desktop.controllers.base import Controller, DecisionInput


class NoWaitClock:
    """Stands in for pygame's Clock so a headless test runs frames as fast as the machine can."""

    def tick(self, framerate: int = 0) -> int:
        return 0

    def get_fps(self) -> float:
        return 0.0


def make_app(**overrides) -> CrossyApp:
    pygame.init()
    config = AppConfig(**{"seed": 7, "scale": 1, **overrides})
    app = CrossyApp(config)
    app.clock = NoWaitClock()
    return app


def press(key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))


def release(key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))


class ScriptedActions(Controller):
    """Plays a fixed action list and records every observation it is shown."""

    name = kind = "scripted-test"

    def __init__(self, actions: list[int]) -> None:
        self.actions = list(actions)
        self.seen: list[np.ndarray] = []

    def act(self, decision: DecisionInput) -> int:
        self.seen.append(decision.observation)
        return self.actions[len(self.seen) - 1]
