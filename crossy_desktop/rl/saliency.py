"""Where the agent looks: perturbation saliency (Greydanus et al. 2018, "Visualizing and Understanding Atari
Agents") of a Q-network's choice on one observation.

A spot of the picture matters as much as blurring it there sways the choice: each grid point's Gaussian
patch of all four frames is replaced by the blurred picture, and the squared change of the Q-values less
their mean is that point's saliency. Why this and not the gradient of the chosen Q-value: it needs only
forward passes, so it runs on numpy in the player bundle as on torch, and its maps read as blobs over
the cars and the chicken where gradients are speckled pixel noise; its cost (one batch of `grid**2`
observations) is held off the frame loop by app/agent_eye.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

QBatch = Callable[[np.ndarray], np.ndarray]  # (B, 4, 84, 84) float32 pixels 0-255 -> (B, n_actions) Q-values


@dataclass(frozen=True)
class SaliencyConfig:
    grid: int = 14  # grid points per side: 14 x 14 = 196 perturbed observations a map
    mask_sigma: float = 5.0  # the patch's size, in observation pixels (Greydanus: 5)
    blur_sigma: float = 3.0  # how strongly the patch is blurred (Greydanus: 3)


def _kernel(sigma: float) -> np.ndarray:
    radius = max(1, int(3 * sigma))
    x = np.arange(-radius, radius + 1, dtype=np.float32)
    k = np.exp(-(x**2) / (2 * sigma**2))
    return k / k.sum()


def blur(frames: np.ndarray, sigma: float) -> np.ndarray:
    """(..., H, W) float32 frames blurred by a Gaussian (separable, edges mirrored)."""
    k = _kernel(sigma)
    r = len(k) // 2
    out = frames.astype(np.float32)
    for axis in (-2, -1):
        pad = [(0, 0)] * out.ndim
        pad[axis] = (r, r)
        padded = np.pad(out, pad, mode="reflect")
        n = out.shape[axis]
        out = sum(w * np.take(padded, np.arange(i, i + n), axis=axis) for i, w in enumerate(k))
    return out.astype(np.float32)


def grid_centres(size: int, grid: int) -> np.ndarray:
    """`grid` evenly spaced pixel centres across `size` pixels."""
    return (np.arange(grid) + 0.5) * size / grid - 0.5


@functools.cache
def masks(size: int, config: SaliencyConfig) -> np.ndarray:
    """(grid*grid, size, size) float32: a Gaussian patch of peak 1 around each grid point, row by row."""
    c = grid_centres(size, config.grid)
    pixels = np.arange(size, dtype=np.float32)
    bumps = np.exp(-((pixels[None, :] - c[:, None]) ** 2) / (2 * config.mask_sigma**2)).astype(np.float32)
    patches = (bumps[:, None, :, None] * bumps[None, :, None, :]).reshape(-1, size, size)
    patches.flags.writeable = False  # cached: shared by every map
    return patches


def saliency(q_batch: QBatch, observation: np.ndarray, config: SaliencyConfig = SaliencyConfig()) -> np.ndarray:
    """(grid, grid) float32: 0.5 * |A(obs) - A(obs blurred around each grid point)|^2, where A is the Q-values
    less their mean: how much blurring there moves the actions apart or together, i.e. sways the choice (a
    change of the Q-values all alike, the state's value, chooses nothing; Greydanus et al. map an actor's
    logits, which are defined up to such a constant too). One batch of forward passes; `observation` is one
    (4, H, W) uint8 stack, as the agent saw it."""
    x = observation.astype(np.float32)
    m = masks(x.shape[-1], config)[:, None]  # (G, 1, H, W): the same patch on every stacked frame
    batch = np.empty((len(m) + 1, *x.shape), np.float32)  # the observation, then each perturbed one
    batch[0] = x
    np.multiply(m, blur(x, config.blur_sigma) - x, out=batch[1:])  # x (1 - m) + blurred m, in two passes
    batch[1:] += x
    q = q_batch(batch)
    choice = q - q.mean(axis=1, keepdims=True)  # what the choice rests on: the actions' differences, not the value
    change = 0.5 * ((choice[1:] - choice[:1]) ** 2).sum(axis=1)
    return change.reshape(config.grid, config.grid).astype(np.float32)
