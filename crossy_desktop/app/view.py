"""The window's surface and geometry: one game (or two side by side in versus) and the HUD panel.

The view knows where things go and how to draw a game frame or a shaded overlay of centred text; the
window (app/window.py) decides what to show.
"""

from __future__ import annotations

import numpy as np
import pygame

from crossy_desktop.app.agent_eye import EyeView
from crossy_desktop.app.hud import ACCENT, Hud, HudInfo
from crossy_desktop.storage.settings import FIT_ZOOM, MAX_ZOOM

TITLE = "Crossy Desktop - Freeway"
GAME_W, GAME_H = 160, 210
PANEL_W = 75  # HUD width, in game pixels
OVERLAY_TEXT = (240, 240, 240)
OVERLAY_SHADE = (0, 0, 0, 150)
MAX_WINDOW = 16384  # SDL's largest window side, where the desktop's size is unknown
TITLE_BAR, TASK_BAR = 30, 30  # rows a desktop keeps above a window (its title) and below it (a panel)


def _desktop_size() -> tuple[int, int]:
    """The first screen's size, where a new window opens (not the window's); (0, 0) where SDL cannot tell."""
    desktops = pygame.display.get_desktop_sizes()
    return desktops[0] if desktops else (0, 0)


def usable_area(display: int = 0) -> pygame.Rect | None:
    """Where a window may lie on screen `display`: the screen less a title bar and a task bar (SDL's usable
    bounds are not in pygame). Screens are taken to stand side by side, left to right, as X and most
    desktops place them. None where SDL cannot tell the screen's size."""
    sizes = pygame.display.get_desktop_sizes()
    if display >= len(sizes) or 0 in sizes[display]:
        return None
    w, h = sizes[display]
    return pygame.Rect(sum(width for width, _ in sizes[:display]), TITLE_BAR, w, h - TITLE_BAR - TASK_BAR)


def on_screen(window: pygame.Rect, area: pygame.Rect) -> tuple[int, int]:
    """Where `window` goes to lie wholly in `area`, moved as little as it takes (its top-left corner kept in
    the area when the window is larger than it)."""
    x = max(area.x, min(window.x, area.right - window.width))
    y = max(area.y, min(window.y, area.bottom - window.height))
    return x, y


def frame_surface(frame: np.ndarray) -> pygame.Surface:
    """A 210x160x3 emulator frame as a 160x210 RGB surface over the frame's own memory (no copy)."""
    return pygame.image.frombuffer(np.ascontiguousarray(frame), (GAME_W, GAME_H), "RGB")


def eye_frames(eye: EyeView) -> pygame.Surface:
    """The agent's eye's four frames (2 x 2) as a surface over the map's memory."""
    return pygame.image.frombuffer(eye.frames, eye.frames.shape[1::-1], "RGB")


class View:
    """The window's geometry. A fresh window opens at the wanted integer zoom (shrunk to fit the desktop);
    the player may resize it or go fullscreen, and the games keep their shape: the largest integer zoom
    that fits, centred, with black bars around (letterboxed), the HUD beside them at the same zoom."""

    def __init__(self, wanted_scale: int, fullscreen: bool, window_size: tuple[int, int] | None = None) -> None:
        self.wanted_scale = wanted_scale
        self.fullscreen = fullscreen
        self.window_size = window_size  # a size the player gave the window; None: the zoom's own size
        self.games = 1
        self.hud: Hud | None = None
        self.layout(games=1)

    def layout(self, games: int) -> None:
        """Open (or re-open) the window for 1 or 2 games. A changed game count drops a player-given size:
        the window takes the current zoom's size for the new content (two games are twice as wide)."""
        if games != self.games:
            self.window_size, self.wanted_scale = None, self.scale
        self.games = games
        if self.fullscreen:
            self._asked = None
        else:
            if self.window_size is not None:  # what is saved at the end is the size the window took
                self.window_size = self.fit_window(self.window_size)
            scale = self._fit_scale(self.wanted_scale, self.content_width)
            self._asked = self.window_size or (self.content_width * scale, GAME_H * scale)
        self._open(self._asked)
        if self._asked is not None:
            self._keep_on_screen()
        self._arrange()

    def _sdl_window(self):
        """The window as SDL's own object (pygame._sdl2.video.Window): its position. Kept while the view lives:
        SDL holds a pointer to it (freeing it crashed the next frame's drawing)."""
        from pygame._sdl2.video import Window

        self._display_window = Window.from_display_module()
        return self._display_window

    def close(self) -> None:
        """The app is quitting: pygame's own window closes with pygame.quit(); a subclass with SDL objects of its
        own frees them here."""

    def _keep_on_screen(self) -> None:
        """A window that grew (versus) past its screen's edge moves back wholly onto it. One that does not
        overlap the screen at all (another screen, laid out other than side by side) stays put."""
        window = self._sdl_window()
        area = usable_area(window.display_index)
        now = pygame.Rect(window.position, self._asked)
        if area is None or not area.inflate(0, TITLE_BAR + TASK_BAR).colliderect(now):
            return
        if (place := on_screen(now, area)) != now.topleft:
            window.position = place

    @property
    def smallest_window(self) -> tuple[int, int]:
        """The games and the HUD at zoom 1: a smaller window would cut the panel off."""
        return self.content_width, GAME_H

    def fit_window(self, size: tuple[int, int], to_desktop: bool = True) -> tuple[int, int]:
        """`size` made one the window can take: no smaller than the content at zoom 1 and, `to_desktop`, no
        larger than the desktop (a saved size from another screen, or a damaged settings file, never locks
        the player out). A size the player drags is not held to one screen: windows may span two."""
        low_w, low_h = self.smallest_window
        desktop_w, desktop_h = _desktop_size() if to_desktop else (0, 0)
        high_w, high_h = max(low_w, desktop_w or MAX_WINDOW), max(low_h, desktop_h or MAX_WINDOW)
        return min(max(size[0], low_w), high_w), min(max(size[1], low_h), high_h)

    def _open(self, size: tuple[int, int] | None) -> None:
        """The window at `size`, or fullscreen at the desktop's own resolution (None)."""
        if size is None:
            self.screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)

    def resized(self) -> None:
        """The window changed size (the player dragged an edge, or fullscreen took the desktop's size): place
        things anew. Only a size in a window is remembered as the player's."""
        self._take_window()
        size = self.shown_size()
        if not self.fullscreen and size != self._asked:  # not the echo of our own sizing
            self.window_size = self.fit_window(size, to_desktop=False)
            if self.window_size != size:  # dragged smaller than the games and the panel: back to the smallest
                self._asked = self.window_size
                self._open(self._asked)
        self._arrange()

    def _take_window(self) -> None:
        """`screen` as the window is now (pygame has resized the display surface already)."""
        self.screen = pygame.display.get_surface()

    def shown_size(self) -> tuple[int, int]:
        """The window's size on the desktop."""
        return self.screen.get_size()

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self.layout(self.games)

    @property
    def content_width(self) -> int:
        """Games and HUD side by side, in game pixels."""
        return self.games * GAME_W + PANEL_W

    def _arrange(self) -> None:
        """The games and the HUD in the window as it is: the largest integer zoom that fits, centred."""
        self.size = width, height = self.screen.get_size()
        self.scale = max(1, min(width // self.content_width, height // GAME_H))
        w, h = GAME_W * self.scale, GAME_H * self.scale
        left = max(0, (width - self.content_width * self.scale) // 2)
        top = max(0, (height - h) // 2)
        self.game_rects = [pygame.Rect(left + i * w, top, w, h) for i in range(self.games)]
        panel = pygame.Rect(left + self.games * w, top, PANEL_W * self.scale, h)
        if self.hud is not None and self.hud.scale == self.scale:
            self.hud.move(panel)  # dragging a window's edge sends many resizes: keep the fonts
        else:
            self.hud = Hud(panel, self.scale)
            self.title_font = pygame.font.Font(None, 16 * self.scale)
            self.text_font = pygame.font.Font(None, 7 * self.scale)
        self.screen.fill((0, 0, 0))  # the bars around the games; nothing draws there afterwards
        self._dirty: list[pygame.Rect] = []
        self._frame = pygame.Surface((GAME_W, GAME_H), 0, self.screen)  # one game frame, as the window stores pixels
        self._whole = True  # the next frame shows the whole window
        self._eye: EyeView | None = None  # the agent's eye's map shown last
        self._eye_new = False

    def draw_game(self, frame: np.ndarray, side: int = 0) -> None:
        """One 210x160 RGB emulator frame, zoomed straight into game area `side` (0 left, 1 right)."""
        rect = self.game_rects[side]
        self._frame.blit(frame_surface(frame), (0, 0))  # to the window's pixel format at 1x (small), then zoom in place
        if self.screen.get_rect().contains(rect):
            pygame.transform.scale(self._frame, rect.size, self.screen.subsurface(rect))
        else:  # a window the desktop kept smaller than the games: draw what fits
            self.screen.blit(pygame.transform.scale(self._frame, rect.size), rect)
        self._dirty.append(rect.clip(self.screen.get_rect()))

    def draw_eye(self, eye: EyeView) -> None:
        """The agent's eye's four frames, in the panel's eye box (drawn with the HUD, over it); its glow is in the
        game frame already (agent_eye.glow)."""
        if self._eye is not eye:
            self._eye, self._eye_new = eye, True

    def draw_hud(self, info: HudInfo) -> None:
        if (area := self.hud.draw(self.screen, info)) is not None:
            self._dirty.append(area)
        box = self.hud.eye_rect if info.eye and self._eye is not None else None
        if box is not None and (area is not None or self._eye_new):  # a new map, or the panel drew over them
            self.screen.blit(pygame.transform.scale(eye_frames(self._eye), box.size), box)
            self._dirty.append(box.clip(self.screen.get_rect()))
            self._eye_new = False

    def present(self) -> None:
        """Show this frame: only what changed goes to the screen (under X11 the copy to the server is most
        of a frame's cost, and the panel changes about once a second), everything after a re-layout."""
        if self._whole:
            pygame.display.flip()
        else:
            pygame.display.update(self._dirty)
        self._dirty, self._whole = [], False

    def overlay(self, title: str, *lines: str) -> None:
        """Shade the game area (both games in versus) and write centred text over it."""
        area = self.overlay_area
        shade = pygame.Surface(area.size, pygame.SRCALPHA)
        shade.fill(OVERLAY_SHADE)
        self.screen.blit(shade, area)
        self._dirty.append(area)
        for img, (x, y) in self.overlay_text(title, *lines):
            self.screen.blit(img, (area.x + x, area.y + y))

    def picture(self, image: pygame.Surface) -> None:
        """A picture the overlay area's size, over the games (the after-game comparison)."""
        self.screen.blit(image, self.overlay_area)
        self._dirty.append(self.overlay_area)

    @property
    def overlay_area(self) -> pygame.Rect:
        return self.game_rects[0].unionall(self.game_rects[1:])

    def overlay_text(self, title: str, *lines: str) -> list[tuple[pygame.Surface, tuple[int, int]]]:
        """The overlay's lines, rendered, each with its top-left corner inside the overlay area."""
        area = self.overlay_area
        cx, y = area.width // 2, area.height // 3
        rows = [(self.title_font, title, ACCENT)] + [(self.text_font, t, OVERLAY_TEXT) for t in lines]
        placed = []
        for font, text, colour in rows:
            img = font.render(text, True, colour)
            placed.append((img, img.get_rect(midtop=(cx, y)).topleft))
            y += font.get_linesize() + self.scale * 2
        return placed

    def snapshot(self) -> pygame.Surface:
        """The whole window as it shows now (F12)."""
        return self.screen

    @staticmethod
    def _fit_scale(wanted: int, width: int) -> int:
        """Shrink the zoom until the window fits the screen's usable area (a 4x window is 840 pixels tall);
        FIT_ZOOM: the largest zoom that fits."""
        area = usable_area()
        scale = MAX_ZOOM if wanted == FIT_ZOOM else wanted
        while area is not None and scale > 1 and (GAME_H * scale > area.height or width * scale > area.width):
            scale -= 1
        return scale
