"""What teaching tells while it runs, as typed events: written by `crossy teach`, read by the window and the terminal.

The window runs `crossy teach --events` in a separate process and reads these as one JSON object per line
(`to_json` / `from_json`), so both sides use the same classes and a field renamed on one side cannot be
missed on the other. Torch-free and pygame-free: the player bundle reads them too.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar


@dataclass(frozen=True)
class TeachStarted:
    kind: ClassVar[str] = "start"
    games: int
    teacher_mean: float
    teacher_best: int
    updates: int
    estimate_s: float


@dataclass(frozen=True)
class TeachProgress:
    """About once a second while the student learns."""

    kind: ClassVar[str] = "progress"
    updates: int
    total: int
    agreement: float  # recent batches: share of rows where the student's greedy action is the player's
    test_score: float | None  # the latest test's mean, None before the first
    elapsed_s: float
    left_s: float
    curve: list[tuple[float, float]] = field(default_factory=list)  # (wall_s, mean score) per test


@dataclass(frozen=True)
class TeachTesting:
    """The chosen student's final test games, one event each."""

    kind: ClassVar[str] = "testing"
    game: int
    games: int


@dataclass(frozen=True)
class TeachEnded:
    """Done, or cancelled (the best student so far is kept, if one was tested; else `model` is None)."""

    kind: ClassVar[str] = "done"
    cancelled: bool
    model: str | None
    reason: str = ""  # why nothing was kept
    student_mean: float = 0.0
    student_games: int = 0
    teacher_mean: float = 0.0
    games: int = 0
    elapsed_s: float = 0.0
    curve: list[tuple[float, float]] = field(default_factory=list)
    round: int = 1  # 2 and on: a student taught again from the one before, with the player's corrections
    corrections: int = 0  # the player's decisions in games they coached: what this round imitated besides


TeachEvent = TeachStarted | TeachProgress | TeachTesting | TeachEnded
_KINDS: dict[str, type] = {cls.kind: cls for cls in (TeachStarted, TeachProgress, TeachTesting, TeachEnded)}
_CANCELLED = "cancelled"  # the wire name of an ended event with cancelled=True


def event_name(event: TeachEvent) -> str:
    """The event's name on the wire: start, progress, testing, done or cancelled."""
    return _CANCELLED if isinstance(event, TeachEnded) and event.cancelled else event.kind


def to_json(event: TeachEvent) -> str:
    return json.dumps({"event": event_name(event), **asdict(event)})


def from_json(line: str) -> TeachEvent | None:
    """The event on one line, or None for a line that is not one (a library's stray print)."""
    try:
        data = json.loads(line)
        name = data.pop("event")
        cls = _KINDS["done" if name == _CANCELLED else name]
        if "curve" in data:  # JSON has no tuples
            data["curve"] = [tuple(point) for point in data["curve"]]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
