"""Start the window from command-line options; turn a missing display into one line, not a traceback."""

from __future__ import annotations

import argparse
import os
import sys

from crossy_desktop.app.window import AppConfig
from crossy_desktop.storage.demo_file import Demonstration

HEADLESS_HINT = "set SDL_VIDEODRIVER=dummy (and SDL_AUDIODRIVER=dummy) to run headless"


def run_app(args: argparse.Namespace, replay: Demonstration | None = None) -> int:
    import pygame

    from crossy_desktop.app import audio
    from crossy_desktop.app.window import CrossyApp

    if getattr(args, "max_frames", None) is not None and args.max_frames < 1:
        print("crossy: --max-frames must be at least 1", file=sys.stderr)
        return 2
    if replay is not None:
        config = AppConfig(scale=args.scale, mute=args.mute, speed=args.speed, replay=replay)
    else:
        config = AppConfig(
            seed=args.seed,
            controller=args.controller,
            model=args.model,
            max_frames=args.max_frames,
            scale=args.scale,
            fullscreen=args.fullscreen,
            mute=args.mute,
            speed=args.speed,
            record=args.record,
            demos_dir=args.demos,
            versus=args.versus,
        )
    try:
        pygame.display.init()
        _require_real_display(pygame.display.get_driver())
        audio.pre_init()
        pygame.init()
        app = CrossyApp(config)
    except pygame.error as exc:
        print(f"crossy: cannot open a window ({exc}); {HEADLESS_HINT}", file=sys.stderr)
        pygame.quit()
        return 1
    try:
        code = app.run()
        if replay is not None:
            print(app.message)
        return code
    except KeyboardInterrupt:
        return 130
    finally:
        pygame.quit()


def _require_real_display(driver: str) -> None:
    """SDL silently falls back to an invisible 'offscreen' window; a player should hear why instead."""
    import pygame

    asked_for = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("offscreen", "dummy") and driver not in asked_for:
        raise pygame.error("no display found")
