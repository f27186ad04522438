"""The fault suite: damaged files, wrong metadata, huge declared sizes, concurrent writers, full disks and
damaged checkpoints. Every damaged input is made here; each must give one line naming the file and the
reason, and every good piece of data must survive."""

import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from crossy_desktop.play.recorder import save_new_demo
from crossy_desktop.rl.agent_file import find_models, load_agent
from crossy_desktop.storage.atomic import clean_leftovers, write_bytes
from crossy_desktop.storage.demo_file import load_demo, load_demo_dir
from crossy_desktop.storage.model_file import ModelFileError, load_model_file, save_model_file
from crossy_desktop.storage.paths import models_dir

SHIPPED = models_dir() / "freeway-dqn.safetensors"


# -- demonstration files -----------------------------------------------------------------------------
def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _write_members(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _with_meta(members: dict[str, bytes], **changes) -> dict[str, bytes]:
    meta = json.loads(str(np.load(io.BytesIO(members["meta.npy"]))))
    meta.update(changes)
    return {**members, "meta.npy": _npy(np.array(json.dumps(meta)))}


def _damaged_demos(good: Path) -> dict[str, bytes | dict[str, bytes]]:
    """Each damaged variant of a good demonstration file: raw bytes, or zip members to write."""
    raw, members = good.read_bytes(), _members(good)
    variants: dict[str, bytes | dict[str, bytes]] = {}
    for i, cut in enumerate(np.linspace(0, len(raw) - 1, 24).astype(int)):
        variants[f"cut{i}"] = raw[:cut]
    compressed_start = raw.index(b"frames.npy") + 40  # inside the frames member's compressed bytes
    for i, offset in enumerate(np.random.default_rng(0).integers(compressed_start, compressed_start + 20_000, 12)):
        flipped = bytearray(raw)
        flipped[offset] ^= 0xFF
        variants[f"flip{i}"] = bytes(flipped)
    variants["meta-list"] = {**members, "meta.npy": _npy(np.array("[1, 2]"))}
    variants["meta-not-json"] = {**members, "meta.npy": _npy(np.array("{oops"))}
    variants["meta-number"] = {**members, "meta.npy": _npy(np.array(5))}
    for key, value in (("seed", None), ("decisions", "x"), ("controllers", "human"), ("score", -1), ("truncated", 1)):
        variants[f"meta-{key}"] = _with_meta(members, **{key: value})
    variants["meta-version-text"] = _with_meta(members, format_version="1")
    frames = np.load(io.BytesIO(members["frames.npy"]))
    t = len(frames)
    variants["frames-10x10"] = {**members, "frames.npy": _npy(np.zeros((t, 10, 10), np.uint8))}
    variants["frames-float"] = {**members, "frames.npy": _npy(frames.astype(np.float32))}
    variants["ram-2-wide"] = {**members, "rams.npy": _npy(np.zeros((t + 1, 2), np.uint8))}
    variants["action-7"] = {**members, "actions.npy": _npy(np.full(t, 7, np.uint8))}
    variants["reward-nan"] = {**members, "rewards.npy": _npy(np.full(t, np.nan, np.float32))}
    huge = _npy(np.zeros((1, 84, 84), np.uint8)).replace(b"(1, 84, 84)", b"(9999999, 84, 84)")
    variants["huge-declared"] = {**members, "frames.npy": huge}  # 66 GB declared, a few bytes stored
    variants["member-missing"] = {k: v for k, v in members.items() if k != "rams.npy"}
    return variants


def test_every_damaged_demonstration_is_named_and_skipped_and_the_good_ones_load(scripted_demos, tmp_path):
    _, paths = scripted_demos
    shutil.copy(paths[0], tmp_path / paths[0].name)
    variants = _damaged_demos(paths[0])
    for name, content in variants.items():
        target = tmp_path / f"{name}.demo.npz"
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            _write_members(target, content)
    found = load_demo_dir(tmp_path)
    assert [d.path.name for d in found.demos] == [paths[0].name]
    assert len(found.errors) == len(variants)
    for error in found.errors:
        assert "\n" not in error and error.split(": ", 1)[0].endswith(".demo.npz"), error
    named = {e.split(".demo.npz")[0] for e in found.errors}
    assert named == set(variants)
    assert any("expected uint8[9999999" not in e and "huge-declared" in e for e in found.errors)


def test_training_skips_a_damaged_demonstration_and_says_so(scripted_demos, tmp_path):
    from crossy_desktop.rl.demo_replay import load_training_demos

    _, paths = scripted_demos
    shutil.copy(paths[0], tmp_path / paths[0].name)
    (tmp_path / "bad.demo.npz").write_bytes(paths[0].read_bytes()[:5000])
    lines = []
    found = load_training_demos(tmp_path, lines.append)
    assert len(found.demos) == 1
    assert lines[0].startswith("skipped bad.demo.npz: not a readable demonstration")


def test_concurrent_savers_never_take_the_same_name(scripted_demos, tmp_path):
    _, paths = scripted_demos
    demo = load_demo(paths[0])
    saved: list[Path] = []
    start = threading.Barrier(8)

    def save() -> None:
        start.wait()
        saved.append(save_new_demo(tmp_path, demo))

    threads = [threading.Thread(target=save) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(saved)) == 8 and len(list(tmp_path.glob("*.demo.npz"))) == 8
    assert all(load_demo(p).meta.score == demo.meta.score for p in saved)
    assert not list(tmp_path.glob(".*.tmp*")), "no temp file is left behind"
    mode = (tmp_path / saved[0].name).stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask, "new files honour the umask"


def test_old_leftovers_of_a_killed_writer_are_cleaned_and_fresh_ones_kept(tmp_path):
    old, fresh = tmp_path / ".game.demo.npz.abc.tmp", tmp_path / ".game.demo.npz.def.tmp"
    old.write_bytes(b"x" * 1000)
    fresh.write_bytes(b"y")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert clean_leftovers(tmp_path) == 1
    assert not old.exists() and fresh.exists()


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KB filesystem (tmpfs), where the machine lets the test mount one."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_loses_no_earlier_file_and_leaves_no_partial_one(scripted_demos, tiny_disk):
    _, paths = scripted_demos
    demo = load_demo(paths[0])
    saved = []
    with pytest.raises(OSError):
        for _ in range(20):  # a game is about 200 KB compressed: the disk fills at once or on the second
            saved.append(save_new_demo(tiny_disk, demo))
    assert all(load_demo(p).meta.score == demo.meta.score for p in saved)
    assert sorted(tiny_disk.glob("*.demo.npz")) == sorted(saved)
    assert not list(tiny_disk.glob(".*.tmp*"))
    with pytest.raises(OSError):
        write_bytes(tiny_disk / "big.bin", b"z" * 1_000_000)
    assert not (tiny_disk / "big.bin").exists() and not list(tiny_disk.glob(".*.tmp*"))


# -- model files -------------------------------------------------------------------------------------
def _variant(tmp_path: Path, name: str, tensors=None, **meta_changes) -> Path:
    original_tensors, meta = load_model_file(SHIPPED)
    meta = {**meta, **meta_changes}
    path = tmp_path / f"{name}.safetensors"
    save_model_file(path, original_tensors if tensors is None else tensors, meta)
    return path


def _raw_metadata(tmp_path: Path, name: str, header: str) -> Path:
    from safetensors.numpy import save as save_numpy

    path = tmp_path / f"{name}.safetensors"
    path.write_bytes(save_numpy({"x": np.zeros(1, np.float32)}, metadata={"crossy": header}))
    return path


@pytest.mark.parametrize("backend", ["numpy", "torch"])
def test_odd_model_files_are_refused_in_one_line(tmp_path, backend):
    tensors, _ = load_model_file(SHIPPED)
    nan = {k: np.full_like(v, np.nan) if k == "advantage.2.bias" else v for k, v in tensors.items()}
    huge = {k: v * np.float32(1e30) for k, v in tensors.items()}
    shape = {k: v[:, :100] if k == "advantage.0.weight" else v for k, v in tensors.items()}
    bad = {
        _variant(tmp_path, "nan", nan): "not finite",
        _variant(tmp_path, "huge", huge): "not finite",
        _variant(tmp_path, "shape", shape): "does not match its description",
        _variant(tmp_path, "net-list", network=[1, 2]): "does not match its description",
        _raw_metadata(tmp_path, "meta-list", "[1, 2]"): "not a JSON object",
        _variant(tmp_path, "version-text", format_version="1"): "version '1' is not supported",
        tmp_path: "is a folder, not a model file",
    }
    for path, reason in bad.items():
        with pytest.raises(ModelFileError) as error:
            load_agent(path, backend=backend)
        assert reason in str(error.value) and "\n" not in str(error.value), (path.name, str(error.value))
    odd = _variant(tmp_path, "odd-evaluation", evaluation={"mean": "high"})
    assert load_agent(odd, backend=backend).label == "odd-evaluation"


def test_a_models_folder_with_odd_files_lists_and_the_window_keeps_its_controller(tmp_path, monkeypatch):
    import pygame
    from helpers import make_app, press

    shutil.copy(SHIPPED, tmp_path / "good.safetensors")
    _variant(tmp_path, "odd-evaluation", evaluation={"mean": "high"})
    _variant(tmp_path, "not-an-object", evaluation=[1])
    _raw_metadata(tmp_path, "meta-list", "[1, 2]")
    tensors, _ = load_model_file(SHIPPED)
    _variant(tmp_path, "nan", {k: np.full_like(v, np.nan) for k, v in tensors.items()}, evaluation={"mean": 99.0})
    assert find_models(tmp_path)[0].name == "nan.safetensors"  # listed first by its (false) claim
    monkeypatch.setenv("CROSSY_MODELS_DIR", str(tmp_path))
    app = make_app(controller="random")
    press(pygame.K_d)
    app.tick()
    assert app.session.controller.kind == "random", "the refused model left the controller as it was"
    assert "not finite" in app.notices.message and "\n" not in app.notices.message
    press(pygame.K_d)  # D again: the next model, the good one
    app.tick()
    assert app.session.controller.kind == "dqn"


# -- scoreboard ----------------------------------------------------------------------------------------
WRITER = """
import sys
from crossy_desktop.storage.scoreboard import GameRecord, Scoreboard
board = Scoreboard(sys.argv[1])
for i in range(int(sys.argv[3])):
    board.add(GameRecord("writer" + sys.argv[2], i))
"""


def test_eight_writers_on_a_new_scoreboard_lose_no_game(tmp_path):
    from crossy_desktop.storage.scoreboard import Scoreboard

    for run in range(3):
        db = tmp_path / f"scores{run}.sqlite3"
        writers = [
            subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(w), "25"], stderr=subprocess.PIPE, text=True)
            for w in range(8)
        ]
        errors = [w.communicate(timeout=120)[1] for w in writers]
        assert [w.returncode for w in writers] == [0] * 8, errors
        assert len(Scoreboard(db).games()) == 8 * 25


def test_reading_a_scoreboard_changes_nothing(tmp_path):
    from crossy_desktop.storage.scoreboard import GameRecord, Scoreboard

    db = tmp_path / "scores.sqlite3"
    assert Scoreboard(db).leaderboard() == [] and not db.exists(), "reading creates nothing"
    Scoreboard(db).add(GameRecord("human", 3))
    before = db.read_bytes()
    assert [g.score for g in Scoreboard(db).leaderboard()] == [3]
    assert db.read_bytes() == before


# -- training checkpoints ------------------------------------------------------------------------------
@pytest.mark.slow
def test_resume_survives_a_cut_metrics_row_and_a_damaged_checkpoint(tmp_path):
    from crossy_desktop.training.config import TrainConfig
    from crossy_desktop.training.online import Trainer

    config = TrainConfig(
        total_decisions=2048, seed=3, buffer_capacity=5_000, batch_size=4, learning_starts=2000, update_every=16,
        checkpoint_every=2048, threads=1,
    )  # fmt: skip
    trainer = Trainer(config, tmp_path)
    trainer.run(progress=False)  # one game, one checkpoint
    trainer.step()
    trainer.checkpoint()  # a second one, a decision later: the first becomes checkpoint.prev
    assert (tmp_path / "checkpoint").is_dir() and (tmp_path / "checkpoint.prev").is_dir()
    replay_bytes = (tmp_path / "checkpoint" / "replay.npz").stat().st_size
    assert replay_bytes < 2049 * 84 * 84 * 1.1, "only the filled rows of the 5,000-row memory are stored"
    with open(tmp_path / "metrics.csv", "a") as f:
        f.write("2,61")  # a kill in the middle of an append
    learner = tmp_path / "checkpoint" / "learner.pt"
    learner.write_bytes(learner.read_bytes()[:1000])
    lines = []
    resumed = Trainer.resume(tmp_path, report=lines.append)
    assert resumed.state.decisions == 2048, "the previous checkpoint, taken at the end of the game"
    assert len(lines) == 1 and lines[0].startswith("checkpoint is damaged") and "checkpoint.prev" in lines[0]
    rows = (tmp_path / "metrics.csv").read_text().strip().splitlines()
    assert len(rows) == 2 and rows[-1].split(",")[1] == "2048", "the header and the game's row; the cut row is gone"


def test_a_config_with_an_unknown_setting_is_one_line(tmp_path):
    from crossy_desktop.cli import main

    run = tmp_path / "run"
    (run / "checkpoint").mkdir(parents=True)
    (run / "checkpoint" / "loop.json").write_text("{}")
    (run / "config.json").write_text(json.dumps({"total_decisions": 10, "warp_drive": True}))
    proc = subprocess.run(
        [sys.executable, "-m", "crossy_desktop", "train", "--resume", str(run)], capture_output=True, text=True
    )
    assert proc.returncode == 1 and proc.stderr.strip().splitlines() == [
        "crossy: cannot resume: config.json: unknown settings ['warp_drive']"
    ]
    assert main is not None


# -- the frame loop never waits for a write ------------------------------------------------------------
def test_a_locked_scoreboard_does_not_hold_the_game_over_frame(tmp_path):
    import sqlite3

    from helpers import make_app

    from crossy_desktop.app.window import Screen
    from crossy_desktop.storage.scoreboard import GameRecord, Scoreboard

    path = tmp_path / "scores.sqlite3"
    Scoreboard(path).add(GameRecord("human", 1))
    lock = sqlite3.connect(path, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")  # another program holds the database
    app = make_app(controller="scripted", speed="max", scoreboard=path, record=True, demos_dir=tmp_path / "demos")
    while app.screen_state is not Screen.OVER:
        app.tick()
    for _ in range(3):
        app.tick()  # the window goes on while the row waits for the lock
    assert len(Scoreboard(path).games()) == 1, "the new row is still waiting for the lock"
    lock.execute("ROLLBACK")
    lock.close()
    app.session.flush()
    assert [g.score for g in Scoreboard(path).games()] == [1, app.session.score]
    assert len(list((tmp_path / "demos").glob("*.demo.npz"))) == 1


# -- the command line under bad input --------------------------------------------------------------------
@pytest.mark.slow
def test_runtime_failures_of_every_sub_command_are_one_line(tmp_path):
    """Damaged or missing inputs that only show when a command runs: exit 1 or 2, one line, no traceback."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from bench_faults import probes

    every = probes(tmp_path)
    runtime = [argv for argv in every if not any(v in argv for v in ("-1", "0", "x", "1e30", "-0.5", "1.5"))]
    assert len(runtime) >= 30 and {argv[0] for argv in runtime} >= {"evaluate", "video", "demos", "train", "scores"}
    env = {**os.environ, "CROSSY_DATA_DIR": str(tmp_path / "data")}
    for argv in runtime[::3]:  # a third keeps the suite fast; bench/bench_faults.py runs them all
        done = subprocess.run(
            [sys.executable, "-m", "crossy_desktop", *argv], capture_output=True, text=True, env=env, timeout=600
        )
        lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("game ")]  # progress
        assert "Traceback" not in done.stderr, (argv, done.stderr)
        window = argv[0].startswith("--")  # the window stays up with its one line, then quits as asked
        assert done.returncode in ((0, 1, 2) if window else (1, 2)) and len(lines) == 1, (argv, done.stderr)


@pytest.mark.parametrize("suffix", [".mp4", ".gif"])
def test_a_video_on_a_full_disk_is_one_line_and_leaves_nothing(tiny_disk, suffix):
    filler = tiny_disk / "filler.bin"
    filler.write_bytes(b"f" * (shutil.disk_usage(tiny_disk).free - 20_000))  # 20 KB left
    out = tiny_disk / f"game{suffix}"
    done = subprocess.run(
        [sys.executable, "-m", "crossy_desktop", "video", "random", "--out", str(out), "--max-frames", "600"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Exception ignored" not in done.stderr
    assert list(tiny_disk.iterdir()) == [filler], "no partial video and no temp file"


@pytest.mark.slow
def test_a_write_failure_in_the_window_is_said_on_the_terminal_once(tmp_path, capsys):
    from helpers import make_app

    from crossy_desktop.app.window import Screen

    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be")
    app = make_app(controller="scripted", speed="max", record=True, demos_dir=blocker / "demos")
    for _ in range(2):  # two games end, each failing to save
        while app.screen_state is not Screen.OVER:
            app.tick()
        app.session.flush()
        for _ in range(3):
            app.tick()
        app.new_game()
    err = [line for line in capsys.readouterr().err.splitlines() if "demonstration not saved" in line]
    assert len(err) == 1 and err[0].startswith("crossy: demonstration not saved")
