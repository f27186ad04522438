"""The command line: one dispatcher, every bad value an argparse error (exit 2, one line), every
hyperparameter in `--help`, and the controller registry behind every place that names a controller."""

import dataclasses

import pytest

from crossy_desktop.cli import build_parser, main
from crossy_desktop.controllers.base import ControllerKind
from crossy_desktop.controllers.registry import BUILTIN_AGENTS, PLAYABLE, controller_for_target, make_controller
from crossy_desktop.storage.model_file import ModelFileError
from crossy_desktop.storage.paths import models_dir
from crossy_desktop.training.config import OfflineConfig, TrainConfig


@pytest.mark.parametrize(
    "argv, complaint",
    [
        (["evaluate", "always-up", "--episodes", "0"], "--episodes: must be at least 1, not 0"),
        (["evaluate", "always-up", "--episodes", "many"], "--episodes: 'many' is not a whole number"),
        (["--max-frames", "0"], "--max-frames: must be at least 1, not 0"),
        (["--controller", "robot"], "--controller: invalid choice: 'robot'"),
        (["--model", "no-such-model.safetensors"], "--model: no such file: no-such-model.safetensors"),
        (["train", "--batch-size", "0"], "--batch-size: must be at least 1, not 0"),
        (["train", "--gamma", "1.5"], "--gamma: must be between 0 and 1, not 1.5"),
        (["train", "--learning-rate", "-1"], "--learning-rate: must be above 0, not -1.0"),
        (["train", "--reward", "points"], "--reward: invalid choice: 'points'"),
        (["train-offline", "--demos", "d", "--eval-every", "0"], "--eval-every: must be at least 1, not 0"),
        (["video", "random", "--out", "a.gif", "--every", "0"], "--every: must be from 1 to 8192, not 0"),
        (["video", "random", "--out", "a.gif", "--every", "1000000000"], "--every: must be from 1 to 8192"),
        (["video", "random", "--out", "a.gif", "--seed", "-1"], "--seed: must be from 0 to 2**32 - 1, not -1"),
        (["--seed", "-5"], "--seed: must be from 0 to 2**32 - 1, not -5"),
        (["evaluate", "random", "--seed", "-1"], "--seed: must be from 0 to 2**32 - 1, not -1"),
        (["train", "--checkpoint-every", "-1"], "--checkpoint-every: must be 0 or more, not -1"),
        (["train", "--checkpoint-minutes", "-1"], "--checkpoint-minutes: must be 0 or more, not -1.0"),
        (["train", "--decisions", "0"], "--decisions: must be at least 1, not 0"),
        (["train-offline", "--demos", "d", "--seed", "-3"], "--seed: must be from 0 to 2**32 - 1, not -3"),
        (["demos", "record", "random", "--games", "-2"], "--games: must be at least 1, not -2"),
        (["scores", "--limit", "0"], "--limit: must be from 1 to 1000000, not 0"),
        (["scores", "--limit", "1e30"], "--limit: '1e30' is not a whole number"),
        (["demos", "record", "random", "--out", __file__], "is a file, not a folder"),
    ],
)
def test_every_bad_value_is_one_argparse_line_and_exit_2(argv, complaint, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(argv)
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crossy") and complaint in lines[0], lines


@pytest.mark.parametrize("command, recipe", [("train", TrainConfig()), ("train-offline", OfflineConfig())])
def test_train_help_lists_every_hyperparameter(capsys, command, recipe):
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    text = capsys.readouterr().out
    for config in (recipe, recipe.learner, recipe.network):
        for field in dataclasses.fields(config):
            if field.metadata.get("cli") and not dataclasses.is_dataclass(getattr(config, field.name)):
                assert "--" + field.name.replace("_", "-") in text, field.name
    assert "Adam learning rate" in text and f"(default: {recipe.learner.learning_rate})" in text


def test_options_become_the_config_and_defaults_stay(tmp_path):
    from crossy_desktop.cli.arguments import config_from_args

    args = build_parser().parse_args(["train", "--decisions", "5000", "--learning-rate", "3e-4", "--dueling"])
    config = config_from_args(TrainConfig(), args)
    assert config.total_decisions == 5000 and config.learner.learning_rate == 3e-4 and config.network.dueling
    assert config.batch_size == TrainConfig().batch_size and config.learner.target_period == 2000
    offline = config_from_args(OfflineConfig(), build_parser().parse_args(["train-offline", "--demos", "d"]))
    assert offline == OfflineConfig(), "no option given: the offline defaults, learner and network included"


def test_each_default_is_stated_once_and_the_recipes_differ_only_where_they_say():
    """The trainers take the network's and the learner's defaults as those classes state them, apart from the
    few settings each recipe names (training/config.py); teaching is the offline recipe on one thread."""
    from crossy_desktop.rl.learner_config import LearnerConfig
    from crossy_desktop.rl.network_spec import NetworkSpec
    from crossy_desktop.training.teach import teach_config

    def differences(a, b) -> set[str]:
        return {k for k, v in dataclasses.asdict(a).items() if dataclasses.asdict(b)[k] != v}

    online, offline = TrainConfig(), OfflineConfig()
    assert online.network == NetworkSpec() and differences(online.learner, LearnerConfig()) == {"margin_weight"}
    assert differences(offline.network, NetworkSpec()) == {"input_norm"}
    assert differences(offline.learner, LearnerConfig()) == {"target_period", "double_dqn"}
    assert differences(teach_config(), offline) == {"threads"}
    shared = {f.name for f in dataclasses.fields(OfflineConfig)} & {f.name for f in dataclasses.fields(TrainConfig)}
    assert {k for k in shared if getattr(online, k) != getattr(offline, k)} == {"n_step", "learner", "network"}


def test_resume_refuses_other_settings(tmp_path, capsys):
    assert main(["train", "--resume", str(tmp_path), "--gamma", "0.9"]) == 1
    assert "only --decisions may change, not --gamma" in capsys.readouterr().err


def test_the_registry_builds_every_playable_controller_by_name():
    for name in PLAYABLE:
        controller = make_controller(name, seed=3)
        assert controller.kind == name
    for name in BUILTIN_AGENTS:
        assert controller_for_target(name).kind == name
    dqn = controller_for_target(str(models_dir() / "freeway-dqn.safetensors"))
    assert dqn.kind == ControllerKind.DQN and dqn.model == "freeway-dqn.safetensors"
    with pytest.raises(ValueError, match="unknown controller 'robot'"):
        make_controller("robot")
    with pytest.raises(ModelFileError, match="model file not found"):
        controller_for_target("no-such.safetensors")
