#!/usr/bin/env python3
"""Build the small seeded model fixtures for `checkerscope audit` and the ONNX interpreter.

Writes into Fixtures/models/ (run from the repository root; not needed to run the tests):

- PyTorch models with seeded weights, narrow widths: a DCGAN generator, a CycleGAN-style ResNet
  generator, a pix2pix-style U-Net, a resize-convolution decoder (nearest and bilinear), ESPCN with and
  without ICNR, a 1D vocoder upsampler (k = 2s) and a biomedical U-Net (k2 s2) -- exported with the
  current (dynamo) exporter and, for some, the legacy TorchScript one (`*_legacy.onnx`), plus the
  state dict as `<arch>.safetensors`;
- hand-built ONNX graphs (onnx.helper) for what exporters do not write: auto_pad, output_shape,
  float16/bfloat16/float64 weights, typed fields, external data, Constant-node Resize scales,
  DepthToSpace in DCR mode, a compensated kernel, holes from dilation, and files that must be refused;
- `<model>.expected.json`: every number `checkerscope audit` reports, computed here independently
  with NumPy from the ONNX file (parameters per the ONNX operator spec, overlap tiles in closed form,
  phase energy fractions per output channel, shapes from onnx.shape_inference);
- ONNX Runtime outputs for the interpreter: `<model>.ones.out.npy` (all-ones input),
  `<model>.noise.in.npy` and `<model>.noise.out.npy` (seeded standard normal input);
- MANIFEST.json: per model, the input shape used, the exporter, the safetensors file.

    pip install torch onnx onnxscript onnxruntime safetensors numpy
    python3 Scripts/make_models.py
"""
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
from onnx import TensorProto, helper, numpy_helper, shape_inference
from safetensors.torch import save_file

OUT = "Fixtures/models"
THRESHOLD = 0.01
MANIFEST = {}
NOTES = []


# ----------------------------------------------------------------------------------- models


class DCGAN(nn.Module):
    """DCGAN generator: ConvTranspose k4 s1 p0 from a 1x1 latent, then k4 s2 p1 twice."""

    def __init__(self, nz=8, ngf=8):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 2, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),
            nn.ConvTranspose2d(ngf, 3, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, x):
        return self.main(x)


class ResBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c), nn.ReLU(True),
            nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c))

    def forward(self, x):
        return x + self.body(x)


class CycleGANResNet(nn.Module):
    """CycleGAN-style ResNet generator: c7s1, two stride-2 convs, res blocks, ConvT k3 s2 p1 op1 twice."""

    def __init__(self, ngf=4, blocks=2):
        super().__init__()
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
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


class Pix2PixUNet(nn.Module):
    """pix2pix-style U-Net: Conv k4 s2 p1 down, ConvTranspose k4 s2 p1 up, skip concatenations."""

    def __init__(self, ngf=4):
        super().__init__()
        self.d1 = nn.Conv2d(3, ngf, 4, 2, 1)
        self.d2 = nn.Sequential(nn.LeakyReLU(0.2), nn.Conv2d(ngf, ngf * 2, 4, 2, 1), nn.BatchNorm2d(ngf * 2))
        self.d3 = nn.Sequential(nn.LeakyReLU(0.2), nn.Conv2d(ngf * 2, ngf * 4, 4, 2, 1))
        self.u3 = nn.Sequential(nn.ReLU(), nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1), nn.BatchNorm2d(ngf * 2))
        self.u2 = nn.Sequential(nn.ReLU(), nn.ConvTranspose2d(ngf * 4, ngf, 4, 2, 1), nn.BatchNorm2d(ngf))
        self.u1 = nn.Sequential(nn.ReLU(), nn.ConvTranspose2d(ngf * 2, 3, 4, 2, 1), nn.Tanh())

    def forward(self, x):
        e1 = self.d1(x)
        e2 = self.d2(e1)
        e3 = self.d3(e2)
        y = self.u3(e3)
        y = self.u2(torch.cat([y, e2], 1))
        return self.u1(torch.cat([y, e1], 1))


class ResizeConvDecoder(nn.Module):
    """Resize-convolution decoder: nearest x2 + conv, then bilinear x2 + conv."""

    def __init__(self, c=8):
        super().__init__()
        self.main = nn.Sequential(
            nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(c, c, 3, padding=1), nn.ReLU(),
            nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), nn.Conv2d(c, 3, 3, padding=1))

    def forward(self, x):
        return self.main(x)


class ESPCN(nn.Module):
    """ESPCN: conv5, conv3, conv3 to C·r² channels, PixelShuffle(r); optional ICNR initialisation."""

    def __init__(self, r=3, icnr=False):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, 8, 5, padding=2), nn.Tanh(), nn.Conv2d(8, 4, 3, padding=1), nn.Tanh())
        self.last = nn.Conv2d(4, 1 * r * r, 3, padding=1)
        self.shuffle = nn.PixelShuffle(r)
        if icnr:
            with torch.no_grad():
                base = torch.randn(1, 4, 3, 3) * 0.2
                self.last.weight.copy_(base.repeat_interleave(r * r, dim=0))
                self.last.bias.fill_(0.01)

    def forward(self, x):
        return self.shuffle(self.last(self.body(x)))


class Vocoder1D(nn.Module):
    """Vocoder-style 1D upsampler: ConvTranspose1d with k = 2s (s = 8, then 4), as in MelGAN/HiFi-GAN."""

    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv1d(8, 16, 7, padding=3), nn.LeakyReLU(0.1),
            nn.ConvTranspose1d(16, 8, 16, stride=8, padding=4), nn.LeakyReLU(0.1),
            nn.ConvTranspose1d(8, 4, 8, stride=4, padding=2), nn.LeakyReLU(0.1),
            nn.Conv1d(4, 1, 7, padding=3), nn.Tanh())

    def forward(self, x):
        return self.main(x)


class BioUNet(nn.Module):
    """Biomedical U-Net (Ronneberger et al.): double convs, max pooling, ConvTranspose k2 s2 up, concat."""

    def __init__(self, c=4):
        super().__init__()

        def double(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.ReLU(), nn.Conv2d(o, o, 3, padding=1), nn.ReLU())

        self.e1 = double(1, c)
        self.e2 = double(c, 2 * c)
        self.pool = nn.MaxPool2d(2)
        self.bott = double(2 * c, 4 * c)
        self.up2 = nn.ConvTranspose2d(4 * c, 2 * c, 2, stride=2)
        self.dec2 = double(4 * c, 2 * c)
        self.up1 = nn.ConvTranspose2d(2 * c, c, 2, stride=2)
        self.dec1 = double(2 * c, c)
        self.out = nn.Conv2d(c, 2, 1)

    def forward(self, x):
        e1 = self.e1(x)
        e2 = self.e2(self.pool(e1))
        b = self.bott(self.pool(e2))
        d2 = self.dec2(torch.cat([self.up2(b), e2], 1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], 1))
        return self.out(d1)


# arch name, constructor, input shape, seed, exporters
TORCH_MODELS = [
    ("dcgan", lambda: DCGAN(), (1, 8, 1, 1), 1, ["dynamo", "legacy"]),
    ("cyclegan_resnet", lambda: CycleGANResNet(), (1, 3, 32, 32), 2, ["dynamo", "legacy"]),
    ("pix2pix_unet", lambda: Pix2PixUNet(), (1, 3, 32, 32), 3, ["dynamo"]),
    ("resize_conv", lambda: ResizeConvDecoder(), (1, 8, 8, 8), 4, ["dynamo", "legacy"]),
    ("espcn", lambda: ESPCN(icnr=False), (1, 1, 12, 12), 5, ["dynamo", "legacy"]),
    ("espcn_icnr", lambda: ESPCN(icnr=True), (1, 1, 12, 12), 6, ["legacy"]),
    ("vocoder1d", lambda: Vocoder1D(), (1, 8, 16), 7, ["dynamo", "legacy"]),
    ("unet_bio", lambda: BioUNet(), (1, 1, 16, 16), 8, ["dynamo"]),
]


def randomise_norms(model, generator):
    """Give BatchNorm layers non-trivial running statistics so eval-mode folding changes weights."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(m.num_features, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=generator) * 0.1)


def export_torch(arch, make, shape, seed, exporters):
    torch.manual_seed(seed)
    model = make()
    randomise_norms(model, torch.Generator().manual_seed(seed))
    model.eval()
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items() if v.dtype.is_floating_point}
    save_file(state, os.path.join(OUT, arch + ".safetensors"))
    x = torch.randn(shape, generator=torch.Generator().manual_seed(100 + seed))
    for exporter in exporters:
        name = arch if exporter == "dynamo" else arch + "_legacy"
        path = os.path.join(OUT, name + ".onnx")
        used = exporter
        if exporter == "dynamo":
            try:
                program = torch.onnx.export(model, (x,), dynamo=True, opset_version=18, verbose=False)
                # The DCGAN keeps its weights in an external data file, as large models do.
                program.save(path, external_data=(arch == "dcgan"))
            except Exception as error:  # noqa: BLE001 - reported, then the legacy exporter is used
                NOTES.append(f"{name}: dynamo export failed ({type(error).__name__}: {error}); used legacy")
                used = "legacy(fallback)"
                exporter = "legacy"
        if exporter == "legacy":
            opset = 11 if arch in ("dcgan", "resize_conv") else 13
            torch.onnx.export(model, (x,), path, dynamo=False, opset_version=opset, input_names=["input"],
                              output_names=["output"], do_constant_folding=True)
        MANIFEST[name] = {"inputShape": list(shape), "exporter": used, "safetensors": arch + ".safetensors",
                          "architecture": arch}


# --------------------------------------------------------------------------- hand-built graphs


def tensor_f16(name, array):
    t = helper.make_tensor(name, TensorProto.FLOAT16, array.shape, array.astype(np.float16).tobytes(), raw=True)
    return t


def tensor_bf16(name, array):
    bits = (np.asarray(array, dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)
    return helper.make_tensor(name, TensorProto.BFLOAT16, array.shape, bits.tobytes(), raw=True)


def make_model(name, nodes, inputs, outputs, initializers, opset=17, shape=None):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_models.py")
    model.ir_version = 8
    return model


def save_model(model, name, shape, external=None):
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(model, path)
    MANIFEST[name] = {"inputShape": list(shape), "exporter": "onnx.helper", "safetensors": None,
                      "architecture": name}


def hand_built():
    rng = np.random.default_rng(42)
    io = lambda n, shape: helper.make_tensor_value_info(n, TensorProto.FLOAT, shape)  # noqa: E731

    # ConvTranspose with auto_pad SAME_UPPER, float16 weights (raw_data), symbolic H and W.
    w = (rng.standard_normal((2, 3, 3, 3)) * 0.5).astype(np.float32)
    cast = helper.make_node("Cast", ["w16"], ["w"], to=TensorProto.FLOAT)
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="up_same", strides=[2, 2], auto_pad="SAME_UPPER")
    m = make_model("convt_same_upper", [cast, node], [io("x", [1, 2, "H", "W"])], [io("y", None)],
                   [tensor_f16("w16", w)])
    save_model(m, "convt_same_upper", (1, 2, 5, 6))

    # ConvTranspose with output_shape (pads derived), bfloat16 weights, groups 2, dilation 1.
    w = (rng.standard_normal((4, 1, 4, 4))).astype(np.float32)
    cast = helper.make_node("Cast", ["wb"], ["w"], to=TensorProto.FLOAT)
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="", strides=[2, 2], group=2,
                            output_shape=[11, 10])
    m = make_model("convt_output_shape", [cast, node], [io("x", [1, 4, 5, 5])], [io("y", None)],
                   [tensor_bf16("wb", w)])
    save_model(m, "convt_output_shape", (1, 4, 5, 5))

    # A compensated layer: k3 s2 p1 op1 whose kernel [.5, 1, .5] x [.5, 1, .5] gives every phase the
    # same sum. The weights are float64 in the typed double_data field, cast to float32 by a Cast node
    # (as half-precision checkpoints do); the bias is in the typed float_data field.
    k1 = np.array([0.5, 1.0, 0.5])
    w = np.zeros((2, 2, 3, 3))
    w[0, 0] = np.outer(k1, k1)
    w[1, 1] = np.outer(k1, k1) * 2
    wt = helper.make_tensor("w64", TensorProto.DOUBLE, w.shape, w.flatten().tolist())
    bt = helper.make_tensor("b", TensorProto.FLOAT, [2], [0.1, -0.1])
    cast = helper.make_node("Cast", ["w64"], ["w"], to=TensorProto.FLOAT)
    node = helper.make_node("ConvTranspose", ["x", "w", "b"], ["y"], name="smooth_up", strides=[2, 2],
                            pads=[1, 1, 1, 1], output_padding=[1, 1])
    m = make_model("compensated", [cast, node], [io("x", [1, 2, 6, 6])], [io("y", None)], [wt, bt])
    save_model(m, "compensated", (1, 2, 6, 6))

    # Holes: ConvTranspose k2 s2 dilation 2 (every tap lands on even positions); weights in
    # float_data, stored as an external file 'holes.weights' at a non-zero offset.
    w = rng.standard_normal((1, 2, 2, 2)).astype(np.float32)
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="dilated_up", strides=[2, 2],
                            dilations=[2, 2])
    wt = numpy_helper.from_array(w, "w")
    m = make_model("holes", [node], [io("x", [1, 1, 4, 4])], [io("y", None)], [wt])
    from onnx.external_data_helper import set_external_data
    raw = wt.raw_data
    with open(os.path.join(OUT, "holes.weights"), "wb") as f:
        f.write(b"\0" * 16 + raw)
    init = m.graph.initializer[0]
    set_external_data(init, location="holes.weights", offset=16, length=len(raw))
    init.ClearField("raw_data")
    init.data_location = TensorProto.EXTERNAL
    save_model(m, "holes", (1, 1, 4, 4))

    # Resize with scales from a Constant node (nearest) and from sizes (linear), and a strided Conv
    # with auto_pad SAME_LOWER; int64 sizes in int64_data.
    c = helper.make_node("Constant", [], ["scales"], value=helper.make_tensor("s", TensorProto.FLOAT, [4], [1, 1, 2, 2]))
    r1 = helper.make_node("Resize", ["x", "", "scales"], ["a"], name="up_nearest", mode="nearest")
    wc = (rng.standard_normal((2, 2, 3, 3)) * 0.3).astype(np.float32)
    conv = helper.make_node("Conv", ["a", "wc"], ["b"], name="down", strides=[2, 2], auto_pad="SAME_LOWER")
    sizes = helper.make_tensor("sizes", TensorProto.INT64, [4], [1, 2, 15, 21])
    r2 = helper.make_node("Resize", ["b", "", "", "sizes"], ["y"], name="up_linear", mode="linear")
    m = make_model("resize_constant", [c, r1, conv, r2], [io("x", [1, 2, 5, 7])], [io("y", None)],
                   [numpy_helper.from_array(wc, "wc"), sizes])
    save_model(m, "resize_constant", (1, 2, 5, 7))

    # DepthToSpace in DCR mode fed by a Conv whose weights are ICNR for CRD order: under DCR the
    # phases of an output channel come from different kernels, so the layer is uneven.
    r = 2
    base = (rng.standard_normal((2, 3, 3, 3)) * 0.3).astype(np.float32)
    wc = np.repeat(base, r * r, axis=0)  # CRD-ICNR: channel c*r*r + phase
    conv = helper.make_node("Conv", ["x", "wc"], ["f"], name="feat", pads=[1, 1, 1, 1])
    d2s = helper.make_node("DepthToSpace", ["f"], ["y"], name="shuffle_dcr", blocksize=r, mode="DCR")
    m = make_model("d2s_dcr", [conv, d2s], [io("x", [1, 3, 6, 6])], [io("y", None)], [numpy_helper.from_array(wc, "wc")])
    save_model(m, "d2s_dcr", (1, 3, 6, 6))
    # The same weights in CRD mode: flat.
    d2s = helper.make_node("DepthToSpace", ["f"], ["y"], name="shuffle_crd", blocksize=r, mode="CRD")
    m = make_model("d2s_crd", [conv, d2s], [io("x", [1, 3, 6, 6])], [io("y", None)], [numpy_helper.from_array(wc, "wc")])
    save_model(m, "d2s_crd", (1, 3, 6, 6))

    # A 3D ConvTranspose (volumes): kernel 2x3x4, stride 2, groups 2, dilation 1x2x1.
    w = (rng.standard_normal((4, 1, 2, 3, 4)) * 0.5).astype(np.float32)
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="up3d", strides=[2, 2, 2], group=2,
                            dilations=[1, 2, 1], pads=[0, 1, 1, 0, 1, 1])
    m = make_model("convt3d", [node], [io("x", [1, 4, 3, 4, 5])], [io("y", None)], [numpy_helper.from_array(w, "w")])
    save_model(m, "convt3d", (1, 4, 3, 4, 5))

    # Files to refuse (no expected audit; tests check the error).
    bad = os.path.join(OUT, "invalid")
    os.makedirs(bad, exist_ok=True)
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2])
    wt = numpy_helper.from_array(np.ones((1, 1, 3, 3), np.float32), "w")
    m = make_model("opset10", [node], [io("x", [1, 1, 4, 4])], [io("y", None)], [wt], opset=10)
    onnx.save(m, os.path.join(bad, "opset10.onnx"))
    m = make_model("escape", [node], [io("x", [1, 1, 4, 4])], [io("y", None)], [wt])
    init = m.graph.initializer[0]
    set_external_data(init, location="../holes.weights", offset=16, length=36)
    init.ClearField("raw_data")
    init.data_location = TensorProto.EXTERNAL
    onnx.save(m, os.path.join(bad, "escape.onnx"))
    m = make_model("cycle", [helper.make_node("Relu", ["b"], ["a"]), helper.make_node("Relu", ["a"], ["b"])],
                   [io("x", [1])], [io("b", None)], [])
    onnx.save(m, os.path.join(bad, "cycle.onnx"))
    short = helper.make_tensor("w", TensorProto.FLOAT, [1, 1, 3, 3], [1.0] * 9)
    del short.float_data[-1]  # dims promise 9 values, float_data holds 8
    m = make_model("mismatch", [node], [io("x", [1, 1, 4, 4])], [io("y", None)], [short])
    onnx.save(m, os.path.join(bad, "mismatch.onnx"))


# ------------------------------------------------------------------- independent expected audit


def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def as_str(v):
    return v.decode() if isinstance(v, bytes) else v


def overlap_tile(kernel, stride, dilation):
    """Closed form: phase φ of an axis receives one tap per j with (j·d) mod s = φ; N-D is the outer product."""
    tile = np.ones([1] * 0)
    for k, s, d in zip(kernel, stride, dilation):
        axis = np.zeros(s)
        for j in range(k):
            axis[(j * d) % s] += 1
        tile = np.multiply.outer(tile, axis)
    return tile


def cyclic_period(tile):
    periods = []
    for axis, n in enumerate(tile.shape):
        for p in range(1, n + 1):
            if n % p == 0 and np.array_equal(tile, np.roll(tile, -p, axis=axis)):
                periods.append(p)
                break
    return periods


def counts_of(kernel, stride, dilation):
    tile = overlap_tile(kernel, stride, dilation)
    lo, hi = tile.min(), tile.max()
    return {"period": cyclic_period(tile), "uniform": bool(lo == hi), "holes": bool(lo == 0),
            "maxMinRatio": None if lo == 0 else float(hi / lo), "tile": tile.flatten().tolist()}


def pef(g):
    g = np.asarray(g, dtype=np.float64).flatten()
    total = np.sum(g * g)
    return 0.0 if total == 0 else float(np.sum((g - g.mean()) ** 2) / total)


def weights_summary(pefs):
    pefs = np.asarray(pefs)
    return {"outputChannels": int(len(pefs)), "pefMax": float(pefs.max()), "pefMedian": float(np.median(pefs)),
            "worstChannel": int(np.argmax(pefs)), "unevenChannels": int(np.sum(pefs > THRESHOLD)),
            "pef": [float(v) for v in pefs]}


def convtranspose_gains(w, stride, dilation, group):
    """g_o[φ] = Σ over the group's input channels i and the taps j with (d·j) mod s = φ of W[i, o', j]."""
    cin, cout_g = w.shape[:2]
    dims = w.ndim - 2
    cin_g = cin // group
    gains = []
    for o in range(cout_g * group):
        gi, op = divmod(o, cout_g)
        kern = w[gi * cin_g:(gi + 1) * cin_g, op].sum(axis=0)
        g = np.zeros(stride)
        for j in np.ndindex(*kern.shape):
            phase = tuple((j[a] * dilation[a]) % stride[a] for a in range(dims))
            g[phase] += kern[j]
        gains.append(g)
    return gains


def conv_padding(auto_pad, pads, in_size, kernel, stride, dilation, transposed, output_shape, output_padding):
    dims = len(kernel)
    if transposed:
        if output_shape is not None or auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            target = output_shape if output_shape is not None else [in_size[a] * stride[a] for a in range(dims)]
            begin, end = [], []
            op = list(output_padding)
            for a in range(dims):
                total = stride[a] * (in_size[a] - 1) + output_padding[a] + (kernel[a] - 1) * dilation[a] + 1 - target[a]
                if total < 0:
                    op[a] += -total
                    total = 0
                if auto_pad == "SAME_UPPER":
                    b = total // 2
                else:
                    b = total - total // 2
                begin.append(b)
                end.append(total - b)
            return begin, end, op
        if auto_pad == "VALID":
            return [0] * dims, [0] * dims, list(output_padding)
        return list(pads[:dims]), list(pads[dims:]), list(output_padding)
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        begin, end = [], []
        for a in range(dims):
            out = -(-in_size[a] // stride[a])
            total = max(0, (out - 1) * stride[a] + (kernel[a] - 1) * dilation[a] + 1 - in_size[a])
            b = total // 2 if auto_pad == "SAME_UPPER" else total - total // 2
            begin.append(b)
            end.append(total - b)
        return begin, end, [0] * dims
    if auto_pad == "VALID":
        return [0] * dims, [0] * dims, [0] * dims
    return list(pads[:dims]), list(pads[dims:]), [0] * dims


def expected_audit(name, input_shape):
    model = onnx.load(os.path.join(OUT, name + ".onnx"), load_external_data=True)
    shapes = runtime_shapes(model, input_shape)
    consts = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Constant":
            consts[node.output[0]] = numpy_helper.to_array(attr(node, "value"))
        elif node.op_type in ("Cast", "Identity") and node.input[0] in consts:
            consts[node.output[0]] = consts[node.input[0]]  # weights seen through Cast/Identity
    producers = {o: n for n in model.graph.node for o in n.output}

    layers = []
    for index, node in enumerate(model.graph.node):
        op = node.op_type
        display = node.name or f"{op}_{index}"
        if op not in ("ConvTranspose", "Conv", "Resize", "Upsample", "DepthToSpace"):
            continue
        in_shape = shapes.get(node.input[0])
        out_shape = shapes.get(node.output[0])
        entry = {"node": display, "op": op, "inputShape": in_shape, "outputShape": out_shape}
        if op in ("ConvTranspose", "Conv"):
            w = consts.get(node.input[1])
            wshape = list(w.shape) if w is not None else None
            kernel = list(attr(node, "kernel_shape", wshape[2:] if wshape else None))
            nd = len(kernel)
            stride = list(attr(node, "strides", [1] * nd))
            if op == "Conv" and all(s == 1 for s in stride):
                continue
            dilation = list(attr(node, "dilations", [1] * nd))
            group = attr(node, "group", 1)
            auto_pad = as_str(attr(node, "auto_pad", "NOTSET"))
            pads = list(attr(node, "pads", [0] * 2 * nd))
            outpad = list(attr(node, "output_padding", [0] * nd))
            oshape = attr(node, "output_shape", None)
            oshape = list(oshape)[-nd:] if oshape is not None else None
            begin, end, outpad = conv_padding(auto_pad, pads, in_shape[2:] if in_shape else None, kernel, stride,
                                              dilation, op == "ConvTranspose", oshape, outpad)
            entry.update({"dims": nd, "kernel": kernel, "stride": stride, "padsBegin": begin, "padsEnd": end,
                          "outputPadding": outpad, "dilation": dilation, "groups": group})
            counts = counts_of(kernel, stride, dilation)
            entry["counts"] = counts
            if op == "ConvTranspose":
                wd = w.astype(np.float64)
                entry["weights"] = weights_summary([pef(g) for g in convtranspose_gains(wd, stride, dilation, group)])
                uneven = entry["weights"]["pefMax"] > THRESHOLD
                if counts["holes"] or uneven:
                    verdict = "artifacts"
                elif not counts["uniform"]:
                    verdict = "compensated"
                else:
                    verdict = "ok"
            else:
                entry["weights"] = None
                verdict = "ok" if counts["uniform"] else "gradient-only"
            entry["verdict"] = verdict
        elif op in ("Resize", "Upsample"):
            mode = as_str(attr(node, "mode", "nearest"))
            scales = None
            if op == "Resize":
                if len(node.input) > 2 and node.input[2] and node.input[2] in consts and consts[node.input[2]].size:
                    scales = [float(v) for v in consts[node.input[2]]]
                elif len(node.input) > 3 and node.input[3] in consts:
                    sizes = [int(v) for v in consts[node.input[3]]]
                    scales = [sizes[a] / in_shape[a] for a in range(len(sizes))]
            else:
                scales = [float(v) for v in (attr(node, "scales") or consts[node.input[1]])]
            spatial = scales[2:]
            entry.update({"dims": len(spatial), "mode": mode, "scale": spatial})
            if all(float(s).is_integer() for s in spatial):
                factor = [int(s) for s in spatial]
                support = {"nearest": 1, "linear": 2, "cubic": 4}[mode]
                entry["counts"] = counts_of([support * f for f in factor], factor, [1] * len(factor))
            else:
                entry["counts"] = None
            entry["weights"] = None
            entry["verdict"] = "ok"
        elif op == "DepthToSpace":
            r = attr(node, "blocksize")
            mode = as_str(attr(node, "mode", "DCR"))
            entry.update({"dims": 2, "blocksize": r, "mode": mode})
            entry["counts"] = counts_of([r, r], [r, r], [1, 1])
            src = producers.get(node.input[0])
            if src is not None and src.op_type == "Conv" and src.input[1] in consts:
                wc = consts[src.input[1]].astype(np.float64)
                totals = wc.reshape(wc.shape[0], -1).sum(axis=1)
                c = wc.shape[0] // (r * r)
                pefs = []
                for o in range(c):
                    g = np.zeros((r, r))
                    for by in range(r):
                        for bx in range(r):
                            ch = (by * r + bx) * c + o if mode == "DCR" else o * r * r + by * r + bx
                            g[by, bx] = totals[ch]
                    pefs.append(pef(g))
                entry["weights"] = weights_summary(pefs)
                entry["verdict"] = "artifacts" if entry["weights"]["pefMax"] > THRESHOLD else "ok"
            else:
                entry["weights"] = None
                entry["verdict"] = "ok"
        else:
            continue
        layers.append(entry)
    first = next((l["node"] for l in layers if l["verdict"] == "artifacts"), None)
    doc = {"model": name + ".onnx", "inputShape": list(input_shape), "threshold": THRESHOLD, "layers": layers,
           "verdict": "artifacts" if first else "ok", "firstArtifactLayer": first}
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")


def runtime_shapes(model, input_shape):
    """The shape of every value, from ONNX Runtime run on an all-ones input with every value exposed."""
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    exposed = {vi.name for vi in probe.graph.output}
    for node in probe.graph.node:
        for name in node.output:
            if name and name not in exposed:
                probe.graph.output.append(helper.make_empty_tensor_value_info(name))
                exposed.add(name)
    session = ort.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    feed = session.get_inputs()[0]
    values = session.run(None, {feed.name: np.ones(input_shape, np.float32)})
    shapes = {out.name: list(value.shape) for out, value in zip(session.get_outputs(), values)}
    shapes[feed.name] = list(input_shape)
    return shapes


def runtime_outputs(name, input_shape):
    session = ort.InferenceSession(os.path.join(OUT, name + ".onnx"), providers=["CPUExecutionProvider"])
    feed = session.get_inputs()[0].name
    ones = np.ones(input_shape, np.float32)
    noise = np.random.default_rng(1000).standard_normal(input_shape).astype(np.float32)
    np.save(os.path.join(OUT, name + ".ones.out.npy"), session.run(None, {feed: ones})[0].astype(np.float32))
    np.save(os.path.join(OUT, name + ".noise.in.npy"), noise)
    np.save(os.path.join(OUT, name + ".noise.out.npy"), session.run(None, {feed: noise})[0].astype(np.float32))


def reader_values():
    """The initializers of the hand-built models as NumPy decodes them (float16, bfloat16, float64, typed
    fields, external data), saved as float64 .npy files for the reader tests."""
    folder = os.path.join(OUT, "reader")
    os.makedirs(folder, exist_ok=True)
    for name in ("convt_same_upper", "convt_output_shape", "compensated", "holes", "resize_constant", "dcgan"):
        model = onnx.load(os.path.join(OUT, name + ".onnx"), load_external_data=True)
        for t in model.graph.initializer:
            if t.data_type == TensorProto.BFLOAT16:
                bits = np.frombuffer(t.raw_data, dtype=np.uint16).astype(np.uint32) << 16
                array = bits.view(np.float32).reshape(tuple(t.dims))
            else:
                array = numpy_helper.to_array(t)
            safe = t.name.replace("/", "_").replace(":", "_")
            np.save(os.path.join(folder, f"{name}.{safe}.npy"), np.asarray(array, dtype=np.float64))


def main():
    os.makedirs(OUT, exist_ok=True)
    for arch, make, shape, seed, exporters in TORCH_MODELS:
        export_torch(arch, make, shape, seed, exporters)
    hand_built()
    reader_values()
    for name, info in sorted(MANIFEST.items()):
        expected_audit(name, info["inputShape"])
        runtime_outputs(name, info["inputShape"])
    with open(os.path.join(OUT, "MANIFEST.json"), "w") as f:
        json.dump({"torch": torch.__version__, "onnx": onnx.__version__, "onnxruntime": ort.__version__,
                   "threshold": THRESHOLD, "notes": NOTES, "models": MANIFEST}, f, indent=1, sort_keys=True)
        f.write("\n")
    for note in NOTES:
        print(note, file=sys.stderr)


if __name__ == "__main__":
    main()
