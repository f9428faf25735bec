"""Brute-force float64 oracle: direct numpy (transposed) convolutions, their matrices and norms.

Independent of the server: the layer's matrix is materialised column by column by applying a
direct convolution to every unit vector of the input space, then abs sums are taken.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Callable, NamedTuple

import numpy as np

TIE_RTOL = 1e-12


class Norms(NamedTuple):
    l1: float
    linf: float
    l1_maximiser: tuple[int, tuple[int, ...]]
    linf_maximiser: tuple[int, tuple[int, ...]]
    output_shape: tuple[int, ...]


def resolve_conv_pads(
    spatial: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    dilations: Sequence[int],
    pads: Sequence[int],
    auto_pad: str,
) -> list[int]:
    """ONNX Conv padding as explicit ``[begin..., end...]``."""
    n = len(spatial)
    if auto_pad in ("NOTSET", ""):
        return list(pads) if pads else [0] * (2 * n)
    if auto_pad == "VALID":
        return [0] * (2 * n)
    begins, ends = [], []
    for size, k, s, d in zip(spatial, kernel, strides, dilations):
        out = -(-size // s)
        total = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
        small, large = total // 2, total - total // 2
        if auto_pad == "SAME_UPPER":
            begins.append(small), ends.append(large)
        else:
            begins.append(large), ends.append(small)
    return begins + ends


def conv(x: np.ndarray, w: np.ndarray, strides, pads, dilations, group: int) -> np.ndarray:
    """ONNX Conv of one sample ``x [C_in, S...]`` with ``w [C_out, C_in/group, k...]``, explicit pads."""
    n = x.ndim - 1
    cout, cin_g = w.shape[0], w.shape[1]
    cout_g = cout // group
    xp = np.pad(x, [(0, 0)] + [(pads[i], pads[n + i]) for i in range(n)])
    out = [(xp.shape[1 + i] - dilations[i] * (w.shape[2 + i] - 1) - 1) // strides[i] + 1 for i in range(n)]
    assert min(out) >= 1, f"empty output {out}"
    y = np.zeros([cout] + out)
    for taps in np.ndindex(*w.shape[2:]):
        window = tuple(
            slice(k * d, k * d + (o - 1) * s + 1, s) for k, d, s, o in zip(taps, dilations, strides, out)
        )
        patch = xp[(slice(None),) + window]
        for g in range(group):
            wk = w[(slice(g * cout_g, (g + 1) * cout_g), slice(None)) + taps]
            y[g * cout_g : (g + 1) * cout_g] += np.tensordot(
                wk, patch[g * cin_g : (g + 1) * cin_g], axes=(1, 0)
            )
    return y


def conv_transpose(
    x: np.ndarray, w: np.ndarray, strides, pads, dilations, group: int, output_padding
) -> np.ndarray:
    """ONNX ConvTranspose of ``x [C_in, S...]`` with ``w [C_in, C_out/group, k...]``: the full
    transposed convolution, ``output_padding`` zeros appended at the end, then ``pads`` cropped."""
    n = x.ndim - 1
    cin, cout_g = w.shape[0], w.shape[1]
    cin_g = cin // group
    full = [
        (x.shape[1 + i] - 1) * strides[i] + (w.shape[2 + i] - 1) * dilations[i] + 1 + output_padding[i]
        for i in range(n)
    ]
    y = np.zeros([cout_g * group] + full)
    for taps in np.ndindex(*w.shape[2:]):
        window = tuple(
            slice(k * d, k * d + (size - 1) * s + 1, s)
            for k, d, s, size in zip(taps, dilations, strides, x.shape[1:])
        )
        for g in range(group):
            wk = w[(slice(g * cin_g, (g + 1) * cin_g), slice(None)) + taps]
            contribution = np.tensordot(wk, x[g * cin_g : (g + 1) * cin_g], axes=(0, 0))
            y[(slice(g * cout_g, (g + 1) * cout_g),) + window] += contribution
    crop = tuple(slice(pads[i], full[i] - pads[n + i]) for i in range(n))
    return y[(slice(None),) + crop]


def matrix_norms(apply: Callable[[np.ndarray], np.ndarray], input_shape: Sequence[int]) -> Norms:
    """Materialise the matrix of a linear map on ``input_shape`` and return its exact norms."""
    size = math.prod(input_shape)
    columns = []
    output_shape = None
    for j in range(size):
        unit = np.zeros(size)
        unit[j] = 1.0
        y = apply(unit.reshape(input_shape))
        output_shape = y.shape
        columns.append(y.reshape(-1))
    matrix = np.stack(columns, axis=1)
    col_sums = np.abs(matrix).sum(axis=0)
    row_sums = np.abs(matrix).sum(axis=1)
    return Norms(
        l1=float(col_sums.max()),
        linf=float(row_sums.max()),
        l1_maximiser=_maximiser(col_sums, tuple(input_shape)),
        linf_maximiser=_maximiser(row_sums, tuple(output_shape)),
        output_shape=tuple(output_shape),
    )


def _maximiser(sums: np.ndarray, shape: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    # Lowest (channel, row-major position) within TIE_RTOL of the maximum, the API's tie rule.
    flat = int(np.flatnonzero(sums >= sums.max() * (1 - TIE_RTOL))[0])
    index = np.unravel_index(flat, shape)
    return int(index[0]), tuple(int(i) for i in index[1:])
