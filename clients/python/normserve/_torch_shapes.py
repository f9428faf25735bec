"""Conv input shapes from one observed forward pass (forward hooks, as the paper's code does)."""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn

from normserve._torch_layers import SelectedModule

__all__ = ["ShapeObserver"]


class ShapeObserver:
    """Forward hooks on the selected convolutions that record the first input and output shape each
    one sees (batch excluded); :meth:`detach` removes them once every conv has been seen.

    Parameters
    ----------
    convs : iterable of SelectedModule
        The conv and transposed-conv modules whose shapes are needed.
    """

    def __init__(self, convs: Iterable[SelectedModule]) -> None:
        self._convs = {selected.name: selected.module for selected in convs}
        self._shapes: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._handles: list = []

    @property
    def attached(self) -> bool:
        """Whether the hooks are in place."""
        return bool(self._handles)

    def attach(self, *, reset: bool = False) -> None:
        """Register the hooks (no-op when attached); ``reset`` forgets the shapes seen so far."""
        if reset:
            self._shapes.clear()
        if self._handles:
            return
        for name, module in self._convs.items():
            self._handles.append(module.register_forward_hook(self._hook(name)))

    def detach(self) -> None:
        """Remove the hooks; the recorded shapes stay."""
        for handle in self._handles:
            handle.remove()
        self._handles.clear()

    def missing(self) -> list[str]:
        """Names of the convolutions with no recorded shape yet."""
        return [name for name in self._convs if name not in self._shapes]

    def input_shape(self, name: str) -> tuple[int, ...] | None:
        """The input shape ``[C, S...]`` recorded for ``name``, or None."""
        entry = self._shapes.get(name)
        return None if entry is None else entry[0]

    def output_shape(self, name: str) -> tuple[int, ...] | None:
        """The output shape ``[C, S...]`` recorded for ``name``, or None."""
        entry = self._shapes.get(name)
        return None if entry is None else entry[1]

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """Every recorded input shape, by layer name."""
        return {name: entry[0] for name, entry in self._shapes.items()}

    def _hook(self, name: str):
        def record(module: nn.Module, inputs: tuple, output: object) -> None:
            # Only the first call of a forward pass counts (a shared module keeps its first shape).
            if name in self._shapes or not inputs or not isinstance(inputs[0], torch.Tensor):
                return
            batched = inputs[0].dim() == module.weight.dim()  # unbatched convs take [C, S...]
            drop = 1 if batched else 0
            out_shape = tuple(output.shape[drop:]) if isinstance(output, torch.Tensor) else ()
            self._shapes[name] = (tuple(int(d) for d in inputs[0].shape[drop:]), out_shape)

        return record
