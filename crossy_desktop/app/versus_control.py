"""V in the window: the player (left, keyboard) against an agent (right) on the same traffic, and back to solo.

The agent's side is a play session with an emulator of its own; building one loads the ROM (250 ms, the
GIL held), so the window builds it before its first frame (`spare_side`) and keeps it between races.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from crossy_desktop.app.window_state import Screen
from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.play.versus import VersusMatch

if TYPE_CHECKING:  # types only: none of these import this module
    from crossy_desktop.app.notices import Notices
    from crossy_desktop.app.roster import Pick, Roster
    from crossy_desktop.app.view import View
    from crossy_desktop.play.session import PlaySession


class Window(Protocol):
    """What versus uses of the window."""

    session: PlaySession
    versus: VersusMatch | None
    spare: PlaySession | None
    roster: Roster
    view: View
    notices: Notices
    screen_state: Screen

    def new_game(self) -> None: ...


def start_versus(app: Window, agent: str = ControllerKind.DQN, pick: Pick | None = None) -> None:
    """A new game for both sides, same seed; the game in progress goes on if nothing was played yet."""
    if pick is None:
        pick = app.roster.best_dqn() if agent == ControllerKind.DQN else app.roster.pick(agent)
    if pick.controller is None:
        app.notices.warn(pick.error)
        return
    app.session.use(app.roster.human)
    app.versus, app.spare = VersusMatch(app.session, pick.controller, right=app.spare), None
    app.view.layout(games=2)
    if app.session.game.frame_index == 0:  # nothing played yet: the agent joins this very game
        app.versus.right.new_game(seed=app.session.seed)
    else:
        app.new_game()
    app.screen_state = Screen.START
    app.notices.say("")


def stop_versus(app: Window) -> None:
    """Back to solo play: the player's game goes on; the agent's side waits for the next race."""
    if app.versus is not None:
        app.spare, app.versus = app.versus.close(), None
        app.view.layout(games=1)
