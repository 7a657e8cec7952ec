#!/usr/bin/env python3
"""Compare `checkerscope overlap --format json` with PyTorch's conv_transpose of ones.

For a grid of kernel, stride, dilation, padding and output padding (1D and 2D), run the built
tool and torch.nn.functional.conv_transpose1d/2d on an all-ones input with an all-ones kernel
(or a random kernel for gain maps), and check that the maps agree. Usage:

    swift build && python3 Scripts/overlap_vs_torch.py [path/to/checkerscope]
"""
import itertools
import json
import subprocess
import sys

import torch

TOOL = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/checkerscope"


def run(args):
    out = subprocess.run([TOOL, "overlap", *args, "--format", "json"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{args}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def torch_map(dims, n, k, s, p, op, d, weight=None):
    x = torch.ones((1, 1) + (n,) * dims, dtype=torch.float64)
    w = torch.ones((1, 1) + (k,) * dims, dtype=torch.float64) if weight is None else weight
    f = torch.nn.functional.conv_transpose1d if dims == 1 else torch.nn.functional.conv_transpose2d
    return f(x, w, stride=s, padding=p, output_padding=op, dilation=d)[0, 0]


def main():
    checked = 0
    for dims, k, s, d in itertools.product((1, 2), range(1, 8), range(1, 5), range(1, 4)):
        for p, op in itertools.product(sorted({0, 1, d * (k - 1) // 2}), sorted({0, max(s, d) - 1})):
            n = 5
            if (n - 1) * s - 2 * p + d * (k - 1) + op + 1 < 1:
                continue
            args = ["--dims", str(dims), "--kernel", str(k), "--stride", str(s), "--padding", str(p),
                    "--output-padding", str(op), "--dilation", str(d), "--input-size", str(n)]
            ours = torch.tensor(run(args)["values"], dtype=torch.float64)
            theirs = torch_map(dims, n, k, s, p, op, d)
            if ours.shape != theirs.shape or not torch.equal(ours, theirs):
                print(f"MISMATCH dims={dims} k={k} s={s} d={d} p={p} op={op}")
                return 1
            checked += 1
    print(f"{checked} count maps agree with torch conv_transpose of ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
