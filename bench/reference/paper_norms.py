"""Times the paper's reference formulas (PyTorch, CPU) for the bench's conv shapes.

Liang & Huang's code computes a conv layer's norms from |K| assuming every input pixel is read
through every tap (stride 1, full coverage): L1 = max_c sum_{o,kh,kw} |K|, Linf = max_o sum_{c,kh,kw} |K|.
Prints one JSON object: {"torch": version, "threads": n, "cases": {name: {"l1_ms": .., "linf_ms": ..}}}.
Usage: python3 bench/reference/paper_norms.py  (Debian python3-torch with libopenblas0-pthread).
"""
import json
import os
import time

import torch

SHAPES = {
    "3x3-32-32": (32, 32, 3),
    "3x3-32-128": (128, 32, 3),
    "3x3-128-256": (256, 128, 3),
    "3x3-256-512": (512, 256, 3),
    "5x5-256-128": (128, 256, 5),
    "5x5-512-256": (256, 512, 5),
}


def median_ms(fn, repeats=50):
    for _ in range(5):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
    samples.sort()
    return samples[len(samples) // 2]


def main():
    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(0)
    cases = {}
    for name, (cout, cin, k) in SHAPES.items():
        weight = torch.randn(cout, cin, k, k)
        l1 = median_ms(lambda: torch.abs(weight).sum(dim=(0, 2, 3)).max().item())
        linf = median_ms(lambda: torch.abs(weight).sum(dim=(1, 2, 3)).max().item())
        cases[name] = {"l1_ms": l1, "linf_ms": linf}
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "cases": cases}))


if __name__ == "__main__":
    main()
