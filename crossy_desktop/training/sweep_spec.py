"""A sweep, as written in a TOML file: which `TrainConfig` values to try, on which seeds, with what budget.

    name = "network-size"            # optional (default: the file's name)
    search = "grid"                  # "grid": every combination of [space]; "random": `samples` draws
    samples = 4                      # random search: configurations drawn (fixed by `random_seed`)
    seeds = [1, 2, 3]                # training seeds: each configuration runs once per seed
    [budget]                         # per trial: decisions, minutes of training wall time, or both
    decisions = 100_000
    [resources]
    cpus = 1                         # per trial; also its torch threads
    [asha]                           # optional: Ray Tune's ASHA stops hopeless trials at test points
    grace_decisions = 50_000
    [fixed]                          # TrainConfig fields for every trial; nested ones by dotted name
    test_every = 25_000
    [space]                          # the values to try: a list, or (random search) a range
    "learner.learning_rate" = [1e-4, 2.5e-4]          # or { low = 1e-5, high = 1e-3, log = true }
    "network.hidden" = [256, 512]

Expanding a spec is deterministic, so a resumed sweep sees the same trials under the same names. Every
value is checked against the field it sets with `crossy train`'s own rules (only its options may be swept,
and training/preflight.py's machine checks apply), the trial count is bounded before any trial is built,
and any problem is a `SweepSpecError` with one line.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import tomllib
import typing
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from crossy_desktop.config_fields import ValueRange
from crossy_desktop.training.config import TrainConfig
from crossy_desktop.training.preflight import config_problem

SET_BY_SWEEP = {"seed": "seeds", "total_decisions": "[budget] decisions", "wall_minutes": "[budget] minutes"}
UNLIMITED_DECISIONS = 10**12  # a minutes-only budget
# A trial is a training run of minutes to an hour: 1,000 keep even a 100-CPU cluster busy for hours, and a
# count past it (a random search of a billion samples) is a typo that would only fill the memory.
MAX_TRIALS = 1_000


class SweepSpecError(ValueError):
    """A sweep file that cannot be run, with a one-line reason."""


class Search(StrEnum):
    GRID = "grid"
    RANDOM = "random"


@dataclass(frozen=True)
class Asha:
    """Ray Tune's ASHA scheduler on the greedy test score: trials below the others' quantile stop early."""

    grace_decisions: int
    reduction_factor: int = 2


@dataclass(frozen=True)
class Trial:
    """One training run of the sweep: a configuration (its label names the swept values) and a seed."""

    trial_id: str
    label: str
    seed: int
    config: dict  # TrainConfig as a dict (asdict), ready for TrainConfig.from_dict


@dataclass
class SweepSpec:
    name: str
    seeds: list[int]
    space: dict[str, Any]
    fixed: dict[str, Any] = field(default_factory=dict)
    search: Search = Search.GRID
    samples: int = 1
    random_seed: int = 0
    budget_decisions: int | None = None
    budget_minutes: float | None = None
    cpus: float = 1.0
    asha: Asha | None = None

    @property
    def trial_count(self) -> int:
        """Configurations times seeds, counted without building any."""
        if self.search is Search.GRID:
            return math.prod(len(values) for values in self.space.values()) * len(self.seeds)
        return self.samples * len(self.seeds)

    def check_cpus(self, available: float, where: str) -> None:
        """A trial's CPUs must be ones Ray will have, or Tune waits for them forever."""
        if self.cpus > available:
            raise SweepSpecError(f"[resources] cpus: {_show(self.cpus)} per trial, but {where} has {_show(available)}")

    def configurations(self) -> list[dict[str, Any]]:
        """The swept values of each configuration, in a fixed order."""
        names = sorted(self.space)
        if self.search is Search.GRID:
            return [
                dict(zip(names, values, strict=True)) for values in itertools.product(*(self.space[n] for n in names))
            ]
        rng = np.random.default_rng(self.random_seed)
        return [{n: _draw(self.space[n], rng) for n in names} for _ in range(self.samples)]

    def trials(self) -> list[Trial]:
        found = []
        for index, values in enumerate(self.configurations()):
            label = " ".join(f"{k}={_show(v)}" for k, v in values.items()) or "defaults"
            for seed in self.seeds:
                config = {**self.fixed, **values, "seed": seed, "threads": max(1, int(self.cpus))}
                config["total_decisions"] = self.budget_decisions or UNLIMITED_DECISIONS
                config["wall_minutes"] = self.budget_minutes or 0.0
                found.append(Trial(f"c{index:02d}-seed{seed}", label, seed, _train_config(config)))
        return found


def load_spec(path: Path) -> SweepSpec:
    """Read and check a sweep file; every problem is one SweepSpecError line naming the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, UnicodeDecodeError) as exc:
        raise SweepSpecError(f"{path}: cannot read it ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SweepSpecError(f"{path}: not valid TOML ({exc})") from None
    try:
        return parse_spec(data, default_name=path.stem)
    except SweepSpecError as exc:
        raise SweepSpecError(f"{path}: {exc}") from None


def parse_spec(data: dict, default_name: str = "sweep") -> SweepSpec:
    known = {"name", "search", "samples", "random_seed", "seeds", "budget", "resources", "asha", "fixed", "space"}
    _no_unknown(data, known, "the sweep")
    budget, resources = _table(data, "budget"), _table(data, "resources")
    _no_unknown(budget, {"decisions", "minutes"}, "[budget]")
    _no_unknown(resources, {"cpus"}, "[resources]")
    search = _choice(data.get("search", "grid"), Search, "search")
    spec = SweepSpec(
        name=_text(data.get("name", default_name), "name"),
        seeds=_seeds(data.get("seeds", [1])),
        space=_table(data, "space"),
        fixed=_table(data, "fixed"),
        search=search,
        samples=_whole(data.get("samples", 1), "samples"),
        random_seed=_whole(data.get("random_seed", 0), "random_seed", low=0),
        budget_decisions=_whole(budget["decisions"], "[budget] decisions") if "decisions" in budget else None,
        budget_minutes=_positive(budget["minutes"], "[budget] minutes") if "minutes" in budget else None,
        cpus=_positive(resources.get("cpus", 1), "[resources] cpus"),
        asha=_asha(data["asha"]) if "asha" in data else None,
    )
    if spec.budget_decisions is None and spec.budget_minutes is None:
        raise SweepSpecError("[budget] needs decisions, minutes or both")
    for name, values in spec.space.items():
        if isinstance(values, dict):
            if search is Search.GRID:
                raise SweepSpecError(f"[space] {name}: a grid needs a list of values; ranges are for random search")
            _check_range(name, values)
        elif not isinstance(values, list) or not values:
            raise SweepSpecError(f"[space] {name}: give a list of values to try")
    for name in [*spec.space, *spec.fixed]:
        if name in SET_BY_SWEEP:
            raise SweepSpecError(f"{name} is set by {SET_BY_SWEEP[name]}, not in [fixed] or [space]")
    if spec.trial_count > MAX_TRIALS:
        raise SweepSpecError(f"{spec.trial_count} trials (configurations x seeds): at most {MAX_TRIALS} in one sweep")
    spec.trials()  # every value checked against its field now, not when a trial starts
    return spec


# -- checking values against TrainConfig ------------------------------------------------------------
def _train_config(flat: dict[str, Any]) -> dict:
    """TrainConfig's dict with the dotted names in `flat` set, each value checked against its field."""
    config = dataclasses.asdict(TrainConfig())
    for name, value in flat.items():
        kind, value_range = _field(name)
        *groups, leaf = name.split(".")
        node = config
        for part in groups:
            node = node[part]
        node[leaf] = _checked_value(name, value, kind, value_range)
    try:
        problem = config_problem(TrainConfig.from_dict(config))
    except (TypeError, ValueError) as exc:
        raise SweepSpecError(f"the settings do not make a training config: {exc}") from None
    if problem is not None:
        raise SweepSpecError(f"{_swept_name(problem.field, flat)}: {problem.reason}")
    return config


def _swept_name(leaf: str, flat: dict[str, Any]) -> str:
    """The dotted name the spec used for a TrainConfig field (the field's own name if it was not set)."""
    return next((name for name in flat if name.split(".")[-1] == leaf), leaf)


def _field(name: str) -> tuple[Any, ValueRange | None]:
    """The type and allowed range of a dotted TrainConfig name."""
    owner: Any = TrainConfig()
    parts = name.split(".")
    for depth, part in enumerate(parts):
        match = {f.name: f for f in dataclasses.fields(owner)}.get(part)
        if match is None:
            where = ".".join(parts[:depth]) or "TrainConfig"
            raise SweepSpecError(f"unknown setting '{name}' ({where} has no field {part}; see crossy train --help)")
        value = getattr(owner, part)
        if depth < len(parts) - 1:
            if not dataclasses.is_dataclass(value):
                raise SweepSpecError(f"unknown setting '{name}' ({part} has no fields)")
            owner = value
            continue
        if dataclasses.is_dataclass(value):
            raise SweepSpecError(f"'{name}' is a group of settings: name one of its fields ({name}.FIELD)")
        if not match.metadata.get("cli", False):  # crossy train has no option for it: not a hyperparameter
            raise SweepSpecError(f"'{name}' is not a hyperparameter: crossy train has no option for it")
        kind = typing.get_type_hints(type(owner))[part]
        return kind, match.metadata.get("range")
    raise AssertionError("unreachable")


def _checked_value(name: str, value: Any, kind: Any, value_range: ValueRange | None) -> Any:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _choice(value, kind, name).value
    if kind is bool:
        if not isinstance(value, bool):
            raise SweepSpecError(f"{name}: true or false, not {value!r}")
        return value
    if kind in (int, float):
        whole = kind is int
        if isinstance(value, bool) or not isinstance(value, int | float) or (whole and not isinstance(value, int)):
            raise SweepSpecError(f"{name}: a {'whole ' if whole else ''}number, not {value!r}")
        if not math.isfinite(value):
            raise SweepSpecError(f"{name}: a finite number, not {value!r}")
        value_range = value_range or ValueRange.default_for(whole)
        if not value_range.accepts(value):
            raise SweepSpecError(f"{name}: must be {value_range.rule(whole)}, not {value}")
        return kind(value)
    if not isinstance(value, str) and value is not None:
        raise SweepSpecError(f"{name}: text, not {value!r}")
    return value


# -- small readers -----------------------------------------------------------------------------------
def _no_unknown(table: dict, known: set[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise SweepSpecError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(known))})")


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise SweepSpecError(f"[{key}] must be a table")
    return dict(value)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip() or "/" in value:
        raise SweepSpecError(f"{name}: a short text without '/', not {value!r}")
    return value.strip()


def _whole(value: Any, name: str, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise SweepSpecError(f"{name}: a whole number of at least {low}, not {value!r}")
    return value


def _positive(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise SweepSpecError(f"{name}: a number above 0, not {value!r}")
    return float(value)


def _seeds(value: Any) -> list[int]:
    if not isinstance(value, list) or not value:
        raise SweepSpecError("seeds: a list of training seeds, such as [1, 2, 3]")
    seeds = [_whole(s, "seeds", low=0) for s in value]
    if len(set(seeds)) != len(seeds):
        raise SweepSpecError(f"seeds: each seed once, not {seeds}")
    return seeds


def _choice(value: Any, kind: type[Enum], name: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise SweepSpecError(f"{name}: one of {', '.join(str(m.value) for m in kind)}, not {value!r}") from None


def _asha(table: Any) -> Asha:
    if not isinstance(table, dict):
        raise SweepSpecError("[asha] must be a table")
    _no_unknown(table, {"grace_decisions", "reduction_factor"}, "[asha]")
    return Asha(
        _whole(table.get("grace_decisions"), "[asha] grace_decisions"),
        _whole(table.get("reduction_factor", 2), "[asha] reduction_factor", low=2),
    )


def _check_range(name: str, spec: dict) -> None:
    _no_unknown(spec, {"low", "high", "log", "integer"}, f"[space] {name}")
    low, high = spec.get("low"), spec.get("high")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)) or not low < high:
        raise SweepSpecError(f"[space] {name}: a range needs numbers low < high")
    if spec.get("log") and low <= 0:
        raise SweepSpecError(f"[space] {name}: a log range needs low above 0")


def _draw(values: list | dict, rng: np.random.Generator) -> Any:
    if isinstance(values, list):
        return values[int(rng.integers(len(values)))]
    low, high = values["low"], values["high"]
    if values.get("log"):
        drawn = float(np.exp(rng.uniform(np.log(low), np.log(high))))
    else:
        drawn = float(rng.uniform(low, high))
    return round(drawn) if values.get("integer") else float(f"{drawn:.4g}")


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
