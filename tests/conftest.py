"""Tests run headless: pygame gets SDL's dummy video and audio drivers unless a test starts Xvfb."""

import os
import tempfile

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# Scores and recordings of the tests never land in the real per-user data folder.
os.environ.setdefault("CROSSY_DATA_DIR", tempfile.mkdtemp(prefix="crossy-test-data-"))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_the_apps_a_test_made():
    """Every window `helpers.make_app` made is closed after its test, as quitting closes it: its emulators are
    freed, its writes finish, a teach process ends (none is left for the interpreter's exit), and its SDL window,
    renderer and textures go while SDL's video is up; then pygame quits, so the next test starts it afresh."""
    yield
    from helpers import OPEN_APPS

    if not OPEN_APPS:
        return
    while OPEN_APPS:
        OPEN_APPS.pop().close()
    import pygame

    pygame.quit()


@pytest.fixture(scope="session")
def scripted_demos(tmp_path_factory):
    """Two whole games of the scripted demonstrator, recorded once for all tests (seeds 500 and 501)."""
    from crossy_desktop.controllers.scripted import ScriptedController
    from crossy_desktop.play.games import record_games

    directory = tmp_path_factory.mktemp("scripted-demos")
    paths = record_games(ScriptedController(), 2, 500, directory)
    return directory, paths
