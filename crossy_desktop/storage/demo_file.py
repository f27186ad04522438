"""Demonstration files: one recorded game per file, written atomically, checked on load.

A file is a compressed .npz holding, per decision t (one every 4 emulator frames):
  frames[t]      the 84x84 pipeline frame seen before decision t (each frame once; stacks are rebuilt on load)
  actions[t]     the action the controller chose
  rewards[t]     the raw game reward of the decision's 4 frames
  terminals[t]   True on the decision that ended the game
  controllers[t] index into meta["controllers"]: who chose (the player may switch mid-game)
  rams[t]        the emulator RAM before decision t, with one extra row after the last decision
and meta, a JSON text: format version, protocol, pipeline, seed, score, decisions, date, truncated.
Seed and actions replay the game exactly (`crossy demos replay`).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from crossy_desktop.storage.atomic import atomic_path

FORMAT_VERSION = 1
SUFFIX = ".demo.npz"
ARRAYS = ("frames", "actions", "rewards", "terminals", "controllers", "rams")


class DemoFileError(Exception):
    """A demonstration file that cannot be used; the message names the file and says why."""


@dataclass
class DemoMeta:
    protocol: str  # game.core.Protocol.describe()
    pipeline: str  # rl.observation.PipelineSpec.name
    seed: int
    controllers: list[str]
    score: int
    decisions: int
    date: str  # ISO 8601, UTC
    truncated: bool  # the game did not reach its end (quit, new game, killed app saved on the way out)
    app_version: str = ""
    format_version: int = FORMAT_VERSION

    @property
    def controller(self) -> str:
        return "+".join(self.controllers)


@dataclass
class Demonstration:
    meta: DemoMeta
    frames: np.ndarray  # (T, 84, 84) uint8
    actions: np.ndarray  # (T,) uint8
    rewards: np.ndarray  # (T,) float32
    terminals: np.ndarray  # (T,) bool
    controllers: np.ndarray  # (T,) uint8
    rams: np.ndarray  # (T + 1, 128) uint8
    path: Path | None = field(default=None, compare=False)

    def __len__(self) -> int:
        return len(self.actions)


def save_demo(path: Path, demo: Demonstration) -> Path:
    """Write atomically: a crash leaves either no file or the complete one."""
    path = Path(path)
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        np.savez_compressed(f, meta=np.array(json.dumps(asdict(demo.meta))), **{a: getattr(demo, a) for a in ARRAYS})
    return path


def read_meta(path: Path) -> DemoMeta:
    """Only the metadata (a listing does not decompress the frames)."""
    return _read(Path(path), ())[0]


def _read(path: Path, arrays: tuple[str, ...]) -> tuple[DemoMeta, dict[str, np.ndarray]]:
    """The checked metadata and the named arrays; anything unreadable is one DemoFileError naming the file."""
    try:
        with np.load(path, allow_pickle=False) as data:
            raw = json.loads(str(data["meta"]))
            version = raw.get("format_version")
            if version != FORMAT_VERSION:
                raise DemoFileError(
                    f"{path.name}: demonstration format {version}, this app reads format {FORMAT_VERSION}"
                )
            return DemoMeta(**raw), {a: data[a] for a in arrays}
    except DemoFileError:
        raise
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError) as exc:
        raise DemoFileError(f"{path.name}: not a readable demonstration ({type(exc).__name__}: {exc})") from exc


def load_demo(path: Path, protocol: str | None = None, pipeline: str | None = None) -> Demonstration:
    """Load and check one file; `protocol`/`pipeline`, when given, must match what it was recorded under."""
    path = Path(path)
    meta, arrays = _read(path, ARRAYS)
    if protocol is not None and meta.protocol != protocol:
        raise DemoFileError(f"{path.name}: recorded under protocol '{meta.protocol}', expected '{protocol}'")
    if pipeline is not None and meta.pipeline != pipeline:
        raise DemoFileError(f"{path.name}: recorded with pipeline '{meta.pipeline}', expected '{pipeline}'")
    demo = Demonstration(meta=meta, path=path, **arrays)
    _check_shapes(path, demo)
    return demo


def _check_shapes(path: Path, demo: Demonstration) -> None:
    t = demo.meta.decisions
    lengths = {a: len(getattr(demo, a)) for a in ARRAYS}
    expected = {a: t for a in ARRAYS} | {"rams": t + 1}
    if lengths != expected:
        raise DemoFileError(f"{path.name}: array lengths {lengths} do not match {t} decisions")
    if t and int(demo.controllers.max()) >= len(demo.meta.controllers):
        raise DemoFileError(f"{path.name}: controller index out of range")


@dataclass
class DemoSet:
    """What a directory held: the usable games and one line per file that was skipped."""

    demos: list[Demonstration]
    errors: list[str]

    @property
    def decisions(self) -> int:
        return sum(len(d) for d in self.demos)


def demo_paths(directory: Path) -> list[Path]:
    directory = Path(directory)
    if not directory.is_dir():
        raise DemoFileError(f"{directory}: no such demonstration folder")
    return sorted(directory.glob(f"*{SUFFIX}"))


def load_demo_dir(directory: Path, protocol: str | None = None, pipeline: str | None = None) -> DemoSet:
    """Every demonstration in `directory`; a bad file is reported by name and skipped, the rest load."""
    paths = demo_paths(directory)
    if not paths:
        raise DemoFileError(f"{directory}: no demonstrations (*{SUFFIX}) in this folder")
    demos, errors = [], []
    for p in paths:
        try:
            demos.append(load_demo(p, protocol, pipeline))
        except DemoFileError as exc:
            errors.append(str(exc))
    return DemoSet(demos, errors)
