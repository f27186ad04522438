"""The `crossy` command. With no sub-command it opens the game window (as a double-clicked bundle does).

Each sub-command lives in its own module with an `add_parser(sub)` that registers its options and sets
`func`, the function that runs it. Heavy imports (pygame, torch) happen inside those functions, so
`crossy --help` is instant and the game window does not wait for torch. Exit codes: 0 done, 1 a failure
at run time (one line on stderr), 2 a bad command line (argparse's one line).

May import every other package: it is the top of the house.
"""

from __future__ import annotations

import argparse

from crossy_desktop import __version__
from crossy_desktop.cli import demos, desktop, formats, play, sweep, teach, tools, train
from crossy_desktop.cli.arguments import Parser


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="crossy", description="Crossy Desktop: play Atari Freeway and teach it to a machine.")
    parser.add_argument("--version", action="version", version=f"crossy-desktop {__version__}")
    play.add_play_options(parser)
    parser.set_defaults(func=play.run)
    sub = parser.add_subparsers(dest="command")
    for module in (play, train, sweep, teach, tools, demos, formats, desktop):
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
