"""`crossy sweep SPEC`: configurations x seeds of `crossy train` on Ray Tune, aggregated with rliable.

Needs the `sweep` extra (Ray Tune, rliable, TensorBoard): without it the command says in one line how to
install it. See training/sweep_spec.py for the file format and training/sweep.py for the sweep folder.
"""

from __future__ import annotations

import argparse
import sys

from crossy_desktop.cli.arguments import existing_file, fail, folder


def add_parser(sub: argparse._SubParsersAction) -> None:
    sweep = sub.add_parser("sweep", help="train many configurations and seeds on Ray Tune and compare them")
    sweep.add_argument("spec", type=existing_file, nargs="?", help="the sweep file (TOML; see sweeps/example.toml)")
    sweep.add_argument("--dir", type=folder, default=None, help="sweep folder (default: runs/sweep-<spec>-<timestamp>)")
    sweep.add_argument(
        "--resume", type=folder, default=None, metavar="SWEEP_DIR", help="run the trials of a sweep that have not ended"
    )
    sweep.add_argument(
        "--address", default=None, help="a Ray cluster to run on (Ray's address forms: HOST:PORT, auto, ray://...)"
    )
    sweep.add_argument("--models-dir", type=folder, default=None, help="where the best model goes (default: yours)")
    sweep.set_defaults(func=run_sweep)


def run_sweep(args: argparse.Namespace) -> int:
    from crossy_desktop.storage.folder_lock import FolderBusy
    from crossy_desktop.storage.paths import user_models_dir
    from crossy_desktop.training import sweep
    from crossy_desktop.training.sweep_spec import SweepSpecError

    if (args.spec is None) == (args.resume is None):
        return fail("crossy sweep: give a SPEC file, or --resume SWEEP_DIR (not both)")
    try:
        sweep.check_installed()
        if args.resume is not None:
            sweep_dir = args.resume
            if not (sweep_dir / "spec.toml").is_file():
                return fail(f"{sweep_dir} is not a sweep folder (no spec.toml)")
        else:
            sweep_dir = args.dir or sweep.new_sweep_dir(args.spec)
            if (sweep_dir / "spec.toml").exists():
                return fail(f"{sweep_dir} already holds a sweep: use --resume {sweep_dir}")
            sweep.start_sweep(args.spec, sweep_dir, args.address)
    except (sweep.SweepUnavailable, SweepSpecError, OSError) as exc:
        return fail(str(exc))
    print(f"sweep folder: {sweep_dir}", file=sys.stderr)
    try:
        outcome = sweep.run_sweep(sweep_dir, args.models_dir or user_models_dir(), args.address, say=_say)
    except (SweepSpecError, FolderBusy, OSError) as exc:
        return fail(str(exc))
    ended = sum(r.status in sweep.DONE for r in outcome.results)
    crashed = [r.trial.trial_id for r in outcome.results if r.status.startswith("crashed")]
    print(f"{ended} of {len(outcome.results)} trials ended ({outcome.ran} ran now); report in {sweep_dir}")
    if outcome.best.get("iqm_final", "") != "":
        b = outcome.best
        print(f"best: {b['config']}: IQM {b['iqm_final']:.2f} (95% CI {b['ci95_low']:.2f}-{b['ci95_high']:.2f}) "
              f"over {b['finished']} seeds")  # fmt: skip
    if outcome.model is not None:
        print(f"its best seed's model: {outcome.model} (the window lists it)")
    if crashed:
        return fail(f"{len(crashed)} trial(s) crashed ({', '.join(crashed)}): see trials.csv; --resume runs them again")
    return 0


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
