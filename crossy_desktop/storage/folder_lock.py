"""One writer per folder: an advisory lock on FOLDER/.lock that the system drops when its holder dies,
killed or not, so a run folder or a sweep folder is never written by two commands at once and a stale
lock never blocks anyone. Where advisory locks do not exist (Windows), the lock is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"


class FolderBusy(RuntimeError):
    """Another live command holds the folder (the message says which kind, in one line)."""


@contextmanager
def hold(folder: Path, busy: str) -> Iterator[None]:
    """Hold `folder` for the block; FolderBusy(`busy`) at once if another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    with open(Path(folder) / LOCK_NAME, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(busy) from None
        yield


def is_held(folder: Path) -> bool:
    """True while a live process holds `folder` (its lock is tried and, if free, let go at once)."""
    if not (Path(folder) / LOCK_NAME).exists():
        return False
    try:
        with hold(folder, ""):
            return False
    except FolderBusy:
        return True
    except OSError:
        return True  # cannot tell: treat it as in use
