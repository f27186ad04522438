"""`crossy` / `crossy play`: the game window, from command-line options."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TypeVar

from crossy_desktop.app.config import AppConfig, Presenter
from crossy_desktop.cli.arguments import existing_file, folder, non_negative_float, positive_int, seed
from crossy_desktop.controllers.registry import AGENTS, PLAYABLE
from crossy_desktop.storage.settings import Settings, SettingsError, load_settings

T = TypeVar("T")

SPEED_CHOICES = ("1x", "2x", "4x", "max")


def add_play_options(p: argparse.ArgumentParser) -> None:
    """Options left out keep the saved settings (storage/settings.py); given ones override them for this run."""
    p.add_argument("--seed", type=seed, default=None, help="seed of the first game (default: random)")
    p.add_argument("--controller", choices=PLAYABLE, default=None, help="who plays first (default: who played last)")
    p.add_argument(
        "--model", type=existing_file, default=None, help="DQN model file (default: the best one in models/)"
    )
    p.add_argument("--max-frames", type=positive_int, default=None, metavar="N", help="quit after N emulator frames")
    zoom = "zoom (default: the last one; at first the largest that fits the screen)"
    p.add_argument("--scale", type=int, default=None, choices=range(1, 9), metavar="1-8", help=zoom)
    p.add_argument("--fullscreen", action=argparse.BooleanOptionalAction, default=None, help="open fullscreen")
    p.add_argument(
        "--presenter", choices=[m.value for m in Presenter], default=Presenter.RENDERER.value,
        help="how frames reach the screen: SDL's renderer zooms them (renderer, the default) or pygame does (surface)",
    )  # fmt: skip
    p.add_argument("--mute", action=argparse.BooleanOptionalAction, default=None, help="start with the sound off")
    p.add_argument("--speed", choices=SPEED_CHOICES, default=None, help="agent speed (humans play at 1x)")
    p.add_argument(
        "--record", action=argparse.BooleanOptionalAction, default=None,
        help="record games as demonstrations (F5 toggles)",
    )  # fmt: skip
    p.add_argument(
        "--versus",
        choices=AGENTS,
        default=None,
        help="you (left) against this agent (right), same traffic, side by side (V toggles versus the DQN)",
    )
    p.add_argument(
        "--eye", action="store_true",
        help="start with the agent's eye on (E toggles): the frames a DQN sees and where it looks",
    )  # fmt: skip
    p.add_argument("--demos", type=folder, default=None, metavar="DIR", help="where recordings go (default: user data)")
    p.add_argument(
        "--coach-grace", type=non_negative_float, default=0.5, metavar="SECONDS",
        help="coaching (C): how long after you let go the student gets the chicken back (default 0.5)",
    )  # fmt: skip
    p.add_argument(
        "--reset-settings", action="store_true",
        help="start from the default settings (zoom, sound, speed, last controller...) and forget the saved ones",
    )  # fmt: skip


def add_parser(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser("play", help="open the game window (the default)")
    add_play_options(play)
    play.set_defaults(func=run)
    present = sub.add_parser(
        "present", help="presentation mode: fullscreen, agents play and explain themselves until a key starts a race"
    )
    add_play_options(present)
    present.set_defaults(func=run, present=True)


def run(args: argparse.Namespace) -> int:
    from crossy_desktop.app.main import run_app

    return run_app(app_config(args))


def app_config(args: argparse.Namespace) -> AppConfig:
    """The window's start: the saved settings, with what the command line gives on top (for this run)."""
    from crossy_desktop.storage.paths import settings_path

    path = settings_path()
    saved, problem = _saved_settings(path, reset=args.reset_settings)
    if problem:
        print(f"crossy: {problem}; starting from the default settings", file=sys.stderr)
    model = args.model
    present = getattr(args, "present", False)  # `crossy present`
    if model is None and args.controller is None and saved.model and Path(saved.model).is_file():
        model = Path(saved.model)
    return AppConfig(
        seed=args.seed,
        controller=_given(args.controller, saved.controller, PLAYABLE),
        model=model,
        max_frames=args.max_frames,
        scale=_given(args.scale, saved.scale),
        window_size=saved.window_size if args.scale is None else None,
        fullscreen=_given(args.fullscreen, True if present else saved.fullscreen),
        presenter=Presenter(args.presenter),
        mute=_given(args.mute, saved.muted),
        volume=saved.volume,
        speed=_given(args.speed, saved.speed, SPEED_CHOICES),
        record=_given(args.record, saved.record),
        demos_dir=args.demos,
        versus=args.versus,
        eye=args.eye,
        present=present,
        coach_grace_s=args.coach_grace,
        settings=saved,
        settings_path=None if args.max_frames is not None or present else path,  # scripts, a stand: left alone
    )


def _saved_settings(path: Path, reset: bool) -> tuple[Settings, str]:
    """The saved settings (defaults after --reset-settings), and a one-line problem if the file is damaged."""
    if reset:
        return Settings(), ""
    try:
        return load_settings(path), ""
    except SettingsError as exc:
        return Settings(), str(exc)


def _given(option: T | None, saved: T, allowed: tuple = ()) -> T:
    """The command line's value if given, else the saved one (if it is still a valid choice)."""
    if option is not None:
        return option
    if allowed and saved not in allowed:
        return allowed[0]
    return saved
