"""The Freeway emulator under Crossy Desktop's one game protocol.

Everything that plays Freeway here (the window, training, evaluation) goes through `FreewayGame`, so a
human, a random agent and a DQN all face exactly the protocol of FIELD-NOTES.md: `ALE/Freeway-v5`,
mode 0, difficulty 0, sticky actions 0.25, three actions, one decision every 4 emulator frames.

The emulator runs one frame at a time (gymnasium frameskip=1) so the window can show every frame at
60 Hz; `step_decision` repeats one action for 4 frames, which is bit-for-bit the frameskip=4 env.
"""

from __future__ import annotations

from dataclasses import dataclass

import ale_py
import gymnasium as gym
import numpy as np

gym.register_envs(ale_py)
ale_py.ALEInterface.setLoggerMode(ale_py.LoggerMode.Error)  # no banner on stderr, where one-line errors go

ACTION_NAMES: tuple[str, ...] = ("NOOP", "UP", "DOWN")
NOOP, UP, DOWN = 0, 1, 2

# RAM addresses (AtariARI annotations): chicken height, score in BCD, car x positions per lane.
RAM_CHICKEN_Y = 14
RAM_SCORE = 103
RAM_CAR_X = slice(108, 118)
RAM_PAUSE_TIMER = 106  # measured here, not in AtariARI: counts down while the chicken cannot move, set to
PAUSE_AFTER_HIT = 91  # about 91 when a car hits it (thrown back, then stunned)
PAUSE_AFTER_POINT = 142  # and about 142 when it scores (back at the bottom, held a moment)
CHICKEN_Y_TOP = 176
FRAMES_PER_GAME = 8192
EMULATOR_HZ = 60


@dataclass(frozen=True)
class Protocol:
    """The game protocol: what `gym.make` receives, and how often a controller decides."""

    env_id: str = "ALE/Freeway-v5"
    mode: int = 0
    difficulty: int = 0
    repeat_action_probability: float = 0.25
    frames_per_decision: int = 4

    def make_env(self, frameskip: int, sound: bool = False) -> gym.Env:
        return gym.make(
            self.env_id,
            mode=self.mode,
            difficulty=self.difficulty,
            obs_type="rgb",
            frameskip=frameskip,
            repeat_action_probability=self.repeat_action_probability,
            full_action_space=False,
            sound_obs=sound,
        )

    def describe(self) -> str:
        return (
            f"{self.env_id} mode={self.mode} difficulty={self.difficulty} "
            f"sticky={self.repeat_action_probability} frameskip={self.frames_per_decision}"
        )


PROTOCOL = Protocol()
DECISIONS_PER_GAME = FRAMES_PER_GAME // PROTOCOL.frames_per_decision  # 2,048: every game lasts exactly this


@dataclass(frozen=True)
class Start:
    """A game as a reset with `seed` leaves it: the emulator's state (an ale_py.ALEState, random generator
    included) and the first frame. game/starts.py makes them ahead, off the window's frame loop."""

    seed: int
    state: object
    frame: np.ndarray


@dataclass
class Step:
    """What one frame or one decision produced."""

    frame: np.ndarray  # (210, 160, 3) uint8 RGB
    reward: float
    game_over: bool


class FreewayGame:
    """One Freeway game at a time, stepped frame by frame or decision by decision."""

    def __init__(self, protocol: Protocol = PROTOCOL, sound: bool = False) -> None:
        self.protocol = protocol
        self.sound = sound
        self._env = protocol.make_env(frameskip=1, sound=sound)
        self._ale = self._env.unwrapped.ale
        self._action_set = self._env.unwrapped._action_set  # action index -> the ALE's action
        self.frame: np.ndarray = np.zeros((210, 160, 3), np.uint8)
        self.audio: np.ndarray = np.zeros(0, np.uint8)
        self.frame_index = 0
        self.game_over = True
        self._env_was_reset = False

    # -- stepping ---------------------------------------------------------------------------
    def reset(self, seed: int | None = None, start: Start | None = None) -> np.ndarray:
        """A new game from `seed`; from `start` (game/starts.py: a reset made ahead with that seed) at once,
        once gymnasium's env has been reset (its wrappers refuse steps before)."""
        if start is not None and start.seed == seed and self._env_was_reset:
            self._ale.restoreState(start.state)
            self.frame, self.audio = start.frame.copy(), np.zeros(0, np.uint8)
        else:
            obs, _ = self._env.reset(seed=seed)
            self._take(obs)
            self._env_was_reset = True
        self.frame_index = 0
        self.game_over = False
        return self.frame

    @property
    def decision_due(self) -> bool:
        """True on the frames where a controller chooses the next action (every 4th)."""
        return self.frame_index % self.protocol.frames_per_decision == 0

    def step_frame(self, action: int) -> Step:
        if self.game_over:
            raise RuntimeError("the game is over: call reset() first")
        obs, reward, terminated, truncated, _ = self._env.step(action)
        self._take(obs)
        self.frame_index += 1
        self.game_over = bool(terminated or truncated)
        return Step(self.frame, float(reward), self.game_over)

    def step_decision(self, action: int) -> Step:
        """Repeat one action for a decision's frames; rewards are summed as the frameskip=4 env does.

        Nobody sees the frames inside a decision (only the window shows every frame, through `step_frame`),
        so they run in the emulator alone, without fetching the screen; the last one goes through the env.
        That is what the frameskip=4 env itself does, and it halves the emulator's time per decision.
        """
        if self.game_over:
            raise RuntimeError("the game is over: call reset() first")
        if self.sound:  # every frame's samples are wanted
            return self._step_frames(action)
        total = 0.0
        ale_action = self._action_set[action]
        for _ in range(self.protocol.frames_per_decision - 1):
            total += self._ale.act(ale_action)
            self.frame_index += 1
            if self._ale.game_over():
                self._take(self._env.unwrapped._get_obs())
                self.game_over = True
                return Step(self.frame, total, True)
        step = self.step_frame(action)
        return Step(self.frame, total + step.reward, self.game_over)

    def _step_frames(self, action: int) -> Step:
        total = 0.0
        for _ in range(self.protocol.frames_per_decision):
            step = self.step_frame(action)
            total += step.reward
            if step.game_over:
                break
        return Step(self.frame, total, self.game_over)

    def _take(self, obs: np.ndarray | dict) -> None:
        if isinstance(obs, dict):
            self.frame, self.audio = obs["image"], obs["sound"]
        else:
            self.frame = obs

    # -- what the game shows -----------------------------------------------------------------
    @property
    def ram(self) -> np.ndarray:
        return self._ale.getRAM()

    @property
    def chicken_y(self) -> int:
        """Chicken height: about 6 at the bottom, 176 near the top."""
        return int(self._ale.getRAM()[RAM_CHICKEN_Y])

    @property
    def score(self) -> int:
        bcd = int(self._ale.getRAM()[RAM_SCORE])
        return (bcd >> 4) * 10 + (bcd & 0x0F)

    @property
    def frames_left(self) -> int:
        return max(0, FRAMES_PER_GAME - self.frame_index)

    def close(self) -> None:
        """Free the emulator now. Gymnasium's AtariEnv.close() keeps its ALEInterface until the env itself is
        collected, so a game still referenced somewhere (a finished job, a test's local) held one to the end."""
        self._env.close()
        self._env.unwrapped.ale = self._ale = None
