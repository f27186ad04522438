"""The desktop app: the window (loop, layout, drawing), its keys table, the controller roster, the HUD,
sound, versus, exports (screenshots, GIFs), the Teach panel and the play session behind them.

May import: game, rl, controllers, play, storage, training (teaching's plain parts: the learning itself runs
in a child process, app/teaching.py).
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_VIDEO_X11_WMCLASS", "CrossyDesktop")  # window managers group and label by this
