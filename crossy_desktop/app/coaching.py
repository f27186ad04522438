"""Coaching from the window (C): your student plays, you take the chicken where it errs, and it learns from that.

C hands the chicken to a student with you as its coach (controllers/coached.py): holding an arrow key takes
it at the next decision, letting go hands it back after a short grace (`--coach-grace`). Coached games are
recorded whether or not F5 is on (your decisions in them are the corrections), and the Teach panel then
offers to teach that student again from them. C again ends coaching: the student plays on by itself.

Which student: the one taught last in this session, else the DQN playing now, else your newest student.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from crossy_desktop.app.roster import Pick
from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.controllers.coached import CoachedController, KeyboardCoach, grace_decisions
from crossy_desktop.storage.paths import user_models_dir

if TYPE_CHECKING:  # types only: none of these import this module
    from crossy_desktop.app.config import AppConfig
    from crossy_desktop.app.notices import Notices
    from crossy_desktop.app.roster import Roster
    from crossy_desktop.app.teaching import TeachPanel
    from crossy_desktop.play.session import PlaySession
    from crossy_desktop.play.versus import VersusMatch

STUDENT_PREFIX = "student-of-"


class Window(Protocol):
    """What coaching uses of the window (window_state.Window names Coaching: this module cannot import it)."""

    config: AppConfig
    session: PlaySession
    versus: VersusMatch | None
    roster: Roster
    teach: TeachPanel
    notices: Notices

    def toggle_recording(self) -> None: ...

    def stop_versus(self) -> None: ...


class Coaching:
    def __init__(self) -> None:
        self.controller: CoachedController | None = None
        self._recording_was_off = False

    def active(self, app: Window) -> bool:
        """Coaching lasts while the coached student has the controls (H, R, D, B or V end it too)."""
        return self.controller is not None and app.session.controller is self.controller

    def toggle(self, app: Window) -> None:
        self.stop(app) if self.active(app) else self.start(app)

    def start(self, app: Window) -> None:
        pick = self._student(app)
        if pick.controller is None:
            app.notices.warn(pick.error)
            return
        if app.versus is not None:
            app.stop_versus()
        self._recording_was_off = app.session.record_dir is None
        if self._recording_was_off:
            app.toggle_recording()  # coached games are always recorded: the corrections are in them
        coach = KeyboardCoach(app.roster.human)
        self.controller = CoachedController(pick.controller, coach, grace_decisions(app.config.coach_grace_s))
        app.session.use(self.controller)
        app.notices.say("coaching: hold an arrow to take over, let go to hand back")

    def stop(self, app: Window) -> None:
        """The student plays on alone; recording goes back to what it was before coaching."""
        if self.controller is None:
            return
        if self.active(app):
            app.session.use(self.controller.student)
        if self._recording_was_off and app.session.record_dir is not None:
            app.toggle_recording()
        self.controller = None
        app.notices.say("coaching ended")

    def student_path(self, app: Window) -> Path | None:
        """The model file of the student being coached now (the Teach panel teaches it again), or None."""
        return Path(self.controller.student.model_path) if self.active(app) else None

    def _student(self, app: Window) -> Pick:
        current = app.session.controller
        if app.teach.student is not None:
            path = app.teach.student
        elif current.kind == ControllerKind.DQN and getattr(current, "model_path", None) is not None:
            path = Path(current.model_path)
        else:  # the models folder is only looked through when this session has no student at hand
            path = newest_student()
        if path is None:
            return Pick(None, "no student to coach yet: record your games (F5), then teach one (T)")
        return app.roster.dqn(path)

    def lines(self, app: Window) -> tuple[str, ...] | None:
        """The HUD's coaching box: whose the student is, who has the chicken, the corrections this game."""
        if not self.active(app):
            return None
        c = self.controller
        who = "YOU have the chicken" if c.coach_has_it else "your student has it"
        return (
            f"COACHING {c.student.name}",
            who,
            f"corrections {c.corrections} ({c.takeovers} takeovers)",
            "hold an arrow: take over; C: stop",
        )


def newest_student() -> Path | None:
    """Your newest student in the per-user models folder (by time written), or None."""
    folder = user_models_dir()
    students = [p for p in folder.glob(f"{STUDENT_PREFIX}*.safetensors") if p.is_file()] if folder.is_dir() else []
    return max(students, key=lambda p: p.stat().st_mtime, default=None)
