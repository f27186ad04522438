"""Start the window from an AppConfig; turn a missing display into one line, not a traceback."""

from __future__ import annotations

import os
import sys

import pygame

from crossy_desktop.app import audio
from crossy_desktop.app.window import AppConfig, CrossyApp

HEADLESS_HINT = "set SDL_VIDEODRIVER=dummy (and SDL_AUDIODRIVER=dummy) to run headless"


def run_app(config: AppConfig) -> int:
    try:
        pygame.display.init()
        _require_real_display(pygame.display.get_driver())
        audio.pre_init()
        pygame.init()
        app = CrossyApp(config)
        if os.environ.get("CROSSY_REPORT_FIRST_FRAME"):  # bench/bench_bundle.py times start-up with it
            app.on_first_frame = lambda: print(
                f"crossy: first frame (torch loaded: {'torch' in sys.modules})", file=sys.stderr, flush=True
            )
    except pygame.error as exc:
        print(f"crossy: cannot open a window ({exc}); {HEADLESS_HINT}", file=sys.stderr)
        pygame.quit()
        return 1
    try:
        code = app.run()
        if config.replay is not None:
            print(app.notices.message)
        return code
    except KeyboardInterrupt:
        return 130
    finally:
        pygame.quit()


def _require_real_display(driver: str) -> None:
    """SDL silently falls back to an invisible 'offscreen' window; a player should hear why instead."""
    asked_for = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("offscreen", "dummy") and driver not in asked_for:
        raise pygame.error("no display found")
