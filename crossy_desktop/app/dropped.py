"""Files dropped on the window: a model takes the chicken, a recorded game plays back.

A model file (`.safetensors`) is checked as the D key checks one (its actions, pipeline, protocol and
network) and copied into the player's models folder under a name of its own (never over a file; a file
already there with the same bytes is used as it is), so it stays in the models list after the window closes;
then it takes the chicken. A Stable-Baselines3 DQN zip is converted (rl/sb3_import.py: none of its code runs)
into a new model file there, likewise, once: the model made from it is found again by the zip's SHA-256.
A recorded game (`.demo.npz`) is read and replayed from its seed as `crossy demos replay` does, its verdict
shown at the end, and the chicken goes back to whoever had it (a replay is neither a score nor a new
recording). Reading, checking and copying a file can take longer than a frame, and so can loading its
controller (torch, where installed, the first time) and reading the models folder again: all of it runs on a
worker thread; the frame loop only takes the result. A bad file's one-line reason shows in the HUD and the
game plays on.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crossy_desktop.app.window_state import Screen
from crossy_desktop.controllers.base import Controller, ControllerKind
from crossy_desktop.controllers.registry import all_models, make_controller
from crossy_desktop.game.core import PROTOCOL
from crossy_desktop.play.playback_check import PlaybackCheck
from crossy_desktop.rl.agent_file import Backend, load_agent
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.storage.atomic import write_new
from crossy_desktop.storage.demo_file import SUFFIX as DEMO_SUFFIX
from crossy_desktop.storage.demo_file import DemoFileError, Demonstration, load_demo
from crossy_desktop.storage.model_file import ModelFileError, read_model_metadata
from crossy_desktop.storage.names import numbered, shown
from crossy_desktop.storage.paths import user_models_dir

if TYPE_CHECKING:
    from crossy_desktop.app.window_state import Window

MODEL_SUFFIX = ".safetensors"
SB3_SUFFIX = ".zip"  # a Stable-Baselines3 model


@dataclass
class Taken:
    """What a dropped file became: a model in the models folder (its controller loaded, and the models folder
    as it is now), a game to replay, or why neither."""

    model: Path | None = None
    controller: Controller | None = None
    models: list[Path] | None = None
    demo: Demonstration | None = None
    error: str = ""


def take_file(path: Path, models: Path) -> Taken:
    """Check and keep a dropped file, and load what will play it (the worker's part: nothing of the window's)."""
    name = shown(path.name)
    try:
        if path.name.endswith(DEMO_SUFFIX):
            return Taken(demo=load_demo(path, PROTOCOL.describe(), PIPELINE.name))
        if path.suffix == SB3_SUFFIX:
            return _playing(_imported_sb3(path, models))
        if path.suffix != MODEL_SUFFIX:
            return Taken(error=f"{name}: drop a model ({MODEL_SUFFIX}, or an SB3 DQN {SB3_SUFFIX}) or a recorded "
                               f"game ({DEMO_SUFFIX})")  # fmt: skip
        load_agent(path, backend=Backend.NUMPY)  # every check D makes, before anything is copied
        return _playing(_kept(path, models))
    except ImportError:
        return Taken(error=f"{name}: an SB3 model needs torch: the full version reads it, the player cannot")
    except (ModelFileError, DemoFileError) as exc:
        return Taken(error=str(exc))
    except OSError as exc:
        return Taken(error=f"{name}: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - a broken torch install must never take the window down
        return Taken(error=f"cannot load model {name}: {type(exc).__name__}: {exc}")


def _playing(model: Path) -> Taken:
    """The kept model with its controller and the models list that now holds it."""
    return Taken(model=model, controller=make_controller(ControllerKind.DQN, model=model), models=all_models())


def _kept(path: Path, models: Path) -> Path:
    """The model's copy in the models folder: the file itself when it is there already, else a new name."""
    data = path.read_bytes()
    return _kept_once(models, path.name.removesuffix(MODEL_SUFFIX), lambda kept: kept.read_bytes() == data,
                      lambda tmp: shutil.copyfile(path, tmp))  # fmt: skip


def _imported_sb3(path: Path, models: Path) -> Path:
    """A Stable-Baselines3 DQN zip, converted into a new model file in the models folder (rl/sb3_import.py), or
    the one converted from the same zip before."""
    from crossy_desktop.rl.sb3_import import import_sb3

    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    def converted_from_it(kept: Path) -> bool:
        try:
            return read_model_metadata(kept).get("source", {}).get("sha256") == digest
        except (ModelFileError, OSError, AttributeError):  # not ours to judge: another name is taken
            return False

    return _kept_once(models, path.stem, converted_from_it, lambda tmp: import_sb3(path, tmp, digest))


def _kept_once(models: Path, stem: str, same: Callable[[Path], bool], write: Callable[[Path], object]) -> Path:
    """The first of `stem`'s numbered names in the models folder whose file is `same` as the dropped one, or the
    first free one, written (atomically, never over a file) by `write`."""
    models.mkdir(parents=True, exist_ok=True)
    for candidate in numbered(models, stem, MODEL_SUFFIX):
        if not candidate.exists():
            break
        if same(candidate):
            return candidate
    return write_new(numbered(models, stem, MODEL_SUFFIX), write)


@dataclass
class _Before:
    """What a dropped replay set aside: given back when it ends."""

    controller: Controller
    scoreboard: object
    record_dir: Path | None


class DroppedFiles:
    """The window's drop handling: `drop` on SDL's DROPFILE, `tick` every frame."""

    def __init__(self, models: Path | None = None) -> None:
        self.models = models
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="crossy-drop")
        self._pending: list[Future[Taken]] = []
        self._before: _Before | None = None  # set while a dropped game replays

    def drop(self, app: Window, path: Path) -> None:
        app.notices.say(f"reading {shown(path.name)} ...")
        self._pending.append(self._worker.submit(take_file, path, self.models or user_models_dir()))

    def tick(self, app: Window) -> None:
        while self._pending and self._pending[0].done():
            taken = self._pending.pop(0).result()
            if taken.error:
                app.notices.warn(taken.error)
            elif taken.model is not None:
                self._play_model(app, taken)
            elif taken.demo is not None:
                self._replay(app, taken.demo)

    @property
    def replaying(self) -> bool:
        return self._before is not None

    def _play_model(self, app: Window, taken: Taken) -> None:
        self.end_replay(app, new_game=False)
        app.roster.refresh(newest=taken.model, models=taken.models)
        app.session.use(app.roster.adopt(taken.model, taken.controller))
        app.notices.say(f"{taken.model.name} plays (kept in your models)")
        app.show(Screen.PLAYING)

    def _replay(self, app: Window, demo: Demonstration) -> None:
        if app.versus is not None:
            app.stop_versus()
        if self._before is None:
            session = app.session
            self._before = _Before(session.controller, session.scoreboard, session.record_dir)
            session.scoreboard, session.record_dir = None, None  # a replay is neither a score nor a recording
        app.replay = PlaybackCheck(demo, then=lambda: self.end_replay(app))
        app.session.use(app.replay.controller)
        app.session.new_game(demo.meta.seed)
        app.notices.say(f"replaying {demo.meta.controller}'s game (seed {demo.meta.seed}, score {demo.meta.score})")
        app.show(Screen.PLAYING)

    def end_replay(self, app: Window, new_game: bool = True) -> None:
        """The dropped game has been replayed (or another file came): the chicken goes back to who had it."""
        before, self._before = self._before, None
        if before is None:
            return
        app.replay = None
        app.session.use(before.controller)
        app.session.scoreboard, app.session.record_dir = before.scoreboard, before.record_dir
        if new_game:
            app.new_game()

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
