"""The scoreboard: every finished game in an SQLite database in the per-user data folder.

One short connection and one transaction per game (BEGIN IMMEDIATE ... COMMIT) in WAL mode, with a busy
timeout, so several app instances can write at once and none loses a game. A file that is not a
scoreboard, or one locked for too long, raises ScoreboardError with one line; the file is never
replaced or "repaired", so nothing in it is lost.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time
from dataclasses import astuple, dataclass, fields
from enum import StrEnum
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    controller TEXT NOT NULL,
    model TEXT,
    seed INTEGER,
    score INTEGER NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('solo', 'versus')),
    opponent TEXT
)
"""


class ScoreboardError(Exception):
    """The scoreboard cannot be read or written; the message is one line for the player."""


class GameMode(StrEnum):
    SOLO = "solo"
    VERSUS = "versus"  # the player against an agent, side by side


@dataclass
class GameRecord:
    controller: str
    score: int
    seed: int | None = None
    model: str | None = None  # model file name, for DQN games
    mode: str = GameMode.SOLO  # a GameMode; rows read back keep whatever the file holds
    opponent: str | None = None  # the other side, in versus games
    date: str = ""

    def __post_init__(self) -> None:
        if not self.date:
            self.date = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


COLUMNS = [f.name for f in fields(GameRecord)]


@dataclass
class ControllerAverage:
    controller: str
    games: int
    mean: float
    best: int


class Scoreboard:
    def __init__(self, path: Path, timeout_s: float = 5.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s

    def _connect(self, write: bool) -> sqlite3.Connection:
        """A writer converts the file to WAL once (retrying while busy); a reader opens it read-only."""
        if not write:
            if not self.path.exists():  # nothing finished yet: an empty board
                conn = sqlite3.connect(":memory:")
                conn.execute(SCHEMA)
                return conn
            return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", timeout=self.timeout_s, uri=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
        try:
            self._use_wal(conn)
            conn.execute(SCHEMA)
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _use_wal(self, conn: sqlite3.Connection) -> None:
        """Switch a new (rollback-mode) file to WAL. SQLite answers a busy switch at once, without its busy
        handler (it would deadlock), so the timeout is honoured here, by retrying."""
        deadline = time.monotonic() + self.timeout_s
        while conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            try:
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01 + random.random() * 0.04)

    def _run(self, action, write: bool = False):
        try:
            conn = self._connect(write)
            try:
                return action(conn)
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise ScoreboardError(f"scoreboard {self.path} is locked by another program ({exc})") from None
            raise ScoreboardError(f"scoreboard {self.path} cannot be used: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise ScoreboardError(f"scoreboard {self.path} is not a scoreboard database (corrupt?): {exc}") from None
        except OSError as exc:
            raise ScoreboardError(f"scoreboard {self.path} cannot be opened: {exc}") from None

    def add(self, record: GameRecord) -> None:
        """One game, one transaction."""

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                f"INSERT INTO games ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", astuple(record)
            )
            conn.execute("COMMIT")

        self._run(insert, write=True)

    def games(self) -> list[GameRecord]:
        rows = self._run(lambda c: c.execute(f"SELECT {', '.join(COLUMNS)} FROM games ORDER BY id").fetchall())
        return [GameRecord(*row) for row in rows]

    def leaderboard(self, limit: int = 10) -> list[GameRecord]:
        query = f"SELECT {', '.join(COLUMNS)} FROM games ORDER BY score DESC, date ASC LIMIT ?"
        return [GameRecord(*row) for row in self._run(lambda c: c.execute(query, (limit,)).fetchall())]

    def averages(self) -> list[ControllerAverage]:
        query = (
            "SELECT controller, COUNT(*), AVG(score), MAX(score) FROM games "
            "GROUP BY controller ORDER BY AVG(score) DESC"
        )
        return [ControllerAverage(*row) for row in self._run(lambda c: c.execute(query).fetchall())]
