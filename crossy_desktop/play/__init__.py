"""Play layer: the one decision loop (emulator, frame stack, decision clock, controller, recorder) and what
plays whole games with it: evaluation, recorded datasets, videos.

May import: game, rl, controllers, storage. The window (app) and the trainers (training) drive this loop.
"""
