"""Game starts made ahead in a helper process, so that a new game never freezes the window.

Seeding the emulator reloads its ROM (ale_py's reset with a seed: 150-330 ms on these machines, and it holds
the GIL, so a thread cannot hide it). A helper process resets an emulator of its own with the seed the next
game will use and sends back the emulator's state, its random generator included, and the first frame.
Restoring a state takes 0.3 ms, and the game that follows is bit for bit the game a reset with that seed
gives (tests/test_game_core.py). Where a start is not ready (the helper is still starting, or could not
start), the game is reset the slow way: a start is an optimisation, never a dependency.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import queue

from crossy_desktop.background import give_way
from crossy_desktop.game.core import PROTOCOL, Protocol, Start

KEPT = 4  # starts kept, newest last: the current game's (versus joins it) and the next one's


class PreparedStarts:
    """Asks the helper for the starts of games to come (`prepare`) and hands them out when ready (`take`)."""

    def __init__(self, protocol: Protocol = PROTOCOL) -> None:
        context = mp.get_context("spawn")  # a fresh interpreter: no copy of the window's state or threads
        self._requests, self._replies = context.Queue(), context.Queue()
        self._helper = context.Process(target=_serve, args=(protocol, self._requests, self._replies), daemon=True)
        self._helper.start()
        self._ready: dict[int, Start] = {}
        self._asked: set[int] = set()

    def prepare(self, seed: int) -> None:
        """Have the start of a game with `seed` made, if it is not already."""
        if seed not in self._ready and seed not in self._asked:
            self._asked.add(seed)
            self._requests.put(seed)

    def take(self, seed: int) -> Start | None:
        """The start for `seed` if the helper has sent it (kept: versus starts its second game from it too)."""
        self.collect()
        return self._ready.get(seed)

    def collect(self) -> None:
        """Read what the helper has sent. The window calls this every frame: a start (its first frame alone is
        100 KB) is more than the pipe holds, so the helper can send the next one only once this one is read;
        read only at a game's start, a start asked for 2 minutes earlier was found still in the pipe and the
        game fell back to the slow reset (165 ms, measured in a real window)."""
        while True:
            try:
                seed_made, blob, frame = self._replies.get_nowait()
            except (queue.Empty, OSError, ValueError):
                break
            self._asked.discard(seed_made)
            self._ready[seed_made] = Start(seed_made, pickle.loads(blob), frame)
            while len(self._ready) > KEPT:
                del self._ready[next(iter(self._ready))]

    def close(self) -> None:
        """Stop the helper (it also stops by itself when this process is gone)."""
        if self._helper.is_alive():
            self._requests.put(None)
            self._helper.join(timeout=2)
            if self._helper.is_alive():
                self._helper.kill()
        self._requests.close()
        self._replies.close()


def _serve(protocol: Protocol, requests: mp.Queue, replies: mp.Queue) -> None:
    """The helper: reset with each seed asked for, send the state back; stop on None or when orphaned."""
    give_way()  # a reset loads the ROM (a core for 150-330 ms): the window's frame loop first
    parent = os.getppid()  # an orphan is handed to another parent (init): then it stops
    replies.cancel_join_thread()  # and exits at once, not waiting to send a start nobody will read
    env = protocol.make_env(frameskip=1)
    ale = env.unwrapped.ale
    while True:
        try:
            seed = requests.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:  # mp.parent_process().is_alive() kept saying yes here: measured
                return
            continue
        if seed is None:
            return
        frame, _ = env.reset(seed=seed)
        replies.put((seed, pickle.dumps(ale.cloneState(include_rng=True)), frame))
