"""Draws assets/icon.png (a pixel-art chicken on a road): `python assets/make_icon.py`."""

from pathlib import Path

import numpy as np
import pygame

ART = [
    "................",
    "................",
    "......RR........",
    ".....WWWW.......",
    ".....WWKW.......",
    ".....WWWWOO.....",
    "......WWW.......",
    "..WW.WWWWW......",
    "..WWWWWWWWW.....",
    "...WWWWWWWW.....",
    "....WWWWWW......",
    ".....O..O.......",
    "....OO..OO......",
    "YYYYYYYYYYYYYYYY",
    "................",
    "................",
]
COLOURS = {
    ".": (60, 64, 72),
    "W": (252, 252, 84),
    "R": (214, 60, 50),
    "K": (0, 0, 0),
    "O": (236, 140, 40),
    "Y": (230, 230, 230),
}


def main() -> None:
    pixels = np.array([[COLOURS[c] for c in row] for row in ART], np.uint8)
    big = np.repeat(np.repeat(pixels, 4, axis=0), 4, axis=1)  # 64x64, crisp
    surf = pygame.surfarray.make_surface(big.transpose(1, 0, 2))
    pygame.image.save(surf, str(Path(__file__).with_name("icon.png")))


if __name__ == "__main__":
    main()
