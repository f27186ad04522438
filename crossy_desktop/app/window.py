"""The game window: events in, emulator frames stepped at 60 Hz, the frame and the HUD drawn out.

Screens: start (press Up or Space), playing, paused, game over. Agents start at once and begin a new
game by themselves a few seconds after the last one ends, so a demo can run unattended.
F5 (or --record) records games as demonstrations; --replay plays a recorded game back and checks its score.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pygame

from crossy_desktop.app import audio
from crossy_desktop.app.exports import ExportError, GifExports, save_screenshot
from crossy_desktop.app.hud import Hud, HudInfo
from crossy_desktop.app.keys import KEYMAP, Command
from crossy_desktop.app.roster import Pick, Roster
from crossy_desktop.app.session import PlaySession
from crossy_desktop.app.versus import VersusMatch
from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.controllers.builtin import HumanController
from crossy_desktop.controllers.replay import ReplayController
from crossy_desktop.storage.demo_file import Demonstration
from crossy_desktop.storage.paths import assets_dir, demos_dir, scoreboard_path
from crossy_desktop.storage.scoreboard import Scoreboard, ScoreboardError

FPS = 60
SPEEDS: dict[str, int | None] = {"1x": 1, "2x": 2, "4x": 4, "max": None}  # None: as fast as possible
MAX_SPEED_BUDGET_S = 0.025  # emulate this long per window frame at max speed, then draw
AUTO_RESTART_FRAMES = 3 * FPS
GAME_W, GAME_H = 160, 210
PANEL_W = 75  # HUD width, in game pixels


class Screen(Enum):
    START = "start"
    PLAYING = "playing"
    PAUSED = "paused"
    OVER = "over"


@dataclass
class AppConfig:
    seed: int | None = None
    controller: str = "human"
    model: Path | None = None
    max_frames: int | None = None  # emulator frames, then quit (scripts, tests)
    scale: int = 4
    fullscreen: bool = False
    mute: bool = False
    speed: str = "1x"
    record: bool = False
    demos_dir: Path | None = None  # where recordings go (default: the per-user data directory)
    replay: Demonstration | None = None  # play this recorded game back instead, then quit
    scoreboard: Path | None = None  # SQLite scoreboard (default: the per-user data folder)
    versus: str | None = None  # "dqn", "scripted" or "random": the player against that agent, side by side


class CrossyApp:
    def __init__(self, config: AppConfig) -> None:
        self.config = config
        icon = assets_dir() / "icon.png"
        if icon.exists():
            pygame.display.set_icon(pygame.image.load(str(icon)))
        self.versus: VersusMatch | None = None
        self._layout()
        pygame.display.set_caption("Crossy Desktop - Freeway")
        self.clock = pygame.time.Clock()
        self.audio = audio.AudioOut(muted=config.mute)
        self.message = ""
        self.speed = config.speed
        seed = config.replay.meta.seed if config.replay else config.seed
        self.roster = Roster(model=config.model)
        self.session = PlaySession(self.roster.human, seed=seed, sound=self.audio.available)
        self.roster.seed = self.session.base_seed  # the random agent plays from the session's seed
        if config.replay is None:  # a replayed game is not a new score
            self.session.scoreboard = Scoreboard(config.scoreboard or scoreboard_path())
        self.scores_lines: list[str] | None = None  # the Tab overlay, while shown
        self.exports = GifExports(self._report)
        self.commands = self._command_table()
        self.running = True
        self.first_frame_shown = False
        self.frames_stepped = 0
        self.over_frames = 0
        self.screen_state = Screen.START
        self.replay_score: int | None = None  # the replayed game's score, once it has been played back
        self.session.new_game()
        if config.record:
            self.toggle_recording()
        if config.replay is not None:
            self.session.use(ReplayController(config.replay.actions, f"replay {config.replay.meta.controller}"))
        elif config.controller == ControllerKind.DQN and config.model is not None:
            self._take(self.roster.dqn(config.model))
        else:
            self.use(config.controller)
        if config.versus is not None and config.replay is None:
            self.start_versus(config.versus)
        if self.session.controller.is_agent or config.max_frames is not None:
            self.screen_state = Screen.PLAYING

    @property
    def human(self) -> HumanController:
        """The player's controller: the keys set its state, whoever is at the controls."""
        return self.roster.human

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
            Command.VERSUS: self.toggle_versus,
            Command.SPEED_1X: lambda: self.set_speed("1x"),
            Command.SPEED_2X: lambda: self.set_speed("2x"),
            Command.SPEED_4X: lambda: self.set_speed("4x"),
            Command.SPEED_MAX: lambda: self.set_speed("max"),
            Command.PAUSE: self.pause_or_go,
            Command.NEW_GAME: self.new_game,
            Command.MUTE: self.audio.toggle_mute,
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
        self.message = ""

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

    def set_speed(self, speed: str) -> None:
        self.speed = speed

    def quit(self) -> None:
        self.running = False

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
        try:
            best = self.session.scoreboard.leaderboard(8)
            lines = [f"{r.score:>3}  {r.controller[:22]}  {r.date[:10]}" for r in best] or ["no finished games yet"]
        except ScoreboardError as exc:
            lines = textwrap.wrap(str(exc), 44)[:5]
        self.scores_lines = lines

    def screenshot(self) -> Path | None:
        """F12: the whole window as a PNG in the per-user screenshots folder."""
        try:
            path = save_screenshot(self.screen)
        except ExportError as exc:
            self._warn(str(exc))
            return None
        self.message = f"saved {path.name}"
        return path

    def save_last_game_gif(self) -> None:
        """G: the last finished game as a GIF, written in the background."""
        if self.session.last_game is None:
            self.message = "no finished game to save yet"
            return
        path = self.exports.start(*self.session.last_game)
        self.message = f"saving {path.name} ..."

    def _report(self, message: str, failed: bool) -> None:
        if failed:
            self._warn(message)
        else:
            self.message = message

    def _warn(self, message: str) -> None:
        """Shown in the HUD, and printed for whoever started the app from a terminal."""
        self.message = message
        print(f"crossy: {message}", file=sys.stderr, flush=True)

    # -- versus ----------------------------------------------------------------------------------
    def toggle_versus(self) -> None:
        if self.versus is None:
            self.start_versus(ControllerKind.DQN)
        else:
            self.stop_versus()

    def start_versus(self, agent: str = ControllerKind.DQN) -> None:
        """The player (left, keyboard) against an agent (right), same seed, new game for both."""
        pick = self.roster.best_dqn() if agent == ControllerKind.DQN else self.roster.pick(agent)
        if pick.controller is None:
            self._warn(pick.error)
            return
        self.session.use(self.human)
        self.versus = VersusMatch(self.session, pick.controller)
        self._layout()
        if self.session.game.frame_index == 0:  # nothing played yet: the agent joins this very game
            self.versus.right.new_game(seed=self.session.seed)
        else:
            self.new_game()
        self.screen_state = Screen.START
        self.message = ""

    def stop_versus(self) -> None:
        if self.versus is not None:
            self.versus.close()
            self.versus = None
            self._layout()

    # -- the loop ----------------------------------------------------------------------------
    def run(self) -> int:
        try:
            while self.running:
                self.tick()
        finally:
            self.session.close()
            self.exports.wait()
        if self.config.replay is not None and self.replay_score != self.config.replay.meta.score:
            return 1
        return 0

    def tick(self) -> None:
        """One window frame: events, emulation, drawing."""
        for event in pygame.event.get():
            self.handle(event)
        if self.screen_state is Screen.PLAYING:
            self._emulate()
        elif self.screen_state is Screen.OVER:
            self.over_frames += 1
            if self.over_frames >= AUTO_RESTART_FRAMES and self.config.replay is not None:
                self.running = False  # a replay shows its verdict for a moment, then closes
            elif self.session.controller.is_agent and self.over_frames >= AUTO_RESTART_FRAMES:
                self.new_game()
        self.draw()
        fast = self.session.controller.is_agent and SPEEDS[self.speed] is None and self.screen_state is Screen.PLAYING
        self.clock.tick(0 if fast else FPS)

    def _emulate(self) -> None:
        per_tick = SPEEDS[self.speed] if self.session.controller.is_agent and not self.versus else 1
        deadline = time.perf_counter() + MAX_SPEED_BUDGET_S
        n = 0
        while True:
            step = (self.versus or self.session).advance()
            self.frames_stepped += 1
            n += 1
            if per_tick == 1:
                self.audio.feed(self.session.game.audio)
            if self.config.replay is not None and self._replay_finished(step.game_over):
                return
            if step.game_over:
                self.screen_state = Screen.OVER
                self.over_frames = 0
                self.audio.drop()
                break
            if self._out_of_frames():
                break
            if per_tick is not None and n >= per_tick:
                break
            if per_tick is None and time.perf_counter() >= deadline:
                break
        if self._out_of_frames():
            self.running = False
        elif step.game_over and self.config.max_frames is not None:
            self.new_game()

    def _replay_finished(self, game_over: bool) -> bool:
        """A replay ends with its game, or after its last stored decision (a truncated game)."""
        controller = self.session.controller
        out_of_actions = isinstance(controller, ReplayController) and controller.finished
        done = game_over or (out_of_actions and self.session.game.decision_due)
        if done:
            self.replay_score = self.session.score
            stored = self.config.replay.meta.score
            verdict = "matches the recording" if self.replay_score == stored else f"differs from the recorded {stored}"
            self.message = f"replayed score {self.replay_score} {verdict}"
            self.screen_state = Screen.OVER
            self.over_frames = 0
            self.running = self.config.max_frames is None and self.running
        return done

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
        elif event.type in (pygame.KEYDOWN, pygame.KEYUP) and event.key in KEYMAP:
            command = KEYMAP[event.key].command
            down = event.type == pygame.KEYDOWN
            if command is Command.MOVE_UP:
                self.human.up = down
            elif command is Command.MOVE_DOWN:
                self.human.down = down
            if down:
                self.commands[command]()

    # -- drawing -------------------------------------------------------------------------------
    def _blit_game(self, frame, rect: pygame.Rect) -> None:
        surf = pygame.image.frombuffer(frame.tobytes(), (GAME_W, GAME_H), "RGB")
        self.screen.blit(pygame.transform.scale(surf, rect.size), rect)

    def draw(self) -> None:
        self._blit_game(self.session.game.frame, self.game_rect)
        if self.versus is not None:
            self._blit_game(self.versus.right.game.frame, self.rival_rect)
        if self.screen_state is Screen.START:
            hint = "you play on the left" if self.versus else "H R D B pick who plays"
            self._overlay("CROSSY", "Press Up or Space to start", hint)
        elif self.screen_state is Screen.PAUSED:
            self._overlay("PAUSED", "P or Space to go on")
        elif self.screen_state is Screen.OVER and self.versus is not None:
            left, right = self.versus.left, self.versus.right
            winner = self.versus.winner
            title = "DRAW" if winner is None else ("YOU WIN" if winner == left.controller.name else f"{winner} WINS")
            self._overlay(title[:22].upper(), f"{left.score}  :  {right.score}", "N or Space for a rematch")
        elif self.screen_state is Screen.OVER:
            again = "next game in a moment" if self.session.controller.is_agent else "N or Space for a new game"
            self._overlay("GAME OVER", f"score {self.session.score}", again)
        if self.scores_lines is not None:
            self._overlay("BEST SCORES", *self.scores_lines, "Tab to close")
        self.hud.draw(self.screen, self.hud_info())
        pygame.display.flip()
        if not self.first_frame_shown:
            self.first_frame_shown = True
            if os.environ.get("CROSSY_REPORT_FIRST_FRAME"):  # bench/bench_bundle.py times start-up with it
                print(f"crossy: first frame (torch loaded: {'torch' in sys.modules})", file=sys.stderr, flush=True)

    def hud_info(self) -> HudInfo:
        controller = self.session.controller
        return HudInfo(
            controller=controller.name,
            controller_kind=controller.kind,
            score=self.session.score,
            frames_left=self.session.game.frames_left,
            game_number=self.session.game_number,
            best_score=self.session.stats.best_score,
            fps=self.clock.get_fps(),
            speed=self.speed if controller.is_agent else "1x",
            muted=self.audio.muted,
            sound_available=self.audio.available,
            q_values=controller.q_values,
            action=self.session.action,
            message=self.session.save_error or self.session.score_error or self.message,
            recording=self.session.record_dir is not None,
            demos_saved=len(self.session.saved),
            rival=(self.versus.right.controller.name, self.versus.right.score) if self.versus else None,
        )

    def _overlay(self, title: str, *lines: str) -> None:
        """Shade the game area (both games in versus) and write centred text over it."""
        area = self.game_rect.union(self.rival_rect) if self.rival_rect else self.game_rect
        shade = pygame.Surface(area.size, pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        self.screen.blit(shade, area)
        cx, y = area.centerx, area.height // 3
        for font, text, colour in [(self.title_font, title, (252, 196, 25))] + [
            (self.text_font, t, (240, 240, 240)) for t in lines
        ]:
            img = font.render(text, True, colour)
            self.screen.blit(img, img.get_rect(midtop=(cx, y)))
            y += font.get_linesize() + self.scale * 2

    def _layout(self) -> None:
        """Window geometry: one game (or two side by side in versus) and the HUD panel on the right."""
        games = 2 if self.versus else 1
        self.scale = self._fit_scale(self.config.scale, games * GAME_W + PANEL_W)
        w, h = GAME_W * self.scale, GAME_H * self.scale
        self.game_rect = pygame.Rect(0, 0, w, h)
        self.rival_rect = pygame.Rect(w, 0, w, h) if self.versus else None
        panel = pygame.Rect(games * w, 0, PANEL_W * self.scale, h)
        self.size = (panel.right, panel.height)
        flags = pygame.FULLSCREEN | pygame.SCALED if self.config.fullscreen else 0
        self.screen = pygame.display.set_mode(self.size, flags)
        self.hud = Hud(panel, self.scale)
        self.title_font = pygame.font.Font(None, 16 * self.scale)
        self.text_font = pygame.font.Font(None, 7 * self.scale)

    def _fit_scale(self, wanted: int, width: int) -> int:
        """Shrink the zoom until the window fits the screen (a 4x window is 840 pixels tall)."""
        desktops = pygame.display.get_desktop_sizes()  # the screen, not the window we may already have
        screen_w, screen_h = desktops[0] if desktops else (0, 0)
        scale = wanted
        while scale > 1 and screen_h > 0 and GAME_H * scale > screen_h - 60:
            scale -= 1
        while scale > 1 and screen_w > 0 and width * scale > screen_w:
            scale -= 1
        return scale
