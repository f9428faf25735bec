"""PyTorch CPU reference timings for bench/engine.bench.ts, measured in the same run.

Usage: /usr/bin/python3 torch_engine_steps.py THREADS CASE...  where CASE is
  model:width:batch  (model as in the zoo: small_cnn, resnet18, ...).
Prints one JSON object per case: median ms of a training step (forward in train mode,
cross-entropy, backward, SGD with momentum 0.9), of an eval-mode forward + input gradient (what
attacks do), and of inference (no grad). The architectures come from the zoo's PyTorch twin in
test/fixtures/zoo-reference.py, so both sides run the same network.
"""
import json
import os
import statistics
import sys
import time

import torch

import importlib.util

spec = importlib.util.spec_from_file_location(
    "zoo_reference", os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "zoo-reference.py")
)
zoo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(zoo)


def median_ms(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def case(model, width, batch):
    torch.manual_seed(0)
    net = zoo.make(model, zoo.options(model, widthMultiplier=width))
    o = zoo.options(model, widthMultiplier=width)
    x = torch.rand(batch, o["inputChannels"], o["inputHeight"], o["inputWidth"])
    y = torch.randint(0, o["classes"], (batch,))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()

    def train_step():
        net.train()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    def input_grad():
        net.eval()
        xi = x.clone().requires_grad_(True)
        loss = loss_fn(net(xi), y)
        (g,) = torch.autograd.grad(loss, xi)
        return g

    def infer():
        net.eval()
        with torch.no_grad():
            return net(x)

    runs = 30 if model == "small_cnn" else 15
    return {
        "case": f"{model}:{width}:{batch}",
        "train_ms": median_ms(train_step, 5, runs),
        "input_grad_ms": median_ms(input_grad, 3, runs),
        "infer_ms": median_ms(infer, 3, runs),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": os.path.realpath("/etc/alternatives/libblas.so.3-x86_64-linux-gnu"),
    }


if __name__ == "__main__":
    torch.set_num_threads(int(sys.argv[1]))
    for spec_arg in sys.argv[2:]:
        model, width, batch = spec_arg.split(":")
        print(json.dumps(case(model, float(width), int(batch))), flush=True)
