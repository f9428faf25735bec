"""PyTorch CPU reference for bench/train.bench.ts: training throughput with the paper's norm decay.

Usage: /usr/bin/python3 torch_train_norm_decay.py THREADS CASE...  (CASE = model:width:batch).
Prints one JSON object per case: median ms of a training step (train-mode forward, cross-entropy,
backward, the paper's norm decay, SGD with momentum 0.9 and weight decay 5e-4), examples/s, and the
median ms of the norm-decay part alone. The decay is the paper's reference code (Liang & Huang
2021): L∞ of a conv read as max_o Σ_{c,kh,kw} |K| (full coverage assumed), G ← μ·G, G[o*] = sign(K[o*]),
grad += β·G, for every conv and linear layer; like the reference, no BN term.
"""
import importlib.util
import json
import os
import statistics
import sys
import time

import torch

spec = importlib.util.spec_from_file_location(
    "zoo_reference", os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "zoo-reference.py")
)
zoo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(zoo)

BETA, MU = 1e-3, 0.9


def paper_norm_decay(layers, state):
    for m in layers:
        w = m.weight
        rows = w.detach().abs().reshape(w.shape[0], -1).sum(1)
        o = int(torch.argmax(rows))
        g = state.get(m)
        if g is None:
            g = state[m] = torch.zeros_like(w)
        g.mul_(MU)
        g[o] = torch.sign(w.detach()[o])
        w.grad.add_(g, alpha=BETA)


def case(model, width, batch):
    torch.manual_seed(0)
    o = zoo.options(model, widthMultiplier=width)
    net = zoo.make(model, o)
    x = torch.rand(batch, o["inputChannels"], o["inputHeight"], o["inputWidth"])
    y = torch.randint(0, o["classes"], (batch,))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loss_fn = torch.nn.CrossEntropyLoss()
    layers = [m for m in net.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    state = {}
    decay_ms = []

    def step():
        net.train()
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x), y).backward()
        t0 = time.perf_counter()
        paper_norm_decay(layers, state)
        decay_ms.append((time.perf_counter() - t0) * 1000)
        opt.step()

    for _ in range(5):
        step()
    decay_ms.clear()
    runs = 30 if model == "small_cnn" else 15
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    ms = statistics.median(times)
    return {
        "case": f"{model}:{width}:{batch}",
        "step_ms": ms,
        "examples_per_second": batch / ms * 1000,
        "decay_ms": statistics.median(decay_ms),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": os.path.realpath("/etc/alternatives/libblas.so.3-x86_64-linux-gnu"),
    }


if __name__ == "__main__":
    torch.set_num_threads(int(sys.argv[1]))
    for arg in sys.argv[2:]:
        model, width, batch = arg.split(":")
        print(json.dumps(case(model, float(width), int(batch))), flush=True)
