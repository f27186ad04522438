"""A freedesktop menu entry for the app: a .desktop file and its icon, in the user's own folders.

`install(command)` writes `applications/crossy-desktop.desktop` and `icons/hicolor/64x64/apps/crossy-desktop.png`
under $XDG_DATA_HOME (~/.local/share by default), each atomically. `StartupWMClass` is the window's X class
(app/__init__.py sets SDL_VIDEO_X11_WMCLASS to `WM_CLASS`), so the desktop matches the running window to
its entry and shows the entry's icon. The entry carries a mark line (`X-Crossy-Desktop=`) naming the icon it
installed: a reinstall replaces only files that are ours, and `uninstall()` removes exactly those two; a file of
the same name that is not ours is never touched (a DesktopEntryError says so).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from crossy_desktop import __version__
from crossy_desktop.storage.atomic import write_bytes, write_text

ENTRY_NAME = "crossy-desktop"
WM_CLASS = "CrossyDesktop"
MARK = "X-Crossy-Desktop"


class DesktopEntryError(Exception):
    """A file in the way that is not ours, or one that cannot be written: one line for the terminal."""


@dataclass(frozen=True)
class EntryFiles:
    entry: Path
    icon: Path


def entry_files(data_home: Path | None = None) -> EntryFiles:
    """Where the entry and its icon go: $XDG_DATA_HOME, else ~/.local/share (the freedesktop default)."""
    home = data_home or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return EntryFiles(
        home / "applications" / f"{ENTRY_NAME}.desktop",
        home / "icons" / "hicolor" / "64x64" / "apps" / f"{ENTRY_NAME}.png",
    )


def exec_line(command: list[str]) -> str:
    """The command as the Exec key wants it: arguments with reserved characters quoted, `%` doubled."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")

    def quoted(arg: str) -> str:
        arg = arg.replace("%", "%%")
        if not reserved & set(arg):
            return arg
        return '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'

    return " ".join(quoted(a) for a in command)


def entry_text(command: list[str], icon: Path) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Crossy Desktop",
        "GenericName=Arcade game",
        "Comment=Play Atari Freeway, race agents and teach one your moves",
        f"Exec={exec_line(command)}",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Game;ArcadeGame;Education;",
        f"StartupWMClass={WM_CLASS}",
        f"{MARK}={__version__};{icon}",
        "",
    ])  # fmt: skip


def _ours(entry: Path) -> Path | None:
    """The icon our entry installed, when `entry` is ours; None when it is not (or cannot be read)."""
    try:
        lines = entry.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        if line.startswith(MARK + "="):
            return Path(line.split(";", 1)[1]) if ";" in line else None
    return None


def install(command: list[str], icon_png: bytes, data_home: Path | None = None) -> EntryFiles:
    """Write (or rewrite) our entry and icon; a same-named file that is not ours stops it, untouched."""
    files = entry_files(data_home)
    if files.entry.exists() and _ours(files.entry) is None:
        raise DesktopEntryError(f"{files.entry} exists and is not Crossy Desktop's: left as it is")
    if files.icon.exists() and _ours(files.entry) != files.icon and files.icon.read_bytes() != icon_png:
        raise DesktopEntryError(f"{files.icon} exists and is not Crossy Desktop's: left as it is")
    try:
        files.icon.parent.mkdir(parents=True, exist_ok=True)
        files.entry.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(files.icon, icon_png)
        write_text(files.entry, entry_text(command, files.icon))
    except OSError as exc:
        raise DesktopEntryError(f"cannot write the menu entry: {exc}") from exc
    return files


def uninstall(data_home: Path | None = None) -> list[Path]:
    """Remove our entry and the icon it names; returns what was removed (nothing when there is no entry of ours)."""
    files = entry_files(data_home)
    icon = _ours(files.entry) if files.entry.exists() else None
    if icon is None:
        if files.entry.exists():
            raise DesktopEntryError(f"{files.entry} is not Crossy Desktop's: left as it is")
        return []
    removed = []
    for path in (icon, files.entry):
        if path in (files.icon, files.entry) and path.exists():  # never a file elsewhere, whatever the entry says
            path.unlink()
            removed.append(path)
    return removed
