#!/usr/bin/env python3
"""Check the committed grid baselines (Fixtures/baselines/*.json) against PyTorch.

For every record, run torch.nn.functional.conv_transpose1d/2d/3d on an all-ones input of the
record's inputSize with an all-ones kernel and the record's parameters, and compare the output
size and the full-map metrics (min, max, mean, population std, zero fraction). For every skipped
configuration, check that PyTorch refuses it too. Usage:

    python3 Scripts/baselines_vs_torch.py [Fixtures/baselines/*.json]
"""
import glob
import json
import sys

import torch


def torch_map(record):
    layer = record["layers"][0]
    dims = len(layer["kernel"])
    x = torch.ones((1, 1) + tuple(record["inputSize"]) if "inputSize" in record else (1, 1) + (8,) * dims,
                   dtype=torch.float64)
    w = torch.ones((1, 1) + tuple(layer["kernel"]), dtype=torch.float64)
    f = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
         3: torch.nn.functional.conv_transpose3d}[dims]
    return f(x, w, stride=tuple(layer["stride"]), padding=tuple(p[0] for p in layer["padding"]),
             output_padding=tuple(layer["outputPadding"]), dilation=tuple(layer["dilation"]))[0, 0]


def close(a, b):
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


def main():
    files = sys.argv[1:] or sorted(glob.glob("Fixtures/baselines/*.json"))
    records = skipped = 0
    for path in files:
        with open(path) as f:
            document = json.load(f)
        for record in document["records"]:
            y = torch_map(record)
            full = record["full"]
            n = y.numel()
            mean = y.sum().item() / n
            std = ((y - mean) ** 2).sum().item() / n
            std = std ** 0.5
            checks = [
                list(y.shape) == record["outputSize"],
                y.min().item() == full["min"],
                y.max().item() == full["max"],
                close(mean, full["mean"]),
                close(std, full["std"]),
                close((y == 0).sum().item() / n, full["zeroFraction"]),
            ]
            if not all(checks):
                print(f"MISMATCH {path}: {record['layers']} {checks}")
                return 1
            records += 1
        for entry in document["skipped"]:
            try:
                torch_map(entry)
            except RuntimeError:
                skipped += 1
                continue
            print(f"PyTorch accepts a skipped configuration {path}: {entry['layers']}")
            return 1
    print(f"{records} records agree with torch conv_transpose of ones; {skipped} skipped ones are refused by torch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
