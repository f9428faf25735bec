"""Gradients between torch parameters and the NormDecay wire format."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import torch

from normserve._torch_layers import SelectedModule, tensor_numpy
from normserve_client import NormDecayResponse, tensor_to_array

__all__ = ["collect_gradients", "write_back_gradients"]


def collect_gradients(selected: Iterable[SelectedModule]) -> dict[str, np.ndarray]:
    """``.grad`` of every selected weight that has one, by wire weight name."""
    weights = [s for s in selected if s.module.weight.grad is not None]
    return {s.weight_name: tensor_numpy(s.module.weight.grad) for s in weights}


def write_back_gradients(by_weight: Mapping[str, SelectedModule], response: NormDecayResponse) -> None:
    """Write each returned decay into its weight's ``.grad``.

    ``∇W + β·G`` (``includes_gradient``) replaces the gradient; a bare ``β·G`` (the weight had no
    gradient) becomes it. Layers without a ``decay`` tensor (``β·G`` is zero) keep their gradient.
    """
    for entry in response.layers:
        selected = by_weight.get(entry.weight_name)
        if selected is None or not entry.HasField("decay"):
            continue
        weight = selected.module.weight
        value = torch.from_numpy(tensor_to_array(entry.decay)).to(device=weight.device, dtype=weight.dtype)
        value = value.reshape(weight.shape)
        if weight.grad is None:
            weight.grad = value.clone()
        elif entry.includes_gradient:
            weight.grad.copy_(value)
        else:
            weight.grad.add_(value)
