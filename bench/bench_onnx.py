"""ONNX export: the file's size and one decision's latency in onnxruntime, beside the project's own backends.

    .venv/bin/python bench/bench_onnx.py [--model models/freeway-dqn.safetensors] [--rounds 7] [--calls 200]

Exports the model (crossy_desktop/rl/onnx_export.py), then times batch-1 Q-values (one decision) on one
thread, interleaved round by round (onnxruntime, torch, numpy, ...) so a noisy machine slows each alike;
prints each one's median milliseconds over the rounds and the largest Q-value difference to torch.
Needs the formats extra.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime
import torch

from crossy_desktop.rl.agent_file import Backend, load_agent
from crossy_desktop.rl.onnx_export import INPUT, export_onnx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("models/freeway-dqn.safetensors"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        path = export_onnx(args.model, Path(tmp) / "model.onnx")
        export_s = time.perf_counter() - started
        size = path.stat().st_size
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    torch_agent = load_agent(args.model, backend=Backend.TORCH)
    numpy_agent = load_agent(args.model, backend=Backend.NUMPY)
    pixels = np.random.default_rng(0).integers(0, 256, (1, 4, 84, 84), np.uint8)
    runs = {
        "onnxruntime": lambda: session.run(None, {INPUT: pixels})[0],
        "torch": lambda: torch_agent.q_batch(pixels),
        "numpy": lambda: numpy_agent.q_batch(pixels),
    }
    ms: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            run()
            started = time.perf_counter()
            for _ in range(args.calls):
                run()
            ms[name].append((time.perf_counter() - started) / args.calls * 1e3)
    gap = float(np.abs(runs["onnxruntime"]() - runs["torch"]()).max())
    versions = f"onnxruntime {onnxruntime.__version__}, torch {torch.__version__}"
    print(f"# bench_onnx: {args.model.name}, {versions}, 1 thread")
    print(f"exported in {export_s:.1f} s: {size / 1e6:.2f} MB ({size} bytes); largest Q difference to torch {gap:.1e}")
    for name, values in ms.items():
        print(f"{name:<12} one decision (batch 1): median {statistics.median(values):.3f} ms over {args.rounds} rounds")


if __name__ == "__main__":
    main()
