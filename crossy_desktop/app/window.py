"""The game window: events in, emulator frames stepped at 60 Hz, the frame and the HUD drawn out.

The window keeps the loop, which screen is current and what each key does; each screen's drawing and keys
are its handler's (screens.py), the keys a table (keys.py), players the roster's, the game the session's
(play/session.py), drawing the view's (view.py). Agents start at once and begin a new game by themselves
a few seconds after the last one ends, so a demo runs unattended. --replay plays a recorded game back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame

from crossy_desktop.app import audio
from crossy_desktop.app.agent_eye import glow
from crossy_desktop.app.coaching import Coaching
from crossy_desktop.app.comparison import ComparisonPanel
from crossy_desktop.app.config import AppConfig, Speed
from crossy_desktop.app.dropped import DroppedFiles
from crossy_desktop.app.exports import ExportError, GifExports, save_screenshot
from crossy_desktop.app.eye_control import EyeControl
from crossy_desktop.app.gamepad import EVENTS as PAD_EVENTS
from crossy_desktop.app.gamepad import Gamepads
from crossy_desktop.app.hud import HudInfo
from crossy_desktop.app.hud_info import hud_info
from crossy_desktop.app.keys import KEYMAP, Command
from crossy_desktop.app.notices import Notices
from crossy_desktop.app.pacer import FramePacer
from crossy_desktop.app.presentation import Presentation, PresentConfig
from crossy_desktop.app.presenters import open_view
from crossy_desktop.app.roster import Pick, Roster
from crossy_desktop.app.screens import SCREENS, Handler, ScoresPanel, TeachScreen
from crossy_desktop.app.settings_on_close import remember_settings
from crossy_desktop.app.teaching import TeachPanel
from crossy_desktop.app.versus_control import start_versus, stop_versus
from crossy_desktop.app.window_state import FPS, Screen
from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.game.starts import PreparedStarts
from crossy_desktop.play.playback_check import PlaybackCheck
from crossy_desktop.play.session import PlaySession
from crossy_desktop.play.versus import VersusMatch, spare_side
from crossy_desktop.play.writer import BackgroundWriter
from crossy_desktop.storage.paths import demos_dir, scoreboard_path
from crossy_desktop.storage.scoreboard import Scoreboard
from crossy_desktop.storage.settings import VOLUME_STEP

__all__ = ["AppConfig", "CrossyApp", "Screen"]


class CrossyApp:
    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.closed = False
        self.versus: VersusMatch | None = None
        self.view = open_view(config)
        self.clock = FramePacer(FPS)
        self.audio = audio.AudioOut(muted=config.mute, volume=config.volume)
        self.pads = Gamepads()
        self.notices = Notices()
        self.speed = config.speed
        seed = config.replay.meta.seed if config.replay else config.seed
        self.roster = Roster(model=config.model)
        self.session = PlaySession(self.roster.human, seed=seed, sound=self.audio.available)
        self.session.writer = self.writer = BackgroundWriter()  # game-over writes stay off the frame loop
        self.session.starts = self.starts = PreparedStarts() if config.prepare_starts else None  # resets too
        self.spare = spare_side() if config.spare_side and config.replay is None else None  # versus' side, made ahead
        self.roster.seed = self.session.base_seed  # the random agent plays from the session's seed
        if config.replay is None:  # a replayed game is not a new score
            self.session.scoreboard = Scoreboard(config.scoreboard or scoreboard_path())
        self.scores = ScoresPanel()
        self.comparison = ComparisonPanel()
        self.exports = GifExports(self.notices.report)
        self.teach = TeachPanel(config.demos_dir or demos_dir(), extra_args=config.teach_args)
        self.teach_screen = TeachScreen(self.teach)
        self.coaching = Coaching()
        self.eye = EyeControl(on=config.eye)
        self.presentation = Presentation()
        self.dropped = DroppedFiles()
        self.commands = self._command_table()
        self.on_first_frame: Callable[[], None] | None = None  # bench/bench_bundle.py times start-up with it
        self.running = True
        self.frames_stepped = self.over_frames = 0
        self.screen_state = Screen.START
        self.replay = PlaybackCheck(config.replay) if config.replay is not None else None
        self.session.new_game()
        if config.record:
            self.toggle_recording()
        if self.replay is not None:
            self.session.use(self.replay.controller)
        elif config.controller == ControllerKind.DQN and config.model is not None:
            self._take(self.roster.dqn(config.model))
        else:
            self.use(config.controller)
        if config.versus is not None and config.replay is None:
            self.start_versus(config.versus)
        if self.session.controller.is_agent or config.max_frames is not None:
            self.screen_state = Screen.PLAYING
        if config.present:
            self.presentation.config = PresentConfig()
            self.presentation.attract(self)

    # -- commands: what each key does (app/keys.py binds keys to them) ----------------------------
    def _command_table(self) -> dict[Command, Callable[[], None]]:
        return {
            Command.MOVE_UP: lambda: SCREENS[self.screen_state].move(self),
            Command.MOVE_DOWN: lambda: SCREENS[self.screen_state].move(self),
            Command.HUMAN: lambda: self.use(ControllerKind.HUMAN),
            Command.RANDOM: lambda: self.use(ControllerKind.RANDOM),
            Command.DQN: lambda: self.use(ControllerKind.DQN),
            Command.SCRIPTED: lambda: self.use(ControllerKind.SCRIPTED),
            Command.RECORD: self.toggle_recording,
            Command.SCORES: lambda: self.scores.toggle(self),
            Command.SCREENSHOT: self.screenshot,
            Command.GIF: self.save_last_game_gif,
            Command.VERSUS: lambda: self.stop_versus() if self.versus else self.start_versus(ControllerKind.DQN),
            Command.TEACH: lambda: self.teach.open(self.coaching.student_path(self)),
            Command.COACH: lambda: self.coaching.toggle(self),
            Command.EYE: lambda: self.eye.toggle(self),
            Command.COMPARE: lambda: self.comparison.toggle(self),
            Command.PRESENT: lambda: self.presentation.toggle(self),
            Command.SPEED_1X: lambda: self.set_speed(Speed.X1),
            Command.SPEED_2X: lambda: self.set_speed(Speed.X2),
            Command.SPEED_4X: lambda: self.set_speed(Speed.X4),
            Command.SPEED_MAX: lambda: self.set_speed(Speed.MAX),
            Command.PAUSE: lambda: SCREENS[self.screen_state].pause(self),
            Command.NEW_GAME: self.new_game,
            Command.MUTE: self.audio.toggle_mute,
            Command.VOLUME_UP: lambda: self.change_volume(+VOLUME_STEP),
            Command.VOLUME_DOWN: lambda: self.change_volume(-VOLUME_STEP),
            Command.FULLSCREEN: self.view.toggle_fullscreen,
            Command.QUIT: self.quit,
        }

    def use(self, name: str) -> None:
        """Hand the chicken to `name`'s controller (D again: the next model); a failure keeps the current one."""
        self._take(self.roster.pick(name, current=self.session.controller))

    def _take(self, pick: Pick) -> None:
        if pick.controller is None:
            self.notices.warn(pick.error)
            return
        self.session.use(pick.controller)
        self.notices.say("")

    def take_student(self, student: Path, versus: bool) -> None:
        """The Teach panel's D (watch the new student play) or V (race it)."""
        pick = self.roster.dqn(student)
        self.start_versus(pick=pick) if versus else self._take(pick)
        self.screen_state = Screen.START if versus else Screen.PLAYING

    def set_speed(self, speed: Speed | str) -> None:
        self.speed = Speed(speed)

    def quit(self) -> None:
        self.running = False

    def show(self, state: Screen) -> None:
        self.screen_state = state
        if state in (Screen.PAUSED, Screen.OVER):
            self.audio.drop()  # no sound left hanging over a still picture

    def change_volume(self, step: float) -> None:
        self.audio.set_volume(self.audio.volume + step)
        self.notices.say(f"volume {self.audio.volume:.0%}" if self.audio.available else "no audio device")

    def toggle_recording(self) -> None:
        """Recording covers the game in progress from its start, and every game after it."""
        self.session.record_dir = (self.config.demos_dir or demos_dir()) if self.session.record_dir is None else None

    def screenshot(self) -> Path | None:
        """F12: the whole window as a PNG in the per-user screenshots folder (the comparison alone, while it shows)."""
        try:
            picture = self.comparison.picture
            path = save_screenshot(picture, "comparison") if picture else save_screenshot(self.view.snapshot())
        except ExportError as exc:
            self.notices.warn(str(exc))
            return None
        self.notices.say(f"saved {path.name}")
        return path

    def save_last_game_gif(self) -> None:
        """G: the last finished game as a GIF, written in the background."""
        if self.session.last_game is None:
            self.notices.say("no finished game to save yet")
            return
        self.notices.say(f"saving {self.exports.start(*self.session.last_game).name} ...")

    # -- versus (app/versus_control.py) ------------------------------------------------------------
    def start_versus(self, agent: str = ControllerKind.DQN, pick: Pick | None = None) -> None:
        start_versus(self, agent, pick)

    def stop_versus(self) -> None:
        stop_versus(self)

    # -- the loop ----------------------------------------------------------------------------
    def run(self) -> int:
        try:
            while self.running:
                self.tick()
        finally:
            remember_settings(self)
            self.close()
        return 1 if self.replay is not None and not self.replay.matches else 0

    def close(self) -> None:
        """Quitting, once: the teach process ends, a recorded game is kept, writes finish, emulators are freed."""
        if self.closed:
            return
        self.closed = True
        self.teach.shutdown()
        self.eye.close()
        self.comparison.shutdown()
        self.dropped.close()
        for side in (self.versus.right if self.versus else None, self.spare):
            if side is not None:
                side.close()
        self.session.close()
        if self.starts is not None:
            self.starts.close()
        self.writer.close()
        self.exports.wait()
        self.view.close()

    def tick(self) -> None:
        """One window frame: events, emulation, drawing."""
        for event in pygame.event.get():
            self.handle(event)
        if self.starts is not None:
            self.starts.collect()  # next games' starts, read as they come (game/starts.py)
        if (student := self.teach.poll()) is not None:
            self.roster.refresh(newest=student)
        SCREENS[self.screen_state].tick(self)  # playing: emulate; game over: wait, then maybe a new game
        self.comparison.tick(self)  # the agent's off-screen game, when one is asked for
        self.dropped.tick(self)  # a file dropped on the window, once its worker has read it
        self.presentation.tick(self, keys_held=self.roster.human.up or self.roster.human.down)
        self.draw()
        self.notices.print_once(self.session.save_error or self.session.score_error)  # full disk, locked board
        fast = self.session.controller.is_agent and self.speed is Speed.MAX and self.screen_state is Screen.PLAYING
        self.clock.tick(wait=not fast)

    def show_game_over(self) -> None:
        self.over_frames = 0
        self.show(Screen.OVER)
        if self.versus is not None and self.versus.right.last_story is not None:  # where each side won and lost time
            self.comparison.compare(self.session.last_story, self.versus.right.last_story)
        self.presentation.game_over(self)

    @property
    def out_of_frames(self) -> bool:
        """--max-frames emulator frames have run (scripts and tests)."""
        return self.config.max_frames is not None and self.frames_stepped >= self.config.max_frames

    def new_game(self) -> None:
        (self.versus or self.session).new_game()
        self.comparison.close()
        self.screen_state = Screen.PLAYING
        self.audio.drop()

    # -- input ---------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.VIDEORESIZE:
            self.view.resized()
        elif event.type == pygame.DROPFILE:
            self.dropped.drop(self, Path(event.file))
        elif event.type in PAD_EVENTS:
            for pad in self.pads.handle(event):
                self.command(pad.command, pad.down)
            news = self.pads.take_news()
            if news:
                self.notices.say(news)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN and event.mod & pygame.KMOD_ALT:
            self.view.toggle_fullscreen()  # Alt+Enter, as in most desktop games
        elif event.type == pygame.KEYDOWN and self.teach_screen.key(self, event.key):
            return
        elif event.type in (pygame.KEYDOWN, pygame.KEYUP) and event.key in KEYMAP:
            self.command(KEYMAP[event.key].command, event.type == pygame.KEYDOWN)
        elif event.type == pygame.KEYDOWN:
            self.presentation.input(self, None)  # presentation mode: any key at all starts a race

    def command(self, command: Command, down: bool = True) -> None:
        """A key or a pad button pressed (down) or released: the chicken's keys are held, the others act once."""
        if down and self.presentation.input(self, command):  # the attract loop: a key starts a race
            return
        if command is Command.MOVE_UP:
            self.roster.human.up = down
        elif command is Command.MOVE_DOWN:
            self.roster.human.down = down
        if down:
            self.commands[command]()

    # -- drawing -------------------------------------------------------------------------------
    @property
    def screen(self) -> pygame.Surface:
        return self.view.screen

    def draw(self) -> None:
        """The games, then one screen's or panel's text over them (never two), then the HUD."""
        view = self.view
        frames = [self.session.game.frame] + ([self.versus.right.game.frame] if self.versus is not None else [])
        if (eye := self.eye.current(self)) is not None:  # the agent's eye: its glow over the agent's game
            frames[eye[1]] = glow(frames[eye[1]], eye[0])
            view.draw_eye(eye[0])
        for side, frame in enumerate(frames):
            view.draw_game(frame, side)
        overlay = self.shown().overlay(self)
        if overlay is not None and overlay.picture is not None:
            view.picture(overlay.picture)
        elif overlay is not None:
            view.overlay(overlay.title, *overlay.lines)
        view.draw_hud(self.hud_info())
        view.present()
        if self.on_first_frame is not None:
            self.on_first_frame()
            self.on_first_frame = None

    def shown(self) -> Handler:
        """The one handler whose text is drawn: an open panel (teach, scores, comparison), else the current screen."""
        panels = (self.teach_screen, self.scores, self.comparison)
        return next((panel for panel in panels if panel.is_open), SCREENS[self.screen_state])

    def hud_info(self) -> HudInfo:
        return hud_info(self)
