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
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from crossy_desktop.errors import first_line
from crossy_desktop.storage.atomic import atomic_path
from crossy_desktop.storage.names import shown

FORMAT_VERSION = 1
SUFFIX = ".demo.npz"
FRAME_SHAPE = (84, 84)  # the observation pipeline's frame (rl/observation.py PIPELINE.size)
RAM_BYTES = 128
N_ACTIONS = 3  # NOOP, UP, DOWN
MAX_DECISIONS = 2048  # a whole game
ARRAYS = ("frames", "actions", "rewards", "terminals", "controllers", "rams")
MAX_META_BYTES = 256 * 1024  # the metadata member, header included (the app writes about 1 KB; 4 bytes a character)
NPY_HEADER_BYTES = 4096  # an array member's npy header, at most


class DemoFileError(Exception):
    """A demonstration file that cannot be used; the message names the file and says why."""


class LinkSkipped(DemoFileError):
    """A symbolic link in a demos folder: never followed, so a folder's games are the files it holds
    (a link may point at anything: another user's files, a device, a file that changes under the app)."""


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
    with atomic_path(path) as tmp:
        write_demo(tmp, demo)
    return path


def write_demo(path: Path, demo: Demonstration) -> None:
    """The file's bytes, written to `path` as they are (save_demo and write_new make it atomic)."""
    with open(path, "wb") as f:
        np.savez_compressed(f, meta=np.array(json.dumps(asdict(demo.meta))), **{a: getattr(demo, a) for a in ARRAYS})


def read_meta(path: Path) -> DemoMeta:
    """Only the metadata (a listing does not decompress the frames)."""
    return _read(Path(path), ())[0]


def player_decisions(path: Path, player: str) -> int:
    """How many of a game's decisions `player` chose (reads the header and 2 KB of choosers, no frames)."""
    meta, arrays = _read(Path(path), ("controllers",))
    if player not in meta.controllers:
        return 0
    return int((arrays["controllers"] == meta.controllers.index(player)).sum())


def _read(path: Path, arrays: tuple[str, ...]) -> tuple[DemoMeta, dict[str, np.ndarray]]:
    """The checked metadata and the named arrays; anything unreadable is one DemoFileError naming the file.

    Every array's npy header (shape, dtype) is checked against the metadata before the array is read, so
    a file that declares a huge array costs nothing; damaged compressed data is caught while reading.
    """
    name = shown(path.name)
    if path.is_symlink():
        raise LinkSkipped(f"{name}: a symbolic link, not followed (a demos folder holds its own games)")
    try:
        with zipfile.ZipFile(path) as archive:
            meta = _parse_meta(path, _read_member(archive, "meta", None))
            return meta, {a: _read_member(archive, a, _expected(a, meta.decisions)) for a in arrays}
    except DemoFileError as exc:
        message = str(exc)
        raise DemoFileError(message if message.startswith(f"{name}: ") else f"{name}: {message}") from None
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile, zlib.error, MemoryError) as exc:
        reason = first_line(exc)
        raise DemoFileError(f"{name}: not a readable demonstration ({type(exc).__name__}: {reason})") from None


def _expected(name: str, decisions: int) -> tuple[tuple[int, ...], np.dtype]:
    """The shape and dtype each array must have in a file of `decisions` decisions."""
    shapes = {"frames": (decisions, *FRAME_SHAPE), "rams": (decisions + 1, RAM_BYTES)}
    dtypes = {"rewards": np.float32, "terminals": np.bool_}
    return shapes.get(name, (decisions,)), np.dtype(dtypes.get(name, np.uint8))


def _read_member(archive: zipfile.ZipFile, name: str, expected: tuple[tuple[int, ...], np.dtype] | None):
    """One member, its declared sizes (the zip's and the npy header's) bounded before a byte of it is
    decompressed: the metadata by MAX_META_BYTES, each array by what the metadata says it holds."""
    member = f"{name}.npy"
    most = MAX_META_BYTES if expected is None else int(np.prod(expected[0])) * expected[1].itemsize + NPY_HEADER_BYTES
    declared = archive.getinfo(member).file_size  # what zipfile will decompress, at most
    if declared > most:
        raise DemoFileError(f"{member} declares {declared} bytes, more than a demonstration's {most}")
    with archive.open(member) as f:
        version = np.lib.format.read_magic(f)
        header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, _, dtype = header(f)
    if expected is None and (tuple(shape) != () or dtype.itemsize > MAX_META_BYTES):
        raise DemoFileError(f"not a readable demonstration (metadata is {dtype}{list(shape)}, not a short text)")
    if expected is not None and (tuple(shape), dtype) != expected:
        raise DemoFileError(
            f"array lengths and types must match the metadata: {name} is {dtype}{list(shape)}, "
            f"expected {expected[1]}{list(expected[0])}"
        )
    with archive.open(member) as f:
        return np.lib.format.read_array(f, allow_pickle=False)


# The metadata fields and their JSON types (bool is not accepted where a number is expected).
_META_TYPES = {"protocol": str, "pipeline": str, "seed": int, "controllers": list, "score": int, "decisions": int}
_META_TYPES |= {"date": str, "truncated": bool, "app_version": str, "format_version": int}


def _parse_meta(path: Path, raw_array: np.ndarray) -> DemoMeta:
    """The metadata, checked field by field; a problem is 'not a readable demonstration (metadata ...)'."""
    raw, problem = _meta_problem(raw_array)
    if problem:
        raise DemoFileError(f"not a readable demonstration (metadata {problem})")
    return DemoMeta(**raw)


def _meta_problem(raw_array: np.ndarray) -> tuple[dict, str]:
    """The metadata as a dict, and what is wrong with it ("" when nothing is)."""
    if raw_array.shape != () or raw_array.dtype.kind != "U":
        return {}, "is not a text"
    try:
        raw = json.loads(str(raw_array))
    except json.JSONDecodeError as exc:
        return {}, f"is not JSON: {exc}"
    if not isinstance(raw, dict):
        return {}, "is not a JSON object"
    version = raw.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise DemoFileError(f"demonstration format {version}, this app reads format {FORMAT_VERSION}")
    for key, kind in _META_TYPES.items():
        value = raw.get(key)
        if key not in raw and key != "app_version":
            return raw, f"has no '{key}'"
        if key in raw and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            return raw, f"'{key}' is {value!r}, expected a {kind.__name__}"
    unknown = set(raw) - set(_META_TYPES)
    if unknown:
        return raw, f"has unknown fields {sorted(unknown)}"
    if not raw["controllers"] or not all(isinstance(c, str) for c in raw["controllers"]):
        return raw, "'controllers' must be a non-empty list of names"
    if not 0 <= raw["decisions"] <= MAX_DECISIONS or raw["seed"] < 0 or raw["score"] < 0:
        return raw, f"out of range: {raw['decisions']} decisions, seed {raw['seed']}, score {raw['score']}"
    return raw, ""


def load_demo(path: Path, protocol: str | None = None, pipeline: str | None = None) -> Demonstration:
    """Load and check one file; `protocol`/`pipeline`, when given, must match what it was recorded under."""
    path = Path(path)
    meta, arrays = _read(path, ARRAYS)
    if protocol is not None and meta.protocol != protocol:
        raise DemoFileError(f"{shown(path.name)}: recorded under protocol '{meta.protocol}', expected '{protocol}'")
    if pipeline is not None and meta.pipeline != pipeline:
        raise DemoFileError(f"{shown(path.name)}: recorded with pipeline '{meta.pipeline}', expected '{pipeline}'")
    demo = Demonstration(meta=meta, path=path, **arrays)
    _check_values(path, demo)
    return demo


def _check_values(path: Path, demo: Demonstration) -> None:
    t, name = demo.meta.decisions, shown(path.name)
    if t and int(demo.actions.max()) >= N_ACTIONS:
        raise DemoFileError(f"{name}: action {int(demo.actions.max())} out of range (the game has {N_ACTIONS})")
    if t and int(demo.controllers.max()) >= len(demo.meta.controllers):
        raise DemoFileError(f"{name}: controller index out of range")
    if not np.isfinite(demo.rewards).all():
        raise DemoFileError(f"{name}: rewards are not all finite numbers")
    if int(demo.terminals.sum()) > 1 or (t and demo.terminals.any() and not demo.terminals[-1]):
        raise DemoFileError(f"{name}: a game ends only once, on its last decision")


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


def player_games(directory: Path, player: str) -> list[tuple[Path, DemoMeta]]:
    """The whole games in `directory` that `player` played, alone or with an agent they coached (at least one
    decision theirs), oldest first, chosen by their headers only.

    Cheap enough for a keypress in the window (no frames are read); unreadable files are left out here
    and reported by whoever loads the games.
    """
    found = []
    for path in demo_paths(directory) if Path(directory).is_dir() else []:
        try:
            meta = read_meta(path)
        except DemoFileError:
            continue
        if player in meta.controllers and not meta.truncated:
            found.append((path, meta))
    return sorted(found, key=lambda pm: (pm[1].date, pm[0].name))
