"""E: the agent's eye on or off, and which agent it watches: the one playing solo, the agent's side in versus.

The window asks `current` once a frame: it hands the watched agent's latest sight to the eye's worker
(app/agent_eye.py) and gets back the newest map and the side it belongs to. A human at the controls has
nothing to look into: then there is no map and the panel shows its keys as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from crossy_desktop.app.agent_eye import AgentEye, EyeView

if TYPE_CHECKING:  # types only: none of these import this module
    from crossy_desktop.app.notices import Notices
    from crossy_desktop.controllers.base import Controller
    from crossy_desktop.play.session import PlaySession
    from crossy_desktop.play.versus import VersusMatch


class Window(Protocol):
    """What the eye uses of the window (window_state.Window names EyeControl: this module cannot import it)."""

    session: PlaySession
    versus: VersusMatch | None
    notices: Notices


class EyeControl:
    def __init__(self, on: bool = False) -> None:
        self.worker: AgentEye | None = AgentEye() if on else None
        self._watched: Controller | None = None
        self._reported = False
        self.shown: tuple[EyeView, int] | None = None  # this frame's map and side (the HUD makes room for it)

    @property
    def on(self) -> bool:
        return self.worker is not None

    def toggle(self, app: Window) -> None:
        if self.worker is not None:
            self.close()
            app.notices.say("agent's eye off")
            return
        self.worker, self._watched, self._reported = AgentEye(), None, False
        app.notices.say("agent's eye on: while a DQN plays, where it looks glows")

    @staticmethod
    def watched(app: Window) -> tuple[PlaySession, int]:
        """The game whose agent the eye looks into, and its side (0 left, 1 right)."""
        return (app.versus.right, 1) if app.versus is not None else (app.session, 0)

    def current(self, app: Window) -> tuple[EyeView, int] | None:
        """This frame's map to show and its side, or None (off, no agent with a Q-function, no map yet)."""
        if self.worker is None:
            return None
        game, side = self.watched(app)
        if game.controller is not self._watched:  # another agent: its predecessor's map goes
            self.worker.forget()
            self._watched = game.controller
        self.worker.look(game.controller.sight())
        if self.worker.failure and not self._reported:
            app.notices.warn(self.worker.failure)
            self._reported = True
        view = self.worker.latest()
        self.shown = None if view is None else (view, side)
        return self.shown

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
        self.worker, self.shown = None, None
