"""The baseline of bench_throughput.py: CleanRL's `dqn_atari.py` training loop, re-written here for
gymnasium 1.x and Freeway v5 (the original targets gym 0.2x and needs stable-baselines3), so both loops
run side by side in one environment.

What it keeps of CleanRL: NoFrameskip-style stepping with a max-and-skip wrapper (4 emulator frames per
decision, the last two max-pooled), resize to 84x84 then grey, a stack of 4; the Nature network (3 convs,
one 512-unit layer), pixels / 255; a replay memory that stores each stacked observation once (stable-
baselines3's `optimize_memory_usage`); epsilon-greedy with a forward pass whenever it is not random; every
4 decisions one update: target max over the target network, MSE loss, Adam 1e-4, no gradient clipping;
target copied every 1000 decisions. Sticky actions 0.25 as in our protocol.

    python bench/cleanrl_recipe.py WARMUP MEASURED SEED   -> prints one JSON line of figures
"""

from __future__ import annotations

import json
import sys
import time

import ale_py
import gymnasium as gym
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

gym.register_envs(ale_py)


def make_env(seed: int) -> gym.Env:
    env = gym.make("ALE/Freeway-v5", frameskip=1, repeat_action_probability=0.25, full_action_space=False)
    env = gym.wrappers.RecordEpisodeStatistics(env)
    env = gym.wrappers.MaxAndSkipObservation(env, skip=4)
    env = gym.wrappers.ResizeObservation(env, (84, 84))
    env = gym.wrappers.GrayscaleObservation(env)
    env = gym.wrappers.FrameStackObservation(env, 4)
    env.action_space.seed(seed)
    return env


class NatureQNetwork(nn.Module):
    def __init__(self, n_actions: int) -> None:
        super().__init__()
        self.network = nn.Sequential(
            nn.Conv2d(4, 32, 8, stride=4),
            nn.ReLU(),
            nn.Conv2d(32, 64, 4, stride=2),
            nn.ReLU(),
            nn.Conv2d(64, 64, 3, stride=1),
            nn.ReLU(),
            nn.Flatten(),
            nn.Linear(3136, 512),
            nn.ReLU(),
            nn.Linear(512, n_actions),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.network(x / 255.0)


class ObservationReplay:
    """Stacked observations stored once; the next observation of row i is row i + 1."""

    def __init__(self, capacity: int) -> None:
        self.obs = np.zeros((capacity, 4, 84, 84), np.uint8)
        self.actions = np.zeros(capacity, np.int64)
        self.rewards = np.zeros(capacity, np.float32)
        self.dones = np.zeros(capacity, np.float32)
        self.capacity, self.pos, self.full = capacity, 0, False

    def add(self, obs: np.ndarray, next_obs: np.ndarray, action: int, reward: float, done: bool) -> None:
        self.obs[self.pos] = obs
        self.obs[(self.pos + 1) % self.capacity] = next_obs
        self.actions[self.pos], self.rewards[self.pos], self.dones[self.pos] = action, reward, done
        self.pos = (self.pos + 1) % self.capacity
        self.full = self.full or self.pos == 0

    def sample(self, n: int, rng: np.random.Generator) -> tuple[torch.Tensor, ...]:
        high = self.capacity if self.full else self.pos
        idx = (rng.integers(1, high, n) + self.pos) % self.capacity if self.full else rng.integers(0, high, n)
        return (
            torch.from_numpy(self.obs[idx]),
            torch.from_numpy(self.actions[idx]),
            torch.from_numpy(self.rewards[idx]),
            torch.from_numpy(self.obs[(idx + 1) % self.capacity]),
            torch.from_numpy(self.dones[idx]),
        )


def run(warmup: int, measured: int, seed: int) -> dict:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    env = make_env(seed)
    n_actions = int(env.action_space.n)
    q_network, target_network = NatureQNetwork(n_actions), NatureQNetwork(n_actions)
    target_network.load_state_dict(q_network.state_dict())
    optimizer = torch.optim.Adam(q_network.parameters(), lr=1e-4)
    rb = ObservationReplay(warmup + measured + 10)
    obs, _ = env.reset(seed=seed)
    update_s, updates, started = 0.0, 0, None
    for step in range(warmup + measured):
        if step == warmup:
            started, update_s, updates = time.perf_counter(), 0.0, 0
        epsilon = max(0.01, 1.0 - step * (1.0 - 0.01) / warmup)  # 1 -> 0.01 over the warm-up, as both loops do
        if rng.random() < epsilon:
            action = int(rng.integers(0, n_actions))
        else:
            with torch.no_grad():
                action = int(q_network(torch.Tensor(np.asarray(obs)[None])).argmax(dim=1)[0])
        next_obs, reward, terminated, truncated, _ = env.step(action)
        rb.add(np.asarray(obs), np.asarray(next_obs), action, float(reward), terminated)
        obs = next_obs
        if terminated or truncated:
            obs, _ = env.reset()
        if step >= warmup and step % 4 == 0:
            t = time.perf_counter()
            states, actions, rewards, next_states, dones = rb.sample(32, rng)
            with torch.no_grad():
                target_max, _ = target_network(next_states).max(dim=1)
                td_target = rewards + 0.99 * target_max * (1 - dones)
            old_val = q_network(states).gather(1, actions[:, None]).squeeze()
            loss = F.mse_loss(td_target, old_val)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step % 1000 == 0:
                target_network.load_state_dict(q_network.state_dict())
            update_s += time.perf_counter() - t
            updates += 1
    elapsed = time.perf_counter() - started
    return {
        "decisions_per_s": measured / elapsed,
        "updates_per_s": updates / elapsed,
        "ms_per_update": 1000 * update_s / updates,
    }


if __name__ == "__main__":
    torch.set_num_threads(2)
    print(json.dumps(run(*(int(a) for a in sys.argv[1:4]))))
