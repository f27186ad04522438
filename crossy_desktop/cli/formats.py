"""`crossy export` and `crossy import-sb3`: agents out to the field's formats (ONNX) and in from them (SB3)."""

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

    sb3 = sub.add_parser("import-sb3", help="make a Stable-Baselines3 DQN zip a Crossy model (no code in it runs)")
    sb3.add_argument("zip", type=existing_file, help="an SB3 DQN('CnnPolicy') model zip")
    sb3.add_argument(
        "--out", type=Path, default=None, metavar="FILE",
        help="the model file to write (default: a new name in your models folder); never overwrites",
    )  # fmt: skip
    sb3.set_defaults(func=run_import_sb3)


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


def run_import_sb3(args: argparse.Namespace) -> int:
    from crossy_desktop.storage.atomic import write_new
    from crossy_desktop.storage.model_file import ModelFileError
    from crossy_desktop.storage.names import numbered
    from crossy_desktop.storage.paths import user_models_dir

    try:
        from crossy_desktop.rl.sb3_import import PIPELINE_NOTE, import_sb3

        if args.out is not None:
            names = iter([args.out])
            args.out.parent.mkdir(parents=True, exist_ok=True)
        else:
            folder = user_models_dir()
            folder.mkdir(parents=True, exist_ok=True)
            names = numbered(folder, args.zip.name.removesuffix(".zip"), ".safetensors")
        out = write_new(names, lambda tmp: import_sb3(args.zip, tmp))
    except ImportError as exc:
        return fail(f"reading an SB3 zip needs torch ({exc.name} is missing): use the full version, not the player")
    except FileExistsError:
        return fail(f"{args.out} exists: give the model a new name")
    except (ModelFileError, OSError) as exc:
        return fail(str(exc))
    print(f"wrote {out}: D plays it in the window; {PIPELINE_NOTE}", file=sys.stderr)
    return 0
