"""The model file: named tensors plus JSON metadata, in safetensors.

safetensors holds only raw arrays and a JSON header, so opening a stranger's file can never run code
(a pickle, which torch.save writes by default, can). Tensors come back as numpy arrays: reading a model
needs no torch.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors import SafetensorError, safe_open
from safetensors.numpy import save as save_numpy

from crossy_desktop.storage.atomic import write_bytes

FORMAT = "crossy-desktop-dqn"
FORMAT_VERSION = 1
_META_KEY = "crossy"


class ModelFileError(Exception):
    """A model file that cannot be used; the message is one line meant for the user."""


def save_model_file(path: Path, tensors: dict[str, np.ndarray], metadata: dict) -> None:
    header = {"format": FORMAT, "format_version": FORMAT_VERSION, **metadata}
    data = save_numpy(
        {k: np.ascontiguousarray(v) for k, v in tensors.items()}, metadata={_META_KEY: json.dumps(header)}
    )
    write_bytes(Path(path), data)


def load_model_file(path: Path) -> tuple[dict[str, np.ndarray], dict]:
    """Read tensors and metadata, or raise ModelFileError saying what is wrong with the file."""
    return _read(Path(path), with_tensors=True)


def read_model_metadata(path: Path) -> dict:
    """Only the checked metadata (the header), without reading the tensors: for listing models."""
    return _read(Path(path), with_tensors=False)[1]


def _read(path: Path, with_tensors: bool) -> tuple[dict[str, np.ndarray], dict]:
    if path.is_dir():
        raise ModelFileError(f"{path} is a folder, not a model file")
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}")
    try:
        with safe_open(str(path), framework="numpy") as f:
            raw_meta = (f.metadata() or {}).get(_META_KEY)
            keys = list(f.keys()) if with_tensors else []
            tensors = {k: f.get_tensor(k) for k in keys}
    except (SafetensorError, OSError, ValueError) as exc:
        raise ModelFileError(
            f"{path.name} is not a readable model file (corrupt, truncated or another format): {exc}"
        ) from None
    if raw_meta is None:
        raise ModelFileError(
            f"{path.name} is a safetensors file but not a Crossy Desktop model (no '{_META_KEY}' metadata)"
        )
    try:
        metadata = json.loads(raw_meta)
    except json.JSONDecodeError:
        raise ModelFileError(f"{path.name}: the model metadata is corrupt") from None
    if not isinstance(metadata, dict):
        raise ModelFileError(f"{path.name}: the model metadata is not a JSON object")
    if metadata.get("format") != FORMAT:
        raise ModelFileError(f"{path.name}: not a Crossy Desktop model (format {metadata.get('format')!r})")
    if metadata.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"{path.name}: model format version {metadata.get('format_version')!r} is not supported "
            f"(this Crossy Desktop reads version {FORMAT_VERSION})"
        )
    return tensors, metadata
