#!/usr/bin/python3
"""PyTorch CPU baseline for bench/attack.bench.ts: APGD-CE (L∞, 100 iterations, one restart) on the
first N Fashion-MNIST test points against the ONNX fixture model (weights loaded into the same
PyTorch module), written after fra31/auto-attack's `attack_single_run` (checkpoints, momentum 0.75,
step-size halving). Prints one JSON line: seconds, robust accuracy, torch version, BLAS.

Usage: torch_apgd.py MODEL.onnx IMAGES.npy LABELS.npy EPS ITERS THREADS
"""
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 3, padding=1)
        self.c2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def apgd_ce(model, x, y, eps, n_iter):
    n = x.shape[0]
    k = max(int(0.22 * n_iter), 1)
    size_decr, k_min = max(int(0.03 * n_iter), 1), max(int(0.06 * n_iter), 1)
    t = 2 * torch.rand(x.shape) - 1
    x_adv = (x + eps * t / (t.abs().flatten(1).max(1)[0].view(-1, 1, 1, 1) + 1e-12)).clamp(0, 1)
    x_best, x_best_adv = x_adv.clone(), x_adv.clone()
    loss_steps = torch.zeros(n_iter, n)

    def grad_of(z):
        z = z.clone().requires_grad_(True)
        logits = model(z)
        loss = F.cross_entropy(logits, y, reduction="none")
        (g,) = torch.autograd.grad(loss.sum(), [z])
        return logits.detach(), loss.detach(), g.detach()

    logits, loss, grad = grad_of(x_adv)
    acc = logits.argmax(1) == y
    grad_best, loss_best = grad.clone(), loss.clone()
    step = 2 * eps * torch.ones(n, 1, 1, 1)
    x_old = x_adv.clone()
    counter, loss_last, reduced_last = 0, loss_best.clone(), torch.ones(n)
    for i in range(n_iter):
        a = 0.75 if i > 0 else 1.0
        grad2 = x_adv - x_old
        x_old = x_adv.clone()
        z = torch.min(torch.max(x_adv + step * grad.sign(), x - eps), x + eps).clamp(0, 1)
        x_adv = torch.min(torch.max(x_adv + (z - x_adv) * a + grad2 * (1 - a), x - eps), x + eps).clamp(0, 1)
        logits, loss, grad = grad_of(x_adv)
        pred = logits.argmax(1) == y
        acc = acc & pred
        x_best_adv[~pred] = x_adv[~pred]
        loss_steps[i] = loss
        better = loss > loss_best
        x_best[better], grad_best[better], loss_best[better] = x_adv[better], grad[better], loss[better]
        counter += 1
        if counter == k:
            rose = torch.zeros(n)
            for c in range(k):
                rose += (loss_steps[i - c] > loss_steps[i - c - 1]).float()
            fl = (rose <= k * 0.75).float()
            fl = torch.max(fl, (1 - reduced_last) * (loss_last >= loss_best).float())
            reduced_last, loss_last = fl.clone(), loss_best.clone()
            idx = fl > 0
            step[idx] /= 2
            x_adv[idx], grad[idx] = x_best[idx], grad_best[idx]
            k = max(k - size_decr, k_min)
            counter = 0
    return x_best_adv, acc


def main():
    model_path, images, labels, eps, iters, threads = sys.argv[1:7]
    torch.set_num_threads(int(threads))
    torch.manual_seed(0)
    model = SmallCnn()
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in onnx.load(model_path).graph.initializer}
    model.load_state_dict({k: weights[k] for k in model.state_dict()})
    model.eval()
    x = torch.from_numpy(np.load(images))
    y = torch.from_numpy(np.load(labels).astype(np.int64))
    with torch.no_grad():
        clean = model(x).argmax(1) == y
    apgd_ce(model, x[:16], y[:16], float(eps), 3)  # warm-up
    t0 = time.perf_counter()
    _, acc = apgd_ce(model, x[clean], y[clean], float(eps), int(iters))
    seconds = time.perf_counter() - t0
    blas = os.path.realpath("/etc/alternatives/libblas.so.3-x86_64-linux-gnu")
    print(json.dumps({"seconds": seconds, "robust": int(acc.sum()), "n": int(x.shape[0]), "clean": int(clean.sum()),
                      "torch": torch.__version__, "blas": blas, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
