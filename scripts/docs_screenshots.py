"""The screenshots in docs/images/, taken of the real app in a real X window (Xvfb, SDL's x11 driver), driven by
real key presses (xdotool) and grabbed from the X server (ImageMagick's `import`), as a user would see them.

    .venv/bin/python scripts/docs_screenshots.py [--only agent-eye-solo ...]

Needs Xvfb, xdotool and ImageMagick (apt-get install xvfb xdotool imagemagick). Each scene starts `crossy`
with its data in a temporary folder, so no saved settings or scores of yours change what it shows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "images"
SCREEN = "1920x1080"


@dataclass(frozen=True)
class Scene:
    name: str
    args: tuple[str, ...]  # `crossy`'s options
    keys: tuple[tuple[str, ...], ...] = ()  # xdotool commands, in order, after the window is up
    wait_s: float = 8.0  # then this long before the shot
    shots: int = 1  # more: the one with the most glow is kept (the agent's eye shines when a car is near)


SCENES = (
    Scene("agent-eye-solo", ("--controller", "dqn", "--eye", "--seed", "5", "--scale", "3"), shots=12),
    Scene(
        "agent-eye-versus",
        ("--versus", "dqn", "--eye", "--seed", "5", "--scale", "3"),
        keys=(("key", "space"), ("keydown", "Up")),
        shots=12,
    ),
    # in a window: Xvfb has no window manager, and without one SDL's desktop fullscreen keeps the window small
    Scene("presentation", ("present", "--no-fullscreen", "--seed", "5", "--scale", "3"), wait_s=6.0, shots=12),
    Scene(  # a whole versus game (2 min 16 s) holding Up, then the comparison it ends on
        "comparison-versus",
        ("--versus", "dqn", "--seed", "5", "--scale", "3"),
        keys=(("key", "space"), ("keydown", "Up")),
        wait_s=145.0,
    ),
)


def _glow(png: Path) -> float:
    """The share of pixels tinted the agent's eye's red."""
    import pygame

    pixels = pygame.surfarray.array3d(pygame.image.load(str(png))).astype(int)
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return float(((r - g > 60) & (r - b > 60) & (r > 180)).mean())


def _free_display() -> str:
    for number in range(90, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return f":{number}"
    raise SystemExit("docs_screenshots: no free X display number")


def shoot(scene: Scene, display: str) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    with tempfile.TemporaryDirectory(prefix="crossy-shots-") as data:
        env.update(DISPLAY=display, SDL_VIDEODRIVER="x11", SDL_AUDIODRIVER="dummy", CROSSY_DATA_DIR=data)
        app = subprocess.Popen([sys.executable, "-m", "crossy_desktop", *scene.args], env=env)
        try:
            window, deadline = "", time.time() + 60
            while not window and time.time() < deadline and app.poll() is None:
                found = subprocess.run(["xdotool", "search", "--class", "CrossyDesktop"], env=env, capture_output=True)
                window = found.stdout.decode().split("\n")[0].strip()
                time.sleep(0.2)
            if not window:
                raise SystemExit(f"docs_screenshots: {scene.name}: the window never appeared")
            time.sleep(1.0)
            for command in scene.keys:
                subprocess.run(["xdotool", *command], env=env, check=True)
                time.sleep(0.3)
            time.sleep(scene.wait_s)
            OUT.mkdir(parents=True, exist_ok=True)
            path, glows = OUT / f"{scene.name}.png", []
            for n in range(scene.shots):
                shot = Path(data) / f"shot{n}.png"
                subprocess.run(["import", "-window", window, str(shot)], env=env, check=True, timeout=30)
                glows.append((_glow(shot), n))
                time.sleep(0.7)
            shutil.copyfile(Path(data) / f"shot{max(glows)[1]}.png", path)
            subprocess.run(["xdotool", "key", "Escape"], env=env)  # quit as a user does
            app.wait(timeout=30)
        finally:
            if app.poll() is None:
                app.kill()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", choices=[s.name for s in SCENES], help="these scenes only")
    args = parser.parse_args()
    display = _free_display()
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{SCREEN}x24", "-nolisten", "tcp"])
    try:
        deadline = time.time() + 10
        while not Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("docs_screenshots: Xvfb did not start")
            time.sleep(0.1)
        for scene in SCENES:
            if not args.only or scene.name in args.only:
                print(f"{scene.name}: {shoot(scene, display)}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
