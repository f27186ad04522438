"""Demonstration files: what is stored replays the game exactly; bad files are named and skipped."""

import json
import shutil
import zipfile

import numpy as np
import pytest
from helpers import run_cli

from crossy_desktop.game.core import PROTOCOL, FreewayGame
from crossy_desktop.rl.demo_replay import fill_replay
from crossy_desktop.rl.observation import PIPELINE, FrameStack
from crossy_desktop.rl.replay import ReplayBuffer
from crossy_desktop.rl.rewards import RewardConfig, RewardMode
from crossy_desktop.storage.demo_file import DemoFileError, load_demo, load_demo_dir, read_meta, save_demo


def test_a_recorded_game_holds_what_the_agent_saw_and_replays_from_seed_and_actions(scripted_demos):
    _, paths = scripted_demos
    demo = load_demo(paths[0], PROTOCOL.describe(), PIPELINE.name)
    meta = demo.meta
    assert meta.decisions == len(demo) == 2048 and not meta.truncated
    assert meta.controllers == ["scripted"] and meta.seed == 500
    assert meta.score == int(demo.rewards.sum()) >= 25
    assert demo.terminals.sum() == 1 and demo.terminals[-1]

    # Replaying the stored actions frame by frame from the stored seed gives the same frames and rewards.
    game, stack = FreewayGame(), FrameStack()
    stack.reset(game.reset(meta.seed))
    for t, action in enumerate(demo.actions):
        if t:
            stack.push(game.frame)
        assert np.array_equal(stack.latest, demo.frames[t]), f"frame {t} differs"
        assert np.array_equal(game.ram, demo.rams[t])
        assert game.step_decision(int(action)).reward == demo.rewards[t]
    assert game.game_over and game.score == meta.score


def test_demonstrations_fill_the_replay_buffer_with_game_boundaries_and_shaped_rewards(scripted_demos):
    directory, _ = scripted_demos
    found = load_demo_dir(directory)
    buffer = ReplayBuffer(found.decisions, n_step=3)
    shaping = RewardConfig(RewardMode.HEIGHT_SHAPING)
    assert fill_replay(buffer, found.demos, shaping) == found.decisions == 4096
    assert buffer.firsts.nonzero()[0].tolist() == [0, 2048]
    assert buffer.terminals.nonzero()[0].tolist() == [2047, 4095]
    demo = found.demos[0]
    h = demo.rams[:, 14].astype(int)
    assert buffer.rewards[10] == pytest.approx(shaping(float(demo.rewards[10]), h[10], h[11], False))
    raw = ReplayBuffer(found.decisions)
    fill_replay(raw, found.demos, RewardConfig(RewardMode.RAW))
    assert raw.rewards.sum() == sum(d.meta.score for d in found.demos)


def _broken_copies(directory, good):
    """A folder with one good game, one cut short on disk, one that is not a zip at all."""
    directory.mkdir()
    shutil.copy(good, directory / good.name)
    data = good.read_bytes()
    (directory / "cut.demo.npz").write_bytes(data[: len(data) // 2])
    (directory / "noise.demo.npz").write_bytes(b"not a demonstration")
    return directory


def test_a_corrupt_or_truncated_file_is_reported_by_name_and_the_rest_load(scripted_demos, tmp_path):
    _, paths = scripted_demos
    folder = _broken_copies(tmp_path / "mixed", paths[0])
    found = load_demo_dir(folder)
    assert [d.path.name for d in found.demos] == [paths[0].name]
    assert len(found.errors) == 2
    assert any(e.startswith("cut.demo.npz: ") for e in found.errors)
    assert any(e.startswith("noise.demo.npz: ") for e in found.errors)
    assert all("\n" not in e for e in found.errors)

    listing = run_cli("demos", "list", str(folder))
    assert listing.returncode == 0
    assert "UNREADABLE" in listing.stdout and "1 games, 2048 decisions" in listing.stdout
    assert "2 unreadable" in listing.stdout


def _rewrite_meta(src, dst, **changes):
    with np.load(src) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays.pop("meta")))
    meta.update(changes)
    with open(dst, "wb") as f:
        np.savez_compressed(f, meta=np.array(json.dumps(meta)), **arrays)


def test_another_format_version_or_protocol_is_a_clear_error(scripted_demos, tmp_path):
    _, paths = scripted_demos
    future, other = tmp_path / "future.demo.npz", tmp_path / "other.demo.npz"
    _rewrite_meta(paths[0], future, format_version=99)
    _rewrite_meta(paths[0], other, protocol="ALE/Freeway-v5 mode=3 difficulty=1 sticky=0.0 frameskip=4")
    with pytest.raises(DemoFileError, match="future.demo.npz: demonstration format 99, this app reads format 1"):
        read_meta(future)
    with pytest.raises(DemoFileError, match="other.demo.npz: recorded under protocol 'ALE/Freeway-v5 mode=3"):
        load_demo(other, protocol=PROTOCOL.describe())
    found = load_demo_dir(tmp_path, PROTOCOL.describe())
    assert found.demos == [] and len(found.errors) == 2


def test_an_empty_or_missing_folder_says_so(tmp_path):
    with pytest.raises(DemoFileError, match="no demonstrations"):
        load_demo_dir(tmp_path)
    result = run_cli("train-offline", "--demos", str(tmp_path), "--no-progress")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"crossy: {tmp_path}: no demonstrations (*.demo.npz) in this folder"]
    missing = run_cli("demos", "list", str(tmp_path / "nope"))
    assert missing.returncode == 1 and "no such demonstration folder" in missing.stderr
    empty = run_cli("demos", "list", str(tmp_path))
    assert empty.returncode == 0 and "no demonstrations yet" in empty.stdout


def test_a_demo_whose_arrays_disagree_with_its_metadata_is_rejected(scripted_demos, tmp_path):
    _, paths = scripted_demos
    demo = load_demo(paths[0])
    demo.actions = demo.actions[:-5]
    save_demo(tmp_path / "short.demo.npz", demo)
    with pytest.raises(DemoFileError, match="short.demo.npz: array lengths"):
        load_demo(tmp_path / "short.demo.npz")


@pytest.mark.slow
def test_demos_replay_checks_the_score_in_the_window(scripted_demos, tmp_path):
    _, paths = scripted_demos
    ok = run_cli("demos", "replay", str(paths[1]), "--speed", "max", "--mute")
    assert ok.returncode == 0, ok.stderr
    assert "matches the recording" in ok.stdout

    forged = tmp_path / "forged.demo.npz"
    _rewrite_meta(paths[1], forged, score=99)
    bad = run_cli("demos", "replay", str(forged), "--speed", "max", "--mute")
    assert bad.returncode == 1 and "differs from the recorded 99" in bad.stdout


def test_demos_record_writes_agent_games_as_demonstrations(tmp_path):
    result = run_cli("demos", "record", "always-up", "--games", "1", "--seed", "3", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (path,) = tmp_path.glob("*.demo.npz")
    meta = read_meta(path)
    assert meta.controllers == ["always-up"] and meta.score == 21 and meta.seed == 3
    assert zipfile.is_zipfile(path)


def test_metadata_with_unknown_fields_is_a_clear_error_in_a_listing_too(scripted_demos, tmp_path):
    _, paths = scripted_demos
    odd = tmp_path / "odd.demo.npz"
    _rewrite_meta(paths[0], odd, surprise=1)
    with pytest.raises(DemoFileError, match="odd.demo.npz: not a readable demonstration"):
        read_meta(odd)
    listing = run_cli("demos", "list", str(tmp_path))
    assert listing.returncode == 0 and "UNREADABLE" in listing.stdout
