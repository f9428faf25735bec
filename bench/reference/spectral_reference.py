"""Times the reference-style PyTorch spectrum code (Sedghi et al.: FFT + complex SVD) on CPU.

Largest singular value: torch.fft.fft2 of the kernel zero-padded to n×n, then svdvals of every
frequency's C_out×C_in matrix. SVC over a CIFAR ResNet-18: full SVD per frequency, clamp, rebuild,
inverse FFT, keep the k×k support — with the stride ignored, as the reference code does (so it is
not the same operator for strided convs; timing only). complex64 unless SPECTRAL_DTYPE=float64.
Prints one JSON object. Usage: /usr/bin/python3 bench/reference/spectral_reference.py
(Debian python3-torch). Threads: SPECTRAL_THREADS (default: all CPUs).
"""
import json
import os
import time

import torch

DTYPE = torch.float64 if os.environ.get("SPECTRAL_DTYPE") == "float64" else torch.float32


def sigma_max(kernel, n):
    transforms = torch.fft.fft2(kernel, s=(n, n)).permute(2, 3, 0, 1)
    return torch.linalg.svdvals(transforms).max().item()


def svc(kernel, n, clip_to):
    cout, cin, k, _ = kernel.shape
    transforms = torch.fft.fft2(kernel, s=(n, n)).permute(2, 3, 0, 1)
    u, s, vh = torch.linalg.svd(transforms, full_matrices=False)
    s = torch.clamp(s, max=clip_to).to(u.dtype)
    clipped = u @ torch.diag_embed(s) @ vh
    spatial = torch.fft.ifft2(clipped.permute(2, 3, 0, 1)).real
    return spatial[:, :, :k, :k]


def resnet18_convs():
    convs = [(3, 64, 3, 1, 32)] + [(64, 64, 3, 1, 32)] * 4
    for cin, cout, n in ((64, 128, 32), (128, 256, 16), (256, 512, 8)):
        convs += [(cin, cout, 3, 2, n), (cout, cout, 3, 1, n // 2), (cin, cout, 1, 2, n)]
        convs += [(cout, cout, 3, 1, n // 2)] * 2
    return convs


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def main():
    torch.set_num_threads(int(os.environ.get("SPECTRAL_THREADS", os.cpu_count() or 1)))
    torch.manual_seed(0)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "dtype": str(DTYPE), "sigma_ms": {}}
    for name, (cin, cout, k) in {"3x3-256-512": (256, 512, 3), "5x5-512-256": (512, 256, 5)}.items():
        kernel = torch.randn(cout, cin, k, k, dtype=DTYPE) / (cin * k * k) ** 0.5
        out["sigma_ms"][name] = timed(lambda: sigma_max(kernel, 32))
    if os.environ.get("SPECTRAL_SKIP_SVC") != "1":
        total = 0.0
        for cin, cout, k, _stride, n in resnet18_convs():
            bound = 1 / (cin * k * k) ** 0.5
            kernel = (torch.rand(cout, cin, k, k, dtype=DTYPE) * 2 - 1) * bound
            total += timed(lambda: svc(kernel, n, 1.0))
        out["resnet18_svc_ms"] = total
    print(json.dumps(out))


if __name__ == "__main__":
    main()
