"""Hyperparameter fields that carry their own help text, so `crossy train --help` can show every one.

`hp(default, "help")` is a dataclass field whose help the command line reads (cli/arguments.py), as
CleanRL's one-line docstrings under each field feed its `--help`. `cli=False` keeps a field off the
command line (values fixed by the game protocol, paths set by dedicated options); `range` says which
values the command line accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from enum import StrEnum
from typing import Any


class ValueRange(StrEnum):
    """Which values the command line accepts for a number."""

    POSITIVE = "positive"
    NON_NEGATIVE = "non-negative"
    FRACTION = "fraction"  # 0 to 1
    SEED = "seed"  # 0 to 2**32 - 1
    LAG = "lag"  # a number of decisions, or -1: fit it (OfflineConfig.reaction_lag)
    ANY = "any"

    @classmethod
    def default_for(cls, whole: bool) -> ValueRange:
        """A field without a range: whole numbers must be positive, other numbers may be anything."""
        return cls.POSITIVE if whole else cls.ANY

    def accepts(self, value: float) -> bool:
        return _RULES[self][0](value)

    def rule(self, whole: bool) -> str:
        """What an accepted value is, for "must be ..." messages (the command line's and a sweep spec's)."""
        return "at least 1" if whole and self is ValueRange.POSITIVE else _RULES[self][1]


_RULES: dict[ValueRange, tuple[Callable[[float], bool], str]] = {
    ValueRange.POSITIVE: (lambda v: v > 0, "above 0"),
    ValueRange.NON_NEGATIVE: (lambda v: v >= 0, "0 or more"),
    ValueRange.FRACTION: (lambda v: 0 <= v <= 1, "between 0 and 1"),
    ValueRange.SEED: (lambda v: 0 <= v < 2**32, "from 0 to 2**32 - 1"),  # what numpy and ALE accept
    ValueRange.LAG: (lambda v: v >= -1, "-1 (fit it) or more"),
    ValueRange.ANY: (lambda v: True, "any number"),
}


def hp(
    default: Any = None,
    help: str = "",  # noqa: A002 - the word argparse uses
    *,
    factory: Any = None,
    cli: bool = True,
    range: ValueRange | str | None = None,  # noqa: A002
) -> Any:
    """A dataclass field with a help text; `factory` for mutable defaults.

    `range` is what the command line accepts; by default whole numbers must be positive and other
    numbers may be anything.
    """
    metadata = {"help": help, "cli": cli, "range": None if range is None else ValueRange(range)}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)
