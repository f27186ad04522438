"""The HUD's contents, read off the window as it is now (hud.py draws them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crossy_desktop.app.config import Speed
from crossy_desktop.app.hud import HudInfo

if TYPE_CHECKING:
    from crossy_desktop.app.window_state import Window


def hud_info(app: Window) -> HudInfo:
    """What the panel shows of the window as it is now."""
    controller, session = app.session.controller, app.session
    thinking = app.eye.watched(app)[0] if app.eye.on else session  # whose Q-values: the eye's agent's while it is on
    failure = session.save_error or session.score_error or app.writer.error
    return HudInfo(
        controller=controller.name,
        controller_kind=controller.kind,
        score=session.score,
        frames_left=session.game.frames_left,
        game_number=session.game_number,
        best_score=session.stats.best_score,
        fps=app.clock.fps,
        speed=app.speed if controller.is_agent else Speed.X1,
        muted=app.audio.muted,
        sound_available=app.audio.available,
        q_values=thinking.controller.q_values,
        action=thinking.action,
        message=failure or app.notices.message,
        warning=bool(failure) or app.notices.warning,
        recording=session.record_dir is not None,
        demos_saved=len(session.saved),
        rival=(app.versus.right.controller.name, app.versus.right.score) if app.versus else None,
        teach=app.teach.box(),
        coach=app.coaching.lines(app),
        eye=app.eye.shown is not None,
        gamepad=app.pads.name,
    )
