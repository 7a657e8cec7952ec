#!/usr/bin/env python3
"""Build the fixtures that check `audit` and `probe` name layers the way a PyTorch user wrote them.

Writes into Fixtures/models/pytorch/ (run from the repository root; not needed to run the tests):

- `tiny_legacy.onnx` (TorchScript exporter, `dynamo=False`: the module path is in the node name,
  `/up/ConvTranspose`) and `tiny_dynamo.onnx` (the default exporter: node names like
  `node_ConvTranspose_3`, the module path, class and source line in each node's `metadata_props`;
  the BatchNorm after `up` is fused into its ConvTranspose) of one small generator with seeded weights;
- `tiny.expected.json`: for each ConvTranspose module, in the order `model.named_modules()` lists
  them, its module path, class, the constructor call written from the module's own attributes (what
  `audit`'s remedy must quote), and the file:line of the forward line that calls it (found in the
  source with `inspect`, not from the export) -- written independently of the ONNX files.

    pip install torch onnx onnxscript
    python3 Scripts/make_pytorch_names.py
"""
import inspect
import json
import os

import torch
import torch.nn as nn

OUT = "Fixtures/models/pytorch"


class Tiny(nn.Module):
    """A stem convolution, a k3 s2 p1 op1 transposed convolution with BatchNorm, then a k4 s2 p1 one."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.up = nn.ConvTranspose2d(8, 8, kernel_size=3, stride=2, padding=1, output_padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.net = nn.Sequential(
            nn.ReLU(), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Identity(),
            nn.ConvTranspose2d(8, 3, 4, stride=2, padding=1), nn.Tanh())

    def forward(self, x):
        x = self.stem(x)
        x = self.bn(self.up(x))
        return self.net(x)


def scalar(value):
    """One number when every axis agrees (PyTorch accepts either), else the tuple."""
    value = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    return str(value[0]) if len(set(value)) == 1 else str(value)


def constructor(module):
    """`nn.ConvTranspose2d(8, 8, kernel_size=3, stride=2, padding=1, output_padding=1)`: the call that
    makes `module`, defaults left out, from the module's attributes."""
    parts = [str(module.in_channels), str(module.out_channels), "kernel_size=" + scalar(module.kernel_size)]
    defaults = {"stride": 1, "padding": 0, "output_padding": 0, "dilation": 1}
    for name, default in defaults.items():
        text = scalar(getattr(module, name))
        if text != str(default):
            parts.append(f"{name}={text}")
    if module.groups != 1:
        parts.append(f"groups={module.groups}")
    if module.bias is None:
        parts.append("bias=False")
    return f"nn.{type(module).__name__}({', '.join(parts)})"


def call_lines(model):
    """The line of Tiny.forward that calls each top-level module (`self.up(`), from the source."""
    lines, start = inspect.getsourcelines(type(model).forward)
    found = {}
    for offset, line in enumerate(lines):
        for name, _ in model.named_children():
            if f"self.{name}(" in line and name not in found:
                found[name] = start + offset
    return found


def main():
    torch.manual_seed(26)
    model = Tiny().eval()
    with torch.no_grad():
        model.bn.running_mean.uniform_(-0.2, 0.2)
        model.bn.running_var.uniform_(0.5, 1.5)
    x = torch.ones(1, 3, 32, 32)
    os.makedirs(OUT, exist_ok=True)
    torch.onnx.export(model, (x,), f"{OUT}/tiny_legacy.onnx", dynamo=False, input_names=["x"],
                      output_names=["y"])
    program = torch.onnx.export(model, (x,), dynamo=True, input_names=["x"], output_names=["y"])
    program.save(f"{OUT}/tiny_dynamo.onnx")
    lines = call_lines(model)
    source = os.path.basename(__file__)
    layers = []
    for name, module in model.named_modules():
        if isinstance(module, nn.ConvTranspose2d):
            top = name.split(".")[0]
            layers.append({"module": name, "class": type(module).__name__, "constructor": constructor(module),
                           "source": f"{source}:{lines[top]}"})
    expected = {"inputShape": list(x.shape), "outputShape": list(model(x).shape), "layers": layers}
    with open(f"{OUT}/tiny.expected.json", "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(json.dumps(expected, indent=1))


if __name__ == "__main__":
    main()
