"""The fault suite, second round: hostile values in the surfaces added after the first (settings, sweep specs,
names that reach paths, bombs in demonstration files, run folders). Each input must give at most one line
and lose nothing; none may write outside the folders it was given."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

import numpy as np
import pygame
import pytest
from helpers import NoWaitClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossy_desktop.cli import build_parser
from crossy_desktop.cli.play import app_config
from crossy_desktop.storage.settings import FIT_ZOOM, MAX_ZOOM, Settings, SettingsError, load_settings

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))


# -- settings ------------------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
SETTING_NAMES = st.sampled_from([*Settings.__dataclass_fields__, "from_the_future"])
SIZES = st.integers(min_value=-(10**40), max_value=10**40)
HOSTILE_SETTINGS = {
    "the-smallest-clamp": b'{"window_size": [160, 210]}',
    "negative": b'{"window_size": [-500, -500]}',
    "too-large": b'{"window_size": [100000, 100000]}',
    "overflow": b'{"window_size": [1000000000000000000000000000000, 5]}',
    "nested": b"[" * 100_000 + b"]" * 100_000,
    "a-megabyte": b'{"muted": true, "pad": "' + b"x" * 1_000_000 + b'"}',
    "nan-volume": b'{"volume": NaN, "scale": 1e400}',
}


def _start_and_close(tmp_path, monkeypatch, presenter: str, frames: int = 30) -> Settings:
    """`crossy` as it starts from the saved settings, a few frames of play, closed: what it saved."""
    monkeypatch.setenv("CROSSY_CONFIG_DIR", str(tmp_path))
    from crossy_desktop.app.window import CrossyApp

    pygame.init()
    config = app_config(build_parser().parse_args(["--presenter", presenter, "--controller", "random"]))
    config.max_frames = frames
    app = CrossyApp(config)
    app.clock = NoWaitClock()
    assert app.run() == 0
    size = app.view.screen.get_size()
    smallest = app.view.smallest_window
    assert size[0] >= smallest[0] and size[1] >= smallest[1], f"a {size} window cuts off the games or the panel"
    pygame.quit()  # run() closed the app, its SDL window, renderer and textures with it
    return load_settings(tmp_path / "settings.json")


@pytest.mark.parametrize("presenter", ["renderer", "surface"])
@pytest.mark.parametrize("name", HOSTILE_SETTINGS)
def test_any_saved_settings_start_the_window_with_at_most_one_line(tmp_path, monkeypatch, capsys, presenter, name):
    (tmp_path / "settings.json").write_bytes(HOSTILE_SETTINGS[name])
    saved = _start_and_close(tmp_path, monkeypatch, presenter)
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("crossy")]
    assert len(err) <= 1, err
    desktop = pygame.display.get_desktop_sizes()[0] if pygame.display.get_init() else (1024, 768)
    if saved.window_size is not None:
        assert 235 <= saved.window_size[0] <= max(235, desktop[0]) and saved.window_size[1] >= 210
    again = _start_and_close(tmp_path, monkeypatch, presenter)  # and the next start, from what was saved
    assert again == saved


@FUZZ
@given(st.dictionaries(SETTING_NAMES, JSON_VALUES | st.lists(SIZES, min_size=2, max_size=2)))
def test_generated_settings_files_load_or_give_one_line_and_stay_in_bounds(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    path.write_text(json.dumps(data))
    try:
        loaded = load_settings(path)
    except SettingsError as exc:
        assert "\n" not in str(exc)
        return
    assert (loaded.scale == FIT_ZOOM or 1 <= loaded.scale <= MAX_ZOOM) and 0 <= loaded.volume <= 1
    if loaded.window_size is not None:
        w, h = loaded.window_size
        assert 160 <= w <= 16_384 and 210 <= h <= 16_384


@FUZZ
@given(st.tuples(SIZES, SIZES), st.sampled_from([1, 2]))
def test_the_view_fits_any_size_between_its_content_and_the_desktop(size, games):
    from crossy_desktop.app.view import View

    pygame.init()
    view = View(1, False)  # the surface view: a display surface, no SDL objects of its own to free
    view.layout(games=games)
    w, h = view.fit_window(size)
    low_w, low_h = view.smallest_window
    desktop_w, desktop_h = pygame.display.get_desktop_sizes()[0]
    assert low_w <= w <= max(low_w, desktop_w) and low_h <= h <= max(low_h, desktop_h)
    if low_w <= size[0] <= desktop_w and low_h <= size[1] <= desktop_h:
        assert (w, h) == size, "a size that fits is kept as the player gave it"


def test_a_window_dragged_smaller_than_its_content_springs_back_to_the_smallest():
    from crossy_desktop.app.view import View

    pygame.init()
    view = View(2, False)
    pygame.display.set_mode((120, 120), pygame.RESIZABLE)  # what a drag to 120x120 leaves pygame with
    view.resized()
    assert view.screen.get_size() == view.window_size == view.smallest_window == (235, 210)
    view.draw_game(np.zeros((210, 160, 3), np.uint8))  # draws, no subsurface error
    del view
    gc.collect()
    pygame.quit()


# -- sweep specs -----------------------------------------------------------------------------------------
def _spec(**changes) -> dict:
    return {"seeds": [1], "budget": {"decisions": 2048}, "space": {"gamma": [0.99]}, **changes}


SEVEN_FIELDS = {name: list(range(1, 11)) for name in ("batch_size", "n_step", "update_every", "test_games",
                "learning_starts", "checkpoint_every", "epsilon_decay_decisions")}  # fmt: skip
HOSTILE_SPECS = {
    "a-billion-samples": (_spec(search="random", samples=1_000_000_000), "1000000000 trials"),
    "a-huge-grid": (_spec(space=SEVEN_FIELDS, seeds=list(range(10))), "100000000 trials"),
    "cuda": (_spec(space={"device": ["cuda"]}), "device: cuda is not available on this machine"),
    "demo-dir": (_spec(space={"demo_dir": ["demos"]}), "'demo_dir' is not a hyperparameter"),
    "in-channels": (_spec(fixed={"network.in_channels": 8}), "'network.in_channels' is not a hyperparameter"),
    "a-petabyte-of-replay": (_spec(space={"buffer_capacity": [10**12]}), "buffer_capacity: 1000000000000 decisions"),
}


@pytest.mark.parametrize("name", HOSTILE_SPECS)
def test_a_spec_that_could_only_fail_inside_a_trial_is_refused_before_anything_is_built(name):
    from crossy_desktop.training.preflight import cuda_available
    from crossy_desktop.training.sweep_spec import SweepSpecError, parse_spec

    data, complaint = HOSTILE_SPECS[name]
    if name == "cuda" and cuda_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(SweepSpecError) as caught:
        parse_spec(data)
    assert complaint in str(caught.value) and "\n" not in str(caught.value), str(caught.value)


def _train_config_names() -> list[str]:
    import dataclasses

    from crossy_desktop.training.config import TrainConfig

    names = []
    for f in dataclasses.fields(TrainConfig):
        value = getattr(TrainConfig(), f.name)
        nested = dataclasses.is_dataclass(value)
        names += [f"{f.name}.{g.name}" for g in dataclasses.fields(value)] if nested else [f.name]
    return names + ["nope", "network", "learner.nope"]


SPEC_VALUES = JSON_VALUES | st.integers(min_value=-(10**15), max_value=10**15) | st.sampled_from(["cuda", "grid"])
SPEC_TABLES = st.fixed_dictionaries(
    {"budget": st.fixed_dictionaries({}, optional={"decisions": SPEC_VALUES, "minutes": SPEC_VALUES})},
    optional={
        "search": st.sampled_from(["grid", "random", "bayes"]) | SPEC_VALUES,
        "samples": SPEC_VALUES,
        "seeds": st.lists(st.integers(min_value=-2, max_value=10**6), max_size=30) | SPEC_VALUES,
        "resources": st.fixed_dictionaries({}, optional={"cpus": SPEC_VALUES}),
        "asha": st.fixed_dictionaries({}, optional={"grace_decisions": SPEC_VALUES}),
        "fixed": st.dictionaries(st.sampled_from(_train_config_names()), SPEC_VALUES, max_size=3),
        "space": st.dictionaries(
            st.sampled_from(_train_config_names()),
            st.lists(SPEC_VALUES, max_size=40) | st.fixed_dictionaries({"low": SPEC_VALUES, "high": SPEC_VALUES}),
            max_size=8,
        ),
    },
)


@FUZZ
@given(SPEC_TABLES)
def test_generated_sweep_specs_parse_or_give_one_line_and_never_grow_past_the_trial_limit(data):
    from crossy_desktop.training.sweep_spec import MAX_TRIALS, SweepSpecError, parse_spec

    try:
        spec = parse_spec(data)
    except SweepSpecError as exc:
        assert "\n" not in str(exc)
        return
    assert len(spec.trials()) == spec.trial_count <= MAX_TRIALS


def test_the_same_replay_memory_is_refused_by_crossy_train_in_the_same_words(tmp_path):
    from helpers import run_cli

    done = run_cli("train", "--buffer-capacity", str(10**12), "--run-dir", str(tmp_path / "run"))
    assert done.returncode == 2 and done.stderr.startswith("crossy train: error: argument --buffer-capacity: ")
    assert len(done.stderr.strip().splitlines()) == 1 and "6.27 PiB" in done.stderr
    assert not (tmp_path / "run").exists()


def test_more_cpus_per_trial_than_the_machine_has_is_one_line_and_writes_no_sweep_folder(tmp_path):
    from crossy_desktop.training.sweep import start_sweep
    from crossy_desktop.training.sweep_spec import SweepSpecError

    spec = tmp_path / "big.toml"
    spec.write_text('seeds = [1]\n[budget]\ndecisions = 2048\n[resources]\ncpus = 100000\n[space]\n"gamma" = [0.99]\n')
    with pytest.raises(SweepSpecError, match=r"cpus: 100000 per trial, but this machine has \d+"):
        start_sweep(spec, tmp_path / "sweep")
    assert not (tmp_path / "sweep").exists()


def test_a_sweep_spec_that_is_a_folder_says_so(tmp_path):
    from helpers import run_cli

    done = run_cli("sweep", str(tmp_path))
    assert done.returncode == 2 and f"{tmp_path} is a folder, not a file" in done.stderr


# -- names that reach paths ----------------------------------------------------------------------------
HOSTILE_NAMES = ["x/../../../ESCAPED", "..", ".hidden", "a\nb", "tab\there", "\udcff\udcfe-bytes", "", "/", "C:\\x"]


@FUZZ
@given(st.text() | st.sampled_from(HOSTILE_NAMES))
def test_a_slug_is_always_one_plain_name_inside_its_folder(tmp_path_factory, text):
    from crossy_desktop.storage.names import numbered, shown, slug

    name = slug(text)
    assert name and set(name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    assert not name.startswith((".", "-")) and name not in (".", "..")
    folder = tmp_path_factory.getbasetemp()
    assert next(numbered(folder, text, ".x")).parent == folder
    assert "\n" not in shown(text) and shown(text).isprintable()


@pytest.mark.slow
def test_a_player_name_with_separators_saves_the_student_inside_out(tmp_path, scripted_demos):
    """`crossy teach --player "x/../../../ESCAPED" --out A/B/C` wrote the student two folders above C."""
    from helpers import run_cli

    from crossy_desktop.storage.demo_file import load_demo, save_demo

    _, paths = scripted_demos
    demos = tmp_path / "demos"
    player = "x/../../../ESCAPED"
    for path in paths:
        demo = load_demo(path)
        demo.meta.controllers = [player]
        save_demo(demos / f"{path.stem}.npz", demo)
    out = tmp_path / "A" / "B" / "C"
    tiny = ("--updates", "20", "--eval-every", "10", "--eval-games", "1", "--test-games", "1")
    done = run_cli(
        "teach", "--demos", str(demos), "--player", player, "--out", str(out), "--no-progress", *tiny,
        env_extra={"CROSSY_DATA_DIR": str(tmp_path / "data")}, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    students = list(out.iterdir())
    assert len(students) == 1 and students[0].name.startswith("student-of-x-..-..-..-ESCAPED-"), students
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "A").rglob("*")) == [
        "A/B", "A/B/C", f"A/B/C/{students[0].name}"
    ]  # fmt: skip
    from crossy_desktop.storage.model_file import read_model_metadata

    assert read_model_metadata(students[0])["teacher"]["player"] == player, "the name as given is kept inside"


def test_a_recorded_game_of_a_controller_with_odd_characters_gets_a_plain_file_name(tmp_path, scripted_demos):
    from crossy_desktop.play.recorder import save_new_demo
    from crossy_desktop.storage.demo_file import load_demo

    demo = load_demo(scripted_demos[1][0])
    demo.meta.controllers = ["human", "dqn freeway-dqn (31.9)", "../up"]
    path = save_new_demo(tmp_path, demo)
    assert path.parent == tmp_path and "-human-dqn-freeway-dqn-31.9-..-up-seed" in path.name, path.name
    assert load_demo(path).meta.controllers == demo.meta.controllers


# -- bombs in demonstration files ------------------------------------------------------------------------
@pytest.mark.parametrize("member", ["meta", "frames", "actions", "rewards", "terminals", "controllers", "rams"])
def test_a_bomb_in_any_member_is_refused_before_it_is_inflated(scripted_demos, tmp_path, member):
    import resource

    from crossy_desktop.storage.demo_file import DemoFileError, load_demo_dir, read_meta

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from bench_faults import bomb_file

    _, paths = scripted_demos
    bomb = tmp_path / f"bomb-{member}.demo.npz"
    bomb_file(paths[0], member, bomb)
    assert bomb.stat().st_size < 2 * paths[0].stat().st_size, "a small file"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if member == "meta":
        with pytest.raises(DemoFileError, match="declares"):
            read_meta(bomb)  # the listing's read: only the metadata
    found = load_demo_dir(tmp_path)
    assert found.demos == [] and len(found.errors) == 1 and "declares" in found.errors[0], found.errors
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 32, f"reading it grew the process by {grown_mib:.0f} MiB"


# -- run folders -------------------------------------------------------------------------------------------
def test_runs_started_in_the_same_second_never_share_a_folder(tmp_path):
    import threading

    from crossy_desktop.training.run_folder import new_run_dir

    made: list = []
    start = threading.Barrier(8)

    def claim() -> None:
        start.wait()
        made.append(new_run_dir(tmp_path))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 8 and all(p.is_dir() and p.parent == tmp_path for p in made)


def test_a_second_command_training_in_a_held_folder_stops_in_one_line(tmp_path):
    from helpers import run_cli

    from crossy_desktop.storage.folder_lock import FolderBusy, hold

    run = tmp_path / "run"
    with hold(run, "first"):  # what a running `crossy train` (or teach) holds
        with pytest.raises(FolderBusy), hold(run, "second"):
            pass
        done = run_cli("train", "--run-dir", str(run), "--decisions", "10", "--no-progress")
        resumed = run_cli("train", "--resume", str(run))
    assert done.returncode == 1 and done.stderr.strip() == f"crossy: another command is training in {run}"
    assert resumed.returncode == 1 and resumed.stderr.strip() == f"crossy: another command is training in {run}"
    assert sorted(p.name for p in run.iterdir()) == [".lock"], "neither wrote into the held folder"


def test_teaching_runs_killed_before_their_end_are_tidied_and_a_live_one_is_left(tmp_path):
    from crossy_desktop.storage.folder_lock import hold
    from crossy_desktop.training.teach import tidy_dead_runs

    for name in ("killed", "live"):
        (tmp_path / name / "models").mkdir(parents=True)
        (tmp_path / name / "models" / "model_00001000.safetensors").write_bytes(b"m" * 1000)
        (tmp_path / name / "best.safetensors").write_bytes(b"b")
    with hold(tmp_path / "live", "teaching"):
        assert tidy_dead_runs(tmp_path) == 1
    assert not (tmp_path / "killed" / "models").exists() and (tmp_path / "killed" / "best.safetensors").exists()
    assert (tmp_path / "live" / "models" / "model_00001000.safetensors").exists()


def test_teaching_into_a_models_folder_that_cannot_be_made_stops_before_it_starts(tmp_path, scripted_demos):
    from helpers import run_cli

    blocker = tmp_path / "models"
    blocker.write_text("a file where the models folder should be")
    directory, _ = scripted_demos
    done = run_cli(
        "teach", "--demos", str(directory), "--player", "scripted", "--out", str(blocker / "mine"), "--no-progress",
        env_extra={"CROSSY_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    assert done.returncode == 1 and done.stderr.startswith(f"crossy: cannot save a student in {blocker / 'mine'}")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "data" / "teaching").exists() or not any((tmp_path / "data" / "teaching").iterdir())


# -- demos folders: links and odd names -----------------------------------------------------------------------
def test_a_link_is_skipped_and_odd_names_stay_on_their_row_in_demos_list(tmp_path, scripted_demos):
    import shutil

    from helpers import run_cli

    from crossy_desktop.storage.demo_file import load_demo_dir

    _, paths = scripted_demos
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(paths[0], outside / "elsewhere.demo.npz")
    folder = tmp_path / "demos"
    folder.mkdir()
    shutil.copy(paths[0], folder / "line\nbreak.demo.npz")
    shutil.copy(paths[1], os.fsencode(folder) + b"/raw\xff.demo.npz")
    (folder / "link.demo.npz").symlink_to(outside / "elsewhere.demo.npz")
    found = load_demo_dir(folder)
    assert len(found.demos) == 2 and len(found.errors) == 1 and "symbolic link, not followed" in found.errors[0]
    done = run_cli("demos", "list", str(folder))
    rows = done.stdout.strip().splitlines()
    assert done.returncode == 0 and len(rows) == 2 + 3 + 1, rows  # header, rule, three files, summary
    assert any(r.startswith("line\\nbreak.demo.npz") for r in rows) and any(r.startswith("raw\\xff") for r in rows)
    assert any(r.startswith("link.demo.npz") and "SKIPPED" in r for r in rows)
    assert rows[-1].endswith("1 links skipped")
