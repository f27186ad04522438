"""The side panel: who plays, the score, time left, session records, speed, Q-values and the keys."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
import pygame

from crossy_desktop.app.keys import HELP
from crossy_desktop.app.teaching import TeachBox
from crossy_desktop.game.core import ACTION_NAMES, EMULATOR_HZ
from crossy_desktop.storage.scoreboard import Scoreboard, ScoreboardError

BG = (24, 26, 33)
FG = (230, 232, 238)
DIM = (140, 146, 160)
ACCENT = (252, 196, 25)
GOOD = (110, 210, 120)
BAD = (235, 90, 80)
CONTROLLER_COLOURS = {
    "human": (120, 190, 255),
    "random": (220, 160, 255),
    "dqn": ACCENT,
    "scripted": (120, 230, 200),
    "replay": (200, 200, 200),
}


@dataclass
class HudInfo:
    controller: str
    controller_kind: str
    score: int
    frames_left: int
    game_number: int
    best_score: int
    fps: float
    speed: str
    muted: bool
    sound_available: bool
    q_values: np.ndarray | None = None
    action: int = 0
    message: str = ""
    warning: bool = False  # the message says something went wrong: red
    recording: bool = False
    demos_saved: int = 0
    rival: tuple[str, int] | None = None  # versus: the agent's name and score
    teach: TeachBox | None = None  # teaching in progress: shown where the keys' help goes
    gamepad: str | None = None  # the pad connected, by name
    coach: tuple[str, ...] | None = None  # coaching: the student, who has the chicken, the corrections

    def view_key(self) -> tuple:
        """What the panel shows, as the panel shows it: equal keys draw identical panels."""
        q = None if self.q_values is None else tuple(round(float(v), 2) for v in self.q_values)
        fields = (self.controller, self.controller_kind, self.score, format_time(self.frames_left))
        fields += (self.game_number, self.best_score, round(self.fps), self.speed, self.muted, self.sound_available)
        shown = (q, self.action, self.message, self.warning, self.recording, self.demos_saved, self.rival, self.teach)
        return (*fields, *shown, self.gamepad, self.coach)


def format_time(frames: int) -> str:
    seconds = frames // EMULATOR_HZ
    return f"{seconds // 60}:{seconds % 60:02d}"


class Hud:
    def __init__(self, rect: pygame.Rect, scale: int) -> None:
        self.rect = rect
        self.scale = scale
        u = max(2, scale)
        self.pad = 4 * u
        self.big = pygame.font.Font(None, 20 * u)
        self.mid = pygame.font.Font(None, 8 * u)
        self.small = pygame.font.Font(None, 6 * u)
        self._drawn: tuple | None = None  # view_key of the panel on the surface

    def move(self, rect: pygame.Rect) -> None:
        """The same panel somewhere else in the window (same size): drawn afresh on the next frame."""
        self.rect, self._drawn = rect, None

    def draw(self, surface: pygame.Surface, info: HudInfo) -> bool:
        """Redraw only when what the panel shows changed (about once a second in play): text is costly, and
        so is copying a cached panel (0.8 ms a frame at zoom 4). The panel stays on `surface` in between:
        nothing else draws there. True when it was redrawn (the window then shows the panel anew)."""
        key = info.view_key()
        if key == self._drawn:
            return False
        self._render(surface, info)
        self._drawn = key
        return True

    def _render(self, surface: pygame.Surface, info: HudInfo) -> None:
        surface.fill(BG, self.rect)
        x, y = self.rect.x + self.pad, self.rect.y + self.pad
        w = self.rect.width - 2 * self.pad
        y = self._text(surface, "CROSSY DESKTOP", self.mid, ACCENT, x, y)
        if info.recording:
            y = self._rec_mark(surface, info.demos_saved, x, y)
        y += self.pad // 2
        y = self._text(surface, "playing", self.small, DIM, x, y)
        colour = CONTROLLER_COLOURS.get(info.controller_kind, FG)
        y = self._text(surface, info.controller, self.mid, colour, x, y, max_width=w)
        y = self._text(surface, f"{info.score}", self.big, FG, x, y)
        if info.coach is not None:
            y = self._text(surface, info.coach[0], self.small, ACCENT, x, y, max_width=w)
            for text in info.coach[1:]:
                y = self._text(surface, text, self.small, FG, x, y, max_width=w)
        if info.rival is not None:
            name, score = info.rival
            y = self._text(surface, "versus (right)", self.small, DIM, x, y)
            y = self._text(surface, name, self.mid, CONTROLLER_COLOURS["dqn"], x, y, max_width=w)
            y = self._text(surface, f"{score}", self.big, FG, x, y)
        y = self._text(surface, f"time left {format_time(info.frames_left)}", self.mid, FG, x, y)
        y = self._text(surface, f"game {info.game_number}    session best {info.best_score}", self.small, FG, x, y)
        sound = "no audio device" if not info.sound_available else ("muted" if info.muted else "sound on")
        y = self._text(surface, f"{info.fps:.0f} fps   speed {info.speed}   {sound}", self.small, DIM, x, y)
        if info.gamepad:
            y = self._text(surface, f"pad: {info.gamepad}", self.small, DIM, x, y, max_width=w)
        if info.q_values is not None:
            y = self._q_bars(surface, info.q_values, info.action, x, y + self.pad // 2, w)
        if info.message:
            colour = BAD if info.warning else FG
            y = self._text(surface, info.message, self.small, colour, x, y + self.pad // 2, max_width=w)
        if info.teach is not None:
            self._teach_box(surface, info.teach, x, y + self.pad, w)
            return
        y = max(y + self.pad, self.rect.bottom - self.pad - len(HELP) * self.small.get_linesize())
        for key, what in HELP:
            self._text(surface, key, self.small, FG, x, y)
            y = self._text(surface, what, self.small, DIM, x + w * 2 // 5, y)

    def _teach_box(self, surface: pygame.Surface, box: TeachBox, x: int, y: int, w: int) -> None:
        """Teaching's progress: its lines, a progress bar and the test scores so far against yours."""
        line = self.small.get_linesize()
        curve_h = 6 * line
        y = max(y, self.rect.bottom - self.pad - (len(box.lines) + 1) * line - curve_h)
        y = self._text(surface, box.lines[0], self.small, ACCENT, x, y)
        for text in box.lines[1:]:
            y = self._text(surface, text, self.small, FG, x, y, max_width=w)
        pygame.draw.rect(surface, (50, 54, 66), (x, y + 2, w, line - 4))
        pygame.draw.rect(surface, GOOD, (x, y + 2, max(1, int(w * box.fraction)), line - 4))
        self._curve(surface, box, pygame.Rect(x, y + line, w, curve_h - line))

    def _curve(self, surface: pygame.Surface, box: TeachBox, rect: pygame.Rect) -> None:
        """Test score per evaluation (dots joined), on a 0-34 scale with the teacher's mean as a line."""
        pygame.draw.rect(surface, (36, 39, 48), rect)

        def at(i: int, score: float) -> tuple[int, int]:
            fx = i / max(1, len(box.curve) - 1)
            return rect.x + int(fx * (rect.width - 1)), rect.bottom - 1 - int(score / 34 * (rect.height - 1))

        teacher_y = at(0, box.teacher_mean)[1]
        pygame.draw.line(surface, CONTROLLER_COLOURS["human"], (rect.x, teacher_y), (rect.right - 1, teacher_y))
        points = [at(i, s) for i, s in enumerate(box.curve)]
        if len(points) > 1:
            pygame.draw.lines(surface, ACCENT, False, points, 2)
        for point in points:
            pygame.draw.circle(surface, ACCENT, point, 3)

    def _rec_mark(self, surface: pygame.Surface, saved: int, x: int, y: int) -> int:
        """A red dot and REC under the title, with how many games this session saved."""
        radius = self.mid.get_height() // 4
        pygame.draw.circle(surface, BAD, (x + radius, y + self.mid.get_height() // 2), radius)
        label = self.mid.render("REC", True, BAD)
        surface.blit(label, (x + 3 * radius, y))
        count = self.small.render(f"{saved} game{'s' if saved != 1 else ''} saved", True, DIM)
        surface.blit(
            count, (x + 3 * radius + label.get_width() + radius * 2, y + self.mid.get_height() - count.get_height())
        )
        return y + self.mid.get_linesize()

    def _text(self, surface, text, font, colour, x, y, max_width: int | None = None) -> int:
        lines = _wrap(text, font, max_width) if max_width else [text]
        for line in lines:
            surface.blit(font.render(line, True, colour), (x, y))
            y += font.get_linesize()
        return y

    def _q_bars(self, surface, q: np.ndarray, action: int, x: int, y: int, w: int) -> int:
        """Q-value per action as bars, the greedy choice highlighted; bars share one scale."""
        y = self._text(surface, "Q-values", self.small, DIM, x, y)
        lo, hi = float(min(q.min(), 0.0)), float(max(q.max(), 1e-6))
        label_w = w // 4
        bar_h = self.small.get_linesize() - 4
        for i, name in enumerate(ACTION_NAMES):
            frac = (float(q[i]) - lo) / (hi - lo) if hi > lo else 0.0
            colour = ACCENT if i == action else DIM
            surface.blit(self.small.render(name, True, colour), (x, y))
            pygame.draw.rect(surface, (50, 54, 66), (x + label_w, y + 2, w - label_w, bar_h))
            pygame.draw.rect(surface, colour, (x + label_w, y + 2, max(1, int((w - label_w) * frac)), bar_h))
            value = self.small.render(f"{q[i]:.2f}", True, BG if frac > 0.3 else FG)
            surface.blit(value, (x + label_w + 4, y + 2))
            y += self.small.get_linesize()
        return y


def _wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if font.size(trial)[0] <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def leaderboard_lines(scoreboard: Scoreboard, rows: int = 8) -> list[str]:
    """The best games as overlay lines (Tab), or the reason the scoreboard cannot be read."""
    try:
        best = scoreboard.leaderboard(rows)
    except ScoreboardError as exc:
        return textwrap.wrap(str(exc), 44)[:5]
    return [f"{r.score:>3}  {r.controller[:22]}  {r.date[:10]}" for r in best] or ["no finished games yet"]
