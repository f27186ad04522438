"""The trained Q-network's forward pass in numpy, from the model file's tensors: play without torch.

Same layers as rl/network.QNetwork (Nature convolutions, dueling heads, optional per-pixel input
standardisation, PQN's LayerNorms, QR-DQN's quantiles averaged into Q-values), same tensor names, float32
throughout.
tests/test_numpy_network.py checks it against torch on the shipped models. It lets the player bundle leave
torch (about 470 MB) out.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from crossy_desktop.rl.network_spec import NetworkSpec
from crossy_desktop.rl.observation import PIPELINE

LAYER_NORM_EPS = 1e-5  # torch.nn.LayerNorm's


def _conv(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride: int) -> np.ndarray:
    """(B, C, H, W) -> (B, O, H', W'): valid convolution."""
    k = weight.shape[-1]
    windows = sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::stride, ::stride]  # (B, C, H', W', k, k)
    out = np.tensordot(windows, weight, axes=([1, 4, 5], [1, 2, 3]))  # (B, H', W', O)
    out += bias
    return out.transpose(0, 3, 1, 2)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Normalise each row over the trailing dimensions `weight` spans, as torch.nn.LayerNorm does."""
    axes = tuple(range(x.ndim - weight.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


def expected_shapes(spec: NetworkSpec) -> dict[str, tuple[int, ...]]:
    """Every tensor's shape in a model of this spec (QNetwork's layers), so a bad file fails on load."""
    features = spec.features
    frame = (PIPELINE.size, PIPELINE.size)
    shapes = {"input_mean": frame, "input_scale": frame}
    for conv in spec.convolutions:
        weight = (conv.out_channels, conv.in_channels, conv.kernel, conv.kernel)
        shapes |= {f"{conv.prefix}.weight": weight, f"{conv.prefix}.bias": (conv.out_channels,)}
        if conv.norm:
            shapes |= {f"{conv.norm}.weight": conv.out_shape, f"{conv.norm}.bias": conv.out_shape}
    k = spec.outputs_per_action
    for head, out in (("advantage", spec.n_actions * k), ("value", k)):
        hidden, norm, output = spec.head_layers(head)
        shapes |= {f"{hidden}.weight": (spec.hidden, features), f"{hidden}.bias": (spec.hidden,)}
        shapes |= {f"{output}.weight": (out, spec.hidden), f"{output}.bias": (out,)}
        if norm:
            shapes |= {f"{norm}.weight": (spec.hidden,), f"{norm}.bias": (spec.hidden,)}
    return shapes


class NumpyQNetwork:
    def __init__(self, spec: NetworkSpec, tensors: dict[str, np.ndarray]) -> None:
        self.spec = spec
        self.t = {k: np.asarray(v, np.float32) for k, v in tensors.items()}
        expected = expected_shapes(spec)
        names = set(expected) - {"input_mean", "input_scale"}
        if not spec.dueling:
            names -= {n for n in names if n.startswith("value.")}
        if spec.input_norm:
            names |= {"input_mean", "input_scale"}
        if set(self.t) != names:
            raise KeyError(f"tensors {sorted(set(self.t) ^ names)} missing or unexpected")
        wrong = {k: v.shape for k, v in self.t.items() if v.shape != expected[k]}
        if wrong:
            name, shape = next(iter(wrong.items()))
            raise ValueError(f"tensor {name} has shape {list(shape)}, expected {list(expected[name])}")

    def _mlp(self, head: str, h: np.ndarray) -> np.ndarray:
        t = self.t
        hidden, norm, output = self.spec.head_layers(head)
        h = h @ t[f"{hidden}.weight"].T + t[f"{hidden}.bias"]
        if norm:
            h = _layer_norm(h, t[f"{norm}.weight"], t[f"{norm}.bias"])
        return np.maximum(h, 0.0) @ t[f"{output}.weight"].T + t[f"{output}.bias"]

    def __call__(self, pixels: np.ndarray) -> np.ndarray:
        """(B, 4, 84, 84) uint8 -> (B, n_actions) float32 Q-values."""
        x = pixels.astype(np.float32)
        x = (x - self.t["input_mean"]) * self.t["input_scale"] if self.spec.input_norm else x / 255.0
        for conv in self.spec.convolutions:
            x = _conv(x, self.t[f"{conv.prefix}.weight"], self.t[f"{conv.prefix}.bias"], conv.stride)
            if conv.norm:
                x = _layer_norm(x, self.t[f"{conv.norm}.weight"], self.t[f"{conv.norm}.bias"])
            np.maximum(x, 0.0, out=x)
        h = np.ascontiguousarray(x).reshape(len(x), -1)  # channel-major, as torch's Flatten
        adv = self._mlp("advantage", h).reshape(len(h), self.spec.n_actions, self.spec.outputs_per_action)
        if self.spec.dueling:
            adv = self._mlp("value", h)[:, None, :] + adv - adv.mean(axis=1, keepdims=True)
        return adv.mean(axis=2)  # a QR network's quantiles averaged; any other's one value each
