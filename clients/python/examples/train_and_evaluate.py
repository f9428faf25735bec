#!/usr/bin/env python3
"""Train a small CNN with the paper's norm decay, watch its exact layer norms, then attack it.

Usage::

    PYTHONPATH=clients/python python clients/python/examples/train_and_evaluate.py \\
        [--address 127.0.0.1:50051] [--data /usr/share/datasets/fashion-mnist] [--epochs 1] \\
        [--norm-decay linf:1e-3] [--eps 0.1] [--out trained.onnx]

``--data`` is a directory on the *server* (a sidecar with the dataset mounted); without it a
synthetic set is used. Needs a running server (``npm start``).
"""

from __future__ import annotations

import argparse
import sys

from normserve_client import NormserveClient, NormserveError, standard


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1:50051")
    parser.add_argument("--data", default="", help="server-side dataset directory (IDX, CIFAR-10, NPY)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--norm-decay", default="linf:1e-3", help="l1|linf:BETA")
    parser.add_argument("--eps", type=float, default=0.1)
    parser.add_argument("--points", type=int, default=200, help="test points to attack")
    parser.add_argument("--out", default="", help="write the trained model here")
    args = parser.parse_args()

    norm, beta = args.norm_decay.split(":")
    synthetic = {"n": 2048, "image_shape": [1, 28, 28], "classes": 10, "seed": 0}
    train_data = args.data or synthetic
    test_data = {"path": args.data, "split": "test", "limit": args.points} if args.data else synthetic
    client = NormserveClient(args.address)
    try:
        job_id = ""
        for event in client.train(
            "small_cnn", train_data, epochs=args.epochs, lr=0.05, norm_decay=(norm, float(beta)),
            test_data=test_data, norms_every_steps=50, progress_every_steps=50,
        ):
            job_id = event.job_id
            if event.kind == "started":
                print(f"job {job_id} on {event.backend}: {event.total_steps} steps")
            elif event.kind == "progress":
                print(f"  step {event.step:5d}  loss {event.loss:.4f}  acc {event.accuracy:.3f}"
                      f"  {event.examples_per_second:.0f} ex/s")
            elif event.kind == "norms":
                top = max(event.layers, key=lambda layer: layer.linf)
                print(f"  step {event.step:5d}  largest L∞ {top.linf:.3f} ({top.node_name})")
            elif event.kind == "epoch":
                print(f"epoch {event.epoch}: train acc {event.train_accuracy:.3f}, test acc {event.test_accuracy:.3f}")
            elif event.kind == "train_completed" and args.out:
                with open(args.out, "wb") as f:
                    f.write(event.onnx_model)
                print(f"trained model → {args.out}")

        attack_data = test_data if not args.data else {"path": args.data, "split": "test", "limit": args.points}
        for event in client.evaluate(job_id, attack_data, attacks=standard(args.eps), cascade=True, seed=0):
            if event.kind == "attack_result":
                print(f"{event.attack:10s} robust accuracy {event.robust_accuracy:.3f} ({event.seconds:.1f} s)")
            elif event.kind == "evaluate_completed":
                print(f"clean {event.clean_accuracy:.3f}, worst case {event.robust_accuracy:.3f}")
                for flag in event.flags:
                    print(f"flag: {flag}")
    except NormserveError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
