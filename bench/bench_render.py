"""How to put a zoomed game on the screen: three ways measured side by side in a real window (issue 15, item 1).

- `surface` (the app's View today): each 160x210 frame is zoomed by pygame (SDL's software blitter) into the
  window surface, and only the game areas and a changed HUD are sent to the screen (`display.update`).
- `renderer` (the app's RendererView, `--presenter renderer`): pygame's `_sdl2` Window/Renderer/Texture: the
  160x210 frame is uploaded to a streaming texture once per frame and SDL's renderer zooms it (on a GPU where
  there is one); the HUD is a texture drawn at the window's own resolution, re-uploaded only when it changes.
- `scaled`: `pygame.SCALED`: the whole window is drawn at 1x and SDL zooms all of it, HUD included (so the
  HUD's text is drawn at 1x and magnified: not crisp).

Each way runs in a fresh process (a window cannot switch between them) and replays the same 600 recorded
emulator frames at the given zoom, one or two games (versus) and a HUD that changes once a second, with no
frame clock: the figure is each frame's own presentation work, median and p99, in ms.

    SDL_VIDEODRIVER=x11 xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python bench/bench_render.py \\
        [--scale 4] [--games 1 2] [--repeats 3]

Without SDL_VIDEODRIVER=x11 under xvfb-run SDL picks its dummy driver: the first line names the driver.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402

GAME_W, GAME_H, PANEL_W = 160, 210, 75
WAYS = ("surface", "renderer", "scaled")
FRAMES = 600


def recorded_frames(count: int) -> np.ndarray:
    """`count` consecutive emulator frames of a chicken holding Up (real traffic, real colours)."""
    from crossy_desktop.game.core import FreewayGame

    game = FreewayGame()
    game.reset(seed=0)
    frames = []
    for _ in range(count):
        game.step_frame(1)
        frames.append(game.frame.copy())
    return np.stack(frames)


def hud_panel(size: tuple[int, int], second: int, scale: int):
    """A panel like the HUD: a background and a few lines of text that change once a second."""
    import pygame

    panel = pygame.Surface(size)
    panel.fill((24, 26, 33))
    font = pygame.font.Font(None, 8 * scale)
    for row, text in enumerate(("CROSSY DESKTOP", f"score {second}", f"time left 2:{59 - second % 60:02d}")):
        panel.blit(font.render(text, True, (230, 232, 238)), (4 * scale, (4 + 10 * row) * scale))
    return panel


def run_way(way: str, scale: int, games: int) -> dict:
    import pygame

    frames = recorded_frames(FRAMES)
    pygame.init()
    width, height = (games * GAME_W + PANEL_W) * scale, GAME_H * scale
    draw = {"surface": _surface_way, "renderer": _renderer_way, "scaled": _scaled_way}[way]
    work = draw(frames, scale, games, (width, height))
    driver = pygame.display.get_driver()
    pygame.quit()
    work = np.array(work[10:]) * 1000  # the first frames open the window
    return {"way": way, "driver": driver, "median": float(np.median(work)), "p99": float(np.percentile(work, 99))}


def _surface_way(frames: np.ndarray, scale: int, games: int, size: tuple[int, int]) -> list[float]:
    """The app's own View: zoom into the window surface, send the changed areas."""
    from crossy_desktop.app.view import View

    return _app_view(View, frames, scale, games, size)


def _renderer_way(frames: np.ndarray, scale: int, games: int, size: tuple[int, int]) -> list[float]:
    """The app's RendererView (`--presenter renderer`): upload 160x210 textures, SDL's renderer zooms."""
    from crossy_desktop.app.renderer_view import RendererView

    return _app_view(RendererView, frames, scale, games, size)


def _app_view(view_class, frames: np.ndarray, scale: int, games: int, size: tuple[int, int]) -> list[float]:
    from crossy_desktop.app.hud import HudInfo

    view = view_class(scale, fullscreen=False)
    view.layout(games)
    view.window_size = size  # as if the player had sized it so: the same window as the other ways
    view.layout(games)
    assert view.scale == scale, f"zoom {view.scale} in a {view.size} window, not {scale}"
    work = []
    for i, frame in enumerate(frames):
        start = time.perf_counter()
        for side in range(games):
            view.draw_game(frame, side)
        info = HudInfo("scripted", "scripted", i // 60, 8190 - i, 1, 0, 60.0, "1x", True, False)
        view.draw_hud(info)
        view.present()
        work.append(time.perf_counter() - start)
    return work


def _scaled_way(frames: np.ndarray, scale: int, games: int, size: tuple[int, int]) -> list[float]:
    import pygame

    from crossy_desktop.app.view import frame_surface

    screen = pygame.display.set_mode((size[0] // scale, size[1] // scale), pygame.SCALED)
    work, panel, shown = [], None, -1
    for i, frame in enumerate(frames):
        start = time.perf_counter()
        rgb = frame_surface(frame)
        for side in range(games):
            screen.blit(rgb, (side * GAME_W, 0))
        if i // 60 != shown:
            shown = i // 60
            panel = hud_panel((PANEL_W, GAME_H), shown, 1)
        screen.blit(panel, (games * GAME_W, 0))
        pygame.display.flip()
        pygame.event.pump()
        work.append(time.perf_counter() - start)
    return work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--games", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3, help="rounds of all three ways, interleaved")
    parser.add_argument("--one", nargs=3, metavar=("WAY", "SCALE", "GAMES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        way, scale, games = args.one
        return print(json.dumps(run_way(way, int(scale), int(games))))
    print(f"# bench_render: scale {args.scale}, {FRAMES} frames per run, {os.cpu_count()} CPUs; ms of work a frame")
    for games in args.games:
        results: dict[str, list[dict]] = {way: [] for way in WAYS}
        for _ in range(args.repeats):
            for way in WAYS:  # interleaved, so a slow minute of the machine hits every way alike
                cmd = [sys.executable, __file__, "--one", way, str(args.scale), str(games)]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                results[way].append(json.loads(out.strip().splitlines()[-1]))
        driver = results["surface"][0]["driver"]
        print(f"\n## {'versus (2 games)' if games == 2 else 'solo'}, SDL driver {driver}")
        for way, runs in results.items():
            medians = [r["median"] for r in runs]
            p99s = [r["p99"] for r in runs]
            print(f"{way:9s} median {np.median(medians):6.2f} ms  p99 {np.median(p99s):6.2f} ms   "
                  f"(p99 of each run: {', '.join(f'{p:.1f}' for p in p99s)})")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
