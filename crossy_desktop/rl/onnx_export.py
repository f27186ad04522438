"""A trained agent as an ONNX file, for runtimes without torch (onnxruntime, a browser, a phone).

The graph's input `pixels` is the observation pipeline's stack as the window feeds it: (batch, 4, 84, 84)
uint8, channels first, oldest frame first (rl/observation.py, named in the file's metadata); its output
`q_values` is (batch, 3) float32 for NOOP, UP, DOWN. The network's own scaling (its stored input statistics)
is inside the graph, so a runtime feeds raw pixels and takes the largest Q-value. Opset 18, written by torch's
exporter (torch.export based: the TorchScript one is deprecated). Needs the `formats` extra (onnx, onnxscript).
"""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path

from crossy_desktop.game.core import ACTION_NAMES, PROTOCOL
from crossy_desktop.rl.agent_file import Backend, load_agent
from crossy_desktop.rl.observation import PIPELINE
from crossy_desktop.storage.atomic import write_new

OPSET = 18
INPUT, OUTPUT = "pixels", "q_values"
MAX_BATCH = 4096  # the batch axis is dynamic up to this (saliency maps send 196 at once)


def export_onnx(model: Path, out: Path) -> Path:
    """Write `model` (a Crossy model file) as ONNX to `out`, never over an existing file; returns `out`.
    A bad model file is a ModelFileError, a taken name a FileExistsError, a missing extra an ImportError."""
    import onnx
    import torch

    if out.exists():  # before the few seconds of exporting
        raise FileExistsError(f"{out} exists: give the ONNX file a new name")
    agent = load_agent(model, backend=Backend.TORCH)
    network = agent.network.eval()
    example = torch.zeros((1, PIPELINE.stack, PIPELINE.size, PIPELINE.size), dtype=torch.uint8)
    batch = torch.export.Dim("batch", min=1, max=MAX_BATCH)
    exporter_log = logging.getLogger("torch.onnx")
    level = exporter_log.level
    exporter_log.setLevel(logging.ERROR)  # its notes on torchvision's operators, which no Q-network uses
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # torch's own deprecations inside the exporter
            program = torch.onnx.export(
                network, (example,), input_names=[INPUT], output_names=[OUTPUT], dynamic_shapes=({0: batch},),
                opset_version=OPSET, dynamo=True, external_data=False, verbose=False, report=False,
            )  # fmt: skip
    finally:
        exporter_log.setLevel(level)
    proto = program.model_proto
    onnx.helper.set_model_props(
        proto,
        {
            "crossy.source": model.name,
            "crossy.pipeline": PIPELINE.name,
            "crossy.protocol": PROTOCOL.describe(),
            "crossy.actions": json.dumps(list(ACTION_NAMES)),
            "crossy.input": f"{INPUT}: (batch, {PIPELINE.stack}, {PIPELINE.size}, {PIPELINE.size}) uint8 0-255",
        },
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_new([out], lambda tmp: onnx.save_model(proto, str(tmp)))
