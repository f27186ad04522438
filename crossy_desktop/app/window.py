"""The game window: events in, emulator frames stepped at 60 Hz, the frame and the HUD drawn out.

Screens: start (press Up or Space), playing, paused, game over. Agents start at once and begin a new
game by themselves a few seconds after the last one ends, so a demo can run unattended.
F5 (or --record) records games as demonstrations; --replay plays a recorded game back and checks its score.
"""

from __future__ import annotations

import os
import sys
import textwrap
import threading
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pygame

from crossy_desktop.app import audio
from crossy_desktop.app.hud import Hud, HudInfo
from crossy_desktop.app.session import PlaySession
from crossy_desktop.app.versus import VersusMatch
from crossy_desktop.controllers.base import Controller
from crossy_desktop.controllers.builtin import HumanController, RandomController
from crossy_desktop.controllers.replay import ReplayController
from crossy_desktop.controllers.scripted import ScriptedController
from crossy_desktop.storage.atomic import write_bytes
from crossy_desktop.storage.demo_file import Demonstration
from crossy_desktop.storage.paths import (
    assets_dir,
    demos_dir,
    models_dir,
    scoreboard_path,
    screenshots_dir,
    videos_dir,
)
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

        self.human = HumanController()
        self._dqn_cache: dict[Path, Controller] = {}
        self._models: list[Path] | None = None
        self._model_index = -1
        self.message = ""
        self.speed = config.speed
        seed = config.replay.meta.seed if config.replay else config.seed
        self.session = PlaySession(self.human, seed=seed, sound=self.audio.available)
        if config.replay is None:  # a replayed game is not a new score
            self.session.scoreboard = Scoreboard(config.scoreboard or scoreboard_path())
        self.scores_lines: list[str] | None = None  # the Tab overlay, while shown
        self._exports: list[threading.Thread] = []  # GIFs being written; quitting waits for them
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
        elif config.controller == "random":
            self.use_random()
        elif config.controller == "scripted":
            self.use_scripted()
        elif config.controller == "dqn":
            self.use_dqn(config.model)
        if config.versus is not None and config.replay is None:
            self.start_versus(config.versus)
        if self.session.controller.is_agent or config.max_frames is not None:
            self.screen_state = Screen.PLAYING

    # -- controllers ---------------------------------------------------------------------------
    def use_human(self) -> None:
        self.session.use(self.human)
        self.message = ""

    def use_random(self) -> None:
        self.session.use(RandomController(self.session.base_seed))
        self.message = ""

    def use_scripted(self) -> None:
        self.session.use(ScriptedController())
        self.message = ""

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
        """F12: the whole window as a PNG in the per-user screenshots folder (written atomically)."""
        import datetime as dt
        import io

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = screenshots_dir() / f"crossy-{stamp}.png"
        buffer = io.BytesIO()
        try:
            pygame.image.save(self.screen, buffer, "png")
            write_bytes(path, buffer.getvalue())
        except (OSError, pygame.error) as exc:
            self._warn(f"screenshot not saved: {exc}")
            return None
        self.message = f"saved {path.name}"
        return path

    def save_last_game_gif(self) -> threading.Thread | None:
        """G: the last finished game as a GIF, replayed from its seed and actions in a background thread."""
        if self.session.last_game is None:
            self.message = "no finished game to save yet"
            return None
        seed, actions = self.session.last_game
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = videos_dir() / f"crossy-{stamp}-seed{seed}.gif"

        def work() -> None:
            from crossy_desktop.app.video import VideoError, record_video

            try:
                record_video(ReplayController(actions), seed, path)
                self.message = f"saved {path.name}"
            except (VideoError, OSError, ImportError) as exc:
                self._warn(f"GIF not saved: {exc}")

        self.message = f"saving {path.name} ..."
        thread = threading.Thread(target=work, name="gif-export", daemon=True)
        thread.start()
        self._exports.append(thread)
        return thread

    def _warn(self, message: str) -> None:
        """Shown in the HUD, and printed for whoever started the app from a terminal."""
        self.message = message
        print(f"crossy: {message}", file=sys.stderr, flush=True)

    def use_dqn(self, path: Path | None = None) -> None:
        """Switch to a DQN; pressed again, cycle to the next model. A bad file leaves the controller as it was."""
        if path is None:
            models = self._model_list()
            if not models:
                return
            if self.session.controller.kind == "dqn" or self._model_index < 0:
                self._model_index = (self._model_index + 1) % len(models)  # D again: next model
            path = models[self._model_index]
        controller = self._load_dqn(path)
        if controller is not None:
            self.session.use(controller)
            self.message = ""

    def _model_list(self) -> list[Path]:
        """The models D cycles through, best evaluated first (--model leads); read once, headers only."""
        if self._models is None:
            from crossy_desktop.rl.agent import find_models

            self._models = find_models(models_dir())
            if self.config.model is not None:
                self._models.insert(0, self.config.model)
        if not self._models:
            self._warn(f"no DQN model found in {models_dir()}")
        return self._models

    def _load_dqn(self, path: Path) -> Controller | None:
        """A DQN controller for a model file (cached), or None with the reason shown.

        torch (where installed) loads here, on the first DQN, never at start-up.
        """
        from crossy_desktop.controllers.dqn import DQNController
        from crossy_desktop.storage.model_file import ModelFileError

        try:
            controller = self._dqn_cache.get(path) or DQNController(path)
        except ModelFileError as exc:
            self._warn(f"cannot load model: {exc}")
            return None
        except Exception as exc:  # noqa: BLE001 - a broken model or torch install must never take the app down
            self._warn(f"cannot load model {path.name}: {type(exc).__name__}: {exc}")
            return None
        self._dqn_cache[path] = controller
        return controller

    # -- versus ----------------------------------------------------------------------------------
    def start_versus(self, agent: str = "dqn") -> None:
        """The player (left, keyboard) against an agent (right), same seed, new game for both."""
        if agent == "dqn":
            models = self._model_list()
            rival = self._load_dqn(models[0]) if models else None
        else:
            rival = ScriptedController() if agent == "scripted" else RandomController(self.session.base_seed)
        if rival is None:
            return
        self.session.use(self.human)
        self.versus = VersusMatch(self.session, rival)
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
            for export in self._exports:
                export.join(timeout=120)
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
        elif event.type in (pygame.KEYDOWN, pygame.KEYUP):
            down = event.type == pygame.KEYDOWN
            if event.key in (pygame.K_UP, pygame.K_w):
                self.human.up = down
            elif event.key in (pygame.K_DOWN, pygame.K_s):
                self.human.down = down
            if down:
                self._key(event.key)

    def _key(self, key: int) -> None:
        state = self.screen_state
        if key == pygame.K_ESCAPE:
            self.running = False
        elif key in (pygame.K_UP, pygame.K_w, pygame.K_DOWN, pygame.K_s) and state is Screen.START:
            self.screen_state = Screen.PLAYING
        elif key in (pygame.K_SPACE, pygame.K_p, pygame.K_RETURN):
            if state is Screen.START or (state is Screen.PAUSED):
                self.screen_state = Screen.PLAYING
            elif state is Screen.PLAYING:
                self.screen_state = Screen.PAUSED
                self.audio.drop()
            elif state is Screen.OVER:
                self.new_game()
        elif key == pygame.K_n:
            self.new_game()
        elif key == pygame.K_m:
            self.audio.toggle_mute()
        elif key == pygame.K_h:
            self.use_human()
        elif key == pygame.K_r:
            self.use_random()
        elif key == pygame.K_d:
            self.use_dqn()
        elif key == pygame.K_b:
            self.use_scripted()
        elif key == pygame.K_F5:
            self.toggle_recording()
        elif key == pygame.K_TAB:
            self.toggle_scores()
        elif key == pygame.K_F12:
            self.screenshot()
        elif key == pygame.K_g:
            self.save_last_game_gif()
        elif key == pygame.K_v:
            if self.versus is None:
                self.start_versus("dqn")
            else:
                self.stop_versus()
        elif key in (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4):
            self.speed = list(SPEEDS)[key - pygame.K_1]

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
