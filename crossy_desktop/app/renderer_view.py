"""The window drawn through SDL's renderer: each 160x210 game frame is uploaded once and SDL zooms it.

On a desktop with a GPU the zoom (and the copy to the screen) is the GPU's work; under X without one SDL
falls back to OpenGL in software or its own software renderer, which still measured faster than zooming in
pygame (bench/bench_render.py: work a frame at zoom 4 in a real X window, median 2.1 ms against 4.6 ms solo).
The HUD and the overlays are drawn by pygame at the window's own resolution (crisp text) into a canvas,
and uploaded as textures only when they change. Same geometry, keys and HUD as the surface view
(app/view.py), whose subclass this is: `--presenter renderer` picks it.
"""

from __future__ import annotations

import numpy as np
import pygame
from pygame._sdl2.video import Renderer, Texture, Window

from crossy_desktop.app.agent_eye import EyeView
from crossy_desktop.app.hud import HudInfo
from crossy_desktop.app.view import GAME_H, GAME_W, OVERLAY_SHADE, TITLE, View, eye_frames, frame_surface


class RendererView(View):
    """A window of SDL's own (pygame._sdl2.video) with a renderer, in place of pygame's display surface.

    `screen` is a canvas the size of the window holding the HUD (and the black bars); the games and the
    overlays never touch it: they are textures the renderer draws over it each frame.
    """

    def __init__(
        self,
        wanted_scale: int,
        fullscreen: bool,
        window_size: tuple[int, int] | None = None,
        icon: pygame.Surface | None = None,
    ) -> None:
        self.window: Window | None = None
        self._icon = icon
        super().__init__(wanted_scale, fullscreen, window_size)

    def _open(self, size: tuple[int, int] | None) -> None:
        if self.window is None:
            self.window = Window(TITLE, size=size or (GAME_W, GAME_H), resizable=True)
            if self._icon is not None:
                self.window.set_icon(self._icon)
            try:
                self.renderer = Renderer(self.window, accelerated=-1, vsync=False)  # the 60 Hz beat is the pacer's
            except pygame.error:
                self.window.destroy()  # the caller falls back to the surface view, which opens its own
                raise
            self._games = [Texture(self.renderer, (GAME_W, GAME_H), streaming=True) for _ in range(2)]
            self._rgb = pygame.Surface((GAME_W, GAME_H))
        if size is None:
            self.window.set_fullscreen(desktop=True)
        else:
            self.window.set_windowed()
            self.window.size = size
        self._take_window()  # in fullscreen the size may come later, with VIDEORESIZE

    def _sdl_window(self) -> Window:
        return self.window

    def close(self) -> None:
        """SDL's objects go now, while its video is up: the textures, then the renderer, then the window. Left to
        the garbage collector, one freed after pygame.quit() and a new init destroyed whatever SDL object had
        taken its memory since (a later window: "Invalid window", tests/test_renderer_view.py)."""
        if self.window is None:
            return
        self._games, self._overlays, self._overlay_cache = [], [], {}
        self._hud_texture = self._eye_texture = None
        self.renderer = None  # its last reference, now the textures that hold it are gone
        self.window.destroy()
        self.window = None

    def _take_window(self) -> None:
        """A fresh canvas (the window's size may have changed), never smaller than the games and the HUD at
        zoom 1, so the HUD always has its place on it even while the window is smaller."""
        (w, h), (low_w, low_h) = self.window.size, self.smallest_window
        self.screen = pygame.Surface((max(w, low_w), max(h, low_h)))

    def shown_size(self) -> tuple[int, int]:
        return self.window.size  # the canvas may be larger

    def _arrange(self) -> None:
        super()._arrange()
        self._shown_games: list[int] = []  # sides drawn this frame
        self._frames: dict[int, np.ndarray] = {}  # each side's last frame, for snapshots
        self._overlays: list[tuple[pygame.Surface, Texture]] = []  # this frame's
        self._shown_overlays: list[pygame.Surface] = []  # the last frame's, for snapshots
        self._overlay_cache: dict[tuple, tuple[pygame.Surface, Texture]] = {}
        self._hud_texture: Texture | None = None
        self._eye_texture: Texture | None = None  # the agent's eye's four frames
        self._eye_shown = self._shown_eye = False  # drawn this frame, and in the last one shown

    def draw_game(self, frame: np.ndarray, side: int = 0) -> None:
        """Upload the 160x210 frame; the renderer zooms it into game area `side` when the frame is shown."""
        self._rgb.blit(frame_surface(frame), (0, 0))  # to the texture's 32-bit pixels
        self._games[side].update(self._rgb)
        self._shown_games.append(side)
        self._frames[side] = frame

    def draw_eye(self, eye: EyeView) -> None:
        """The agent's eye's four frames as a texture, made once per map (5 a second at most)."""
        if self._eye is not eye:
            self._eye = eye
            self._eye_texture = Texture.from_surface(self.renderer, eye_frames(eye))
        self._eye_shown = True

    def draw_hud(self, info: HudInfo) -> None:
        """Upload only what the panel redrew (the Q-value bars, 15 times a second while an agent plays) into
        one streaming texture the panel's size, made anew only with the layout."""
        area = self.hud.draw(self.screen, info)
        if self._hud_texture is None:
            self._hud_texture, area = Texture(self.renderer, self.hud.rect.size, streaming=True), self.hud.rect
        if area is not None:
            self._hud_texture.update(self.screen.subsurface(area), area.move(-self.hud.rect.x, -self.hud.rect.y))

    def overlay(self, title: str, *lines: str) -> None:
        """The shade and text as one texture over the games, made once per text and layout."""
        key = (title, lines)
        if key not in self._overlay_cache:
            image = pygame.Surface(self.overlay_area.size, pygame.SRCALPHA)
            image.fill(OVERLAY_SHADE)
            for img, pos in self.overlay_text(title, *lines):
                image.blit(img, pos)
            if len(self._overlay_cache) > 16:  # the scores and teaching overlays change as they run
                self._overlay_cache.clear()
            self._overlay_cache[key] = (image, Texture.from_surface(self.renderer, image))
        self._overlays.append(self._overlay_cache[key])

    def picture(self, image: pygame.Surface) -> None:
        """A picture over the games, uploaded once (it is drawn once per size)."""
        key = ("picture", id(image))
        if key not in self._overlay_cache:
            self._overlay_cache[key] = (image, Texture.from_surface(self.renderer, image))
        self._overlays.append(self._overlay_cache[key])

    def present(self) -> None:
        """Everything, every frame: the renderer redraws the whole window (cheap: a few textures)."""
        renderer = self.renderer
        renderer.draw_color = (0, 0, 0, 255)
        renderer.clear()
        for side in self._shown_games:
            self._games[side].draw(dstrect=self.game_rects[side])
        if self._hud_texture is not None:
            self._hud_texture.draw(dstrect=self.hud.rect)
        if self._eye_shown and self._eye_texture is not None and self.hud.eye_rect is not None:
            self._eye_texture.draw(dstrect=self.hud.eye_rect)
        for _, texture in self._overlays:
            texture.draw(dstrect=self.overlay_area)
        renderer.present()
        self._shown_eye, self._shown_overlays = self._eye_shown, [image for image, _ in self._overlays]
        self._shown_games, self._overlays, self._eye_shown = [], [], False

    def snapshot(self) -> pygame.Surface:
        """The window as it shows now, put together in software from what was uploaded (F12; tests)."""
        shot = self.screen.copy()
        for side, frame in self._frames.items():
            shot.blit(pygame.transform.scale(frame_surface(frame), self.game_rects[side].size), self.game_rects[side])
        if self._shown_eye and self._eye is not None and self.hud.eye_rect is not None:
            shot.blit(pygame.transform.scale(eye_frames(self._eye), self.hud.eye_rect.size), self.hud.eye_rect)
        for image in self._shown_overlays:
            shot.blit(image, self.overlay_area)
        return shot
