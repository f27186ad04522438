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
TEACH_CURVE_LINES = 6  # the height of teaching's curve of test scores, in lines of small text
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
    eye: bool = False  # the agent's eye is on: its frames take the keys' place (the view draws them there)

    def view_key(self) -> tuple:
        """What the panel shows but its live parts (`part_keys`), as the panel shows it: equal keys and equal
        part keys draw identical panels."""
        fields = (self.score, self.q_values is None, self.message, self.warning, self.recording, self.demos_saved)
        fields += (self.rival, self.gamepad, self.eye)
        teach = None if self.teach is None else len(self.teach.lines)  # where the teaching box starts
        return (*fields, teach, None if self.coach is None else self.coach[0])

    def part_keys(self) -> dict[str, tuple | None]:
        """What each live part of the panel shows: they change many times a second (the Q-value bars at each
        of an agent's decisions, the coach's counter at each correction, who has the chicken as a coach takes
        over and hands back) or each second (the clock, teaching's progress), and are drawn again alone."""
        clock = (format_time(self.frames_left), self.game_number, self.best_score, round(self.fps), self.speed)
        bars = None if self.q_values is None else tuple(round(float(v), 2) for v in self.q_values)  # as shown
        return {
            "who": (self.controller, self.controller_kind),
            "coach": None if self.coach is None else self.coach[1:],
            "clock": (*clock, self.muted, self.sound_available),
            "bars": None if bars is None else (bars, self.action),
            "teach": self.teach,
        }


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
        self._drawn_parts: dict[str, tuple | None] = {}  # and the part_keys of its live parts
        self._areas: dict[str, pygame.Rect] = {}  # where each live part is
        self._images: dict[tuple, pygame.Surface] = {}  # each text as rendered: most lines change seldom
        self._wrapped: dict[tuple, list[str]] = {}
        self.eye_rect: pygame.Rect | None = None  # where the agent's eye's four frames go (2 x 2), if shown

    def move(self, rect: pygame.Rect) -> None:
        """The same panel somewhere else in the window (same size): drawn afresh on the next frame."""
        self.rect, self._drawn = rect, None

    def draw(self, surface: pygame.Surface, info: HudInfo) -> pygame.Rect | None:
        """Redraw only what changed: the whole panel when what it shows changed (a crossing, a message), else
        the live parts whose content did. Text is costly (a whole panel 1.4 ms at zoom 4), and so is showing
        it again. What is drawn stays on `surface` in between: nothing else draws there. Returns the area
        redrawn (the window shows it anew), None when nothing was."""
        key, parts = info.view_key(), info.part_keys()
        if key != self._drawn:
            return self._whole(surface, info, key, parts)
        redrawn = None
        for name, part in parts.items():
            if part is None or part == self._drawn_parts[name]:
                continue  # a part not shown (whether it is, is in view_key), or unchanged
            area = self._areas[name]
            surface.fill(BG, area)
            x, w = self._column()
            if PARTS[name](self, surface, info, x, area.y, w) != area.bottom:
                return self._whole(surface, info, key, parts)  # a line wrapped anew: the parts below move
            self._drawn_parts[name] = part
            redrawn = area if redrawn is None else redrawn.union(area)
        shown = None if redrawn is None else redrawn.clip(self.rect)  # a small zoom's panel may cut its text off
        return shown if shown is not None and shown.width and shown.height else None

    def _whole(self, surface: pygame.Surface, info: HudInfo, key: tuple, parts: dict) -> pygame.Rect:
        self._render(surface, info)
        self._drawn, self._drawn_parts = key, parts
        return self.rect

    def _column(self) -> tuple[int, int]:
        """Where the panel's text starts and how wide it may be."""
        return self.rect.x + self.pad, self.rect.width - 2 * self.pad

    def _part(self, name: str, surface: pygame.Surface, info: HudInfo, x: int, y: int, w: int) -> int:
        """Draw live part `name` at (x, y) and remember where it went."""
        bottom = PARTS[name](self, surface, info, x, y, w)
        self._areas[name] = pygame.Rect(self.rect.x, y, self.rect.width, bottom - y)  # text may run into the pad
        return bottom

    def _render(self, surface: pygame.Surface, info: HudInfo) -> None:
        surface.fill(BG, self.rect)
        (x, w), y = self._column(), self.rect.y + self.pad
        y = self._text(surface, "CROSSY DESKTOP", self.mid, ACCENT, x, y)
        if info.recording:
            y = self._rec_mark(surface, info.demos_saved, x, y)
        y += self.pad // 2
        y = self._text(surface, "playing", self.small, DIM, x, y)
        y = self._part("who", surface, info, x, y, w)
        y = self._text(surface, f"{info.score}", self.big, FG, x, y)
        if info.coach is not None:
            y = self._text(surface, info.coach[0], self.small, ACCENT, x, y, max_width=w)
            y = self._part("coach", surface, info, x, y, w)
        if info.rival is not None:
            name, score = info.rival
            y = self._text(surface, "versus (right)", self.small, DIM, x, y)
            y = self._text(surface, name, self.mid, CONTROLLER_COLOURS["dqn"], x, y, max_width=w)
            y = self._text(surface, f"{score}", self.big, FG, x, y)
        y = self._part("clock", surface, info, x, y, w)
        if info.gamepad:
            y = self._text(surface, f"pad: {info.gamepad}", self.small, DIM, x, y, max_width=w)
        if info.q_values is not None:
            y = self._part("bars", surface, info, x, y + self.pad // 2, w)
        if info.message:
            colour = BAD if info.warning else FG
            y = self._text(surface, info.message, self.small, colour, x, y + self.pad // 2, max_width=w)
        bottom, line = self.rect.bottom - self.pad, self.small.get_linesize()  # the keys' place, from the bottom up:
        if info.teach is not None:  # teaching's box, then the agent's eye above it, or the keys' help
            top = max(y + self.pad, bottom - (len(info.teach.lines) + 1 + TEACH_CURVE_LINES) * line)
            self._part("teach", surface, info, x, top, w)
            bottom = top - self.pad
        self.eye_rect = self._eye_box(surface, x, y + self.pad, w, bottom) if info.eye else None
        if info.teach is not None or info.eye:
            return
        y = max(y + self.pad, bottom - len(HELP) * line)
        for key, what in HELP:
            self._text(surface, key, self.small, FG, x, y)
            y = self._text(surface, what, self.small, DIM, x + w * 2 // 5, y)

    def _eye_box(self, surface: pygame.Surface, x: int, y: int, w: int, bottom: int) -> pygame.Rect | None:
        """The agent's eye's caption and the square its frames fill, at the bottom; None where it does not fit."""
        line = self.small.get_linesize()
        top = bottom - w - line
        if top < y:
            return None
        self._text(surface, "what it sees (oldest first)", self.small, DIM, x, top)
        return pygame.Rect(x, top + line, w, w)

    def _who(self, surface: pygame.Surface, info: HudInfo, x: int, y: int, w: int) -> int:
        """Who has the chicken: it changes at every takeover while coaching."""
        colour = CONTROLLER_COLOURS.get(info.controller_kind, FG)
        return self._text(surface, info.controller, self.mid, colour, x, y, max_width=w)

    def _coach_lines(self, surface: pygame.Surface, info: HudInfo, x: int, y: int, w: int) -> int:
        """Who has the chicken, and the corrections this game."""
        for text in info.coach[1:]:
            y = self._text(surface, text, self.small, FG, x, y, max_width=w)
        return y

    def _clock(self, surface: pygame.Surface, info: HudInfo, x: int, y: int, w: int) -> int:
        """Time left, the game and the session's best, the frame rate, speed and sound."""
        y = self._text(surface, f"time left {format_time(info.frames_left)}", self.mid, FG, x, y)
        y = self._text(surface, f"game {info.game_number}    session best {info.best_score}", self.small, FG, x, y)
        sound = "no audio device" if not info.sound_available else ("muted" if info.muted else "sound on")
        return self._text(surface, f"{info.fps:.0f} fps   speed {info.speed}   {sound}", self.small, DIM, x, y)

    def _teach_box(self, surface: pygame.Surface, info: HudInfo, x: int, y: int, w: int) -> int:
        """Teaching's progress: its lines, a progress bar and the test scores so far against yours."""
        box, line = info.teach, self.small.get_linesize()
        curve_h = TEACH_CURVE_LINES * line
        y = self._text(surface, box.lines[0], self.small, ACCENT, x, y)
        for text in box.lines[1:]:
            y = self._text(surface, text, self.small, FG, x, y, max_width=w)
        pygame.draw.rect(surface, (50, 54, 66), (x, y + 2, w, line - 4))
        pygame.draw.rect(surface, GOOD, (x, y + 2, max(1, int(w * box.fraction)), line - 4))
        self._curve(surface, box, pygame.Rect(x, y + line, w, curve_h - line))
        return y + curve_h

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
        label = self._image("REC", self.mid, BAD)
        surface.blit(label, (x + 3 * radius, y))
        count = self._image(f"{saved} game{'s' if saved != 1 else ''} saved", self.small, DIM)
        surface.blit(
            count, (x + 3 * radius + label.get_width() + radius * 2, y + self.mid.get_height() - count.get_height())
        )
        return y + self.mid.get_linesize()

    def _text(self, surface, text, font, colour, x, y, max_width: int | None = None) -> int:
        lines = [text]
        if max_width:
            if (text, font, max_width) not in self._wrapped:
                self._wrapped[text, font, max_width] = _wrap(text, font, max_width)
            lines = self._wrapped[text, font, max_width]
        for line in lines:
            surface.blit(self._image(line, font, colour), (x, y))
            y += font.get_linesize()
        return y

    def _image(self, text: str, font: pygame.font.Font, colour: tuple[int, int, int]) -> pygame.Surface:
        """`text` rendered, from the cache: a whole panel of text is 1.7 ms at zoom 4, its blits a third of it.
        The cache is emptied when it grows large (clocks and counters make new texts all game long)."""
        key = (text, font, colour)
        if key not in self._images:
            if len(self._images) > 400:
                self._images.clear()
                self._wrapped.clear()
            self._images[key] = font.render(text, True, colour)
        return self._images[key]

    def _q_bars(self, surface: pygame.Surface, info: HudInfo, x: int, y: int, w: int) -> int:
        """Q-value per action as bars, the greedy choice highlighted; bars share one scale."""
        q, action = info.q_values, info.action
        y = self._text(surface, "Q-values", self.small, DIM, x, y)
        lo, hi = float(min(q.min(), 0.0)), float(max(q.max(), 1e-6))
        label_w = w // 4
        bar_h = self.small.get_linesize() - 4
        for i, name in enumerate(ACTION_NAMES):
            frac = (float(q[i]) - lo) / (hi - lo) if hi > lo else 0.0
            colour = ACCENT if i == action else DIM
            surface.blit(self._image(name, self.small, colour), (x, y))
            pygame.draw.rect(surface, (50, 54, 66), (x + label_w, y + 2, w - label_w, bar_h))
            pygame.draw.rect(surface, colour, (x + label_w, y + 2, max(1, int((w - label_w) * frac)), bar_h))
            value = self._image(f"{q[i]:.2f}", self.small, BG if frac > 0.3 else FG)
            surface.blit(value, (x + label_w + 4, y + 2))
            y += self.small.get_linesize()
        return y


# The panel's live parts, each drawn again alone when only it changed.
PARTS = {"who": Hud._who, "coach": Hud._coach_lines, "clock": Hud._clock, "bars": Hud._q_bars, "teach": Hud._teach_box}


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
