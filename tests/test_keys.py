"""The keys table is the one list of keys: the window dispatches through it, the HUD and README show it."""

from pathlib import Path

import pygame
from helpers import make_app, press

from crossy_desktop.app.keys import HELP, KEYS, Command, markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_key_is_bound_once_and_every_command_has_a_key_and_a_handler():
    keys = [k for binding in KEYS for k in binding.keys]
    assert len(keys) == len(set(keys)), "a key bound twice"
    assert {b.command for b in KEYS} == set(Command)
    app = make_app()
    assert set(app.commands) == set(Command)


def test_the_readme_shows_exactly_the_keys_table():
    assert markdown_table() in README.read_text(), "run `python -m crossy_desktop.app.keys` and paste it"


def test_the_hud_lists_the_table_rows():
    assert ("F5", "record demos") in HELP and ("1 2 3 4", "agent speed") in HELP
    assert all(label for label, _ in HELP)


def test_speed_keys_set_the_agent_speed_through_the_table():
    app = make_app(controller="random")
    for key, speed in ((pygame.K_4, "max"), (pygame.K_2, "2x"), (pygame.K_1, "1x")):
        press(key)
        app.tick()
        assert app.speed == speed
