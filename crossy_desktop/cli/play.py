"""`crossy` / `crossy play`: the game window, from command-line options."""

from __future__ import annotations

import argparse

from crossy_desktop.cli.arguments import existing_file, folder, positive_int, seed
from crossy_desktop.controllers.registry import AGENTS, PLAYABLE

SPEED_CHOICES = ("1x", "2x", "4x", "max")


def add_play_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=seed, default=None, help="seed of the first game (default: random)")
    p.add_argument("--controller", choices=PLAYABLE, default="human", help="who plays first")
    p.add_argument(
        "--model", type=existing_file, default=None, help="DQN model file (default: the best one in models/)"
    )
    p.add_argument("--max-frames", type=positive_int, default=None, metavar="N", help="quit after N emulator frames")
    p.add_argument("--scale", type=int, default=4, choices=range(1, 9), metavar="1-8", help="integer zoom (default 4)")
    p.add_argument("--fullscreen", action="store_true", help="open fullscreen")
    p.add_argument("--mute", action="store_true", help="start with the sound off")
    p.add_argument("--speed", choices=SPEED_CHOICES, default="1x", help="agent speed (humans play at 1x)")
    p.add_argument("--record", action="store_true", help="record games as demonstrations (F5 toggles)")
    p.add_argument(
        "--versus",
        choices=AGENTS,
        default=None,
        help="you (left) against this agent (right), same traffic, side by side (V toggles versus the DQN)",
    )
    p.add_argument("--demos", type=folder, default=None, metavar="DIR", help="where recordings go (default: user data)")


def add_parser(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser("play", help="open the game window (the default)")
    add_play_options(play)
    play.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crossy_desktop.app.main import run_app
    from crossy_desktop.app.window import AppConfig

    config = AppConfig(
        seed=args.seed,
        controller=args.controller,
        model=args.model,
        max_frames=args.max_frames,
        scale=args.scale,
        fullscreen=args.fullscreen,
        mute=args.mute,
        speed=args.speed,
        record=args.record,
        demos_dir=args.demos,
        versus=args.versus,
    )
    return run_app(config)
