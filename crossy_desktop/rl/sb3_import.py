"""Stable-Baselines3 DQN models in Crossy's model format, read without running any of the zip's code.

An SB3 `DQN("CnnPolicy")` zip holds `data` (JSON; its Python objects are cloudpickle blobs, which are never
unpickled here: only plain JSON fields are read) and `policy.pth` (the network's state dict, read with
`torch.load(weights_only=True)`, which refuses any pickle that would build objects other than tensors). SB3's
CnnPolicy is the Nature DQN torso (NatureCNN: 32, 64, 64 filters), a 512-unit layer and a linear head, on
pixels scaled by 1/255: exactly `QNetwork(NetworkSpec(channels=32, hidden=512))`, so the weights map one to one.

What cannot be checked is how its frames were made: a model trained on `CrossyDesktop/Freeway-v0`
(rl/environment.py) saw this app's pipeline; one trained with SB3's AtariWrapper saw frames max-pooled over
two emulator frames and is told so (`PIPELINE_NOTE`). The observation's shape, dtype and the action count are
checked, and a mismatch is named in one line. Needs torch (not SB3).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict
from pathlib import Path

import numpy as np

from crossy_desktop.game.core import ACTION_NAMES, PROTOCOL
from crossy_desktop.rl.network_spec import NetworkSpec
from crossy_desktop.rl.numpy_network import expected_shapes
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.storage.model_file import ModelFileError, save_model_file

SB3_NETWORK = NetworkSpec(channels=32, hidden=512, dueling=False, input_norm=False)
MAX_MEMBER_BYTES = 256 * 2**20  # a Nature-DQN policy is about 7 MB; anything far larger is not one
# SB3 key -> Crossy key (the online network; the target network's copy is left behind)
KEYS = {
    "q_net.features_extractor.cnn.0": "torso.0",
    "q_net.features_extractor.cnn.2": "torso.2",
    "q_net.features_extractor.cnn.4": "torso.4",
    "q_net.features_extractor.linear.0": "advantage.0",
    "q_net.q_net.0": "advantage.2",
}
PIPELINE_NOTE = (
    "trained on (4, 84, 84) frames: it plays on this app's pipeline (gray-area84-stack4); one trained with SB3's "
    "AtariWrapper saw frames max-pooled over two emulator frames and may play a little worse here"
)


def read_sb3(path: Path) -> tuple[dict[str, np.ndarray], dict]:
    """The online Q-network's tensors under Crossy's names, and what the zip says of itself (plain JSON only).
    Every problem is a ModelFileError in one line."""
    import torch

    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if "data" not in members or "policy.pth" not in members:
                raise ModelFileError(f"{name}: not a Stable-Baselines3 model zip (no data and policy.pth inside)")
            for member in ("data", "policy.pth"):
                if members[member].file_size > MAX_MEMBER_BYTES:
                    raise ModelFileError(f"{name}: its {member} is {members[member].file_size} bytes: not an SB3 DQN")
            data = json.loads(archive.read("data"))
            policy = archive.read("policy.pth")
            version = (
                archive.read("_stable_baselines3_version").decode() if "_stable_baselines3_version" in members else ""
            )
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{name}: not a readable Stable-Baselines3 zip ({type(exc).__name__})") from None
    _check_spaces(name, data)
    try:
        state = torch.load(io.BytesIO(policy), map_location="cpu", weights_only=True)
    except Exception as exc:  # weights_only refuses code: an UnpicklingError, or a broken file's error
        raise ModelFileError(f"{name}: policy.pth is not plain weights ({type(exc).__name__}): refused") from None
    return _mapped(name, state), {"sb3_version": version, "num_timesteps": data.get("num_timesteps")}


def _check_spaces(name: str, data: dict) -> None:
    observation, action = data.get("observation_space") or {}, data.get("action_space") or {}
    module = (data.get("policy_class") or {}).get("__module__", "")
    if module and not module.startswith("stable_baselines3.dqn"):
        raise ModelFileError(f"{name}: a {module} policy, not a DQN's: only SB3 DQN models can play here")
    shape = [int(n) for n in re.findall(r"\d+", str(observation.get("_shape", "")))]
    wanted = [PIPELINE.stack, PIPELINE.size, PIPELINE.size]
    if shape != wanted or observation.get("dtype") != "uint8":
        raise ModelFileError(
            f"{name}: trained on {observation.get('dtype')} observations of shape {shape}; this app feeds uint8 "
            f"{wanted} ({PIPELINE.name}, channels first, as CrossyDesktop/Freeway-v0 gives them)"
        )
    if str(action.get("n")) != str(len(ACTION_NAMES)):
        raise ModelFileError(f"{name}: {action.get('n')} actions; Freeway here has {len(ACTION_NAMES)} {ACTION_NAMES}")
    kwargs = data.get("policy_kwargs") or {}
    if isinstance(kwargs, dict) and kwargs.get("normalize_images") is False:
        raise ModelFileError(f"{name}: trained with normalize_images=False; this app scales pixels by 1/255")


def _mapped(name: str, state: dict) -> dict[str, np.ndarray]:
    online = {k: v for k, v in state.items() if k.startswith("q_net.")}
    wanted = {f"{sb3}.{part}" for sb3 in KEYS for part in ("weight", "bias")}
    if set(online) != wanted:
        extra = sorted(set(online) - wanted)[:2]
        missing = sorted(wanted - set(online))[:2]
        raise ModelFileError(
            f"{name}: not SB3's CnnPolicy with its default head (extra {extra}, missing {missing}); "
            "custom net_arch or features extractors cannot map onto Crossy's network"
        )
    tensors = {}
    for key, tensor in online.items():
        prefix, part = key.rsplit(".", 1)
        tensors[f"{KEYS[prefix]}.{part}"] = tensor.detach().cpu().numpy().astype(np.float32)
    shapes = expected_shapes(SB3_NETWORK)
    for key, array in tensors.items():
        if tuple(array.shape) != tuple(shapes[key]):
            raise ModelFileError(
                f"{name}: {key} has shape {tuple(array.shape)}, a Nature-DQN torso wants {shapes[key]}"
            )
    return tensors


def import_sb3(path: Path, out: Path, sha256: str | None = None) -> Path:
    """Write the SB3 zip at `path` as a Crossy model file at `out` (a new file: the caller picks a free name);
    the zip's SHA-256 (given when the caller has it) goes into the metadata, so the model can be found again."""
    tensors, about = read_sb3(path)
    metadata = {
        "network": SB3_NETWORK.to_dict(),
        "pipeline": asdict(PIPELINE),
        "protocol": PROTOCOL.describe(),
        "action_names": list(ACTION_NAMES),
        "training_decisions": int(about["num_timesteps"] or 0),
        "evaluation": None,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "title": f"{path.stem} (Stable-Baselines3)",
        "source": {"format": "stable-baselines3", "file": path.name, "sb3_version": about["sb3_version"],
                   "sha256": sha256 or hashlib.sha256(path.read_bytes()).hexdigest(), "note": PIPELINE_NOTE},
    }  # fmt: skip
    save_model_file(out, tensors, metadata)
    return out
