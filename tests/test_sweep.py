"""`crossy sweep` on a local Ray: the spec file, the report (rliable's IQM), TensorBoard files, and a tiny
real sweep that is killed and resumed without re-running a finished trial.

The Ray tests run `crossy sweep` as a user would, in a subprocess: each trial is one training game of
2,048 decisions with a tiny network, so a sweep of four trials takes about a minute here.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from crossy_desktop.training.sweep_spec import SweepSpecError, load_spec, parse_spec

TINY = """
name = "tiny"
seeds = [1, 2]
[budget]
decisions = 2048
[resources]
cpus = {cpus}
[fixed]
learning_starts = 1800
test_every = 2048
test_games = 1
checkpoint_every = 2048
buffer_capacity = 4096
"network.channels" = 8
"network.hidden" = 32
[space]
{space}
"""


def tiny_spec(tmp_path: Path, space: str, cpus: int = 1, seeds: str = "[1, 2]") -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY.format(cpus=cpus, space=space).replace("seeds = [1, 2]", f"seeds = {seeds}"))
    return path


# -- the spec file --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data, complaint",
    [
        ({"space": {"nope": [1]}, "budget": {"decisions": 5}}, "unknown setting 'nope'"),
        ({"space": {"network.width": [1]}, "budget": {"decisions": 5}}, "network has no field width"),
        ({"space": {"network": [1]}, "budget": {"decisions": 5}}, "'network' is a group of settings"),
        ({"space": {"network.channels": [0]}, "budget": {"decisions": 5}}, "channels: must be at least 1, not 0"),
        ({"space": {"gamma": [1.5]}, "budget": {"decisions": 5}}, "gamma: must be between 0 and 1, not 1.5"),
        ({"space": {"batch_size": [32.5]}, "budget": {"decisions": 5}}, "batch_size: a whole number, not 32.5"),
        ({"space": {"reward": ["points"]}, "budget": {"decisions": 5}}, "reward: one of raw, step-penalty"),
        ({"space": {"seed": [3]}, "budget": {"decisions": 5}}, "seed is set by seeds"),
        ({"space": {"gamma": []}, "budget": {"decisions": 5}}, "gamma: give a list of values"),
        ({"space": {"gamma": {"low": 0.9, "high": 0.99}}, "budget": {"decisions": 5}}, "a grid needs a list"),
        ({"space": {}}, "[budget] needs decisions, minutes or both"),
        ({"budget": {"hours": 1}}, "[budget]: unknown key 'hours'"),
        ({"budget": {"decisions": 5}, "seeds": [1, 1]}, "seeds: each seed once"),
        ({"budget": {"decisions": 5}, "search": "bayes"}, "search: one of grid, random"),
        ({"budget": {"decisions": 5}, "asha": {"grace_decisions": 0}}, "[asha] grace_decisions: a whole number"),
    ],
)
def test_a_bad_spec_is_one_line_naming_what_is_wrong(data, complaint):
    with pytest.raises(SweepSpecError) as caught:
        parse_spec(data)
    assert complaint in str(caught.value) and "\n" not in str(caught.value)


def test_a_spec_file_that_is_not_toml_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("seeds = [1,\n")
    with pytest.raises(SweepSpecError, match=r"bad.toml: not valid TOML"):
        load_spec(bad)


def test_a_grid_is_every_combination_times_every_seed_and_a_random_search_is_repeatable():
    grid = parse_spec(
        {"seeds": [4, 5], "budget": {"minutes": 30}, "resources": {"cpus": 2},
         "fixed": {"learner.target_period": 500}, "space": {"network.hidden": [64, 128], "gamma": [0.9, 0.99]}}
    )  # fmt: skip
    trials = grid.trials()
    assert len(trials) == 8 and len({t.trial_id for t in trials}) == 8
    first = trials[0]
    assert first.label == "gamma=0.9 network.hidden=64" and first.seed == 4
    assert first.config["seed"] == 4 and first.config["wall_minutes"] == 30.0 and first.config["threads"] == 2
    assert first.config["learner"]["target_period"] == 500 and first.config["network"]["hidden"] == 64
    rate = {"low": 1e-5, "high": 1e-3, "log": True}
    random = {"search": "random", "samples": 5, "budget": {"decisions": 10_000},
              "space": {"learner.learning_rate": rate, "n_step": [1, 3]}}  # fmt: skip
    a, b = parse_spec(random).trials(), parse_spec(random).trials()
    assert [t.config for t in a] == [t.config for t in b], "a resumed sweep must see the same trials"
    rates = [t.config["learner"]["learning_rate"] for t in a]
    assert all(1e-5 <= r <= 1e-3 for r in rates) and len(set(rates)) > 1


def test_the_example_sweep_in_the_repository_is_valid():
    spec = load_spec(Path(__file__).parents[1] / "sweeps" / "example.toml")
    assert len(spec.trials()) == len(spec.configurations()) * len(spec.seeds) >= 4


# -- the report -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_the_report_aggregates_seeds_with_rliables_iqm_and_its_bootstrap_interval(tmp_path):
    from crossy_desktop.storage.metrics_csv import append_row
    from crossy_desktop.training.online import TEST_FIELDS
    from crossy_desktop.training.sweep_report import read_results, write_report

    spec = parse_spec({"seeds": [1, 2, 3, 4], "budget": {"decisions": 50_000}, "space": {"gamma": [0.9, 0.99]}})
    finals = {0.9: [20, 30, 31, 32], 0.99: [25, 26, 27, 40]}
    for trial in spec.trials():
        final = finals[trial.config["gamma"]][trial.seed - 1]
        (tmp_path / "trials" / trial.trial_id).mkdir(parents=True)
        for step, score in ((25_000, final - 1), (50_000, final)):
            append_row(tmp_path / "trials" / trial.trial_id / "tests.csv", TEST_FIELDS,
                       {"decisions": step, "wall_s": step / 100 + trial.seed, "test_mean": score, "games": 3,
                        "model": "m"})  # fmt: skip
        (tmp_path / "trials" / trial.trial_id / "status.json").write_text(json.dumps({"status": "finished"}))
    best = write_report(tmp_path, read_results(tmp_path / "trials", spec.trials()))
    # IQM of 4 runs: the mean of the middle two. 30.5 for gamma 0.9, 26.5 for 0.99
    assert best["config"] == "gamma=0.9" and best["iqm_final"] == pytest.approx(30.5)
    assert 20 <= best["ci95_low"] <= 30.5 <= best["ci95_high"] <= 32
    assert best["reached_30.3"] == "2/4"
    table = (tmp_path / "trials.csv").read_text().splitlines()
    assert table[0].endswith("score@25000,score@50000") and len(table) == 9
    aggregate = (tmp_path / "aggregate.csv").read_text().splitlines()
    assert aggregate[1].startswith("gamma=0.9,4,4,30.5") and aggregate[2].startswith("gamma=0.99,4,4,26.5")
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- TensorBoard ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_every_metrics_and_test_row_also_lands_in_tensorboard_and_a_resume_drops_the_lost_future(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    from crossy_desktop.training.online import METRIC_FIELDS, TEST_FIELDS
    from crossy_desktop.training.run_folder import RunFolder

    run = RunFolder(tmp_path, METRIC_FIELDS, TEST_FIELDS)
    for game in range(3):
        run.append_metrics({"game": game, "decisions": 2048 * (game + 1), "score": 10 + game, "loss": ""})
    run.append_test({"decisions": 4096, "wall_s": 12.5, "test_mean": 21.0, "model": "model_00004096.safetensors"})
    run.close()
    events = EventAccumulator(str(tmp_path)).Reload()
    assert [(e.step, e.value) for e in events.Scalars("train/score")] == [(2048, 10), (4096, 11), (6144, 12)]
    assert [(e.step, e.value) for e in events.Scalars("test/test_mean")] == [(4096, 21.0)]
    assert "train/loss" not in events.Tags()["scalars"], "empty cells are not zeros"

    # TensorBoard reads a folder's event files in name order: the creation second, then a per-process counter
    # compared as text ("10" before "9"), so two writers of one process in one second can read back reversed.
    # A real resume is a new process, seconds later; here the next second stands for that.
    time.sleep(1.05)
    resumed = RunFolder(tmp_path, METRIC_FIELDS, TEST_FIELDS)
    resumed.keep_metrics_until("decisions", 4096)  # the checkpoint was at 4096: game 3 will be played again
    resumed.append_metrics({"game": 2, "decisions": 6144, "score": 15})
    resumed.close()
    events = EventAccumulator(str(tmp_path)).Reload()
    assert [(e.step, e.value) for e in events.Scalars("train/score")] == [(2048, 10), (4096, 11), (6144, 15)]

    (tmp_path / "teach").mkdir()
    quiet = RunFolder(tmp_path / "teach", METRIC_FIELDS, TEST_FIELDS, tensorboard=False)  # the window's teaching
    quiet.append_metrics({"game": 0, "decisions": 2048, "score": 10})
    quiet.close()
    assert not list((tmp_path / "teach").glob("events.out.tfevents.*"))


# -- the command ----------------------------------------------------------------------------------
def test_without_the_sweep_extra_the_command_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    from crossy_desktop.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` finds when Ray is not installed
    spec = tiny_spec(tmp_path, '"gamma" = [0.99]')
    assert main(["sweep", str(spec), "--dir", str(tmp_path / "s")]) == 1
    assert (
        capsys.readouterr().err.strip()
        == "crossy: crossy sweep needs Ray Tune and rliable: pip install 'crossy-desktop[sweep]'"
    )
    assert not (tmp_path / "s").exists()


def sweep_process(*args: str, models: Path) -> subprocess.Popen:
    env = {**os.environ, "CROSSY_DATA_DIR": str(models.parent), "RAY_AUTH_MODE": "disabled"}
    return subprocess.Popen(
        [sys.executable, "-m", "crossy_desktop", "sweep", *args, "--models-dir", str(models)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True,
    )  # fmt: skip


def wait_until_gone(session: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while subprocess.run(["pgrep", "-s", str(session)], capture_output=True).returncode == 0:
        assert time.monotonic() < deadline, "processes of the killed sweep are still running"
        time.sleep(0.5)


def statuses(sweep_dir: Path) -> dict[str, str]:
    return {p.parent.name: json.loads(p.read_text())["status"] for p in sweep_dir.glob("trials/*/status.json")}


@pytest.mark.slow
def test_a_killed_sweep_resumes_without_re_running_a_finished_trial(tmp_path):
    from crossy_desktop.rl.agent_file import find_models, load_agent

    sweep_dir, models = tmp_path / "sweep", tmp_path / "data" / "models"
    spec = tiny_spec(tmp_path, '"learner.learning_rate" = [1e-4, 3e-4]', cpus=1)  # two at a time
    first = sweep_process(str(spec), "--dir", str(sweep_dir), models=models)
    deadline = time.monotonic() + 600
    while not statuses(sweep_dir) and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.5)
    os.killpg(first.pid, signal.SIGKILL)  # the driver and the Ray cluster it started
    first.communicate()
    wait_until_gone(session=first.pid)  # Ray's workers (process groups of their own) see the cluster die
    done = statuses(sweep_dir)
    assert 1 <= len(done) < 4 and set(done.values()) == {"finished"}, done
    kept = {t: (sweep_dir / "trials" / t / "tests.csv").read_text() for t in done}
    stamps = {t: (sweep_dir / "trials" / t / "status.json").stat().st_mtime_ns for t in done}

    second = sweep_process("--resume", str(sweep_dir), models=models)
    out, _ = second.communicate(timeout=900)
    assert second.returncode == 0, out
    assert f"{len(done)} of 4 trials already ended; running the other {4 - len(done)}" in out
    assert statuses(sweep_dir) == dict.fromkeys(statuses(sweep_dir), "finished") and len(statuses(sweep_dir)) == 4
    for trial, text in kept.items():  # not run again: same table, same status file
        assert (sweep_dir / "trials" / trial / "tests.csv").read_text() == text
        assert (sweep_dir / "trials" / trial / "status.json").stat().st_mtime_ns == stamps[trial]

    trials = (sweep_dir / "trials.csv").read_text().splitlines()
    assert len(trials) == 5 and all(",finished,2048," in row for row in trials[1:])
    aggregate = (sweep_dir / "aggregate.csv").read_text().splitlines()
    assert len(aggregate) == 3 and {row.split(",")[1] for row in aggregate[1:]} == {"2"}, "2 seeds per configuration"
    assert (sweep_dir / "curves.png").stat().st_size > 10_000
    assert list((sweep_dir / "trials" / "c00-seed1").glob("events.out.tfevents.*")), "TensorBoard files"
    exported = find_models(models)
    assert len(exported) == 1 and exported[0].name.startswith("sweep-tiny-c0")
    agent = load_agent(exported[0])
    assert agent.metadata["sweep"]["name"] == "tiny" and agent.metadata["evaluation"]["episodes"] == 1
    assert "its best seed's model" in out and "IQM" in out


@pytest.mark.slow
def test_a_crashed_trial_is_reported_while_the_others_finish(tmp_path):
    sweep_dir, models = tmp_path / "sweep", tmp_path / "data" / "models"
    spec = tiny_spec(tmp_path, '"gamma" = [0.99, 0.98]', cpus=1, seeds="[1]")
    damaged = sweep_dir / "trials" / "c01-seed1" / "checkpoint"  # a trial folder whose config.json was lost
    damaged.mkdir(parents=True)
    (damaged / "loop.json").write_text("{}")
    sessions_before = set(Path(tempfile.gettempdir()).glob("crossy-ray-*"))
    run = sweep_process(str(spec), "--dir", str(sweep_dir), models=models)
    out, _ = run.communicate(timeout=900)
    assert run.returncode == 1, out
    assert out.strip().splitlines()[-1].startswith("crossy: 1 trial(s) crashed (c01-seed1)")
    assert set(Path(tempfile.gettempdir()).glob("crossy-ray-*")) == sessions_before, "Ray's session files are gone"
    done = statuses(sweep_dir)
    assert done["c00-seed1"] == "finished"
    assert done["c01-seed1"].startswith("crashed: ") and "config.json" in done["c01-seed1"]
    assert len(list(models.glob("*.safetensors"))) == 1, "the finished trial's model is still exported"
    assert np.genfromtxt(sweep_dir / "trials.csv", delimiter=",", dtype=str).shape[0] == 3


def test_a_second_sweep_on_the_same_folder_is_refused_in_one_line(tmp_path, capsys):
    import fcntl

    from crossy_desktop.cli import main

    sweep_dir = tmp_path / "sweep"
    sweep_dir.mkdir()
    tiny_spec(sweep_dir, '"gamma" = [0.99]').rename(sweep_dir / "spec.toml")
    with open(sweep_dir / ".lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running `crossy sweep` holds
        assert main(["sweep", "--resume", str(sweep_dir)]) == 1
    assert capsys.readouterr().err.strip().endswith(f"crossy: another crossy sweep is running on {sweep_dir}")
    assert not (sweep_dir / "trials").exists() and not (sweep_dir / "trials.csv").exists()
