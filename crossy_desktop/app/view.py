"""The window's surface and geometry: one game (or two side by side in versus) and the HUD panel.

The view knows where things go and how to draw a game frame or a shaded overlay of centred text; the
window (app/window.py) decides what to show.
"""

from __future__ import annotations

import numpy as np
import pygame

from crossy_desktop.app.hud import ACCENT, Hud

GAME_W, GAME_H = 160, 210
PANEL_W = 75  # HUD width, in game pixels
OVERLAY_TEXT = (240, 240, 240)


class View:
    def __init__(self, wanted_scale: int, fullscreen: bool) -> None:
        self.wanted_scale = wanted_scale
        self.fullscreen = fullscreen
        self.layout(games=1)

    def layout(self, games: int) -> None:
        """Open (or resize) the window for 1 or 2 games; the zoom shrinks until it fits the desktop."""
        self.scale = self._fit_scale(self.wanted_scale, games * GAME_W + PANEL_W)
        w, h = GAME_W * self.scale, GAME_H * self.scale
        self.game_rects = [pygame.Rect(i * w, 0, w, h) for i in range(games)]
        panel = pygame.Rect(games * w, 0, PANEL_W * self.scale, h)
        self.size = (panel.right, panel.height)
        flags = pygame.FULLSCREEN | pygame.SCALED if self.fullscreen else 0
        self.screen = pygame.display.set_mode(self.size, flags)
        self.hud = Hud(panel, self.scale)
        self.title_font = pygame.font.Font(None, 16 * self.scale)
        self.text_font = pygame.font.Font(None, 7 * self.scale)

    def draw_game(self, frame: np.ndarray, side: int = 0) -> None:
        """One 210x160 RGB emulator frame, zoomed into game area `side` (0 left, 1 right)."""
        rect = self.game_rects[side]
        surf = pygame.image.frombuffer(frame.tobytes(), (GAME_W, GAME_H), "RGB")
        self.screen.blit(pygame.transform.scale(surf, rect.size), rect)

    def overlay(self, title: str, *lines: str) -> None:
        """Shade the game area (both games in versus) and write centred text over it."""
        area = self.game_rects[0].unionall(self.game_rects[1:])
        shade = pygame.Surface(area.size, pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        self.screen.blit(shade, area)
        cx, y = area.centerx, area.height // 3
        rows = [(self.title_font, title, ACCENT)] + [(self.text_font, t, OVERLAY_TEXT) for t in lines]
        for font, text, colour in rows:
            img = font.render(text, True, colour)
            self.screen.blit(img, img.get_rect(midtop=(cx, y)))
            y += font.get_linesize() + self.scale * 2

    @staticmethod
    def _fit_scale(wanted: int, width: int) -> int:
        """Shrink the zoom until the window fits the screen (a 4x window is 840 pixels tall)."""
        desktops = pygame.display.get_desktop_sizes()  # the screen, not the window we may already have
        screen_w, screen_h = desktops[0] if desktops else (0, 0)
        scale = wanted
        while scale > 1 and screen_h > 0 and GAME_H * scale > screen_h - 60:
            scale -= 1
        while scale > 1 and screen_w > 0 and width * scale > screen_w:
            scale -= 1
        return scale
