"""Replay memory that stores each 84x84 frame once (as Dopamine's does) and builds stacks on sampling.

Row t holds the frame seen before decision t, the action taken, the raw-or-shaped reward received, and
whether the game ended there. `first` marks the first row of each game: stacks never reach back across
it (they repeat the game's first frame, as `FrameStack.reset` does) and n-step returns never run over it.
A transition whose n-step successor has not been written yet is never sampled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FORMAT_VERSION = 1


@dataclass
class Batch:
    states: np.ndarray  # (B, stack, H, W) uint8
    actions: np.ndarray  # (B,) int64
    returns: np.ndarray  # (B,) float32, discounted n-step reward sum
    next_states: np.ndarray  # (B, stack, H, W) uint8
    discounts: np.ndarray  # (B,) float32: gamma**n, or 0 where the game ended inside the n steps
    demo: np.ndarray | None = None  # (B,) bool: rows from demonstrations (DQfD's margin loss applies)
    expert: np.ndarray | None = None  # (B,) int64: the demonstrated action the margin loss imitates on each row

    def __post_init__(self) -> None:
        if self.demo is None:
            self.demo = np.zeros(len(self.actions), np.bool_)
        if self.expert is None:  # the action taken, unless the labels were shifted by a reaction lag
            self.expert = self.actions

    @staticmethod
    def concat(batches: list[Batch]) -> Batch:
        return Batch(*(np.concatenate([getattr(b, f) for b in batches]) for f in Batch.__dataclass_fields__))


class ReplayBuffer:
    def __init__(
        self,
        capacity: int,
        frame_shape: tuple[int, int] = (84, 84),
        stack: int = 4,
        n_step: int = 3,
        gamma: float = 0.99,
        demonstrations: bool = False,
    ) -> None:
        self.capacity = capacity
        self.demonstrations = demonstrations  # its rows may be imitated (DQfD's margin loss), each as `imitate` says
        self.stack = stack
        self.n_step = n_step
        self.gamma = gamma
        self.frames = np.zeros((capacity, *frame_shape), np.uint8)
        self.actions = np.zeros(capacity, np.uint8)
        self.rewards = np.zeros(capacity, np.float32)
        self.terminals = np.zeros(capacity, np.bool_)
        self.firsts = np.zeros(capacity, np.bool_)
        # which rows are the demonstrator's own choices (a coached game's student decisions are not): only
        # demonstration memories keep it, so online replay stays at one frame and a few bytes per row
        self.imitate = np.ones(capacity, np.bool_) if demonstrations else None
        # and the action each row teaches: the one taken, or one taken a reaction lag later (demo_replay.py)
        self.expert = np.zeros(capacity, np.uint8) if demonstrations else None
        self.cursor = 0  # next row to write
        self.count = 0  # rows written so far, at most capacity

    def __len__(self) -> int:
        return self.count

    @property
    def bytes_per_transition(self) -> float:
        arrays = (self.frames, self.actions, self.rewards, self.terminals, self.firsts)
        return sum(a.nbytes for a in arrays) / self.capacity

    def add(
        self,
        frame: np.ndarray,
        action: int,
        reward: float,
        terminal: bool,
        first: bool,
        imitate: bool = True,
        expert: int | None = None,
    ) -> None:
        i = self.cursor
        if self.imitate is not None:
            self.imitate[i] = imitate
            self.expert[i] = action if expert is None else expert
        self.frames[i] = frame
        self.actions[i] = action
        self.rewards[i] = reward
        self.terminals[i] = terminal
        self.firsts[i] = first
        self.cursor = (i + 1) % self.capacity
        self.count = min(self.count + 1, self.capacity)

    # -- sampling ---------------------------------------------------------------------------
    def _age(self, rows: np.ndarray) -> np.ndarray:
        """How many rows were written after each row (0 for the newest)."""
        return (self.cursor - 1 - rows) % self.capacity

    def _stacks(self, rows: np.ndarray) -> np.ndarray:
        """Frame stacks ending at `rows`, repeating a game's first frame rather than crossing into the last game."""
        idx = rows[:, None] + np.arange(-(self.stack - 1), 1)[None, :]  # oldest column first
        for c in range(self.stack - 1, 0, -1):  # newest to oldest: a game starting at column c owns all older ones
            starts = self.firsts[idx[:, c] % self.capacity]
            idx[:, :c] = np.where(starts[:, None], idx[:, c : c + 1], idx[:, :c])
        return self.frames[idx % self.capacity]

    def _transitions(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """n-step returns, discounts and successor rows; `valid` is False where a row cannot be used."""
        returns = np.zeros(len(rows), np.float32)
        discount = np.ones(len(rows), np.float32)
        alive = np.ones(len(rows), np.bool_)
        valid = np.ones(len(rows), np.bool_)
        age = self._age(rows)
        # The stack must not reach into rows already overwritten by newer games.
        if self.count == self.capacity:
            valid &= age <= self.capacity - self.stack
        for k in range(self.n_step):
            r = (rows + k) % self.capacity
            if k > 0:
                # Reaching row r needs it written, in the same game.
                valid &= ~alive | ((age >= k) & ~self.firsts[r])
            returns += np.where(alive, discount * self.rewards[r], 0.0).astype(np.float32)
            discount = np.where(alive, discount * self.gamma, discount).astype(np.float32)
            alive &= ~self.terminals[r]
        nxt = (rows + self.n_step) % self.capacity
        # Bootstrapping needs the successor frame written, in the same game.
        valid &= ~alive | ((age >= self.n_step) & ~self.firsts[nxt])
        return returns, np.where(alive, discount, 0.0).astype(np.float32), nxt, valid

    def usable(self, rows: np.ndarray) -> np.ndarray:
        """(len(rows),) bool: which rows a batch can hold (their stack and n-step successor are written)."""
        return self._transitions(np.asarray(rows, np.int64))[3]

    def sample(self, batch_size: int, rng: np.random.Generator, among: np.ndarray | None = None) -> Batch:
        """`batch_size` transitions drawn uniformly from the usable rows, or from the rows in `among` only (a
        set to weight up: a coach's corrections; it must hold usable rows)."""
        if self.count <= self.n_step + 1:
            raise ValueError("the replay buffer holds too few transitions to sample from")
        rows = np.empty(0, np.int64)
        returns = discounts = nxt = np.empty(0)
        while len(rows) < batch_size:
            if among is None:
                cand = rng.integers(0, self.count, size=2 * batch_size)
            else:
                cand = among[rng.integers(0, len(among), size=2 * batch_size)]
            r, d, n, ok = self._transitions(cand)
            rows = np.concatenate([rows, cand[ok]])
            returns, discounts, nxt = (np.concatenate([a, b[ok]]) for a, b in ((returns, r), (discounts, d), (nxt, n)))
        rows, returns, discounts, nxt = (
            rows[:batch_size],
            returns[:batch_size],
            discounts[:batch_size],
            nxt[:batch_size],
        )
        return Batch(
            demo=self.imitate[rows] if self.imitate is not None else np.zeros(batch_size, np.bool_),
            expert=self.expert[rows].astype(np.int64) if self.expert is not None else None,  # None: the actions
            states=self._stacks(rows),
            actions=self.actions[rows].astype(np.int64),
            returns=returns.astype(np.float32),
            next_states=self._stacks(nxt.astype(np.int64)),
            discounts=discounts.astype(np.float32),
        )

    # -- state dict (checkpoints: training/run_folder.py) --------------------------------------
    def state_dict(self) -> dict[str, np.ndarray]:
        """Every counter and the rows written so far, as numpy arrays (the keys of the version-1 replay.npz).

        Only the filled rows are kept: a checkpoint early in a run is as small as its memory is full.
        """
        n = self.count
        return {
            "format_version": np.int64(FORMAT_VERSION),
            "frames": self.frames[:n],
            "actions": self.actions[:n],
            "rewards": self.rewards[:n],
            "terminals": self.terminals[:n],
            "firsts": self.firsts[:n],
            **({"imitate": self.imitate[:n], "expert": self.expert[:n]} if self.imitate is not None else {}),
            "meta": np.array([self.capacity, self.stack, self.n_step, self.cursor, self.count], np.int64),
            "gamma": np.float64(self.gamma),
        }

    def load_state_dict(self, state: dict[str, np.ndarray]) -> None:
        if int(state["format_version"]) != FORMAT_VERSION:
            raise ValueError(f"replay format {int(state['format_version'])}, expected {FORMAT_VERSION}")
        capacity, stack, n_step, cursor, count = (int(x) for x in state["meta"])
        if (capacity, stack, tuple(state["frames"].shape[1:])) != (self.capacity, self.stack, self.frames.shape[1:]):
            raise ValueError(f"replay of capacity {capacity} and stack {stack} does not fit this one")
        rows = len(state["frames"])  # older checkpoints hold all `capacity` rows, newer only the filled ones
        if rows not in (count, capacity) or not 0 <= count <= capacity or not 0 <= cursor < capacity:
            raise ValueError(f"replay counters ({count} rows, cursor {cursor}) do not fit its {rows} stored rows")
        for name in ("frames", "actions", "rewards", "terminals", "firsts"):
            if len(state[name]) != rows:
                raise ValueError(f"replay array {name} has {len(state[name])} rows, frames have {rows}")
            getattr(self, name)[:rows] = state[name]
        if self.imitate is not None:
            self.imitate[:rows] = state.get("imitate", True)
            self.expert[:rows] = state.get("expert", state["actions"])
        self.n_step, self.gamma = n_step, float(state["gamma"])
        self.cursor, self.count = cursor, count

    @classmethod
    def from_state_dict(cls, state: dict[str, np.ndarray], demonstrations: bool = False) -> ReplayBuffer:
        capacity, stack, n_step, _, _ = (int(x) for x in state["meta"])
        buffer = cls(capacity, tuple(state["frames"].shape[1:]), stack, n_step, float(state["gamma"]), demonstrations)
        buffer.load_state_dict(state)
        return buffer
