#!/usr/bin/env python3
"""PyTorch reference cases for 3D transposed convolution and the 3D companion operations.

Writes, under Fixtures/reference/ (see Fixtures/reference/README.md for the format):

- deconv3d/caseNNN/ — 48 seeded conv_transpose3d cases: x.npy, w.npy, optional b.npy, y.npy and
  params.json. y is computed by torch.nn.functional.conv_transpose3d in float64 and rounded once to
  float32. Asymmetric padding (which PyTorch cannot express) is computed with padding 0 and the
  result cropped by padding_begin at the start and padding_end at the end of each axis. Cases with
  "output_size" were run through torch.nn.ConvTranspose3d(...)(x, output_size=...), and their
  "output_padding" is the one PyTorch chose.
- deconv3d/refusals.json — parameter sets PyTorch refuses, with PyTorch's message.
- ops3d/ — F.interpolate(mode="nearest" | "trilinear", align_corners=False), stride-1 F.conv3d
  (zero padding, groups), and 3D pixel shuffle. PyTorch has no 3D pixel shuffle; it is defined as
  the natural extension of pixel_shuffle, y[n, c, d·r+i, h·r+j, w·r+k] = x[n, c·r³ + i·r² + j·r + k, d, h, w],
  and computed here by a NumPy reshape/transpose.

    python3 Scripts/make_deconv3d_reference.py        # from the repository root

Deterministic: the same PyTorch/NumPy versions give the same files.
"""
import json
import os
import shutil

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "reference")
CASES = 48


def save(folder, name, array):
    np.save(os.path.join(folder, name), np.ascontiguousarray(array, dtype="<f4"))


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1, sort_keys=True)
        f.write("\n")


def random_case(rng, index):
    """One valid configuration; every few cases force a category so all appear."""
    while True:
        groups = int(rng.choice([1, 1, 2, 3])) if index % 4 else int(rng.integers(2, 4))
        c_in = groups * int(rng.integers(1, 4))
        c_out_per_group = int(rng.integers(1, 4))
        if index % 6 == 5:
            c_out_per_group = 4  # the fast path's four-channel register tiles
            c_in = groups * int(rng.integers(2, 5))
        batch = int(rng.integers(1, 3))
        axes = []
        for _ in range(3):
            n = int(rng.integers(1, 8))
            k = int(rng.integers(1, 5))
            s = int(rng.integers(1, 4))
            d = int(rng.integers(1, 3)) if index % 3 else int(rng.integers(1, 4))
            reach = d * (k - 1)
            pb = int(rng.integers(0, reach + 2))
            pe = pb if index % 5 else int(rng.integers(0, reach + 2))  # asymmetric every fifth case
            op = int(rng.integers(0, max(s, d)))
            axes.append(dict(n=n, k=k, s=s, d=d, pb=pb, pe=pe, op=op))
        out = [(a["n"] - 1) * a["s"] - a["pb"] - a["pe"] + a["d"] * (a["k"] - 1) + a["op"] + 1 for a in axes]
        if min(out) < 1 or np.prod(out) * batch * groups * c_out_per_group > 40_000:
            continue
        # Categories by index: asymmetric stride, dilation, output padding.
        strides = [a["s"] for a in axes]
        if index % 4 == 1 and len(set(strides)) == 1:
            continue
        if index % 7 == 2 and max(a["op"] for a in axes) == 0:
            continue
        return groups, c_in, c_out_per_group, batch, axes, out


def conv_transpose(x, w, b, axes, groups):
    """float64 conv_transpose3d with per-axis begin/end padding (cropping a padding-0 result)."""
    full = F.conv_transpose3d(
        x.double(), w.double(), None if b is None else b.double(),
        stride=tuple(a["s"] for a in axes), padding=0,
        output_padding=tuple(a["op"] for a in axes), groups=groups,
        dilation=tuple(a["d"] for a in axes))
    slices = [slice(None), slice(None)]
    for axis, a in enumerate(axes):
        length = full.shape[axis + 2]
        slices.append(slice(a["pb"], length - a["pe"]))
    return full[tuple(slices)]


def deconv_cases():
    folder = os.path.join(ROOT, "deconv3d")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    rng = np.random.default_rng(20261128)
    for index in range(CASES):
        groups, c_in, c_out_per_group, batch, axes, out = random_case(rng, index)
        x = torch.from_numpy(rng.uniform(-1, 1, (batch, c_in) + tuple(a["n"] for a in axes)).astype(np.float32))
        w = torch.from_numpy(
            rng.uniform(-1, 1, (c_in, c_out_per_group) + tuple(a["k"] for a in axes)).astype(np.float32))
        has_bias = bool(rng.integers(0, 2))
        b = torch.from_numpy(rng.uniform(-1, 1, (groups * c_out_per_group,)).astype(np.float32)) if has_bias else None
        symmetric = all(a["pb"] == a["pe"] for a in axes)
        use_output_size = symmetric and index % 8 == 3
        params = {
            "dims": 3, "groups": groups, "bias": has_bias,
            "stride": [a["s"] for a in axes], "dilation": [a["d"] for a in axes],
        }
        if use_output_size:
            # Ask nn.ConvTranspose3d for a size in [minimum, minimum + stride − 1]; it picks output_padding.
            for a in axes:
                a["op"] = 0
            minimum = [(a["n"] - 1) * a["s"] - 2 * a["pb"] + a["d"] * (a["k"] - 1) + 1 for a in axes]
            size = [m + int(rng.integers(0, a["s"])) if m + a["s"] - 1 >= 1 else 1
                    for m, a in zip(minimum, axes)]
            size = [max(s, max(1, m)) for s, m in zip(size, minimum)]
            layer = torch.nn.ConvTranspose3d(
                c_in, groups * c_out_per_group, tuple(a["k"] for a in axes), stride=tuple(a["s"] for a in axes),
                padding=tuple(a["pb"] for a in axes), dilation=tuple(a["d"] for a in axes), groups=groups,
                bias=has_bias).double()
            with torch.no_grad():
                layer.weight.copy_(w.double())
                if has_bias:
                    layer.bias.copy_(b.double())
                y = layer(x.double(), output_size=size)
            chosen = layer._output_padding(x, size, layer.stride, layer.padding, layer.kernel_size, 3, layer.dilation)
            for a, op in zip(axes, chosen):
                a["op"] = int(op)
            params["output_size"] = size
            assert list(y.shape[2:]) == size
        else:
            y = conv_transpose(x, w, b, axes, groups)
        if symmetric:
            params["padding"] = [a["pb"] for a in axes]
        else:
            params["padding_begin"] = [a["pb"] for a in axes]
            params["padding_end"] = [a["pe"] for a in axes]
        params["output_padding"] = [a["op"] for a in axes]
        case = os.path.join(folder, "case%03d" % index)
        os.makedirs(case)
        save(case, "x.npy", x.numpy())
        save(case, "w.npy", w.numpy())
        if has_bias:
            save(case, "b.npy", b.numpy())
        save(case, "y.npy", y.float().numpy())
        write_json(os.path.join(case, "params.json"), params)


REFUSALS = [
    # name, input shape, weight shape, stride, padding, output_padding, dilation, groups
    ("output padding not below max(stride, dilation)", [1, 1, 3, 3, 3], [1, 1, 2, 2, 2], [2, 2, 2], [0, 0, 0], [0, 2, 0], [1, 1, 1], 1),
    ("output padding with stride 1 and dilation 1", [1, 1, 3, 3, 3], [1, 1, 2, 2, 2], [1, 1, 1], [0, 0, 0], [0, 0, 1], [1, 1, 1], 1),
    ("non-positive output size", [1, 1, 2, 2, 2], [1, 1, 3, 3, 3], [1, 1, 1], [0, 3, 0], [0, 0, 0], [1, 1, 1], 1),
    ("channels not divisible by groups", [1, 3, 2, 2, 2], [3, 1, 2, 2, 2], [1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1], 2),
    ("weight channels differ from input", [1, 2, 2, 2, 2], [3, 1, 2, 2, 2], [1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1], 1),
    ("zero stride", [1, 1, 2, 2, 2], [1, 1, 2, 2, 2], [1, 0, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1], 1),
    ("zero dilation", [1, 1, 2, 2, 2], [1, 1, 2, 2, 2], [1, 1, 1], [0, 0, 0], [0, 0, 0], [0, 1, 1], 1),
    ("negative padding", [1, 1, 2, 2, 2], [1, 1, 2, 2, 2], [1, 1, 1], [0, 0, -1], [0, 0, 0], [1, 1, 1], 1),
    ("zero groups", [1, 2, 2, 2, 2], [2, 1, 2, 2, 2], [1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1], 0),
    ("3D input for 3D parameters", [1, 2, 2], [1, 1, 2, 2, 2], [1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1], 1),
]


def refusals():
    records = []
    for name, x_shape, w_shape, stride, padding, output_padding, dilation, groups in REFUSALS:
        x = torch.zeros(x_shape)
        w = torch.zeros(w_shape)
        try:
            F.conv_transpose3d(x, w, None, stride=stride, padding=padding, output_padding=output_padding,
                               groups=groups, dilation=dilation)
            message = None
        except (RuntimeError, ValueError) as error:
            message = str(error).splitlines()[0]
        assert message is not None, name + " was accepted by PyTorch"
        records.append({
            "name": name, "input": x_shape, "weight": w_shape, "stride": stride, "padding": padding,
            "output_padding": output_padding, "dilation": dilation, "groups": groups, "torch": message,
        })
    # output_size outside [minimum, minimum + stride − 1] (nn.ConvTranspose3d raises ValueError).
    layer = torch.nn.ConvTranspose3d(1, 1, 3, stride=2, padding=1)
    for size in ([8, 5, 5], [5, 5, 4]):
        try:
            layer(torch.zeros(1, 1, 3, 3, 3), output_size=size)
            raise AssertionError("output_size %s accepted" % size)
        except ValueError as error:
            records.append({
                "name": "output_size %s out of range" % size, "input": [1, 1, 3, 3, 3], "weight": [1, 1, 3, 3, 3],
                "stride": [2, 2, 2], "padding": [1, 1, 1], "output_padding": [0, 0, 0], "dilation": [1, 1, 1],
                "groups": 1, "output_size": size, "torch": str(error).splitlines()[0],
            })
    write_json(os.path.join(ROOT, "deconv3d", "refusals.json"), records)


def pixel_shuffle3d(x, r):
    n, c, d, h, w = x.shape
    y = x.reshape(n, c // r ** 3, r, r, r, d, h, w).transpose(0, 1, 5, 2, 6, 3, 7, 4)
    return y.reshape(n, c // r ** 3, d * r, h * r, w * r)


def ops_cases():
    folder = os.path.join(ROOT, "ops3d")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    rng = np.random.default_rng(3)
    index = []

    def record(name, params, arrays):
        case = os.path.join(folder, name)
        os.makedirs(case)
        for file, array in arrays.items():
            save(case, file, array)
        write_json(os.path.join(case, "params.json"), params)
        index.append(name)

    for mode in ("nearest", "trilinear"):
        for i, (shape, factor) in enumerate([((1, 2, 3, 4, 5), [2, 2, 2]), ((2, 1, 4, 2, 3), [1, 3, 2]),
                                             ((1, 1, 1, 5, 2), [3, 1, 4])]):
            x = rng.uniform(-1, 1, shape).astype(np.float32)
            y = F.interpolate(torch.from_numpy(x).double(), scale_factor=tuple(float(f) for f in factor), mode=mode,
                              align_corners=None if mode == "nearest" else False)
            record("%s%d" % (mode, i), {"op": mode, "factor": factor}, {"x.npy": x, "y.npy": y.float().numpy()})
    for i, (shape, w_shape, padding, groups, bias) in enumerate([
        ((1, 2, 4, 5, 6), (3, 2, 3, 3, 3), [1, 1, 1], 1, True),
        ((2, 4, 3, 6, 4), (4, 2, 2, 3, 1), [0, 1, 2], 2, False),
        ((1, 3, 5, 4, 4), (6, 1, 3, 2, 3), [2, 0, 1], 3, True),
    ]):
        x = rng.uniform(-1, 1, shape).astype(np.float32)
        w = rng.uniform(-1, 1, w_shape).astype(np.float32)
        b = rng.uniform(-1, 1, (w_shape[0],)).astype(np.float32) if bias else None
        y = F.conv3d(torch.from_numpy(x).double(), torch.from_numpy(w).double(),
                     None if b is None else torch.from_numpy(b).double(), padding=tuple(padding), groups=groups)
        arrays = {"x.npy": x, "w.npy": w, "y.npy": y.float().numpy()}
        if bias:
            arrays["b.npy"] = b
        record("conv3d%d" % i, {"op": "conv3d", "padding": padding, "groups": groups, "bias": bias}, arrays)
    for i, (shape, r) in enumerate([((1, 8, 2, 3, 4), 2), ((2, 54, 1, 2, 2), 3), ((1, 3, 2, 2, 2), 1)]):
        x = rng.uniform(-1, 1, shape).astype(np.float32)
        record("pixelshuffle%d" % i, {"op": "pixelshuffle3d", "factor": r}, {"x.npy": x, "y.npy": pixel_shuffle3d(x, r)})
    write_json(os.path.join(folder, "index.json"), index)


if __name__ == "__main__":
    deconv_cases()
    refusals()
    ops_cases()
    print("PyTorch", torch.__version__, "NumPy", np.__version__)
