"""The menu entry: written where the desktop looks, naming the window's class, removed exactly, never over a
file that is not ours."""

import os
import shlex

from helpers import run_cli

from crossy_desktop.storage.desktop_entry import WM_CLASS, entry_files


def fields(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_install_writes_an_entry_whose_class_is_the_windows_and_uninstall_removes_exactly_it(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path)}
    neighbour = tmp_path / "applications" / "someone-else.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\nName=Other\n")
    done = run_cli("desktop-entry", "--install", env_extra=env)
    assert done.returncode == 0, done.stderr
    files = entry_files(tmp_path)
    entry = fields(files.entry.read_text())
    import crossy_desktop.app  # noqa: F401  (sets the window's X class)

    assert entry["StartupWMClass"] == WM_CLASS == os.environ["SDL_VIDEO_X11_WMCLASS"]
    assert entry["Icon"] == str(files.icon) and files.icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    command = shlex.split(entry["Exec"])
    assert os.path.isabs(command[0]) and os.access(command[0], os.X_OK), command
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    again = run_cli("desktop-entry", "--install", env_extra=env)
    assert again.returncode == 0, "a reinstall replaces our own files"
    gone = run_cli("desktop-entry", "--uninstall", env_extra=env)
    assert gone.returncode == 0 and not files.entry.exists() and not files.icon.exists()
    assert neighbour.exists() and gone.stdout.count("removed") == 2
    assert "no menu entry" in run_cli("desktop-entry", "--uninstall", env_extra=env).stdout


def test_a_same_named_file_that_is_not_ours_is_never_touched(tmp_path):
    files = entry_files(tmp_path)
    files.entry.parent.mkdir(parents=True)
    files.entry.write_text("[Desktop Entry]\nName=My own launcher\n")
    for action in ("--install", "--uninstall"):
        result = run_cli("desktop-entry", action, env_extra={"XDG_DATA_HOME": str(tmp_path)})
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert files.entry.read_text() == "[Desktop Entry]\nName=My own launcher\n"
    assert not files.icon.exists()
