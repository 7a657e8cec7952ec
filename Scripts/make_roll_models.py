#!/usr/bin/env python3
"""Build the fixtures of the probe's trace through cyclic shifts and of its input-size choice into
Fixtures/models/roll/ (run from the repository root; needs torch, onnx, onnxruntime, numpy):

    python3 Scripts/make_roll_models.py

- `roll_legacy.onnx`, `roll_dynamo.onnx`: Conv k3 p1 -> torch.roll by (-2, -2) -> Conv k3 p1 -> roll by
  (+2, +2) -> ConvTranspose k4 s2 p1, the shifted-window pattern of Swin Transformers, exported by both
  `torch.onnx.export` exporters at 1x2x32x32 (seeded weights);
- `gap_decoder_legacy.onnx`: Conv -> global average pool -> Linear -> reshape to 4x4 -> ConvTranspose
  k4 s2 p1, spatial axes symbolic: its output does not depend on where the input's samples are, so no
  input size gives it an interior.

MANIFEST.json records, per model, the input shape and, measured in PyTorch on an all-ones input, how far
the border reaches into the output of each named module (`reach`: per spatial axis, the samples at the
start and at the end that differ from the value at the centre — on a constant input every sample the
border does not reach equals the centre's), and ONNX Runtime's output on that input (`<name>.ones.out.npy`).
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn

OUT = "Fixtures/models/roll"
SEED = 20261206


class Roll(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.up = nn.ConvTranspose2d(4, 2, 4, 2, 1)

    def forward(self, x):
        x = torch.roll(self.conv1(x), shifts=(-2, -2), dims=(2, 3))
        x = torch.roll(self.conv2(x), shifts=(2, 2), dims=(2, 3))
        return self.up(x)

    def stages(self, x):
        a = torch.roll(self.conv1(x), shifts=(-2, -2), dims=(2, 3))
        b = torch.roll(self.conv2(a), shifts=(2, 2), dims=(2, 3))
        return {"rolled back": (b, 1), "output": (self.up(b), 2)}


class GapDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.fc = nn.Linear(8, 4 * 4 * 4)
        self.up = nn.ConvTranspose2d(4, 1, 4, 2, 1)

    def forward(self, x):
        z = self.conv(x).mean(dim=(2, 3))
        return self.up(self.fc(z).reshape(-1, 4, 4, 4))


def reach(y, period=1):
    """Per spatial axis (begin, end): along the centre line, the samples outside the run of samples equal
    to the value at the centre's period of the same phase (every channel) that holds the centre (`period`
    is the lattice an upsampling layer made: 2 after a stride-2 transposed convolution)."""
    y = y[0]
    c, h, w = y.shape
    scale = max(1.0, float(np.abs(y).max()))
    result = []
    for axis, n in ((1, h), (2, w)):
        line = y[:, :, w // 2] if axis == 1 else y[:, h // 2, :]
        mid = n // 2
        same = np.array([np.all(np.abs(line[:, i] - line[:, mid + (i - mid) % period]) <= 1e-5 * scale)
                         for i in range(n)])
        lo = n // 2
        while lo > 0 and same[lo - 1]:
            lo -= 1
        hi = n // 2
        while hi < n - 1 and same[hi + 1]:
            hi += 1
        result.append([lo, n - 1 - hi])
    return result


def export(net, shape, path, dynamo, dynamic):
    x = torch.zeros(shape)
    if dynamo:
        torch.onnx.export(net, (x,), dynamo=True, input_names=["input"], output_names=["output"]).save(
            path, external_data=False)
    else:
        axes = {"input": {2: "h", 3: "w"}} if dynamic else None
        torch.onnx.export(net, (x,), path, dynamo=False, opset_version=17, input_names=["input"],
                          output_names=["output"], dynamic_axes=axes)
    onnx.save(onnx.load(path), path, save_as_external_data=False)
    if os.path.exists(path + ".data"):
        os.remove(path + ".data")


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {}
    for name, make, shape, dynamo, dynamic in [
        ("roll_legacy", Roll, (1, 2, 32, 32), False, False),
        ("roll_dynamo", Roll, (1, 2, 32, 32), True, False),
        ("gap_decoder_legacy", GapDecoder, (1, 1, 32, 32), False, True),
    ]:
        torch.manual_seed(SEED)
        net = make().eval()
        path = os.path.join(OUT, name + ".onnx")
        with torch.no_grad():
            export(net, shape, path, dynamo, dynamic)
            ones = torch.ones(shape)
            entry = {"inputShape": list(shape), "symbolicSpatialAxes": dynamic,
                     "operators": sorted({n.op_type for n in onnx.load(path).graph.node})}
            if hasattr(net, "stages"):
                entry["reach"] = {k: reach(v.numpy(), p) for k, (v, p) in net.stages(ones).items()}
            session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            y = session.run(None, {session.get_inputs()[0].name: ones.numpy()})[0]
            entry["ortVsTorch"] = float(np.abs(y - net(ones).numpy()).max())
            np.save(os.path.join(OUT, name + ".ones.out.npy"), y.astype(np.float32))
        manifest[name] = entry
    with open(os.path.join(OUT, "MANIFEST.json"), "w") as f:
        json.dump({"generator": "Scripts/make_roll_models.py", "torch": torch.__version__,
                   "onnxruntime": ort.__version__, "models": manifest}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
