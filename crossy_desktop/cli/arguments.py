"""Small argparse types and generated options, so every bad value is an argparse error (exit 2, one line).

`add_config_options` turns a config dataclass's fields (config_fields.hp) into options with their help
text and defaults: every hyperparameter is visible in `--help`, as CleanRL's are. Nested config
dataclasses (the learner's, the network's) are flattened: their fields become options of their own.
`config_from_args` builds the config back from only the options given. Their values are kept under
`DEST_PREFIX` names, apart from the play options that the top-level parser shares (--seed).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import typing
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from crossy_desktop.config_fields import ValueRange


class Parser(argparse.ArgumentParser):
    """argparse, but a bad command line is one line (`crossy train: error: ...`, exit 2), not the usage."""

    def error(self, message: str) -> typing.NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def usage_error(command: str, message: str) -> int:
    """A bad value found only when the command runs (a GPU that is not there): argparse's line, exit 2."""
    print(f"crossy {command}: error: {message} (see crossy {command} --help)", file=sys.stderr)
    return 2


def fail(message: str) -> int:
    """A failure at run time (a bad model file, an unwritable folder): one line, exit 1."""
    print(f"crossy: {message}", file=sys.stderr)
    return 1


def _checked(convert: Callable[[str], Any], ok: Callable[[Any], bool], rule: str) -> Callable[[str], Any]:
    """An argparse type: `convert` the text, then insist on `rule`; each failure is argparse's one line."""
    what = "whole number" if convert is int else "number"

    def parse(text: str) -> Any:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a {what}") from None
        if not ok(value):
            raise argparse.ArgumentTypeError(f"must be {rule}, not {value}")
        return value

    return parse


def _in_range(convert: Callable[[str], Any], value_range: ValueRange) -> Callable[[str], Any]:
    return _checked(convert, value_range.accepts, value_range.rule(convert is int))


positive_int = _in_range(int, ValueRange.POSITIVE)
non_negative_int = _in_range(int, ValueRange.NON_NEGATIVE)
positive_float = _in_range(float, ValueRange.POSITIVE)
non_negative_float = _in_range(float, ValueRange.NON_NEGATIVE)
fraction = _in_range(float, ValueRange.FRACTION)
seed = _in_range(int, ValueRange.SEED)


def int_up_to(top: int) -> Callable[[str], int]:
    return _checked(int, lambda v: 1 <= v <= top, f"from 1 to {top}")


def folder(text: str) -> Path:
    """A folder to write into: it may not exist yet, but it may not be a file."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder")
    return path


def existing_file(text: str) -> Path:
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder, not a file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


# -- options generated from config dataclasses ----------------------------------------------------
DEST_PREFIX = "hp_"


def _option_type(kind: Any, value_range: ValueRange | None) -> Any:
    """The argparse type for a field: numbers checked against its ValueRange, other kinds as they are."""
    if kind not in (int, float):
        return str
    value_range = value_range or ValueRange.default_for(kind is int)
    return kind if value_range is ValueRange.ANY else _in_range(kind, value_range)


def add_config_options(parser: argparse.ArgumentParser, config: Any, title: str) -> None:
    """One option per command-line field of `config` (a dataclass instance: its values are the defaults)."""
    group = parser.add_argument_group(title)
    for field, value, kind in _cli_fields(config):
        option, dest = "--" + field.name.replace("_", "-"), DEST_PREFIX + field.name
        help_text = f"{field.metadata.get('help', '')} (default: {_show(value)})"
        if kind is bool:
            group.add_argument(
                option, dest=dest, action=argparse.BooleanOptionalAction, default=argparse.SUPPRESS, help=help_text
            )
        elif isinstance(kind, type) and issubclass(kind, Enum):
            choices = [m.value for m in kind]
            group.add_argument(option, dest=dest, choices=choices, default=argparse.SUPPRESS, help=help_text)
        else:
            convert = _option_type(kind, field.metadata.get("range"))
            metavar = "N" if kind is int else ("X" if kind is float else "TEXT")
            group.add_argument(
                option, dest=dest, type=convert, default=argparse.SUPPRESS, metavar=metavar, help=help_text
            )


def config_from_args(config: Any, args: argparse.Namespace) -> Any:
    """`config` with every option given on the command line applied (nested configs too)."""
    changes = {}
    for field in dataclasses.fields(config):
        value = getattr(config, field.name)
        if dataclasses.is_dataclass(value):
            changes[field.name] = config_from_args(value, args)
        elif field.metadata.get("cli", False) and hasattr(args, DEST_PREFIX + field.name):
            changes[field.name] = getattr(args, DEST_PREFIX + field.name)
    return dataclasses.replace(config, **changes)


def given_config_options(config: Any, args: argparse.Namespace) -> list[str]:
    """The config options given on the command line, as the user typed them."""
    return ["--" + f.name.replace("_", "-") for f, _, _ in _cli_fields(config) if hasattr(args, DEST_PREFIX + f.name)]


def _cli_fields(config: Any) -> list[tuple[dataclasses.Field, Any, Any]]:
    hints = typing.get_type_hints(type(config))
    found = []
    for field in dataclasses.fields(config):
        value = getattr(config, field.name)
        if dataclasses.is_dataclass(value):
            found += _cli_fields(value)
        elif field.metadata.get("cli", False):
            found.append((field, value, hints[field.name]))
    return found


def _show(value: Any) -> str:
    return value.value if isinstance(value, Enum) else str(value)
