"""Conv attributes read from torch modules: the norm the server reports for the layer the hook sends
equals the norm of the module's Jacobian on the observed input (materialised in float64 by autograd)."""

from __future__ import annotations

import copy

import pytest
import torch
from torch import nn

from normserve.torch import NormDecay


class WithOutputSize(nn.Module):
    """A transposed conv called with ``output_size``, which picks its own output padding."""

    def __init__(self, conv: nn.ConvTranspose2d, size: list[int]) -> None:
        super().__init__()
        self.conv = conv
        self.size = size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x, output_size=self.size)


CASES = {
    "conv2d x=[3,8,8] k=3 s=2 p=1": (lambda: nn.Conv2d(3, 4, 3, stride=2, padding=1), (1, 3, 8, 8)),
    "conv2d x=[4,3,4] k=(3,2) s=(2,1) p=(1,0) d=(1,2) g=2": (
        lambda: nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2),
        (1, 4, 3, 4),
    ),
    # Inputs this small make every position a boundary one, so the side of the odd pad matters.
    "conv2d x=[2,2,3] k=4 padding='same'": (lambda: nn.Conv2d(2, 3, 4, padding="same"), (1, 2, 2, 3)),
    "conv2d x=[2,7,7] k=3 d=2 padding='same'": (
        lambda: nn.Conv2d(2, 3, 3, padding="same", dilation=2),
        (1, 2, 7, 7),
    ),
    "conv2d x=[2,5,5] k=3 padding='valid'": (lambda: nn.Conv2d(2, 3, 3, padding="valid"), (1, 2, 5, 5)),
    "conv2d x=[1,3,3] k=5 p=1 (input smaller than kernel)": (
        lambda: nn.Conv2d(1, 2, 5, padding=1),
        (1, 1, 3, 3),
    ),
    "conv2d unbatched x=[2,6,6] k=3": (lambda: nn.Conv2d(2, 2, 3), (2, 6, 6)),
    "conv1d x=[2,11] k=5 s=3 p=2": (lambda: nn.Conv1d(2, 2, 5, stride=3, padding=2), (1, 2, 11)),
    "conv3d x=[1,3,4,4] k=2 s=(1,2,2) p=(0,1,1)": (
        lambda: nn.Conv3d(1, 2, 2, stride=(1, 2, 2), padding=(0, 1, 1)),
        (1, 1, 3, 4, 4),
    ),
    "convT2d x=[3,4,4] k=3 s=2 p=1 op=1": (
        lambda: nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1),
        (1, 3, 4, 4),
    ),
    "convT2d x=[4,3,3] k=3 s=2 p=1 d=2 g=2 output_size=[8,7]": (
        lambda: WithOutputSize(
            nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, dilation=2, groups=2), [8, 7]
        ),
        (1, 4, 3, 3),
    ),
    # output_size=[4,3] means output_padding (1, 0): the last input row then reaches all its taps.
    "convT2d x=[4,2,2] k=3 s=2 p=1 g=2 output_size=[4,3]": (
        lambda: WithOutputSize(nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, groups=2), [4, 3]),
        (1, 4, 2, 2),
    ),
    "convT1d x=[2,5] k=4 s=3 p=2": (lambda: nn.ConvTranspose1d(2, 3, 4, stride=3, padding=2), (1, 2, 5)),
}


def jacobian_norms(model: nn.Module, shape: tuple[int, ...]) -> tuple[float, float]:
    """(L1, L∞) of the module's linear part on inputs of ``shape``, from its float64 Jacobian."""
    double = copy.deepcopy(model).double()
    for module in double.modules():
        if getattr(module, "bias", None) is not None:
            module.bias = None  # the norms are those of the linear part

    def apply(flat: torch.Tensor) -> torch.Tensor:
        return double(flat.reshape(shape)).flatten()

    jac = torch.autograd.functional.jacobian(
        apply, torch.zeros(int(torch.tensor(shape).prod()), dtype=torch.float64)
    )
    magnitude = jac.abs()
    return float(magnitude.sum(dim=0).max()), float(magnitude.sum(dim=1).max())


@pytest.mark.filterwarnings("ignore:Using padding=.same. with even kernel lengths")
@pytest.mark.parametrize("case", list(CASES))
def test_sent_layer_has_the_modules_exact_norms(client, case):
    build, shape = CASES[case]
    torch.manual_seed(sum(map(ord, case)))
    model = build()
    l1, linf = jacobian_norms(model, shape)
    for norm, expected in (("l1", l1), ("linf", linf)):
        with NormDecay(model, client, norm=norm, beta=1e-3, momentum=0.0) as decay:
            decay.observe(torch.randn(shape))
            model.zero_grad()
            model(torch.randn(shape)).sum().backward()
            (layer,) = decay.step().layers
            assert layer.norm_before == pytest.approx(expected, rel=1e-9), norm
