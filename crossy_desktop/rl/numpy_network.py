"""The trained Q-network's forward pass in numpy, from the model file's tensors: play without torch.

Same layers as rl/network.QNetwork (Nature convolutions, dueling heads, optional per-pixel input
standardisation, QR-DQN's quantiles averaged into Q-values), same tensor names, float32 throughout.
tests/test_numpy_network.py checks it against torch on the shipped models. It lets the player bundle leave
torch (about 470 MB) out.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from crossy_desktop.rl.network_spec import NetworkSpec

CONVS = (("torso.0", 4), ("torso.2", 2), ("torso.4", 1))  # (tensor prefix, stride), as in QNetwork.torso


def _conv_relu(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride: int) -> np.ndarray:
    """(B, C, H, W) -> (B, O, H', W'): valid convolution, then ReLU."""
    k = weight.shape[-1]
    windows = sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::stride, ::stride]  # (B, C, H', W', k, k)
    out = np.tensordot(windows, weight, axes=([1, 4, 5], [1, 2, 3]))  # (B, H', W', O)
    out += bias
    np.maximum(out, 0.0, out=out)
    return out.transpose(0, 3, 1, 2)


def expected_shapes(spec: NetworkSpec) -> dict[str, tuple[int, ...]]:
    """Every tensor's shape in a model of this spec (QNetwork's layers), so a bad file fails on load."""
    c, features = spec.channels, spec.features
    shapes = {
        "torso.0.weight": (c, spec.in_channels, 8, 8),
        "torso.0.bias": (c,),
        "torso.2.weight": (2 * c, c, 4, 4),
        "torso.2.bias": (2 * c,),
        "torso.4.weight": (2 * c, 2 * c, 3, 3),
        "torso.4.bias": (2 * c,),
        "input_mean": (84, 84),
        "input_scale": (84, 84),
    }
    k = spec.outputs_per_action
    for head, out in (("advantage", spec.n_actions * k), ("value", k)):
        shapes |= {f"{head}.0.weight": (spec.hidden, features), f"{head}.0.bias": (spec.hidden,)}
        shapes |= {f"{head}.2.weight": (out, spec.hidden), f"{head}.2.bias": (out,)}
    return shapes


class NumpyQNetwork:
    def __init__(self, spec: NetworkSpec, tensors: dict[str, np.ndarray]) -> None:
        self.spec = spec
        self.t = {k: np.asarray(v, np.float32) for k, v in tensors.items()}
        names = {f"{p}.{w}" for p, _ in CONVS for w in ("weight", "bias")}
        names |= {f"{h}.{i}.{w}" for h in ("advantage", "value") for i in (0, 2) for w in ("weight", "bias")}
        if not spec.dueling:
            names -= {n for n in names if n.startswith("value.")}
        if spec.input_norm:
            names |= {"input_mean", "input_scale"}
        if set(self.t) != names:
            raise KeyError(f"tensors {sorted(set(self.t) ^ names)} missing or unexpected")
        wrong = {k: v.shape for k, v in self.t.items() if v.shape != expected_shapes(spec)[k]}
        if wrong:
            name, shape = next(iter(wrong.items()))
            raise ValueError(f"tensor {name} has shape {list(shape)}, expected {list(expected_shapes(spec)[name])}")

    def _mlp(self, head: str, h: np.ndarray) -> np.ndarray:
        t = self.t
        hidden = np.maximum(h @ t[f"{head}.0.weight"].T + t[f"{head}.0.bias"], 0.0)
        return hidden @ t[f"{head}.2.weight"].T + t[f"{head}.2.bias"]

    def __call__(self, pixels: np.ndarray) -> np.ndarray:
        """(B, 4, 84, 84) uint8 -> (B, n_actions) float32 Q-values."""
        x = pixels.astype(np.float32)
        x = (x - self.t["input_mean"]) * self.t["input_scale"] if self.spec.input_norm else x / 255.0
        for prefix, stride in CONVS:
            x = _conv_relu(x, self.t[f"{prefix}.weight"], self.t[f"{prefix}.bias"], stride)
        h = np.ascontiguousarray(x).reshape(len(x), -1)  # channel-major, as torch's Flatten
        adv = self._mlp("advantage", h).reshape(len(h), self.spec.n_actions, self.spec.outputs_per_action)
        if self.spec.dueling:
            adv = self._mlp("value", h)[:, None, :] + adv - adv.mean(axis=1, keepdims=True)
        return adv.mean(axis=2)  # a QR network's quantiles averaged; any other's one value each
