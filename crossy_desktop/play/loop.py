"""The one decision loop: emulator, frame stack, decision clock, controller, recorder.

Everything that plays Freeway drives a `GameLoop`: the window (one emulator frame per window frame),
evaluation, recording, videos and GIFs, and online training (one decision at a time). `step_frame` runs
one emulator frame; on every 4th frame it first pushes the newest frame into the stack and asks the
controller for the action that the next 4 frames repeat. `step_decision` is a decision and its 4 frames
at once (the emulator skips the screen copies nobody sees). So what an agent sees in the window is, by
construction, what it was trained on, and a whole game is bit for bit the `gym.make(frameskip=4)` game
(tests/test_play_loop.py).

Plug-ins: a `GameRecorder` (play/recorder.py) collects every decision when one is attached.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossy_desktop.controllers.base import Controller, DecisionInput
from crossy_desktop.game.core import NOOP, PROTOCOL, FreewayGame, Protocol, Start, Step
from crossy_desktop.play.recorder import GameRecorder
from crossy_desktop.rl.observation import PIPELINE, FrameStack, PipelineSpec


@dataclass
class DecisionStep:
    """What one decision produced: what the controller saw, what it chose, and what followed."""

    frame: np.ndarray  # (84, 84) uint8: the newest pipeline frame at the decision (replay memory row)
    ram: np.ndarray  # the RAM at the decision
    action: int
    reward: float  # the game's reward over the decision's frames
    game_over: bool


class GameLoop:
    """One game at a time under the protocol, with a controller deciding every 4th frame."""

    def __init__(
        self,
        controller: Controller,
        protocol: Protocol = PROTOCOL,
        pipeline: PipelineSpec = PIPELINE,
        sound: bool = False,
        recorder: GameRecorder | None = None,
    ) -> None:
        self.game = FreewayGame(protocol, sound=sound)
        self.frames = FrameStack(pipeline)
        self.controller = controller
        self.recorder = recorder
        self.action = NOOP  # what the frames of the current decision repeat
        self.score = 0  # this game's rewards: one per crossing
        self.observation: np.ndarray | None = None  # the stack the controller saw last
        self.decision_ram: np.ndarray | None = None  # the RAM at the last decision

    def reset(self, seed: int | None, start: Start | None = None) -> None:
        """A new game: emulator (from `start` where one was made ahead), stack, controller and recorder all
        start from `seed`."""
        self.frames.reset(self.game.reset(seed, start))
        self.controller.reset(seed)
        if self.recorder is not None:
            self.recorder.start(seed)
        self.action = NOOP
        self.score = 0

    def use(self, controller: Controller) -> None:
        """Hand the chicken to another controller; it takes over at the next decision."""
        self.controller = controller

    def step_frame(self) -> Step:
        """One emulator frame; a decision first when one is due."""
        game = self.game
        if game.decision_due:
            self._decide()
        step = game.step_frame(self.action)
        self.score += int(step.reward)
        if self.recorder is not None:
            self.recorder.reward(step.reward, step.game_over)
        return step

    def step_decision(self) -> DecisionStep:
        """One whole decision: the controller chooses, then its action runs for the decision's frames."""
        return self.finish_decision(self.controller.act(self.begin_decision()))

    def begin_decision(self) -> DecisionInput:
        """A decision's first half: the newest frame joins the stack; returns what the controller is shown.
        Online training begins a decision in each of its games, chooses for all of them in one forward
        pass, then finishes each (`finish_decision`): the same two halves `step_decision` runs."""
        game = self.game
        if not game.decision_due:
            raise RuntimeError("a decision must start on a decision frame")
        if game.frame_index > 0:  # the first frame of a game is already in the stack (reset)
            self.frames.push(game.frame)
        self.observation = self.frames.observation
        self.decision_ram = game.ram
        return DecisionInput(self.observation, self.decision_ram)

    def next_observation(self) -> np.ndarray:
        """What the next `begin_decision` will show, without beginning it: a Q(lambda) return's bootstrap."""
        return self.frames.peek(self.game.frame)

    def finish_decision(self, action: int) -> DecisionStep:
        """A decision's second half: `action` (chosen from `begin_decision`'s input) runs for its frames."""
        self._choose(action)
        step = self.game.step_decision(action)
        self.score += int(step.reward)
        if self.recorder is not None:
            self.recorder.reward(step.reward, step.game_over)
        assert self.decision_ram is not None
        return DecisionStep(self.frames.latest, self.decision_ram, action, step.reward, step.game_over)

    def play_game(self, seed: int | None) -> int:
        """One whole game from `seed`; returns the raw score."""
        self.reset(seed)
        while not self.game.game_over:
            self.step_decision()
        return self.score

    def _decide(self) -> None:
        self._choose(self.controller.act(self.begin_decision()))

    def _choose(self, action: int) -> None:
        self.action = action
        if self.recorder is not None:
            assert self.decision_ram is not None
            self.recorder.decide(self.frames.latest, self.decision_ram, action, self.controller.name)

    def close(self) -> None:
        self.game.close()
