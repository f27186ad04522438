"""Trained agents on disk: a Q-network plus what it was trained on, in a safe model file."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from crossy_desktop.game.core import ACTION_NAMES, PROTOCOL
from crossy_desktop.rl.network import NetworkSpec, QNetwork
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.storage.model_file import ModelFileError, load_model_file, save_model_file


@dataclass
class LoadedAgent:
    network: QNetwork
    metadata: dict
    path: Path

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


def load_agent(path: Path, device: str | torch.device = "cpu") -> LoadedAgent:
    """Load and check a model; every problem is a ModelFileError with a one-line message."""
    path = Path(path)
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
        network = QNetwork(NetworkSpec(**meta["network"]))
        network.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in tensors.items()}, strict=True)
    except (KeyError, TypeError, RuntimeError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelFileError(f"{path.name}: the network does not match its description: {first_line}") from None
    return LoadedAgent(network.to(device).eval(), meta, path)


def find_models(folder: Path) -> list[Path]:
    """Model files in a folder, best evaluated first (unreadable ones last, so the app can report them)."""

    def score(p: Path) -> float:
        try:
            return float((load_model_file(p)[1].get("evaluation") or {}).get("mean", -1.0))
        except ModelFileError:
            return -2.0

    return sorted(Path(folder).glob("*.safetensors"), key=lambda p: (-score(p), p.name))
