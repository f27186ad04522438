"""Model files: safe to open from a stranger, self-describing, and clear about what is wrong."""

import json
import pickle

import numpy as np
import pytest
import torch
from safetensors.numpy import save as save_numpy

from crossy_desktop.rl.agent_file import load_agent, save_agent
from crossy_desktop.rl.network import NetworkSpec, QNetwork
from crossy_desktop.storage.model_file import ModelFileError, load_model_file, read_model_metadata, save_model_file


class RunsCode:
    """Unpickling this would create a file: proof that code ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_round_trip_keeps_weights_and_metadata(tmp_path):
    torch.manual_seed(0)
    net = QNetwork(NetworkSpec(channels=32, hidden=512, dueling=True))  # Nature's size, with both heads
    path = tmp_path / "agent.safetensors"
    save_agent(path, net, training_decisions=1234, evaluation={"mean": 31.5, "episodes": 30})
    agent = load_agent(path)
    for name, tensor in net.state_dict().items():
        assert torch.equal(tensor, agent.network.state_dict()[name])
    meta = agent.metadata
    assert meta["format_version"] == 1 and meta["training_decisions"] == 1234
    assert meta["action_names"] == ["NOOP", "UP", "DOWN"]
    assert meta["pipeline"]["size"] == 84 and meta["network"]["dueling"] is True
    x = torch.randint(0, 255, (2, 4, 84, 84), dtype=torch.uint8)
    assert torch.equal(net.eval()(x), agent.network(x))


@pytest.mark.parametrize("how", ["pickle", "torch.save"])
def test_a_crafted_pickle_runs_nothing(tmp_path, how):
    marker = tmp_path / "pwned"
    evil = tmp_path / "evil.safetensors"
    if how == "pickle":
        evil.write_bytes(pickle.dumps({"online": RunsCode(str(marker))}))
    else:
        torch.save({"online": RunsCode(str(marker))}, evil)
    with pytest.raises(ModelFileError, match="not a readable model file"):
        load_agent(evil)
    assert not marker.exists(), "loading the file executed code"
    # and the payload really is live: plain unpickling would have run it
    if how == "pickle":
        pickle.loads(evil.read_bytes())
        assert marker.exists()


def test_truncated_and_corrupt_files_give_one_clear_line(tmp_path):
    path = tmp_path / "agent.safetensors"
    save_agent(path, QNetwork(), training_decisions=1)
    data = path.read_bytes()
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes(data[: len(data) // 2])
    garbage = tmp_path / "garbage.safetensors"
    garbage.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all}")
    for bad in (cut, garbage, tmp_path / "missing.safetensors"):
        with pytest.raises(ModelFileError) as err:
            load_agent(bad)
        assert bad.name in str(err.value) and "\n" not in str(err.value)


def test_incompatible_models_are_refused_with_the_reason(tmp_path):
    tensors = {k: v.numpy() for k, v in QNetwork().state_dict().items()}
    path = tmp_path / "agent.safetensors"
    save_agent(path, QNetwork(), training_decisions=1)
    meta = load_model_file(path)[1]
    for key, value, reason in [
        ("action_names", ["NOOP", "FIRE"], "trained for actions"),
        ("pipeline", {"size": 64, "stack": 4, "name": "x"}, "trained on observations"),
        ("protocol", "ALE/Pong-v5", "trained under protocol"),
        ("format_version", 99, "format version 99 is not supported"),
    ]:
        other = tmp_path / f"{key}.safetensors"
        changed = {k: v for k, v in meta.items() if k not in ("format", "format_version")}
        changed[key] = value
        if key == "format_version":  # as a future Crossy Desktop would write it
            header = json.dumps({**changed, "format": meta["format"]})
            other.write_bytes(save_numpy(tensors, metadata={"crossy": header}))
        else:
            save_model_file(other, tensors, changed)
        with pytest.raises(ModelFileError, match=reason):
            load_agent(other)
    wrong_shape = dict(tensors)
    wrong_shape["advantage.2.weight"] = np.zeros((5, 512), np.float32)
    save_model_file(tmp_path / "shape.safetensors", wrong_shape, {k: v for k, v in meta.items() if k != "format"})
    with pytest.raises(ModelFileError, match="does not match"):
        load_agent(tmp_path / "shape.safetensors")
    assert json.loads(json.dumps(meta))  # metadata is plain JSON


def test_listing_reads_only_the_header_and_gets_the_same_metadata(tmp_path):
    path = tmp_path / "m.safetensors"
    save_agent(path, QNetwork(), training_decisions=7, evaluation={"mean": 1.5})
    assert read_model_metadata(path) == load_model_file(path)[1]
    assert read_model_metadata(path)["evaluation"] == {"mean": 1.5}


@pytest.mark.parametrize("model", ["freeway-dqn", "freeway-qr-dqn", "freeway-dqfd-offline"])
def test_a_shipped_models_network_is_named_for_what_its_tensors_are(model):
    from crossy_desktop.storage.paths import models_dir

    tensors, meta = load_model_file(models_dir() / f"{model}.safetensors")
    first, hidden = tensors["torso.0.weight"], tensors["advantage.0.weight"]
    actions, outputs = len(meta["action_names"]), tensors["advantage.2.weight"].shape[0]
    from_tensors = NetworkSpec(
        in_channels=first.shape[1], n_actions=actions, channels=first.shape[0], hidden=hidden.shape[0],
        dueling="value.0.weight" in tensors, input_norm="input_mean" in tensors,
        quantiles=0 if outputs == actions else outputs // actions,
    )  # fmt: skip
    assert NetworkSpec.from_dict(meta["network"]) == from_tensors
    assert meta["network"]["name"] == from_tensors.name, "the stored name says what the network is"


def test_a_networks_name_follows_its_spec_and_an_old_files_name_is_not_read():
    from crossy_desktop.rl.network_spec import NetworkSpec

    assert NetworkSpec(channels=16, hidden=256, dueling=False).name == "cnn16-h256"
    assert NetworkSpec(channels=32, hidden=512, dueling=True, input_norm=True).name == "cnn32-h512-dueling-input-norm"
    old = {"name": "nature-dueling", "channels": 16, "hidden": 256, "dueling": False}  # as files before 2026-12-01
    assert NetworkSpec.from_dict(old).name == "cnn16-h256"
