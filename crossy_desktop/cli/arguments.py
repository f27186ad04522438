"""Small argparse types and generated options, so every bad value is an argparse error (exit 2, one line).

`add_config_options` turns a config dataclass's fields (config_fields.hp) into options with their help
text and defaults: every hyperparameter is visible in `--help`, as CleanRL's are. Nested config
dataclasses (the learner's, the network's) are flattened: their fields become options of their own.
`config_from_args` builds the config back from only the options given.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import typing
from enum import Enum
from pathlib import Path
from typing import Any


def fail(message: str) -> int:
    """A failure at run time (a bad model file, an unwritable folder): one line, exit 1."""
    print(f"crossy: {message}", file=sys.stderr)
    return 1


def positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def non_negative_int(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {value}")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value > 0.0:
        raise argparse.ArgumentTypeError(f"must be above 0, not {value}")
    return value


def non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value >= 0.0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


def existing_dir(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no such folder: {text}")
    return path


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


# -- options generated from config dataclasses ----------------------------------------------------
_RANGE_TYPES = {"positive": (positive_int, positive_float), "non-negative": (non_negative_int, non_negative_float)}


def _option_type(kind: Any, value_range: str | None) -> Any:
    if value_range == "fraction":
        return fraction
    whole = kind is int
    value_range = value_range or ("positive" if whole else "any")
    if value_range == "any":
        return int if whole else (float if kind is float else str)
    return _RANGE_TYPES[value_range][0 if whole else 1]


def add_config_options(parser: argparse.ArgumentParser, config: Any, title: str) -> None:
    """One option per command-line field of `config` (a dataclass instance: its values are the defaults)."""
    group = parser.add_argument_group(title)
    for field, value, kind in _cli_fields(config):
        option = "--" + field.name.replace("_", "-")
        help_text = f"{field.metadata.get('help', '')} (default: {_show(value)})"
        if kind is bool:
            group.add_argument(option, action=argparse.BooleanOptionalAction, default=argparse.SUPPRESS, help=help_text)
        elif isinstance(kind, type) and issubclass(kind, Enum):
            choices = [m.value for m in kind]
            group.add_argument(option, choices=choices, default=argparse.SUPPRESS, help=help_text)
        else:
            convert = _option_type(kind, field.metadata.get("range"))
            metavar = "N" if kind is int else ("X" if kind is float else "TEXT")
            group.add_argument(option, type=convert, default=argparse.SUPPRESS, metavar=metavar, help=help_text)


def config_from_args(config: Any, args: argparse.Namespace) -> Any:
    """`config` with every option given on the command line applied (nested configs too)."""
    changes = {}
    for field in dataclasses.fields(config):
        value = getattr(config, field.name)
        if dataclasses.is_dataclass(value):
            changes[field.name] = config_from_args(value, args)
        elif field.metadata.get("cli", False) and hasattr(args, field.name):
            changes[field.name] = getattr(args, field.name)
    return dataclasses.replace(config, **changes)


def given_config_options(config: Any, args: argparse.Namespace) -> list[str]:
    """The config options given on the command line, as the user typed them."""
    return ["--" + f.name.replace("_", "-") for f, _, _ in _cli_fields(config) if hasattr(args, f.name)]


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
