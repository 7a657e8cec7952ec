#!/usr/bin/env python3
"""Benchmark ONNX Runtime on a full-width CycleGAN-style ResNet generator at 256x256 (not committed).

Writes the model to /tmp/checkerscope-cyclegan256.onnx (seeded PyTorch weights: ngf 64, 9 residual
blocks, reflection padding, instance norm, two ConvTranspose k3 s2 p1 op1) and times ONNX Runtime's
CPU forward pass on a seeded uniform input with the given threads (default 2). Then:

    CHECKERSCOPE_BENCH_MODEL=/tmp/checkerscope-cyclegan256.onnx \\
      .build/release/checkerscope-bench --runs 5 interpreter probe

    pip install torch onnx onnxruntime numpy
    python3 Scripts/bench_onnxruntime.py [--runs N] [--threads T]
"""
import argparse
import statistics
import time

import numpy as np
import onnxruntime as ort
import torch
import torch.nn as nn

PATH = "/tmp/checkerscope-cyclegan256.onnx"


class ResBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c), nn.ReLU(True),
            nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c))

    def forward(self, x):
        return x + self.body(x)


def generator(ngf=64, blocks=9):
    layers = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7), nn.InstanceNorm2d(ngf), nn.ReLU(True)]
    c = ngf
    for _ in range(2):
        layers += [nn.Conv2d(c, c * 2, 3, stride=2, padding=1), nn.InstanceNorm2d(c * 2), nn.ReLU(True)]
        c *= 2
    layers += [ResBlock(c) for _ in range(blocks)]
    for _ in range(2):
        layers += [nn.ConvTranspose2d(c, c // 2, 3, stride=2, padding=1, output_padding=1),
                   nn.InstanceNorm2d(c // 2), nn.ReLU(True)]
        c //= 2
    layers += [nn.ReflectionPad2d(3), nn.Conv2d(c, 3, 7), nn.Tanh()]
    return nn.Sequential(*layers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = generator().eval()
    torch.onnx.export(model, torch.zeros(1, 3, 256, 256), PATH, input_names=["input"], output_names=["output"],
                      opset_version=17, dynamo=False)
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(PATH, options, providers=["CPUExecutionProvider"])
    x = np.random.default_rng(1).random((1, 3, 256, 256), dtype=np.float32)
    session.run(None, {"input": x})
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        session.run(None, {"input": x})
        times.append((time.perf_counter() - start) * 1000)
    print(f"onnxruntime {ort.__version__} cyclegan256 ({args.threads} threads): median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f} ms over {args.runs} runs; model at {PATH}")


if __name__ == "__main__":
    main()
