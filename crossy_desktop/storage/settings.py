"""Settings that outlive the window: zoom and size, sound, agent speed, who played last, recording.

A small JSON file in the per-user config folder (storage/paths.py), written atomically when the window
closes. A damaged or unreadable file is never fatal: the app says so in one line and starts from the
defaults, and the next save replaces it. Unknown keys (from a newer version) are ignored; a value of the
wrong type falls back to its default, the others are kept; numbers are clamped to what the app can use
(the window then fits its size to the desktop and to the smallest it can draw, app/view.py).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from crossy_desktop.storage.atomic import write_text

VOLUME_STEP = 0.1
MAX_FILE_BYTES = 64 * 1024  # the app writes about 300 bytes; a larger file is not its own
WINDOW_SIDES = ((160, 16_384), (210, 16_384))  # a window side's bounds, in pixels (SDL's largest is 16,384)


def clamp_volume(volume: float) -> float:
    """0 (silent) to 1 (the emulator's own level), rounded to the steps the +/- keys take."""
    return round(min(1.0, max(0.0, float(volume))), 2)


FIT_ZOOM, MAX_ZOOM = 0, 8  # a zoom of FIT_ZOOM: the largest (up to MAX_ZOOM) that fits the screen


@dataclass
class Settings:
    scale: int = FIT_ZOOM  # integer zoom of a fresh window
    window_size: tuple[int, int] | None = None  # the size the player last gave a resizable window
    fullscreen: bool = False
    muted: bool = False
    volume: float = 0.8  # 0..1
    speed: str = "1x"  # agent speed
    controller: str = "human"  # who played last
    model: str | None = None  # the DQN model last picked (a path)
    record: bool = False

    def clamp(self) -> Settings:
        self.scale = FIT_ZOOM if int(self.scale) == FIT_ZOOM else min(MAX_ZOOM, max(1, int(self.scale)))
        self.volume = clamp_volume(self.volume)
        if self.window_size is not None:
            self.window_size = tuple(
                min(max(int(v), low), high) for v, (low, high) in zip(self.window_size, WINDOW_SIDES, strict=True)
            )
        return self


class SettingsError(Exception):
    """The settings file exists but cannot be used (its one-line reason)."""


def load_settings(path: Path) -> Settings:
    """The saved settings; defaults if there is no file; SettingsError (one line) if it is damaged."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(f"cannot read settings {path}: {exc.strerror or exc}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise SettingsError(f"settings file {path} is damaged (over {MAX_FILE_BYTES // 1024} KB)")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SettingsError(f"settings file {path} is damaged ({exc.msg}, line {exc.lineno})") from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"settings file {path} is damaged (not UTF-8 text)") from exc
    except RecursionError as exc:
        raise SettingsError(f"settings file {path} is damaged (nested too deeply)") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"settings file {path} is damaged (not a JSON object)")
    settings = Settings()
    for f in fields(Settings):
        if f.name in data and _fits(data[f.name], getattr(settings, f.name), f.name):
            value = data[f.name]
            setattr(settings, f.name, tuple(value) if f.name == "window_size" and value is not None else value)
    return settings.clamp()


def save_settings(settings: Settings, path: Path) -> None:
    """Write the settings atomically (a kill mid-write leaves the old file, never half a new one)."""
    write_text(Path(path), json.dumps(asdict(settings), indent=2) + "\n")


def _fits(value: object, default: object, name: str) -> bool:
    """A saved value is used only when it has the type the setting has."""
    if name == "window_size":
        return value is None or (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value))
    if name == "model":
        return value is None or isinstance(value, str)
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, type(default)) and not isinstance(value, bool)
