"""The game window: events in, emulator frames stepped at 60 Hz, the frame and the HUD drawn out.

Screens: start (press Up or Space), playing, paused, game over. Agents start at once and begin a new
game by themselves a few seconds after the last one ends, so a demo can run unattended.
F5 (or --record) records games as demonstrations; --replay plays a recorded game back and checks its score.

The window keeps the loop (events, emulation, drawing) and what each key does; the keys themselves are a
table (keys.py), who can play comes from the roster (roster.py), the game from the session's GameLoop
(session.py, play/loop.py), geometry and drawing from the view (view.py), exports from exports.py.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path

import pygame

from crossy_desktop.app import audio
from crossy_desktop.app.config import AppConfig, Presenter, Speed
from crossy_desktop.app.exports import ExportError, GifExports, save_screenshot
from crossy_desktop.app.gamepad import EVENTS as PAD_EVENTS
from crossy_desktop.app.gamepad import Gamepads
from crossy_desktop.app.hud import HudInfo, leaderboard_lines
from crossy_desktop.app.keys import KEYMAP, Command
from crossy_desktop.app.pacer import FramePacer
from crossy_desktop.app.roster import Pick, Roster
from crossy_desktop.app.teaching import TeachPanel, TeachState
from crossy_desktop.app.view import TITLE, View
from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.play.playback_check import PlaybackCheck
from crossy_desktop.play.session import PlaySession
from crossy_desktop.play.versus import VersusMatch
from crossy_desktop.play.writer import BackgroundWriter
from crossy_desktop.storage.paths import assets_dir, demos_dir, scoreboard_path
from crossy_desktop.storage.scoreboard import Scoreboard
from crossy_desktop.storage.settings import VOLUME_STEP, Settings, save_settings

FPS = 60
MAX_SPEED_BUDGET_S = 0.025  # emulate this long per window frame at max speed, then draw
AUTO_RESTART_FRAMES = 3 * FPS


class Screen(Enum):
    START = "start"
    PLAYING = "playing"
    PAUSED = "paused"
    OVER = "over"


def open_view(config: AppConfig) -> View:
    """The window, drawn the way `config.presenter` says, with its title and icon."""
    icon_file = assets_dir() / "icon.png"
    icon = pygame.image.load(str(icon_file)) if icon_file.exists() else None
    if config.presenter is Presenter.RENDERER:
        from crossy_desktop.app.renderer_view import RendererView

        try:
            return RendererView(config.scale, config.fullscreen, config.window_size, icon=icon)
        except pygame.error as err:  # no renderer SDL can make here: the surface view needs none
            print(f"crossy: SDL's renderer is not available ({err}); drawing with --presenter surface", file=sys.stderr)
    if icon is not None:
        pygame.display.set_icon(icon)  # before the window opens, as some desktops only read it then
    view = View(config.scale, config.fullscreen, config.window_size)
    pygame.display.set_caption(TITLE)
    return view


class CrossyApp:
    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.versus: VersusMatch | None = None
        self.view = open_view(config)
        self.clock = FramePacer(FPS)
        self.audio = audio.AudioOut(muted=config.mute, volume=config.volume)
        self.pads = Gamepads()
        self.message, self.warning = "", False  # the HUD's one-line note, and whether something went wrong
        self.speed = config.speed
        seed = config.replay.meta.seed if config.replay else config.seed
        self.roster = Roster(model=config.model)
        self.session = PlaySession(self.roster.human, seed=seed, sound=self.audio.available)
        self.session.writer = self.writer = BackgroundWriter()  # game-over writes stay off the frame loop
        self._reported: set[str] = set()  # write failures already printed
        self.roster.seed = self.session.base_seed  # the random agent plays from the session's seed
        if config.replay is None:  # a replayed game is not a new score
            self.session.scoreboard = Scoreboard(config.scoreboard or scoreboard_path())
        self.scores_lines: list[str] | None = None  # the Tab overlay, while shown
        self.exports = GifExports(self._report)
        self.teach = TeachPanel(config.demos_dir or demos_dir(), extra_args=config.teach_args)
        self.commands = self._command_table()
        self.running = True
        self.first_frame_shown = False
        self.frames_stepped = 0
        self.over_frames = 0
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

    # -- commands: what each key does (app/keys.py binds keys to them) ----------------------------
    def _command_table(self) -> dict[Command, Callable[[], None]]:
        return {
            Command.MOVE_UP: self.start_playing,
            Command.MOVE_DOWN: self.start_playing,
            Command.HUMAN: lambda: self.use(ControllerKind.HUMAN),
            Command.RANDOM: lambda: self.use(ControllerKind.RANDOM),
            Command.DQN: lambda: self.use(ControllerKind.DQN),
            Command.SCRIPTED: lambda: self.use(ControllerKind.SCRIPTED),
            Command.RECORD: self.toggle_recording,
            Command.SCORES: self.toggle_scores,
            Command.SCREENSHOT: self.screenshot,
            Command.GIF: self.save_last_game_gif,
            Command.VERSUS: lambda: self.stop_versus() if self.versus else self.start_versus(ControllerKind.DQN),
            Command.TEACH: self.teach.open,
            Command.SPEED_1X: lambda: self.set_speed(Speed.X1),
            Command.SPEED_2X: lambda: self.set_speed(Speed.X2),
            Command.SPEED_4X: lambda: self.set_speed(Speed.X4),
            Command.SPEED_MAX: lambda: self.set_speed(Speed.MAX),
            Command.PAUSE: self.pause_or_go,
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
            self._warn(pick.error)
            return
        self.session.use(pick.controller)
        self._say("")

    def start_playing(self) -> None:
        """Up or Down on the start screen starts the game."""
        if self.screen_state is Screen.START:
            self.screen_state = Screen.PLAYING

    def pause_or_go(self) -> None:
        state = self.screen_state
        if state in (Screen.START, Screen.PAUSED):
            self.screen_state = Screen.PLAYING
        elif state is Screen.PLAYING:
            self.screen_state = Screen.PAUSED
            self.audio.drop()
        elif state is Screen.OVER:
            self.new_game()

    def set_speed(self, speed: Speed | str) -> None:
        self.speed = Speed(speed)

    def quit(self) -> None:
        self.running = False

    def change_volume(self, step: float) -> None:
        self.audio.set_volume(self.audio.volume + step)
        self._say(f"volume {self.audio.volume:.0%}" if self.audio.available else "no audio device")

    def toggle_recording(self) -> None:
        """Recording covers the game in progress from its start, and every game after it."""
        if self.session.record_dir is None:
            self.session.record_dir = self.config.demos_dir or demos_dir()
        else:
            self.session.record_dir = None

    def toggle_scores(self) -> None:
        """Tab: the leaderboard over the game (read once when opened), Tab again to close."""
        if self.scores_lines is not None or self.session.scoreboard is None:
            self.scores_lines = None
            return
        self.scores_lines = leaderboard_lines(self.session.scoreboard)

    def screenshot(self) -> Path | None:
        """F12: the whole window as a PNG in the per-user screenshots folder."""
        try:
            path = save_screenshot(self.view.snapshot())
        except ExportError as exc:
            self._warn(str(exc))
            return None
        self._say(f"saved {path.name}")
        return path

    def save_last_game_gif(self) -> None:
        """G: the last finished game as a GIF, written in the background."""
        if self.session.last_game is None:
            self._say("no finished game to save yet")
            return
        path = self.exports.start(*self.session.last_game)
        self._say(f"saving {path.name} ...")

    def _report(self, message: str, failed: bool) -> None:
        if failed:
            self._warn(message)
        else:
            self._say(message)

    def _say(self, message: str, warning: bool = False) -> None:
        """A note in the HUD until the next one ("" clears it); a warning is shown in red."""
        self.message, self.warning = message, warning

    def _warn(self, message: str) -> None:
        """Shown in the HUD, and printed for whoever started the app from a terminal."""
        self._say(message, warning=True)
        print(f"crossy: {message}", file=sys.stderr, flush=True)

    # -- versus ----------------------------------------------------------------------------------
    def start_versus(self, agent: str = ControllerKind.DQN, pick: Pick | None = None) -> None:
        """The player (left, keyboard) against an agent (right), same seed, new game for both."""
        if pick is None:
            pick = self.roster.best_dqn() if agent == ControllerKind.DQN else self.roster.pick(agent)
        if pick.controller is None:
            self._warn(pick.error)
            return
        self.session.use(self.roster.human)
        self.versus = VersusMatch(self.session, pick.controller)
        self.view.layout(games=2)
        if self.session.game.frame_index == 0:  # nothing played yet: the agent joins this very game
            self.versus.right.new_game(seed=self.session.seed)
        else:
            self.new_game()
        self.screen_state = Screen.START
        self._say("")

    def stop_versus(self) -> None:
        if self.versus is not None:
            self.versus.close()
            self.versus = None
            self.view.layout(games=1)

    # -- the loop ----------------------------------------------------------------------------
    def run(self) -> int:
        try:
            while self.running:
                self.tick()
        finally:
            self.save_settings()
            self.teach.shutdown()
            self.session.close()
            self.writer.close()
            self.exports.wait()
        return 1 if self.replay is not None and not self.replay.matches else 0

    def save_settings(self) -> Settings | None:
        """What this window ends with, for the next one (only where the run was given a settings file)."""
        path = self.config.settings_path
        if path is None or self.replay is not None:
            return None
        settings = self.config.settings or Settings()
        settings.scale, settings.window_size = self.view.scale, self.view.window_size
        settings.fullscreen, settings.record = self.view.fullscreen, self.session.record_dir is not None
        if self.audio.available:  # without a sound device, "muted" says nothing about the player's wish
            settings.muted, settings.volume = self.audio.muted, self.audio.volume
        settings.speed = str(self.speed)
        controller = self.session.controller
        if self.versus is None and controller.kind != ControllerKind.REPLAY:
            settings.controller = str(controller.kind)
            model = getattr(controller, "model_path", None)
            settings.model = str(model) if model is not None else settings.model
        try:
            save_settings(settings, path)
        except OSError as exc:
            print(f"crossy: cannot save settings to {path}: {exc.strerror or exc}", file=sys.stderr, flush=True)
        return settings

    def tick(self) -> None:
        """One window frame: events, emulation, drawing."""
        for event in pygame.event.get():
            self.handle(event)
        student = self.teach.poll()
        if student is not None:
            self.roster.refresh(newest=student)
        if self.screen_state is Screen.PLAYING:
            self._emulate()
        elif self.screen_state is Screen.OVER:
            self.over_frames += 1
            if self.over_frames >= AUTO_RESTART_FRAMES and self.replay is not None:
                self.running = False  # a replay shows its verdict for a moment, then closes
            elif self.session.controller.is_agent and self.over_frames >= AUTO_RESTART_FRAMES:
                self.new_game()
        self.draw()
        problem = self.session.save_error or self.session.score_error
        if problem and problem not in self._reported:  # a full disk or locked scoreboard: the terminal hears once
            self._reported.add(problem)
            print(f"crossy: {problem}", file=sys.stderr, flush=True)
        fast = self.session.controller.is_agent and self.speed is Speed.MAX and self.screen_state is Screen.PLAYING
        self.clock.tick(wait=not fast)

    def _emulate(self) -> None:
        """This window frame's emulator frames: one at 1x, more for a fast agent (max: a time budget's worth)."""
        per_tick = self.speed.frames_per_tick if self.session.controller.is_agent and not self.versus else 1
        deadline = time.perf_counter() + MAX_SPEED_BUDGET_S
        for n in itertools.count(1):
            step = (self.versus or self.session).advance()
            self.frames_stepped += 1
            if per_tick == 1:
                self.audio.feed(self.session.game.audio)
            if self.replay is not None and self.replay.finished(self.session, step.game_over):
                self._say(self.replay.verdict, warning=not self.replay.matches)
                self._show_game_over()
                self.running = self.config.max_frames is None and self.running
                return
            if step.game_over:
                self._show_game_over()
                break
            if self._out_of_frames() or n == per_tick or (per_tick is None and time.perf_counter() >= deadline):
                break
        if self._out_of_frames():
            self.running = False
        elif step.game_over and self.config.max_frames is not None:
            self.new_game()

    def _show_game_over(self) -> None:
        self.screen_state = Screen.OVER
        self.over_frames = 0
        self.audio.drop()

    def _out_of_frames(self) -> bool:
        return self.config.max_frames is not None and self.frames_stepped >= self.config.max_frames

    def new_game(self) -> None:
        (self.versus or self.session).new_game()
        self.screen_state = Screen.PLAYING
        self.audio.drop()

    # -- input ---------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.VIDEORESIZE:
            self.view.resized()
        elif event.type in PAD_EVENTS:
            for pad in self.pads.handle(event):
                self.command(pad.command, pad.down)
            news = self.pads.take_news()
            if news:
                self._say(news)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN and event.mod & pygame.KMOD_ALT:
            self.view.toggle_fullscreen()  # Alt+Enter, as in most desktop games
        elif event.type == pygame.KEYDOWN and self._teach_key(event.key):
            return
        elif event.type in (pygame.KEYDOWN, pygame.KEYUP) and event.key in KEYMAP:
            self.command(KEYMAP[event.key].command, event.type == pygame.KEYDOWN)

    def command(self, command: Command, down: bool = True) -> None:
        """A key or a pad button pressed (down) or released: the chicken's keys are held, the others act once."""
        if command is Command.MOVE_UP:
            self.roster.human.up = down
        elif command is Command.MOVE_DOWN:
            self.roster.human.down = down
        if down:
            self.commands[command]()

    def _teach_key(self, key: int) -> bool:
        """While the Teach panel is open or teaching runs, T, Esc, Enter, D and V are the panel's."""
        teach = self.teach
        if teach.state is TeachState.CLOSED or key not in KEYMAP:
            return False
        command = KEYMAP[key].command
        if command in (Command.TEACH, Command.QUIT):
            teach.close_panel()
        elif teach.state is TeachState.PLAN and key == pygame.K_RETURN:
            teach.start()
        elif teach.state is TeachState.FINISHED and teach.student and command in (Command.DQN, Command.VERSUS):
            teach.state = TeachState.CLOSED
            pick = self.roster.dqn(teach.student)
            self.start_versus(pick=pick) if command is Command.VERSUS else self._take(pick)
            self.screen_state = Screen.START if command is Command.VERSUS else Screen.PLAYING
        else:
            return False
        return True

    # -- drawing -------------------------------------------------------------------------------
    @property
    def screen(self) -> pygame.Surface:
        return self.view.screen

    def draw(self) -> None:
        view, state = self.view, self.screen_state
        view.draw_game(self.session.game.frame)
        if self.versus is not None:
            view.draw_game(self.versus.right.game.frame, side=1)
        if state is Screen.START:
            view.overlay(
                "CROSSY",
                "Press Up or Space to start",
                "you play on the left" if self.versus else "H R D B pick who plays",
            )
        elif state is Screen.PAUSED:
            view.overlay("PAUSED", "P or Space to go on")
        elif state is Screen.OVER and self.versus is not None:
            left, right, winner = self.versus.left, self.versus.right, self.versus.winner
            title = "DRAW" if winner is None else ("YOU WIN" if winner == left.controller.name else f"{winner} WINS")
            view.overlay(title[:22].upper(), f"{left.score}  :  {right.score}", "N or Space for a rematch")
        elif state is Screen.OVER:
            again = "next game in a moment" if self.session.controller.is_agent else "N or Space for a new game"
            view.overlay("GAME OVER", f"score {self.session.score}", again)
        if self.scores_lines is not None:
            view.overlay("BEST SCORES", *self.scores_lines, "Tab to close")
        if self.teach.shows_overlay:
            view.overlay("TEACH" if self.teach.state is TeachState.PLAN else "STUDENT", *self.teach.lines)
        view.draw_hud(self.hud_info())
        view.present()
        if not self.first_frame_shown:
            self.first_frame_shown = True
            if os.environ.get("CROSSY_REPORT_FIRST_FRAME"):  # bench/bench_bundle.py times start-up with it
                print(f"crossy: first frame (torch loaded: {'torch' in sys.modules})", file=sys.stderr, flush=True)

    def hud_info(self) -> HudInfo:
        controller, session = self.session.controller, self.session
        failure = session.save_error or session.score_error or self.writer.error
        return HudInfo(
            controller=controller.name,
            controller_kind=controller.kind,
            score=session.score,
            frames_left=session.game.frames_left,
            game_number=session.game_number,
            best_score=session.stats.best_score,
            fps=self.clock.fps,
            speed=self.speed if controller.is_agent else Speed.X1,
            muted=self.audio.muted,
            sound_available=self.audio.available,
            q_values=controller.q_values,
            action=session.action,
            message=failure or self.message,
            warning=bool(failure) or self.warning,
            recording=session.record_dir is not None,
            demos_saved=len(session.saved),
            rival=(self.versus.right.controller.name, self.versus.right.score) if self.versus else None,
            teach=self.teach.box(),
            gamepad=self.pads.name,
        )
