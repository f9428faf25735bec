#!/usr/bin/env python3
"""Train a small CNN on synthetic data with the paper's norm decay computed by normserve.

Usage::

    PYTHONPATH=clients/python python clients/python/examples/torch_norm_decay.py \\
        [--address 127.0.0.1:50051] [--norm l1|linf] [--beta 1e-3] [--momentum 0.5] [--steps 50]

Needs PyTorch and a running server (``npm start``). Prints the loss and, per regularised layer, its
norm before the step (from the server's response).
"""

from __future__ import annotations

import argparse
import sys

import torch
from torch import nn

from normserve import NormserveClient, NormserveError
from normserve.torch import NormDecay


def build_model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, stride=2, padding=1),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.Conv2d(8, 16, 3, padding="same"),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(16, 10, bias=False),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1:50051")
    parser.add_argument("--norm", choices=["l1", "linf"], default="l1")
    parser.add_argument("--beta", type=float, default=1e-3)
    parser.add_argument("--momentum", type=float, default=0.5)
    parser.add_argument("--steps", type=int, default=50)
    args = parser.parse_args()

    torch.manual_seed(0)
    model = build_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    images = torch.randn(256, 3, 16, 16)
    labels = torch.randint(0, 10, (256,))
    try:
        with (
            NormserveClient(args.address, timeout=30.0) as client,
            NormDecay(model, client, norm=args.norm, beta=args.beta, momentum=args.momentum) as decay,
        ):
            for step in range(args.steps):
                batch = torch.randint(0, 256, (32,))
                optimizer.zero_grad()
                loss = nn.functional.cross_entropy(model(images[batch]), labels[batch])
                loss.backward()
                response = decay.step()  # between backward() and optimizer.step()
                optimizer.step()
                if step % 10 == 0 or step == args.steps - 1:
                    norms = " ".join(
                        f"{entry.node_name}={entry.norm_before:.4g}" for entry in response.layers
                    )
                    print(f"step {step:4d}  loss {loss.item():.4f}  {args.norm}: {norms}")
    except NormserveError as error:
        print(f"torch_norm_decay: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
