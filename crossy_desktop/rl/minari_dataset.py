"""Recorded games as Minari datasets (Farama's format for offline RL, D4RL's successor), both ways.

Export (`crossy demos export DIR --minari ID`): each game is replayed through the registered environment
(rl/environment.py) from its seed and actions. The emulator is deterministic, so the replay is the game, and it
gives what a recording does not keep: the observation after the last decision. Every decision's newest frame
and reward are checked against the recording (a mismatch is an error, never a silently different dataset).
The episodes go to `minari.create_dataset_from_buffers` with the environment's spec, so
`dataset.recover_environment()` makes CrossyDesktop/Freeway-v0 again. Observations are the (4, 84, 84) stacks
the agent saw; per step, `infos` hold the score, the chicken's height and who chose the decision (an index into
the episode's `options["controllers"]`, with its seed and score). Minari's DataCollector needs jax (its
`create` extra, jaxlib alone an 85 MB wheel); building the episodes here needs only minari and h5py (18 MB).

Import (`--demos minari:ID` for `crossy train-offline` and `crossy teach`): a dataset recorded on
CrossyDesktop/Freeway-v0, by this export or by Minari's own DataCollector around the environment (with
`record_infos=True`: the environment's infos carry the chicken's height), becomes
Demonstrations: each decision's newest frame (the stacks rebuild from them), actions, rewards, terminations,
and the chicken's height from `infos["chicken_y"]` in the RAM column the training rewards read (the other RAM
bytes are not in a dataset and stay 0: the reaction-lag fit, which reads the cars, cannot run on one).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import gymnasium as gym
import numpy as np

from crossy_desktop import ENV_ID, __version__
from crossy_desktop.game.core import PROTOCOL, RAM_CHICKEN_Y
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.storage.demo_file import DemoFileError, DemoMeta, Demonstration

PREFIX = "minari:"  # `--demos minari:ID`
DATA_FORMAT = "hdf5"


class MinariError(Exception):
    """A dataset that cannot be written or read here: one line."""


def is_minari(source: str | Path) -> bool:
    return str(source).startswith(PREFIX)


def dataset_id(source: str | Path) -> str:
    return str(source).removeprefix(PREFIX)


def replay_episode(demo: Demonstration, index: int, env: gym.Env):
    """The game replayed through the environment as one Minari EpisodeBuffer, checked against the recording."""
    from minari.data_collector.episode_buffer import EpisodeBuffer

    name = demo.path.name if demo.path is not None else f"game {index}"
    observation, info = env.reset(seed=demo.meta.seed)
    observations, scores, heights = [observation], [info["score"]], [info["chicken_y"]]
    rewards, terminations, truncations = [], [], []
    for t, action in enumerate(demo.actions):
        if not np.array_equal(observations[-1][-1], demo.frames[t]):
            raise MinariError(f"{name}: replaying it from seed {demo.meta.seed} shows another frame at decision {t}")
        observation, reward, terminated, truncated, info = env.step(int(action))
        if reward != float(demo.rewards[t]):
            raise MinariError(f"{name}: replayed decision {t} scored {reward}, the recording {demo.rewards[t]}")
        observations.append(observation)
        rewards.append(reward)
        terminations.append(terminated)
        truncations.append(truncated or (t == len(demo) - 1 and not terminated))  # a game cut short
        scores.append(info["score"])
        heights.append(info["chicken_y"])
        if terminated:
            break
    chooser = np.append(demo.controllers, demo.controllers[-1:]).astype(np.int64)[: len(observations)]
    return EpisodeBuffer(
        id=index,
        seed=demo.meta.seed,
        options={"controllers": list(demo.meta.controllers), "score": demo.meta.score, "recorded": demo.meta.date},
        observations=np.stack(observations),
        actions=np.asarray(demo.actions[: len(rewards)], np.int64),
        rewards=np.asarray(rewards, np.float64),
        terminations=np.asarray(terminations),
        truncations=np.asarray(truncations),
        infos={"score": np.asarray(scores, np.int64), "chicken_y": np.asarray(heights, np.int64),
               "controller": chooser},
    )  # fmt: skip


def export_minari(demos: list[Demonstration], dataset: str, author: str = "") -> int:
    """Write `demos` as the Minari dataset `dataset` (under Minari's datasets folder); returns its steps.
    An existing dataset of that id is never replaced."""
    import minari

    if dataset in minari.list_local_datasets():
        raise MinariError(f"a Minari dataset {dataset} exists already: give the export a new id")
    if not demos:
        raise MinariError("no recorded games to export")
    env = gym.make(ENV_ID)
    try:
        episodes = [replay_episode(demo, i, env) for i, demo in enumerate(demos)]
        made = minari.create_dataset_from_buffers(
            dataset_id=dataset, buffer=episodes, env=env, algorithm_name="recorded in Crossy Desktop",
            author=author or None, code_permalink="https://github.com/crossy-desktop (Crossy Desktop "
            f"{__version__})", description=f"Freeway games recorded in Crossy Desktop, {PIPELINE.name} "
            f"observations, {PROTOCOL.describe()}", data_format=DATA_FORMAT,
        )  # fmt: skip
    except ValueError as exc:  # Minari's own checks: the id's form, the spaces
        raise MinariError(f"{dataset}: {exc}") from None
    finally:
        env.close()
    return int(made.total_steps)


def load_minari(dataset: str) -> list[Demonstration]:
    """The episodes of a local Minari dataset recorded on CrossyDesktop/Freeway-v0, as Demonstrations."""
    import minari

    try:
        data = minari.load_dataset(dataset)
    except (FileNotFoundError, ValueError) as exc:
        raise DemoFileError(f"minari:{dataset}: {exc}") from None
    env_id = data.spec.env_spec.id if data.spec.env_spec is not None else None
    if env_id != ENV_ID:
        raise DemoFileError(f"minari:{dataset}: recorded on {env_id}, not {ENV_ID}: its frames are not this app's")
    metas = list(data.storage.get_episode_metadata(data.episode_indices))
    demos = [
        _demonstration(dataset, episode, meta) for episode, meta in zip(data.iterate_episodes(), metas, strict=True)
    ]
    if not demos:
        raise DemoFileError(f"minari:{dataset}: no episodes")
    return demos


def _demonstration(dataset: str, episode, episode_meta: dict) -> Demonstration:
    infos = episode.infos if isinstance(episode.infos, dict) else {}
    if "chicken_y" not in infos:
        raise DemoFileError(
            f"minari:{dataset}: episode {episode.id} has no infos['chicken_y'] (training rewards "
            "need the chicken's height): collect with DataCollector(env, record_infos=True)"
        )
    observations = np.asarray(episode.observations)
    steps = len(episode.actions)
    rams = np.zeros((steps + 1, 128), np.uint8)
    rams[:, RAM_CHICKEN_Y] = np.asarray(infos["chicken_y"])[: steps + 1]
    options = episode_meta.get("options") if isinstance(episode_meta.get("options"), dict) else {}
    names = [_text(n) for n in options.get("controllers", [])] or [f"minari:{dataset}"]
    chooser = np.asarray(infos.get("controller", np.zeros(steps + 1)), np.uint8)[:steps]
    rewards = np.asarray(episode.rewards, np.float32)
    meta = DemoMeta(
        protocol=PROTOCOL.describe(), pipeline=PIPELINE.name, seed=int(episode_meta.get("seed") or 0),
        controllers=names, score=int(rewards.sum()), decisions=steps,
        date=_text(options.get("recorded") or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
        truncated=bool(np.asarray(episode.truncations)[-1]) if steps else True,
    )  # fmt: skip
    return Demonstration(
        meta, observations[:steps, -1].copy(), np.asarray(episode.actions, np.uint8), rewards,
        np.asarray(episode.terminations, np.bool_), chooser, rams,
    )  # fmt: skip


def _text(value) -> str:
    """HDF5 attributes come back as bytes or numpy strings."""
    return value.decode() if isinstance(value, bytes) else str(value)
