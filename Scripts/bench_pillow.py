#!/usr/bin/env python3
"""Pillow's PNG decode and encode of the checkerscope-bench image (png-*-4096-rgb8).

Builds the same 4096x4096 RGB image as Sources/checkerscope-bench/Bench+Png.swift, then times
Pillow decoding the PNG bytes (Image.open + load) and encoding it at compression level 6.
Prints the same lines as checkerscope-bench (or --json). Needs numpy and Pillow
(pip install pillow). Usage: python3 Scripts/bench_pillow.py [--json] [--runs N]
"""
import io
import json
import statistics
import sys
import time

import numpy as np
from PIL import Image


def make_image(side=4096):
    y, x = np.mgrid[0:side, 0:side].astype(np.uint32)
    n = (((x * np.uint32(73856093)) ^ (y * np.uint32(19349663))) >> np.uint32(13)) & np.uint32(7)
    r = (x + 2 * y + n) & 255
    g = ((x ^ y) + n) & 255
    b = (((x * y) >> np.uint32(9)) + n) & 255
    return np.stack([r, g, b], axis=-1).astype(np.uint8)


def checksum(pixels):
    flat = pixels.reshape(-1)
    return float(flat.size + int(flat[::4099].astype(np.int64).sum()))


def measure(body, runs):
    result = body()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = body()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), min(times), result


def main():
    as_json = "--json" in sys.argv
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 10
    pixels = make_image()
    image = Image.fromarray(pixels, "RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    encoded = buffer.getvalue()

    def decode():
        decoded = Image.open(io.BytesIO(encoded))
        decoded.load()
        return checksum(np.asarray(decoded))

    def encode():
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=6)
        return float(out.tell())

    results = []
    for name, body in [("pillow-png-decode-4096-rgb8", decode), ("pillow-png-encode-4096-rgb8", encode)]:
        median, minimum, value = measure(body, runs)
        results.append({"name": name, "medianMs": round(median, 3), "minMs": round(minimum, 3), "checksum": value})
    if as_json:
        print(json.dumps(results))
    else:
        for r in results:
            print(f"{r['name']:<40} median {r['medianMs']:.3f} ms  min {r['minMs']:.3f} ms  checksum {r['checksum']}")
        print(f"(Pillow {Image.__version__}, PNG of {len(encoded)} bytes)")


if __name__ == "__main__":
    main()
