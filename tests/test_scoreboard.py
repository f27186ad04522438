"""The SQLite scoreboard: games persisted and read back, concurrent writers lose nothing, bad files are clear."""

import os
import sqlite3
import subprocess
import sys

import pygame
import pytest
from helpers import make_app, press, run_cli

from crossy_desktop.app.window import Screen
from crossy_desktop.storage.scoreboard import GameRecord, Scoreboard, ScoreboardError


def test_games_are_persisted_and_read_back_with_leaderboard_and_averages(tmp_path):
    board = Scoreboard(tmp_path / "scores.sqlite3")
    board.add(GameRecord("human", 24, seed=1))
    board.add(
        GameRecord("dqn freeway-dqn", 31, seed=2, model="freeway-dqn.safetensors", mode="versus", opponent="human")
    )
    board.add(GameRecord("human", 28, seed=3))
    again = Scoreboard(tmp_path / "scores.sqlite3")  # a new process would see the same
    assert [g.score for g in again.games()] == [24, 31, 28]
    assert [g.score for g in again.leaderboard(2)] == [31, 28]
    averages = {a.controller: a for a in again.averages()}
    assert averages["human"].games == 2 and averages["human"].mean == 26.0 and averages["human"].best == 28
    with sqlite3.connect(tmp_path / "scores.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    listing = run_cli("scores", "--db", str(tmp_path / "scores.sqlite3"))
    assert listing.returncode == 0, listing.stderr
    assert "versus vs human" in listing.stdout and "26.00" in listing.stdout


WRITER = """
import sys
from crossy_desktop.storage.scoreboard import GameRecord, Scoreboard
board = Scoreboard(sys.argv[1])
for i in range(int(sys.argv[3])):
    board.add(GameRecord(sys.argv[2], i, seed=i))
"""


def test_two_processes_writing_at_once_lose_no_game(tmp_path):
    db = str(tmp_path / "scores.sqlite3")
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, db, name, "150"]) for name in ("left", "right")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    games = Scoreboard(db).games()
    assert len(games) == 300
    for name in ("left", "right"):
        assert sorted(g.score for g in games if g.controller == name) == list(range(150))


@pytest.mark.slow
def test_two_app_instances_finishing_games_at_once_both_land(tmp_path):
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "CROSSY_DATA_DIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "crossy_desktop", "--controller", "scripted", "--speed", "max", "--mute"]
    apps = [subprocess.Popen([*cmd, "--seed", str(s), "--max-frames", "16400"], env=env) for s in (1, 50)]
    assert [a.wait(timeout=180) for a in apps] == [0, 0]
    games = Scoreboard(tmp_path / "scores.sqlite3").games()
    assert sorted(g.seed for g in games) == [1, 2, 50, 51], "two finished games per app"
    assert all(g.controller == "scripted" and g.score >= 25 and g.mode == "solo" for g in games)


def test_a_corrupt_scoreboard_is_reported_kept_and_the_game_plays_on(tmp_path):
    path = tmp_path / "scores.sqlite3"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    app = make_app(controller="scripted", speed="max", scoreboard=path)
    while app.screen_state is not Screen.OVER:
        app.tick()
    app.session.flush()
    message = app.hud_info().message
    assert "not a scoreboard database" in message and str(path) in message
    for _ in range(5):
        app.tick()
    assert app.running and path.read_bytes() == garbage, "the file is left as it was"
    press(pygame.K_TAB)
    app.tick()
    assert "not a scoreboard" in " ".join(app.scores.lines)
    result = run_cli("scores", "--db", str(path))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1


def test_a_locked_scoreboard_is_a_clear_message(tmp_path):
    path = tmp_path / "scores.sqlite3"
    Scoreboard(path).add(GameRecord("human", 1))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        board = Scoreboard(path, timeout_s=0.2)
        try:
            board.add(GameRecord("human", 2))
            raise AssertionError("the write should have waited, then failed")
        except ScoreboardError as exc:
            assert "locked by another program" in str(exc)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    Scoreboard(path).add(GameRecord("human", 3))
    assert [g.score for g in Scoreboard(path).games()] == [1, 3]


def test_the_app_records_each_finished_game_and_tab_shows_it(tmp_path):
    path = tmp_path / "scores.sqlite3"
    app = make_app(controller="scripted", speed="max", scoreboard=path, seed=5)
    while app.screen_state is not Screen.OVER:
        app.tick()
    app.session.flush()  # the row is written off the frame loop
    (game,) = Scoreboard(path).games()
    assert game.controller == "scripted" and game.seed == 5 and game.score == app.session.score
    press(pygame.K_TAB)
    app.tick()
    assert app.scores.lines and app.scores.lines[0].split()[0] == str(game.score)
    press(pygame.K_TAB)
    app.tick()
    assert app.scores.lines is None


def test_tab_over_the_start_screen_draws_only_the_scores(tmp_path):
    """A panel replaces the screen's text: "BEST SCORES" was drawn on top of "CROSSY" before (issue 28)."""
    app = make_app(controller="human", scoreboard=tmp_path / "scores.sqlite3")
    drawn: list[str] = []
    overlay = app.view.overlay
    app.view.overlay = lambda title, *lines: (drawn.append(title), overlay(title, *lines))
    app.tick()
    assert app.screen_state is Screen.START and drawn == ["CROSSY"]
    press(pygame.K_TAB)
    drawn.clear()
    app.tick()
    assert drawn == ["BEST SCORES"], "only the panel's text, not the start screen's under it"
    press(pygame.K_TAB)
    drawn.clear()
    app.tick()
    assert drawn == ["CROSSY"]
