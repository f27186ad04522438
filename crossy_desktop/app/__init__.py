"""The desktop app: window, HUD, sound, and the play session behind them."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_VIDEO_X11_WMCLASS", "CrossyDesktop")  # window managers group and label by this
