"""Trained agents on disk: a Q-network plus what it was trained on, in a safe model file.

Importing this module does not import torch: an agent loads with the "torch" backend (rl/network.py)
where torch is installed, or the "numpy" one (rl/numpy_network.py) in the player bundle, which has none.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
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
        if self.backend is Backend.NUMPY:
            return self.network(observation[None])[0]
        import torch

        with torch.inference_mode():
            return self.network(torch.from_numpy(observation[None]))[0].numpy().copy()

    @property
    def label(self) -> str:
        score = (self.metadata.get("evaluation") or {}).get("mean")
        return self.path.stem if score is None else f"{self.path.stem} ({score:.1f})"


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
        spec = NetworkSpec(**meta["network"])
        network = _numpy_network(spec, tensors) if backend is Backend.NUMPY else _torch_network(spec, tensors, device)
    except (KeyError, TypeError, RuntimeError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelFileError(f"{path.name}: the network does not match its description: {first_line}") from None
    return LoadedAgent(network, meta, path, backend)


def _torch_network(spec: NetworkSpec, tensors: dict[str, np.ndarray], device: str) -> QNetwork:
    import torch

    from crossy_desktop.rl.network import QNetwork

    network = QNetwork(spec)
    network.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in tensors.items()}, strict=True)
    return network.to(device).eval()


def _numpy_network(spec: NetworkSpec, tensors: dict[str, np.ndarray]):
    from crossy_desktop.rl.numpy_network import NumpyQNetwork

    return NumpyQNetwork(spec, tensors)


def find_models(folder: Path) -> list[Path]:
    """Model files in a folder, best evaluated first (unreadable ones last, so the app can report them)."""

    def score(p: Path) -> float:
        try:
            return float((read_model_metadata(p).get("evaluation") or {}).get("mean", -1.0))
        except ModelFileError:
            return -2.0

    return sorted(Path(folder).glob("*.safetensors"), key=lambda p: (-score(p), p.name))
