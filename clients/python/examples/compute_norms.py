#!/usr/bin/env python3
"""Print the exact L1 and L∞ operator norms of every linear layer of an ONNX model.

Usage::

    PYTHONPATH=clients/python python clients/python/examples/compute_norms.py model.onnx \\
        [--address 127.0.0.1:50051] [--input-shape 1,3,224,224]

Needs a running server (``npm start``).
"""

from __future__ import annotations

import argparse
import sys

from normserve_client import NormserveClient, NormserveError, NormType


def _shape(text: str) -> list:
    return [int(part) for part in text.split(",") if part]


def _dims(values) -> str:
    return "x".join(str(v) for v in values) or "-"


def _where(maximiser) -> str:
    position = ",".join(str(p) for p in maximiser.position)
    return f"c{maximiser.channel}" + (f"@({position})" if position else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="path to an ONNX model with embedded weights")
    parser.add_argument("--address", default="127.0.0.1:50051", help="server host:port (default %(default)s)")
    parser.add_argument(
        "--input-shape",
        type=_shape,
        default=None,
        help="override the graph input, batch included, e.g. 1,3,224,224",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="deadline in seconds (default %(default)s)"
    )
    args = parser.parse_args(argv)

    try:
        with NormserveClient(args.address, timeout=args.timeout) as client:
            result = client.compute_norms(args.model, input_shape=args.input_shape)
    except NormserveError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    rows = [("layer", "op", "input", "output", "L1", "at", "Linf", "at")]
    for layer in result.layers:
        rows.append(
            (
                layer.node_name,
                layer.op_type,
                _dims(layer.input_shape),
                _dims(layer.output_shape),
                f"{layer.l1:.6g}",
                _where(layer.l1_maximiser),
                f"{layer.linf:.6g}",
                _where(layer.linf_maximiser),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))

    print()
    for entry in result.network:
        name = NormType.Name(entry.norm).replace("NORM_TYPE_", "")
        bound = f"{entry.lipschitz_bound:.6g}" if entry.HasField("lipschitz_bound") else "n/a"
        note = f"  ({entry.note})" if entry.note else ""
        print(f"{name:<4}  product {entry.product:.6g}  lipschitz bound {bound}{note}")
    print(
        f"\n{len(result.layers)} layers; server parse {result.timing.parse_ms:.1f} ms, "
        f"compute {result.timing.compute_ms:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
