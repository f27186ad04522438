"""Work beside the window's frame loop gives way to it: file writes, game starts made ahead, the agent's eye's
maps and an agent's off-screen game all run at a lower CPU priority than the loop. On a 2-core machine the
frame loop, the X server and such work compete for the cores, and a frame late is seen where a file written
a moment later is not.
"""

from __future__ import annotations

import os
import threading

GIVE_WAY_BY = 10  # nice levels below the window's own


def give_way() -> None:
    """Lower the calling thread's CPU priority (Linux sets it per thread; where that cannot be done: nothing)."""
    if not hasattr(os, "setpriority"):
        return
    try:
        thread = threading.get_native_id()  # on Linux a thread's own id for setpriority; elsewhere it fails
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + GIVE_WAY_BY))
    except OSError:
        pass
