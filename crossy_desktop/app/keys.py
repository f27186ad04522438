"""The window's keys as one table: dispatch, the HUD's help and the README's key list all read it.

Each row binds keys to a `Command`; the window maps each command to one method (app/window.py). A row
with an empty label does not appear in the help (speed keys 2-4 share the row of key 1).
`python -m crossy_desktop.app.keys` prints the table as the README shows it.
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
    TEACH = auto()
    COACH = auto()
    EYE = auto()
    COMPARE = auto()
    PRESENT = auto()
    SPEED_1X = auto()
    SPEED_2X = auto()
    SPEED_4X = auto()
    SPEED_MAX = auto()
    PAUSE = auto()
    NEW_GAME = auto()
    MUTE = auto()
    VOLUME_UP = auto()
    VOLUME_DOWN = auto()
    FULLSCREEN = auto()
    QUIT = auto()


@dataclass(frozen=True)
class KeyBinding:
    keys: tuple[int, ...]
    label: str  # as the help shows the keys; empty: shown in another row's label
    help: str  # the HUD's few words
    command: Command
    detail: str = ""  # the README's sentence (default: the help)


KEYS: tuple[KeyBinding, ...] = (
    KeyBinding((pygame.K_UP, pygame.K_w), "Up / W", "move up", Command.MOVE_UP, "move the chicken up (starts a game)"),
    KeyBinding((pygame.K_DOWN, pygame.K_s), "Down / S", "move down", Command.MOVE_DOWN, "down (no key: stand still)"),
    KeyBinding((pygame.K_h,), "H", "you play", Command.HUMAN, "you take the chicken, mid-game too"),
    KeyBinding((pygame.K_r,), "R", "random agent", Command.RANDOM),
    KeyBinding(
        (pygame.K_d,), "D", "DQN (again: next)", Command.DQN,
        "the best trained DQN; D again: the next one (shipped `models/` and your own, best first)",
    ),
    KeyBinding((pygame.K_b,), "B", "scripted bot", Command.SCRIPTED, "the scripted bot (reads the RAM, 32 points)"),
    KeyBinding(
        (pygame.K_F5,), "F5", "record demos", Command.RECORD,
        "record demonstrations on / off (a red REC mark and the count of saved games show in the HUD)",
    ),
    KeyBinding((pygame.K_TAB,), "Tab", "best scores", Command.SCORES, "best scores over the game; Tab again closes"),
    KeyBinding(
        (pygame.K_F12,), "F12", "screenshot", Command.SCREENSHOT,
        "screenshot of the window (PNG in your data folder, `screenshots/`)",
    ),
    KeyBinding(
        (pygame.K_g,), "G", "last game as GIF", Command.GIF,
        "the last finished game as a GIF (your data folder, `videos/`), written in the background",
    ),
    KeyBinding(
        (pygame.K_v,), "V", "versus the DQN", Command.VERSUS,
        "versus: you (left) against the best DQN (right), same traffic; V again for solo play",
    ),
    KeyBinding(
        (pygame.K_t,), "T", "teach an agent", Command.TEACH,
        "teach: a DQN learns from your recorded games (F5) while you play on; T again or Esc stops it",
    ),
    KeyBinding(
        (pygame.K_c,), "C", "coach your student", Command.COACH,
        "coach: your student plays, hold an arrow to take over, let go to hand back; T teaches it again; C stops",
    ),
    KeyBinding(
        (pygame.K_e,), "E", "agent's eye", Command.EYE,
        "the agent's eye: the four frames a DQN sees and, glowing over the game, where it looks (versus: the agent's)",
    ),
    KeyBinding(
        (pygame.K_k,), "K", "compare games", Command.COMPARE,
        "after a game: you and the best agent on the same seed (it plays off-screen), or versus' two sides (shown "
        "at its end): progress, collisions, where the time went; F12 saves it",
    ),
    KeyBinding(
        (pygame.K_1,), "1 2 3 4", "agent speed", Command.SPEED_1X,
        "agent speed: 1x, 2x, 4x, as fast as possible (humans always play at 1x)",
    ),
    KeyBinding((pygame.K_2,), "", "", Command.SPEED_2X),
    KeyBinding((pygame.K_3,), "", "", Command.SPEED_4X),
    KeyBinding((pygame.K_4,), "", "", Command.SPEED_MAX),
    KeyBinding(
        (pygame.K_p, pygame.K_SPACE, pygame.K_RETURN), "P / Space", "pause, start", Command.PAUSE,
        "pause / go on (Space and Enter also start and restart)",
    ),
    KeyBinding((pygame.K_n,), "N", "new game", Command.NEW_GAME),
    KeyBinding((pygame.K_m,), "M", "mute", Command.MUTE),
    KeyBinding(
        (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS), "+ / -", "volume", Command.VOLUME_UP,
        "sound louder / softer (kept for next time, like the zoom, speed, sound and who played last)",
    ),
    KeyBinding((pygame.K_MINUS, pygame.K_KP_MINUS), "", "", Command.VOLUME_DOWN),
    KeyBinding(
        (pygame.K_F9,), "F9", "presentation mode", Command.PRESENT,
        "presentation mode on / off (`crossy present`): agents play and explain themselves until a key starts a race",
    ),
    KeyBinding(
        (pygame.K_F11,), "F11", "fullscreen", Command.FULLSCREEN,
        "fullscreen on / off (so does Alt+Enter); the window can also be resized, the game keeps its shape",
    ),
    KeyBinding(
        (pygame.K_ESCAPE,), "Esc", "quit", Command.QUIT,
        "quit (so does closing the window); with the Teach panel open it closes the panel",
    ),
)  # fmt: skip

KEYMAP: dict[int, KeyBinding] = {key: binding for binding in KEYS for key in binding.keys}
HELP: tuple[tuple[str, str], ...] = tuple((b.label, b.help) for b in KEYS if b.label)


def markdown_table() -> str:
    """The README's key table (README.md shows exactly this; a test checks it)."""
    rows = [f"| {b.label} | {b.detail or b.help} |" for b in KEYS if b.label]
    return "\n".join(["| key | what it does |", "| --- | --- |", *rows])


if __name__ == "__main__":
    print(markdown_table())
