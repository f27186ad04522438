"""The window's keys as one table: dispatch, the HUD's help and the README's key list all read it.

Each row binds keys to a `Command`; the window maps each command to one method (app/window.py). A row
with an empty label does not appear in the help (speed keys 2-4 share the row of key 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

import pygame


class Command(Enum):
    MOVE_UP = auto()
    MOVE_DOWN = auto()
    HUMAN = auto()
    RANDOM = auto()
    DQN = auto()
    SCRIPTED = auto()
    RECORD = auto()
    SCORES = auto()
    SCREENSHOT = auto()
    GIF = auto()
    VERSUS = auto()
    SPEED_1X = auto()
    SPEED_2X = auto()
    SPEED_4X = auto()
    SPEED_MAX = auto()
    PAUSE = auto()
    NEW_GAME = auto()
    MUTE = auto()
    QUIT = auto()


@dataclass(frozen=True)
class KeyBinding:
    keys: tuple[int, ...]
    label: str  # as the help shows the keys
    help: str
    command: Command


KEYS: tuple[KeyBinding, ...] = (
    KeyBinding((pygame.K_UP, pygame.K_w), "Up / W", "move up", Command.MOVE_UP),
    KeyBinding((pygame.K_DOWN, pygame.K_s), "Down / S", "move down", Command.MOVE_DOWN),
    KeyBinding((pygame.K_h,), "H", "you play", Command.HUMAN),
    KeyBinding((pygame.K_r,), "R", "random agent", Command.RANDOM),
    KeyBinding((pygame.K_d,), "D", "DQN (again: next model)", Command.DQN),
    KeyBinding((pygame.K_b,), "B", "scripted bot", Command.SCRIPTED),
    KeyBinding((pygame.K_F5,), "F5", "record demos", Command.RECORD),
    KeyBinding((pygame.K_TAB,), "Tab", "best scores", Command.SCORES),
    KeyBinding((pygame.K_F12,), "F12", "screenshot", Command.SCREENSHOT),
    KeyBinding((pygame.K_g,), "G", "last game as GIF", Command.GIF),
    KeyBinding((pygame.K_v,), "V", "versus the DQN", Command.VERSUS),
    KeyBinding((pygame.K_1,), "1 2 3 4", "agent speed", Command.SPEED_1X),
    KeyBinding((pygame.K_2,), "", "", Command.SPEED_2X),
    KeyBinding((pygame.K_3,), "", "", Command.SPEED_4X),
    KeyBinding((pygame.K_4,), "", "", Command.SPEED_MAX),
    KeyBinding((pygame.K_p, pygame.K_SPACE, pygame.K_RETURN), "P / Space", "pause, start", Command.PAUSE),
    KeyBinding((pygame.K_n,), "N", "new game", Command.NEW_GAME),
    KeyBinding((pygame.K_m,), "M", "mute", Command.MUTE),
    KeyBinding((pygame.K_ESCAPE,), "Esc", "quit", Command.QUIT),
)

KEYMAP: dict[int, KeyBinding] = {key: binding for binding in KEYS for key in binding.keys}
HELP: tuple[tuple[str, str], ...] = tuple((b.label, b.help) for b in KEYS if b.label)
