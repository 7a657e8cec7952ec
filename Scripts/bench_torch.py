#!/usr/bin/env python3
"""PyTorch timings for the deconv cases of `checkerscope-bench` (issues 3 and 14).

Same shapes and parameters (stride 2, padding 1, with bias, float32, CPU; conv_transpose2d, or
conv_transpose3d for the `deconv3d-*` cases), 2 threads (1 for the `-t1` cases), one warm-up
then N timed runs; prints the median and minimum in milliseconds, or a JSON array like
`checkerscope-bench --json` with --json.

    python3 Scripts/bench_torch.py [--json] [--runs N] [--threads T] [NAME-SUBSTRING ...]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

CASES = [
    # name, C_in, C_out, size, kernel, groups, runs, threads (None: --threads); dims from the name
    ("deconv2d-1x1x2048x2048-k4s2p1", 1, 1, 2048, 4, 1, 10, None),
    ("deconv2d-1x1x2048x2048-k3s2p1", 1, 1, 2048, 3, 1, 10, None),
    ("deconv2d-1x3x1024x1024-k4s2p1-g3", 3, 3, 1024, 4, 3, 10, None),
    ("deconv2d-1x16x256x256-16to16-k4s2p1", 16, 16, 256, 4, 1, 10, None),
    ("deconv2d-1x64x64x64-64to32-k4s2p1", 64, 32, 64, 4, 1, 50, None),
    ("deconv2d-1x16x256x256-16to16-k4s2p1-t1", 16, 16, 256, 4, 1, 10, 1),
    ("deconv2d-1x64x64x64-64to32-k4s2p1-t1", 64, 32, 64, 4, 1, 50, 1),
    ("deconv3d-1x1x128x128x128-k4s2p1", 1, 1, 128, 4, 1, 10, None),
    ("deconv3d-1x16x32x32x32-16to16-k4s2p1", 16, 16, 32, 4, 1, 10, None),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("names", nargs="*", help="run only cases whose name contains one of these")
    args = parser.parse_args()
    generator = torch.Generator().manual_seed(1)
    results = []
    for name, c_in, c_out, size, k, groups, runs, threads in CASES:
        if args.names and not any(part in name for part in args.names):
            continue
        torch.set_num_threads(threads or args.threads)
        dims = 3 if name.startswith("deconv3d") else 2
        conv = F.conv_transpose3d if dims == 3 else F.conv_transpose2d
        x = torch.rand((1, c_in) + (size,) * dims, generator=generator) * 2 - 1
        w = torch.rand((c_in, c_out // groups) + (k,) * dims, generator=generator) * 2 - 1
        b = torch.rand(c_out, generator=generator) * 2 - 1
        with torch.inference_mode():
            y = conv(x, w, b, stride=2, padding=1, groups=groups)  # warm-up
            times = []
            for _ in range(args.runs or runs):
                start = time.perf_counter()
                y = conv(x, w, b, stride=2, padding=1, groups=groups)
                times.append((time.perf_counter() - start) * 1e3)
        checksum = float(y.flatten()[::997].double().sum())
        median, minimum = statistics.median(times), min(times)
        if args.json:
            results.append({"name": name, "medianMs": round(median, 3), "minMs": round(minimum, 3), "checksum": checksum})
        else:
            print(f"{name:<40} median {median:.3f} ms  min {minimum:.3f} ms  output {tuple(y.shape)}")
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
