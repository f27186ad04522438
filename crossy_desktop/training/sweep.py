"""`crossy sweep`: many training runs (configurations x seeds) on Ray Tune, on this machine or a Ray cluster.

Each trial is the project's own `Trainer` (training/online.py) writing an ordinary run folder under
`SWEEP/trials/<trial>/`, and reporting every greedy test to Tune, whose ASHA scheduler may stop hopeless
trials early. Ray does the scheduling and the distribution; the sweep folder is the record:

    SWEEP/spec.toml        the sweep as asked (a resume reads this copy, so the trials never change)
    SWEEP/trials/<trial>/  a run folder per trial, with status.json once it ends (finished, stopped early,
                           crashed: reason); an interrupted trial resumes from its own checkpoint
    SWEEP/trials.csv, aggregate.csv, curves.png    the report (training/sweep_report.py)
    SWEEP/ray/             Tune's own experiment records

Resuming (`--resume SWEEP`) runs only the trials without a finished or stopped-early status, so a
sweep killed at any moment loses at most the unfinished trials' progress since their last checkpoint.
Ray, Tune and rliable are the optional `sweep` extra; nothing here imports them at module level.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from crossy_desktop.errors import first_line
from crossy_desktop.storage.atomic import write_bytes, write_text
from crossy_desktop.storage.folder_lock import hold
from crossy_desktop.training.sweep_report import (
    TrialResult,
    best_trial,
    export_model,
    read_results,
    read_status,
    write_report,
)
from crossy_desktop.training.sweep_spec import SweepSpec, Trial, load_spec

DONE = ("finished", "stopped early")
INSTALL_HINT = "crossy sweep needs Ray Tune and rliable: pip install 'crossy-desktop[sweep]'"


class SweepUnavailable(RuntimeError):
    """The sweep extra is not installed."""


@dataclass
class SweepOutcome:
    results: list[TrialResult]
    ran: int  # trials this invocation ran (the rest were done before)
    best: dict  # the best configuration's aggregate row
    model: Path | None  # the exported model of its best seed


def check_installed() -> None:
    try:
        import ray.tune  # noqa: F401
        import rliable  # noqa: F401
    except ImportError as exc:
        raise SweepUnavailable(INSTALL_HINT) from exc


def new_sweep_dir(spec_path: Path, root: Path = Path("runs")) -> Path:
    """Beside the single runs, so `tensorboard --logdir runs` shows both."""
    return root / f"sweep-{spec_path.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}"


def start_sweep(spec_path: Path, sweep_dir: Path, address: str | None = None) -> SweepSpec:
    """A new sweep folder holding a copy of the spec, which every later step (and --resume) reads.
    Nothing is written for a spec that cannot run (on a cluster, its CPUs are known only once connected)."""
    spec = load_spec(spec_path)
    if address is None:
        spec.check_cpus(os.cpu_count() or 1, "this machine")
    sweep_dir.mkdir(parents=True, exist_ok=True)
    write_text(sweep_dir / "spec.toml", Path(spec_path).read_text())
    return spec


def run_sweep(
    sweep_dir: Path,
    models_dir: Path,
    address: str | None = None,
    say: Callable[[str], None] = print,
) -> SweepOutcome:
    """Run every trial of the sweep in `sweep_dir` that has not ended yet, then write the report and
    export the best configuration's best model into `models_dir`."""
    check_installed()
    sweep_dir = Path(sweep_dir).resolve()
    spec = load_spec(sweep_dir / "spec.toml")
    trials = spec.trials()
    trials_dir = sweep_dir / "trials"
    with hold(sweep_dir, f"another crossy sweep is running on {sweep_dir}"):  # one per folder, kill or not
        todo = [t for t in trials if read_status(trials_dir / t.trial_id) not in DONE]
        if len(todo) < len(trials):
            say(f"{len(trials) - len(todo)} of {len(trials)} trials already ended; running the other {len(todo)}")
        if todo:
            _tune(spec, todo, sweep_dir, address, say)
        results = read_results(trials_dir, trials)
        best = write_report(sweep_dir, results)
        winner = best_trial(results, best.get("config", ""))
        model = None
        if winner is not None and (todo or not (sweep_dir / "best.safetensors").exists()):  # once per result
            model = export_model(winner, spec.name, models_dir, trials_dir / winner.trial.trial_id)
            write_bytes(sweep_dir / "best.safetensors", model.read_bytes())
    return SweepOutcome(results, len(todo), best, model)


def _tune(spec: SweepSpec, todo: list[Trial], sweep_dir: Path, address: str | None, say: Callable[[str], None]) -> None:
    import ray
    from ray import tune
    from ray.tune.schedulers import ASHAScheduler

    trials_dir = sweep_dir / "trials"
    trials_dir.mkdir(parents=True, exist_ok=True)
    session = None
    if address:
        ray.init(address=address, logging_level="WARNING", log_to_driver=False)
    else:  # a local Ray with this machine's CPUs, its session files (a few MB) in a folder removed at the end
        spec.check_cpus(os.cpu_count() or 1, "this machine")
        session = tempfile.mkdtemp(prefix="crossy-ray-")  # short: Ray's socket paths must stay under 108 bytes
        ray.init(num_cpus=os.cpu_count(), include_dashboard=False, logging_level="WARNING", log_to_driver=False,
                 _temp_dir=session)  # fmt: skip
    try:
        if address:
            spec.check_cpus(ray.cluster_resources().get("CPU", 0), f"the Ray cluster at {address}")
        scheduler = None
        if spec.asha is not None:
            scheduler = ASHAScheduler(
                time_attr="decisions",
                grace_period=spec.asha.grace_decisions,
                # past the budget, so that ASHA never ends a trial at its last test, before it has saved
                max_t=2 * spec.budget_decisions if spec.budget_decisions else 10**12,
                reduction_factor=spec.asha.reduction_factor,
            )
        trainable = tune.with_parameters(run_trial, trials_dir=str(trials_dir))
        tuner = tune.Tuner(
            tune.with_resources(trainable, {"cpu": spec.cpus}),
            param_space={"trial": tune.grid_search([asdict(t) for t in todo])},
            tune_config=tune.TuneConfig(metric="test_mean", mode="max", scheduler=scheduler),
            run_config=tune.RunConfig(
                name=f"run-{dt.datetime.now():%Y%m%d-%H%M%S}",
                storage_path=str(sweep_dir / "ray"),
                failure_config=tune.FailureConfig(max_failures=0, fail_fast=False),
                callbacks=[_progress_callback(say)],
                verbose=0,
            ),
        )
        for result in tuner.fit():
            trial_id = result.config["trial"]["trial_id"]
            run_dir = trials_dir / trial_id
            if result.error is not None:
                status = f"crashed: {_reason(result.error)}"
                write_status(run_dir, status)
                say(f"trial {trial_id} {status}")
            elif read_status(run_dir) not in DONE:  # Tune ended it: ASHA's early stop, or at its very end
                write_status(run_dir, "finished" if _budget_spent(result.config["trial"], run_dir) else "stopped early")
    finally:
        ray.shutdown()
        if session is not None:
            shutil.rmtree(session, ignore_errors=True)


def run_trial(params: dict, trials_dir: str) -> None:
    """One trial, inside a Ray worker: the project's own training loop, reporting each greedy test to Tune.
    A trial that was interrupted before continues from its own checkpoint."""
    from ray import tune

    from crossy_desktop.training.config import TrainConfig
    from crossy_desktop.training.online import TEST_FIELDS
    from crossy_desktop.training.run_folder import RunFolder
    from crossy_desktop.training.trainers import new_trainer, resume_trainer

    trial = Trial(**params["trial"])
    run_dir = Path(trials_dir) / trial.trial_id
    if RunFolder(run_dir, [], TEST_FIELDS).has_checkpoint:
        trainer = resume_trainer(run_dir, report=lambda line: None)
    else:
        shutil.rmtree(run_dir, ignore_errors=True)  # a start killed before its first checkpoint
        run_dir.mkdir(parents=True)
        trainer = new_trainer(TrainConfig.from_dict(trial.config), run_dir)

    def report(row: dict) -> None:
        tune.report({"test_mean": row["test_mean"], "decisions": row["decisions"], "wall_minutes": row["wall_s"] / 60})

    trainer.test_listeners.append(report)
    trainer.run(progress=False)
    write_status(run_dir, "finished")


def _reason(error: BaseException) -> str:
    """The trial's own exception in one line, from under Ray's wrappers (RayTaskError keeps it as `cause`)."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    if type(error).__module__.startswith("ray"):  # no cause kept: the traceback's last line names it
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        return lines[-1] if lines else type(error).__name__
    return f"{type(error).__name__}: {first_line(error, '')}"


def _budget_spent(trial: dict, run_dir: Path) -> bool:
    from crossy_desktop.storage.metrics_csv import read_rows
    from crossy_desktop.training.config import TrainConfig

    tests = read_rows(run_dir / "tests.csv")
    last = tests[-1] if tests else {"decisions": 0, "wall_s": 0}
    return TrainConfig.from_dict(trial["config"]).budget_spent(int(last["decisions"]), float(last["wall_s"]))


def write_status(run_dir: Path, status: str) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    write_text(
        run_dir / "status.json", json.dumps({"status": status, "at": dt.datetime.now().isoformat(timespec="seconds")})
    )


def _progress_callback(say: Callable[[str], None]):
    """A Tune callback that prints one line per greedy test of any trial (Tune's own tables are off)."""
    from ray.tune import Callback

    class Progress(Callback):
        def on_trial_result(self, iteration, trials, trial, result, **info) -> None:
            spec = trial.config["trial"]
            say(f"{spec['trial_id']} ({spec['label']}): test {result['test_mean']:.2f} at "
                f"{result['decisions']} decisions, {result['wall_minutes']:.1f} min")  # fmt: skip

    return Progress()
