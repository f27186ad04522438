"""Trained agents on disk: a Q-network plus what it was trained on, in a safe model file.

Importing this module does not import torch: an agent loads with the "torch" backend (rl/network.py)
where torch is installed, or the "numpy" one (rl/numpy_network.py) in the player bundle, which has none.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from crossy_desktop.game.core import ACTION_NAMES, PROTOCOL
from crossy_desktop.rl.network_spec import NetworkSpec
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.storage.model_file import ModelFileError, load_model_file, read_model_metadata, save_model_file

if TYPE_CHECKING:
    from crossy_desktop.rl.network import QNetwork


class Backend(StrEnum):
    """What runs the network: torch where installed, numpy in the player bundle (same Q-values)."""

    TORCH = "torch"
    NUMPY = "numpy"


def default_backend() -> Backend:
    return Backend.TORCH if importlib.util.find_spec("torch") is not None else Backend.NUMPY


@dataclass
class LoadedAgent:
    network: Any  # QNetwork (torch backend) or NumpyQNetwork
    metadata: dict
    path: Path
    backend: Backend = Backend.TORCH

    def q_values(self, observation: np.ndarray) -> np.ndarray:
        """Q-values of one (4, 84, 84) uint8 observation."""
        return self.q_batch(observation[None])[0]

    def q_batch(self, pixels: np.ndarray) -> np.ndarray:
        """Q-values of a (B, 4, 84, 84) batch of pixels 0-255, uint8 or float32 (saliency's perturbed ones)."""
        if self.backend is Backend.NUMPY:
            return self.network(pixels)
        import torch

        with torch.inference_mode():
            return self.network(torch.from_numpy(np.ascontiguousarray(pixels))).numpy().copy()

    @property
    def label(self) -> str:
        score = evaluation_mean(self.metadata)
        return self.path.stem if score is None else f"{self.path.stem} ({score:.1f})"


def evaluation_mean(metadata: dict) -> float | None:
    """The mean score stamped into a model's metadata, or None where there is no usable one."""
    evaluation = metadata.get("evaluation")
    mean = evaluation.get("mean") if isinstance(evaluation, dict) else None
    ok = isinstance(mean, int | float) and not isinstance(mean, bool) and math.isfinite(mean)
    return float(mean) if ok else None


def save_agent(path: Path, network: QNetwork, training_decisions: int, evaluation: dict | None = None) -> None:
    tensors = {k: v.detach().cpu().numpy() for k, v in network.state_dict().items()}
    metadata = {
        "network": network.spec.to_dict(),
        "pipeline": asdict(PIPELINE),
        "protocol": PROTOCOL.describe(),
        "action_names": list(ACTION_NAMES),
        "training_decisions": int(training_decisions),
        "evaluation": evaluation,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    save_model_file(path, tensors, metadata)


def stamp_model(source: Path, destination: Path, evaluation: dict) -> None:
    """A copy of a model file with `evaluation` in its metadata: tensors and metadata only, no torch needed."""
    tensors, metadata = load_model_file(Path(source))
    save_model_file(Path(destination), tensors, {**metadata, "evaluation": evaluation})


def load_agent(path: Path, device: str = "cpu", backend: Backend | str | None = None) -> LoadedAgent:
    """Load and check a model; every problem is a ModelFileError with a one-line message."""
    path = Path(path)
    backend = Backend(backend) if backend is not None else default_backend()
    tensors, meta = load_model_file(path)
    if meta.get("action_names") != list(ACTION_NAMES):
        raise ModelFileError(
            f"{path.name}: trained for actions {meta.get('action_names')}, this game has {list(ACTION_NAMES)}"
        )
    if meta.get("pipeline") != asdict(PIPELINE):
        raise ModelFileError(
            f"{path.name}: trained on observations {meta.get('pipeline')}, this app makes {asdict(PIPELINE)}"
        )
    if meta.get("protocol") != PROTOCOL.describe():
        raise ModelFileError(
            f"{path.name}: trained under protocol '{meta.get('protocol')}', not '{PROTOCOL.describe()}'"
        )
    try:
        spec = NetworkSpec.from_dict(meta["network"])
        network = _numpy_network(spec, tensors) if backend is Backend.NUMPY else _torch_network(spec, tensors, device)
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        raise ModelFileError(f"{path.name}: the network does not match its description: {_reason(exc)}") from None
    agent = LoadedAgent(network, meta, path, backend)
    for probe in (0, 128, 255):  # a model whose Q-values are not finite numbers cannot choose an action
        with np.errstate(all="ignore"):
            q = agent.q_values(np.full((spec.in_channels, 84, 84), probe, np.uint8))
        if not np.isfinite(q).all():
            raise ModelFileError(f"{path.name}: the network's Q-values are not finite (NaN or absurd weights)")
    return agent


def _reason(exc: Exception) -> str:
    """The useful line of an error: torch's load_state_dict puts it after a header line."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    detail = next(
        (line for line in lines[1:] if "size mismatch" in line or "Missing" in line or "Unexpected" in line), ""
    )
    return f"{lines[0]} {detail}".strip()[:300]


def _torch_network(spec: NetworkSpec, tensors: dict[str, np.ndarray], device: str) -> QNetwork:
    import torch

    from crossy_desktop.rl.network import QNetwork

    network = QNetwork(spec)
    network.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in tensors.items()}, strict=True)
    return network.to(device).eval()


def _numpy_network(spec: NetworkSpec, tensors: dict[str, np.ndarray]):
    from crossy_desktop.rl.numpy_network import NumpyQNetwork

    return NumpyQNetwork(spec, tensors)


def find_models(*folders: Path) -> list[Path]:
    """Model files in the folders, best evaluated first (unreadable ones last, so the app can report them)."""

    def score(p: Path) -> float:
        try:
            mean = evaluation_mean(read_model_metadata(p))
        except ModelFileError:
            return -2.0
        return -1.0 if mean is None else mean

    found = [p for folder in folders for p in sorted(Path(folder).glob("*.safetensors"))]
    return sorted(found, key=lambda p: (-score(p), p.name))
