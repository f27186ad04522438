"""`crossy export`: a trained agent in another format (ONNX), for runtimes that do not read Crossy model files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crossy_desktop.cli.arguments import existing_file, fail

FORMATS_EXTRA = "pip install 'crossy-desktop[formats]'"


def add_parser(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="write a model file as ONNX (the formats extra)")
    export.add_argument("model", type=existing_file, help="a Crossy model file (.safetensors)")
    export.add_argument(
        "--onnx", type=Path, required=True, metavar="OUT.onnx",
        help="input 'pixels' (batch, 4, 84, 84) uint8, output 'q_values' (batch, 3); opset 18; never overwrites",
    )  # fmt: skip
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from crossy_desktop.storage.model_file import ModelFileError

    try:
        from crossy_desktop.rl.onnx_export import export_onnx

        out = export_onnx(args.model, args.onnx)
    except ImportError as exc:
        return fail(f"ONNX export needs torch, onnx and onnxscript ({exc.name} is missing): {FORMATS_EXTRA}")
    except (ModelFileError, FileExistsError, OSError) as exc:
        return fail(str(exc))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0
