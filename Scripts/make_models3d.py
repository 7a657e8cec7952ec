#!/usr/bin/env python3
"""Build the small seeded 3D U-Net fixtures for `checkerscope audit`, the ONNX interpreter and the probe.

Writes into Fixtures/models/ (run from the repository root after Scripts/make_models.py; not needed to
run the tests). Three two-level 3D U-Nets (Conv3d + ReLU, MaxPool3d, a skip concatenation, widths 4/8, two output channels as the 2D U-Net,
input 1x1x16x16x16), seeded, exported with the current (dynamo) exporter, plus their state dicts as
safetensors:

- `unet3d`: ConvTranspose3d k2 s2 decoder (even overlap; random weights give uneven phase sums);
- `unet3d_k3`: ConvTranspose3d k3 s2 p1 op1 decoder (uneven overlap: the checkerboard case);
- `unet3d_trilinear`: trilinear resize x2 then Conv3d k3 (no lattice pattern).

For each: `<model>.expected.json` (every audit number, computed with NumPy by make_models.py's
`expected_audit`), ONNX Runtime outputs (`.ones.out.npy`, `.noise.in.npy`, `.noise.out.npy`) and an entry
in MANIFEST.json (other entries are kept).

    pip install torch onnx onnxscript onnxruntime safetensors numpy
    python3 Scripts/make_models3d.py
"""
import json
import os
import sys

import onnx
import onnxruntime as ort
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_models as mm  # noqa: E402


class UNet3D(nn.Module):
    """Two-level 3D U-Net; `up` selects the decoder's upsampling."""

    def __init__(self, up, c=4):
        super().__init__()
        self.e1 = nn.Sequential(nn.Conv3d(1, c, 3, padding=1), nn.ReLU())
        self.pool = nn.MaxPool3d(2)
        self.bott = nn.Sequential(nn.Conv3d(c, 2 * c, 3, padding=1), nn.ReLU())
        if up == "k2s2":
            self.up = nn.ConvTranspose3d(2 * c, c, 2, stride=2)
        elif up == "k3s2":
            self.up = nn.ConvTranspose3d(2 * c, c, 3, stride=2, padding=1, output_padding=1)
        else:
            self.up = nn.Sequential(nn.Upsample(scale_factor=2, mode="trilinear", align_corners=False),
                                    nn.Conv3d(2 * c, c, 3, padding=1))
        self.dec = nn.Sequential(nn.Conv3d(2 * c, c, 3, padding=1), nn.ReLU())
        self.out = nn.Conv3d(c, 2, 1)

    def forward(self, x):
        e1 = self.e1(x)
        b = self.bott(self.pool(e1))
        return self.out(self.dec(torch.cat([self.up(b), e1], 1)))


MODELS = [
    ("unet3d", lambda: UNet3D("k2s2"), (1, 1, 16, 16, 16), 31, ["dynamo"]),
    ("unet3d_k3", lambda: UNet3D("k3s2"), (1, 1, 16, 16, 16), 32, ["dynamo"]),
    ("unet3d_trilinear", lambda: UNet3D("trilinear"), (1, 1, 16, 16, 16), 33, ["dynamo"]),
]


def main():
    os.makedirs(mm.OUT, exist_ok=True)
    for arch, make, shape, seed, exporters in MODELS:
        mm.export_torch(arch, make, shape, seed, exporters)
    for name, info in sorted(mm.MANIFEST.items()):
        mm.expected_audit(name, info["inputShape"])
        mm.runtime_outputs(name, info["inputShape"])
    path = os.path.join(mm.OUT, "MANIFEST.json")
    with open(path) as f:
        manifest = json.load(f)
    manifest["models"].update(mm.MANIFEST)
    manifest["notes"] = manifest.get("notes", []) + mm.NOTES
    with open(path, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    for note in mm.NOTES:
        print(note, file=sys.stderr)
    print("torch", torch.__version__, "onnx", onnx.__version__, "onnxruntime", ort.__version__)


if __name__ == "__main__":
    main()
