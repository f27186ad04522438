"""`crossy desktop-entry`: a menu entry with the app's icon for people who never open a terminal again."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from crossy_desktop.cli.arguments import fail


def add_parser(sub: argparse._SubParsersAction) -> None:
    entry = sub.add_parser("desktop-entry", help="add the app to your desktop's menu (freedesktop), or remove it")
    which = entry.add_mutually_exclusive_group(required=True)
    which.add_argument("--install", action="store_true", help="write the menu entry and its icon ($XDG_DATA_HOME)")
    which.add_argument("--uninstall", action="store_true", help="remove exactly what --install wrote")
    entry.set_defaults(func=run_desktop_entry)


def launch_command() -> list[str]:
    """What the menu runs: the bundle's own executable, else the `crossy` script beside this Python (its virtual
    environment's), else this Python. Paths are absolute but not resolved: a venv's python is a link that
    only works under its own name."""
    python = Path(sys.executable).absolute()
    if getattr(sys, "frozen", False):
        return [str(python)]
    beside = python.parent / "crossy"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("crossy")
    return [str(Path(found).absolute())] if found else [str(python), "-m", "crossy_desktop"]


def run_desktop_entry(args: argparse.Namespace) -> int:
    from crossy_desktop.storage import desktop_entry
    from crossy_desktop.storage.paths import assets_dir

    try:
        if args.uninstall:
            removed = desktop_entry.uninstall()
            print("\n".join(f"removed {p}" for p in removed) or "no menu entry of Crossy Desktop to remove")
            return 0
        files = desktop_entry.install(launch_command(), (assets_dir() / "icon.png").read_bytes())
    except (desktop_entry.DesktopEntryError, OSError) as exc:
        return fail(str(exc))
    print(f"wrote {files.entry}\nwrote {files.icon}")
    return 0
