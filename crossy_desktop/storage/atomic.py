"""Atomic file writes: a reader sees the old file or the new one, never half of one.

New files get the mode the user's umask gives (as `open` would), not mkstemp's 0600. A kill during a
write leaves a hidden `.NAME.*.tmp` file, never a damaged NAME; `clean_leftovers` removes old ones.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once at import: os.umask can only be read by setting it


@contextlib.contextmanager
def atomic_path(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temp path beside `path`; if the block succeeds, fsync it and rename it over `path`.

    `suffix` ends the temp name, for writers that pick the format from it (".tmp.mp4").
    """
    path = Path(path)
    tmp = _new_temp(path, suffix)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def write_new(candidates: Iterable[Path], write: Callable[[Path], None]) -> Path:
    """Write a new file under the first free name of `candidates`; never replaces a file.

    The file is written and synced under a temp name, then the name is claimed with a hard link, which
    fails if the name exists: two writers at once never take the same name (where links are not
    supported, an O_EXCL placeholder claims it). Returns the name taken.
    """
    tmp: Path | None = None
    try:
        for path in candidates:
            if tmp is None:
                tmp = _new_temp(path, ".tmp")
                write(tmp)
                _fsync(tmp)
            if _claim(tmp, path):
                _fsync_dir(path.parent)
                return path
        raise FileExistsError("no free file name left")
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _claim(tmp: Path, path: Path) -> bool:
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    except OSError:  # no hard links here: claim the name with an exclusive create, then fill it
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            return False
        os.replace(tmp, path)
        return True


def check_writable(directory: Path) -> None:
    """OSError (with the system's reason) unless a new file can be made in `directory` (made if missing)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=directory):
        pass


def clean_leftovers(directory: Path, older_than_s: float = 3600.0) -> int:
    """Remove temp files that a killed writer left in `directory` (only old ones: a live writer's stay)."""
    removed = 0
    cutoff = time.time() - older_than_s
    for leftover in Path(directory).glob(".*.tmp*"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed += 1
    return removed


def _new_temp(path: Path, suffix: str) -> Path:
    """An empty temp file beside `path`, with the mode the umask gives a new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
    finally:
        os.close(fd)
    return Path(name)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
