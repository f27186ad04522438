"""The after-game comparison (K, and by itself at the end of a versus game): two games side by side.

Each chicken's progress over the game (crossings as steps up, collisions as red marks), and a table of what
the games' decisions tell (play/game_story.py): crossings, collisions, seconds per crossing, and where the
time went. In versus the two sides are compared; after a solo game the best agent plays the same seed
off-screen, in a process of its own (a whole game, a few seconds: never on the frame loop; a daemon, so it
never outlives the window), and is compared with you. F12 saves the picture as a PNG in the screenshots
folder. The picture is drawn once per size, a frame after the game's end.
"""

from __future__ import annotations

import functools
import multiprocessing
import queue
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pygame

from crossy_desktop.app.hud import ACCENT, BAD, BG, CONTROLLER_COLOURS, DIM, FG
from crossy_desktop.app.screens import SCREENS, Handler, Overlay
from crossy_desktop.play.game_story import DECISION_S, GameStory, game_story
from crossy_desktop.play.games import agent_game_into

if TYPE_CHECKING:
    from crossy_desktop.app.window_state import Window

COLOURS = (CONTROLLER_COLOURS["human"], ACCENT)  # left (you), right (the agent)
GRID = (52, 56, 68)
TABLE_ROWS = 8  # crossings, collisions, seconds per crossing, and the five ways time went


class ComparisonPanel(Handler):
    def __init__(self) -> None:
        self.stories: tuple[GameStory, GameStory] | None = None
        self.pending: AgentGame | None = None  # the agent's off-screen game
        self.waiting_for: str = ""  # the agent playing off-screen
        self._mine: GameStory | None = None  # the game it is to be compared with
        self.error = ""
        self._picture: pygame.Surface | None = None
        self._wait = 0  # frames before the picture is drawn

    @property
    def is_open(self) -> bool:
        return self.stories is not None or self.pending is not None or bool(self.error)

    def close(self) -> None:
        self.stories, self.error, self._picture = None, "", None
        if self.pending is not None:
            self.pending.stop()
            self.pending = None

    def compare(self, left: GameStory, right: GameStory) -> None:
        """Show these two; the picture is drawn a frame later, not on the game-over frame with its own work."""
        self.close()
        self.stories, self._wait = (left, right), 1

    def toggle(self, app: Window) -> None:
        """K: close the comparison, or compare the last finished game (versus: its two sides; solo: with the best
        agent on the same seed)."""
        if self.is_open:
            self.close()
            return
        if app.versus is not None and app.versus.left.last_story and app.versus.right.last_story:
            self.compare(app.versus.left.last_story, app.versus.right.last_story)
            return
        mine = app.session.last_story
        if mine is None:
            app.notices.say("finish a game first: K compares it with the best agent")
            return
        pick = app.roster.best_dqn()
        if pick.controller is None:
            app.notices.warn(pick.error)
            return
        self.close()
        self.waiting_for, self._mine = pick.controller.name, mine
        seed = app.session.last_game[0] if app.session.last_game else app.session.seed
        self.pending = AgentGame(Path(pick.controller.model_path), seed)

    def tick(self, app: Window) -> None:
        if self.pending is None or (result := self.pending.result()) is None:
            return
        self.pending = None
        if isinstance(result, str):
            self.error = f"the agent's game failed: {result}"
        else:
            self.compare(self._mine, game_story(self.waiting_for, *result))

    def overlay(self, app: Window) -> Overlay:
        if self.error:
            return Overlay("COMPARISON", (self.error, "K to close"))
        if self.stories is None:
            return Overlay("COMPARISON", (f"{self.waiting_for} plays your seed off-screen...", "K to close"))
        if self._wait:
            self._wait -= 1
            return SCREENS[app.screen_state].overlay(app) or Overlay("COMPARISON")
        size = app.view.overlay_area.size
        if self._picture is None or self._picture.get_size() != size:
            self._picture = draw_comparison(size, *self.stories)
        return Overlay("COMPARISON", picture=self._picture)

    @property
    def picture(self) -> pygame.Surface | None:
        """The comparison as shown (F12 saves it), or None while there is none."""
        return self._picture if self.stories is not None else None

    def shutdown(self) -> None:
        self.close()


class AgentGame:
    """A DQN's whole game on one seed, in a process of its own (daemon: it ends with the window)."""

    def __init__(self, model: Path, seed: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._results = context.Queue()
        self._process = context.Process(target=agent_game_into, args=(self._results, model, seed), daemon=True)
        self._process.start()

    def result(self) -> tuple | str | None:
        """(rams, actions, rewards), or why it failed (one line), or None while it plays."""
        try:
            return self._results.get_nowait()
        except queue.Empty:
            return None if self._process.is_alive() else "its process ended without a result"

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()


@functools.cache
def _font(size: int) -> pygame.font.Font:
    """pygame's font at `size`, loaded once (loading is a good part of drawing the picture)."""
    return pygame.font.Font(None, size)


def draw_comparison(size: tuple[int, int], left: GameStory, right: GameStory) -> pygame.Surface:
    """The comparison as one picture of `size`: title, the two progress curves, the table."""
    w, h = size
    image = pygame.Surface(size)
    image.fill(BG)
    unit = max(8, min(w // 40, h // 40))
    big, mid, small = (_font(unit * k) for k in (4, 3, 2))
    pad = unit
    title = f"{left.score} : {right.score}"
    text = big.render(title, True, FG)
    image.blit(text, text.get_rect(midtop=(w // 2, pad)))
    y = pad + big.get_linesize()
    for i, story in enumerate((left, right)):
        label = mid.render(story.name[:28], True, COLOURS[i])
        image.blit(label, label.get_rect(topright=(w // 2 - pad, y)) if i == 0 else (w // 2 + pad, y))
    y += mid.get_linesize() + pad // 2
    hint = small.render("F12 saves this picture    N or Space: a new game    K: close", True, DIM)
    image.blit(hint, hint.get_rect(midbottom=(w // 2, h - pad // 2)))
    table_h = TABLE_ROWS * small.get_linesize()
    chart_h = h - y - table_h - hint.get_height() - small.get_linesize() - 3 * pad  # below it: its time labels
    chart = pygame.Rect(pad * 3, y, w - pad * 4, max(chart_h, pad))
    _chart(image, chart, (left, right), small)
    table = pygame.Rect(pad, chart.bottom + small.get_linesize() + pad, w - 2 * pad, table_h)
    _table(image, table, (left, right), small)
    return image


def _chart(image: pygame.Surface, rect: pygame.Rect, stories: tuple[GameStory, GameStory], font) -> None:
    """Progress (crossings plus the share of the road behind the chicken) against time, collisions marked."""
    pygame.draw.rect(image, (30, 33, 42), rect)
    top = max(max(s.score for s in stories) + 1, 2)
    seconds = max(s.seconds for s in stories) or 1.0

    def xs(t: np.ndarray) -> np.ndarray:  # seconds -> columns
        return rect.x + (t / seconds * (rect.width - 1)).astype(int)

    def ys(progress: np.ndarray) -> np.ndarray:  # crossings -> rows
        return rect.bottom - 1 - (progress / top * (rect.height - 1)).astype(int)

    for crossings in range(0, top + 1, 5 if top <= 20 else 10):
        y = int(ys(np.array(crossings)))
        pygame.draw.line(image, GRID, (rect.x, y), (rect.right - 1, y))
        label = font.render(str(crossings), True, DIM)
        image.blit(label, label.get_rect(midright=(rect.x - 4, y)))
    for second in range(0, int(seconds) + 1, 30):
        label = font.render(f"{second // 60}:{second % 60:02d}", True, DIM)
        image.blit(label, label.get_rect(midtop=(int(xs(np.array(second))), rect.bottom + 2)))
    for i, story in enumerate(stories):
        progress = story.progress()
        x, y = xs(np.arange(len(progress)) * DECISION_S), ys(progress)
        every = max(1, len(progress) // rect.width)  # one point per column at most
        points = np.stack([x[::every], y[::every]], axis=1).tolist()
        if len(points) > 1:
            pygame.draw.lines(image, COLOURS[i], False, points, 2)
        for cx, cy in zip(x[story.collisions].tolist(), y[story.collisions].tolist(), strict=True):
            pygame.draw.line(image, BAD, (cx - 3, cy - 3), (cx + 3, cy + 3), 2)
            pygame.draw.line(image, BAD, (cx - 3, cy + 3), (cx + 3, cy - 3), 2)


def _table(image: pygame.Surface, rect: pygame.Rect, stories: tuple[GameStory, GameStory], font) -> None:
    """Figure by figure, the two games in two columns."""
    rows = [("crossings", *(str(s.score) for s in stories)), ("collisions", *(str(len(s.collisions)) for s in stories))]
    rows.append(("seconds per crossing", *(f"{s.seconds_per_crossing:.1f}" if s.score else "-" for s in stories)))
    spent = [s.time_spent() for s in stories]
    rows += [(f"time {what}", *(f"{t[what]:.0f} s" for t in spent)) for what in spent[0]]
    columns = (rect.x, rect.x + rect.width * 11 // 20, rect.x + rect.width * 16 // 20)
    y = rect.y
    for label, *values in rows:
        image.blit(font.render(label, True, DIM), (columns[0], y))
        for i, value in enumerate(values):
            text = font.render(value, True, COLOURS[i])
            image.blit(text, text.get_rect(topright=(columns[i + 1] + rect.width // 6, y)))
        y += font.get_linesize()
