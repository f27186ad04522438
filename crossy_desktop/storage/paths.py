"""Where things live: shipped resources beside the code (or inside a PyInstaller bundle), user data
in a per-user data directory, never inside the install folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "CrossyDesktop"


def resource_root() -> Path:
    """The folder holding assets/ and models/: the bundle in a frozen build, else the source checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parents[2]


def assets_dir() -> Path:
    return resource_root() / "assets"


def models_dir() -> Path:
    """The shipped models (read-only in an installed app); CROSSY_MODELS_DIR overrides it (tests)."""
    return Path(os.environ.get("CROSSY_MODELS_DIR", resource_root() / "models"))


def user_data_dir() -> Path:
    """Per-user data (demonstrations, scores, settings); CROSSY_DATA_DIR overrides it (tests, portable use)."""
    override = os.environ.get("CROSSY_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def demos_dir() -> Path:
    """Recorded demonstrations, by default."""
    return user_data_dir() / "demos"


def user_models_dir() -> Path:
    """The player's own agents, taught in the window or with `crossy teach`."""
    return user_data_dir() / "models"


def model_folders() -> list[Path]:
    """Every folder the app lists models from: the shipped ones and the player's own."""
    return [models_dir(), user_models_dir()]


def teaching_dir() -> Path:
    """Teaching runs (metrics and checkpoints); the finished student goes to user_models_dir()."""
    return user_data_dir() / "teaching"


def scoreboard_path() -> Path:
    return user_data_dir() / "scores.sqlite3"


def screenshots_dir() -> Path:
    return user_data_dir() / "screenshots"


def videos_dir() -> Path:
    return user_data_dir() / "videos"


def settings_path() -> Path:
    """The window's settings, in the per-user config folder; CROSSY_CONFIG_DIR overrides it, and with
    CROSSY_DATA_DIR set (tests, portable use) they sit beside the data."""
    override = os.environ.get("CROSSY_CONFIG_DIR") or os.environ.get("CROSSY_DATA_DIR")
    if override:
        return Path(override) / "settings.json"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "settings.json"
