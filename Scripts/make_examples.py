#!/usr/bin/env python3
"""Makes the small example inputs the README's examples use, in Fixtures/examples/.

    python3 Scripts/make_examples.py

Seeded, so running it again gives the same arrays. NumPy, and Pillow for the one PNG. The files are inputs, not
expected values: the README shows what checkerscope prints for them, and
Tests/CLITests/ReadmeExamplesTests.swift checks that it still does.
"""
import os

import numpy as np
from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "examples")


def save(name, array):
    path = os.path.join(OUT, name)
    np.save(path, array)
    print(f"{name}: {array.dtype} {array.shape}")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(2016)
    # A 2D transposed convolution in PyTorch's layout: x (N, C_in, H, W), w (C_in, C_out, kH, kW), b (C_out).
    save("x.npy", rng.standard_normal((1, 2, 8, 8)).astype(np.float32))
    save("w.npy", rng.standard_normal((2, 4, 3, 3)).astype(np.float32))
    save("b.npy", rng.standard_normal((4,)).astype(np.float32))
    # A gain map as a float (H, W) array: the article's 2D tile [[4, 2], [2, 1]] / 2.25, tiled 8 × 12.
    tile = np.array([[4.0, 2.0], [2.0, 1.0]]) / 2.25
    save("gains.npy", np.tile(tile, (4, 6)).astype(np.float32))
    # A volume and a 3D weight: x (1, 1, 12, 12, 12), w (1, 1, 3, 3, 3) all ones.
    save("vol.npy", rng.uniform(0.5, 1.0, (1, 1, 12, 12, 12)).astype(np.float32))
    save("w3.npy", np.ones((1, 1, 3, 3, 3), dtype=np.float32))
    # A small photograph: a 128 × 128 crop of Fixtures/images/camera.png (CC0, scikit-image), grey,
    # so the image examples run quickly.
    camera = Image.open(os.path.join(OUT, "..", "images", "camera.png")).convert("L")
    camera.crop((160, 128, 288, 256)).save(os.path.join(OUT, "photo.png"), optimize=False)
    print("photo.png: 128×128 grey")


if __name__ == "__main__":
    main()
