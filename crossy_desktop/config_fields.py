"""Hyperparameter fields that carry their own help text, so `crossy train --help` can show every one.

`hp(default, "help")` is a dataclass field whose help the command line reads (cli/config_options.py), as
CleanRL's one-line docstrings under each field feed its `--help`. `cli=False` keeps a field off the
command line (values fixed by the game protocol, paths set by dedicated options); `range` says which
values the command line accepts.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

RANGES = ("positive", "non-negative", "fraction", "any")


def hp(default: Any = None, help: str = "", *, factory: Any = None, cli: bool = True, range: str | None = None) -> Any:  # noqa: A002
    """A dataclass field with a help text; `factory` for mutable defaults.

    `range` is what the command line accepts: "positive", "non-negative", "fraction" (0 to 1) or "any";
    by default whole numbers must be positive and other numbers may be anything.
    """
    if range is not None and range not in RANGES:
        raise ValueError(f"range must be one of {RANGES}, not {range!r}")
    metadata = {"help": help, "cli": cli, "range": range}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)
