"""File writes off the frame loop: a finished game's demonstration (compression takes about 0.3 s) and its
scoreboard row (a locked database may wait seconds) are jobs for one background thread, run in order.

`drain()` waits for every job handed in so far; quitting drains, so nothing is lost. A job reports its own
failures (the session's save_error / score_error); the writer only keeps an unexpected one from killing it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from crossy_desktop.background import give_way


class BackgroundWriter:
    def __init__(self) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self.error = ""  # the last unexpected failure of a job, for the HUD
        self._thread = threading.Thread(target=self._work, name="crossy-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)

    def drain(self) -> None:
        """Wait until every job handed in so far is done."""
        self._jobs.join()

    def close(self) -> None:
        self.drain()
        self._jobs.put(None)
        self._thread.join(timeout=5)

    def _work(self) -> None:
        give_way()  # compressing a game takes a core for a while: the frame loop first
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except Exception as exc:  # noqa: BLE001 - the writer must outlive any one job
                self.error = f"could not save: {type(exc).__name__}: {exc}"
            finally:
                job = None  # not kept while waiting for the next: it holds a finished game's arrays and session
                self._jobs.task_done()
        self._jobs.task_done()
