"""PyTorch modules to raw ``normserve.v1.Layer`` messages: which modules, and their attributes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import torch
from torch import nn

from normserve_client import Layer, batch_norm_layer, conv_layer, conv_transpose_layer, linear_layer

__all__ = ["SelectedModule", "module_layer", "select_modules", "tensor_numpy"]

_WIRE_DTYPES = (torch.float16, torch.float32, torch.float64)


class SelectedModule(NamedTuple):
    """A module whose weight the hook regularises."""

    name: str
    """Layer name sent to the server (the module's qualified name, ``"model"`` for the root)."""
    module: nn.Module
    kind: str
    """``"conv"``, ``"conv_transpose"``, ``"linear"`` or ``"batch_norm"``."""

    @property
    def weight_name(self) -> str:
        """The weight's name on the wire: ``<layer name>.weight``."""
        return f"{self.name}.weight"


def select_modules(model: nn.Module, *, conv: bool, linear: bool, batch_norm: bool) -> list[SelectedModule]:
    """The conv / transposed conv / linear / batch-norm modules of ``model`` with a trainable weight.

    Raises
    ------
    ValueError
        A selected conv has ``padding_mode`` other than ``"zeros"``, or a selected batch norm keeps
        no running variance (``track_running_stats=False``).
    """
    selected = []
    for qualified, module in model.named_modules():
        weight = getattr(module, "weight", None)
        if not isinstance(weight, torch.Tensor) or not weight.requires_grad:
            continue
        name = qualified or "model"
        if isinstance(module, nn.modules.conv._ConvNd) and conv:
            if module.padding_mode != "zeros":
                raise ValueError(
                    f"NormDecay: {name} has padding_mode={module.padding_mode!r}; only 'zeros' "
                    "padding is a convolution with the layer's exact operator norm (pass conv=False "
                    "to skip convolutions)"
                )
            selected.append(SelectedModule(name, module, "conv_transpose" if module.transposed else "conv"))
        elif isinstance(module, nn.Linear) and linear:
            selected.append(SelectedModule(name, module, "linear"))
        elif isinstance(module, nn.modules.batchnorm._BatchNorm) and batch_norm:
            if module.running_var is None:
                raise ValueError(
                    f"NormDecay: {name} has no running variance (track_running_stats=False), so its "
                    "inference-form operator is undefined; pass batch_norm=False to skip batch norms"
                )
            selected.append(SelectedModule(name, module, "batch_norm"))
    return selected


def tensor_numpy(tensor: torch.Tensor) -> np.ndarray:
    """A detached CPU numpy view or copy; dtypes the wire lacks (bfloat16, ...) become float32."""
    tensor = tensor.detach()
    if tensor.dtype not in _WIRE_DTYPES:
        tensor = tensor.float()
    return tensor.cpu().numpy()


def module_layer(
    selected: SelectedModule,
    input_shape: Sequence[int] | None,
    output_shape: Sequence[int] | None,
) -> Layer:
    """The raw layer for one selected module.

    Parameters
    ----------
    selected : SelectedModule
    input_shape, output_shape : sequence of int, optional
        What the module saw and produced in the observed forward pass, batch excluded. Required for
        convolutions; the output shape fixes a transposed conv's effective ``output_padding`` (a
        ``forward(x, output_size=...)`` call may pick another one than the module's attribute).
    """
    name, module, kind = selected
    weight = tensor_numpy(module.weight)
    if kind == "linear":
        return linear_layer(name, weight)
    if kind == "batch_norm":
        return batch_norm_layer(name, weight, tensor_numpy(module.running_var), float(module.eps))
    if input_shape is None:
        raise RuntimeError(f"NormDecay: no input shape observed for {name}")
    spatial = weight.ndim - 2
    kernel = list(weight.shape[2:])
    strides, dilations = list(module.stride), list(module.dilation)
    pads = _pads(module.padding, kernel, dilations, spatial)
    if kind == "conv":
        return conv_layer(
            name, weight, input_shape, strides=strides, pads=pads, dilations=dilations, group=module.groups
        )
    output_padding = list(module.output_padding)
    if output_shape is not None:
        for axis in range(spatial):
            natural = (
                (input_shape[1 + axis] - 1) * strides[axis]
                - 2 * pads[axis]
                + dilations[axis] * (kernel[axis] - 1)
                + 1
            )
            output_padding[axis] = int(output_shape[1 + axis]) - natural
    return conv_transpose_layer(
        name,
        weight,
        input_shape,
        strides=strides,
        pads=pads,
        dilations=dilations,
        group=module.groups,
        output_padding=output_padding,
    )


def _pads(padding, kernel: list[int], dilations: list[int], spatial: int) -> list[int]:
    """PyTorch ``padding`` (ints, a tuple, ``"valid"`` or ``"same"``) as ONNX ``[begins..., ends...]``."""
    if padding == "valid":
        return [0] * (2 * spatial)
    if padding == "same":
        # PyTorch pads total = d·(k−1) with the smaller half first (F.conv's 'same' rule).
        totals = [d * (k - 1) for d, k in zip(dilations, kernel)]
        begins = [total // 2 for total in totals]
        return begins + [total - begin for total, begin in zip(totals, begins)]
    if isinstance(padding, str):
        raise ValueError(f"NormDecay: unsupported padding {padding!r}")
    per_axis = [int(p) for p in padding] if isinstance(padding, (tuple, list)) else [int(padding)] * spatial
    return per_axis + per_axis
