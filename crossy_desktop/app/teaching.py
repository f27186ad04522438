"""Teaching from the window (T): the Teach panel's states and the `crossy teach` process behind it.

The learning runs in a separate process, the same program started again with the teach sub-command
(`sys.executable`, so it works in the PyInstaller bundle too) and one torch thread, so the window keeps its
60 frames per second and the player can go on playing or watching. The process tells its progress as one
JSON object per line on stdout; a reader thread queues them and the window drains the queue once a frame
(no waiting). Cancelling writes "stop" to its stdin: it keeps the best model tested so far and exits. If
the window dies, the process reads the end of its stdin and stops the same way, so it never outlives us.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from crossy_desktop.errors import first_line
from crossy_desktop.storage.demo_file import DemoFileError, DemoMeta, demo_paths, player_decisions, player_games
from crossy_desktop.training.teach import (
    MAX_GAMES,
    MIN_GAMES,
    ROUND_UPDATES,
    can_teach,
    enough_games,
    estimate_seconds,
    plan_summary,
    teach_config,
)
from crossy_desktop.training.teach_events import (
    TeachEnded,
    TeachEvent,
    TeachProgress,
    TeachStarted,
    TeachTesting,
    from_json,
)


class TeachState(Enum):
    CLOSED = "closed"
    PLAN = "plan"  # the panel is open: what teaching will do; Enter starts
    RUNNING = "running"  # learning in the other process; progress in the HUD
    FINISHED = "finished"  # the result, with D (watch) and V (race) offered


@dataclass(frozen=True)
class TeachBox:
    """What the HUD shows while teaching runs: a few lines, a progress bar and the test scores so far."""

    lines: tuple[str, ...]
    fraction: float
    curve: tuple[float, ...]  # test scores in order
    teacher_mean: float


def teach_command(*args: str) -> list[str]:
    """This program with the teach sub-command: the bundle's executable when frozen, else `python -m`."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "teach", *args]
    return [sys.executable, "-m", "crossy_desktop", "teach", *args]


class TeachProcess:
    """`crossy teach --events` as a child process whose progress lines are read without blocking."""

    def __init__(self, args: list[str]) -> None:
        env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            teach_command("--events", *args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1, env=env,
        )  # fmt: skip
        self.events: queue.SimpleQueue[TeachEvent] = queue.SimpleQueue()
        self.last_error = ""
        self.all_read = threading.Event()  # stdout has ended: every event is in the queue
        threading.Thread(target=self._read_events, name="teach-events", daemon=True).start()
        threading.Thread(target=self._read_errors, name="teach-errors", daemon=True).start()

    def _read_events(self) -> None:
        for line in self.proc.stdout:
            event = from_json(line)
            if event is not None:  # a stray line (a library's print) is not an event
                self.events.put(event)
        self.all_read.set()

    def _read_errors(self) -> None:
        for line in self.proc.stderr:
            if line.strip():
                self.last_error = line.strip().removeprefix("crossy: ")

    def drain(self) -> list[TeachEvent]:
        out = []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                return out

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def cancel(self) -> None:
        """Ask it to stop: it keeps the best model so far, then exits."""
        try:
            self.proc.stdin.write("stop\n")
            self.proc.stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass  # it has ended already

    def close(self, timeout: float = 10.0) -> None:
        """Stop and wait for it (the window is closing); kill it if it does not end in `timeout` seconds."""
        self.cancel()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _decisions_of(path: Path, player: str) -> int:
    try:
        return player_decisions(path, player)
    except DemoFileError:
        return 0  # an unreadable file teaches nothing; whoever loads the games names it


class TeachPanel:
    """T opens it, Enter starts teaching, T or Esc cancels; the result offers D (watch) and V (race)."""

    def __init__(self, demos_dir: Path, player: str = "human", extra_args: tuple[str, ...] = ()) -> None:
        self.demos_dir = demos_dir
        self.player = player
        self.extra_args = extra_args  # tests: a tiny update budget, another models folder
        self.state = TeachState.CLOSED
        self.process: TeachProcess | None = None
        self.lines: list[str] = []  # the panel's text (PLAN and FINISHED)
        self.can_start = False
        self.progress: TeachProgress | None = None
        self.testing: TeachTesting | None = None  # the student's final test games, once they begin
        self.start_event: TeachStarted | None = None
        self.student: Path | None = None  # the newest student, once one is saved
        self.continue_from: Path | None = None  # the student coached when the panel opened: Enter teaches it again
        self.rounds: list[TeachEnded] = []  # what each teaching of this session gave, in order
        self._listing: queue.SimpleQueue | None = None  # the recordings being read for the plan
        self._start_when_read = False  # Enter came before the recordings were read

    # -- the panel's keys --------------------------------------------------------------------------
    def open(self, continue_from: Path | None = None) -> None:
        """The plan: how many games are recorded, what teaching will do and how long it takes; with
        `continue_from` (the student being coached), a round of teaching it again from the corrections. The
        recordings' headers are read on a thread of their own (a hundred games take 20-230 ms: longer than a
        frame), so the panel says "reading" for a frame or two; Enter pressed meanwhile starts once they are read."""
        self.state, self._listing = TeachState.PLAN, None
        self.continue_from = continue_from
        self.can_start = self._start_when_read = False
        if not can_teach():
            self.lines = ["Teaching needs the full version of Crossy Desktop (with torch).", "T or Esc to close"]
            return
        self.lines = ["reading your recordings ...", "T or Esc to close"]
        listing: queue.SimpleQueue[tuple[list[DemoMeta], int] | OSError] = queue.SimpleQueue()
        self._listing = listing  # a panel closed and opened again ignores the older thread's answer
        threading.Thread(target=self._read_games, args=(listing,), name="teach-listing", daemon=True).start()

    def _read_games(self, listing: queue.SimpleQueue) -> None:
        """The player's whole games (the newest MAX_GAMES) and how many other recordings lie beside them, or
        the error that kept the folder from being read."""
        try:
            found = player_games(self.demos_dir, self.player)[-MAX_GAMES:]
            others = len(demo_paths(self.demos_dir)) - len(found) if self.demos_dir.is_dir() else 0
            shared = [path for path, meta in found if meta.controllers != [self.player]]
            corrections = sum(_decisions_of(path, self.player) for path in shared)
            listing.put(([meta for _, meta in found], others, corrections))
        except OSError as exc:
            listing.put(exc)

    def _show_plan(self, games: list[DemoMeta], others: int, corrections: int) -> None:
        self.can_start = enough_games(len(games))
        if not self.can_start:
            self.lines = [
                f"{len(games)} recorded game{'s' * (len(games) != 1)} of yours (at least {MIN_GAMES} needed).",
                *([f"({others} other recordings: agents' or unfinished games do not teach)"] if others else []),
                "Press F5 to record, then play whole games.",
                "T or Esc to close",
            ]
            return
        solo = [m.score for m in games if m.controllers == [self.player]] or [m.score for m in games]
        coached = sum(m.controllers != [self.player] for m in games)
        of_yours = f"{len(games)} of your games" + (f" ({coached} coached)" if coached else "")
        self.lines = [f"{of_yours}: mean {sum(solo) / len(solo):.1f}, best {max(solo)}"]
        if self.continue_from is not None:
            minutes = estimate_seconds(teach_config(updates=ROUND_UPDATES)) / 60
            self.lines += [
                f"Teach {self.continue_from.stem} again with your {corrections} corrections:",
                f"{ROUND_UPDATES} updates from where it is, then 5 test games",
            ]
        else:
            minutes = estimate_seconds() / 60
            self.lines += plan_summary()
        about = f"about {minutes:.0f} minutes" if minutes >= 1.5 else "about a minute"
        self.lines += [f"{about}; keep playing meanwhile", "Enter to start, T or Esc to close"]
        if self._start_when_read:
            self.start()

    def start(self) -> None:
        if self.state is not TeachState.PLAN:
            return
        if self._listing is not None:  # the games are still being read: start when they are
            self._start_when_read = True
            return
        if not self.can_start:
            return
        args = ["--demos", str(self.demos_dir), "--player", self.player, *self.extra_args]
        if self.continue_from is not None:
            args += ["--from", str(self.continue_from)]
        try:
            self.process = TeachProcess(args)
        except OSError as exc:
            self.lines = [f"cannot start teaching: {exc}", "T or Esc to close"]
            self.can_start = False
            return
        self.state = TeachState.RUNNING
        self.progress = self.testing = self.start_event = None

    def cancel(self) -> None:
        if self.process is not None:
            self.process.cancel()

    def close_panel(self) -> None:
        """T or Esc: cancel a running teach (its best model so far is kept), or close the panel."""
        if self.state is TeachState.RUNNING:
            self.cancel()
        else:
            self.state = TeachState.CLOSED

    def shutdown(self) -> None:
        """The window is closing: the teach process ends with it."""
        if self.process is not None:
            self.process.close()

    # -- once a frame ------------------------------------------------------------------------------
    def poll(self) -> Path | None:
        """Take in the recordings' listing and the process's news; returns the student's path on the frame
        it is saved."""
        if self._listing is not None and not self._listing.empty():
            listed = self._listing.get()
            self._listing = None
            if self.state is TeachState.PLAN and isinstance(listed, OSError):
                self.lines = [f"cannot read {self.demos_dir}: {first_line(listed)}", "T or Esc to close"]
            elif self.state is TeachState.PLAN:
                self._show_plan(*listed)
        if self.process is None:
            return None
        saved = None
        for event in self.process.drain():
            saved = self._take(event) or saved
        ended = self.process.all_read.is_set() and not self.process.running
        if self.state is TeachState.RUNNING and ended and self.process.events.empty():
            self._ended_without_result()
        return saved

    def _take(self, event: TeachEvent) -> Path | None:
        if isinstance(event, TeachStarted):
            self.start_event = event
        elif isinstance(event, TeachProgress):
            self.progress = event
        elif isinstance(event, TeachTesting):
            self.testing = event
        elif isinstance(event, TeachEnded):
            self.state = TeachState.FINISHED
            self.process_done(event)
            return self.student if event.model else None
        return None

    def process_done(self, event: TeachEnded) -> None:
        if not event.model:
            self.lines = [event.reason or "cancelled: nothing to keep", "T or Esc to close"]
            return
        self.student = Path(event.model)
        self.rounds.append(event)
        verb = "scored so far (cancelled)" if event.cancelled else "scored"
        self.lines = [
            f"Your student {verb} {event.student_mean:.1f} over {event.student_games} games",
            f"(you: {event.teacher_mean:.1f} over {event.games} games)",
            f"taught in {event.elapsed_s / 60:.1f} minutes",
            *[
                f"round {r.round}: {r.corrections} corrections, scored {r.student_mean:.1f}"
                for r in self.rounds[-3:]
                if len(self.rounds) > 1 or r.round > 1
            ],
            "D to watch it, V to race it, C to coach it, T or Esc to close",
        ]

    def _ended_without_result(self) -> None:
        self.state = TeachState.FINISHED
        reason = self.process.last_error or f"exit code {self.process.proc.returncode}"
        self.lines = [f"teaching stopped: {reason}", "T or Esc to close"]

    # -- what to show ------------------------------------------------------------------------------
    @property
    def shows_overlay(self) -> bool:
        return self.state in (TeachState.PLAN, TeachState.FINISHED)

    def box(self) -> TeachBox | None:
        """The HUD's teaching box while the process runs."""
        if self.state is not TeachState.RUNNING:
            return None
        p = self.progress
        if p is None:
            return TeachBox(("TEACHING", "loading your games ..."), 0.0, (), 0.0)
        teacher_mean = self.start_event.teacher_mean if self.start_event is not None else 0.0
        test = "-" if p.test_score is None else f"{p.test_score:.1f}"
        t = self.testing
        lines = (
            "TEACHING  (T: stop)",
            f"updates {p.updates} / {p.total}",
            f"agrees with you {p.agreement:.0%}",
            f"latest test {test}   you {teacher_mean:.1f}",
            f"testing your student: game {t.game} of {t.games}" if t else f"about {max(0, p.left_s) / 60:.1f} min left",
        )
        curve = tuple(score for _, score in p.curve)
        return TeachBox(lines, p.updates / max(1, p.total), curve, teacher_mean)
