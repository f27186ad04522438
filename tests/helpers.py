"""Small builders shared by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pygame

from crossy_desktop.app.teaching import TeachState
from crossy_desktop.app.window import AppConfig, CrossyApp
from crossy_desktop.controllers.base import Controller, DecisionInput


class NoWaitClock:
    """Stands in for the window's FramePacer so a headless test runs frames as fast as the machine can."""

    fps = 0.0

    def tick(self, wait: bool = True) -> None:
        pass


OPEN_APPS: list[CrossyApp] = []  # closed after each test (conftest.py), so no emulator outlives its test


def make_app(**overrides) -> CrossyApp:
    pygame.init()
    config = AppConfig(**{"seed": 7, "scale": 1, "prepare_starts": False, "spare_side": False, **overrides})
    app = CrossyApp(config)
    app.clock = NoWaitClock()
    OPEN_APPS.append(app)
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


def run_cli(*args, env_extra=None, drop=(), timeout=120) -> subprocess.CompletedProcess:
    """`python -m crossy_desktop ARGS` as a user would run it; output captured."""
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "crossy_desktop", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def tick_until(app, done, seconds: float = 30.0) -> None:
    """Window frames until `done()` (the panel reads the recordings on a thread of its own)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.tick()
    assert done(), "the panel never got there"


def plan_shown(app) -> bool:
    return app.teach.state is TeachState.PLAN and app.teach.lines[0] != "reading your recordings ..."
