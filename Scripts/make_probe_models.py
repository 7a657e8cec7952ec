#!/usr/bin/env python3
"""Build the probe's and the interpreter's extra fixtures into Fixtures/models/probe/.

Run from the repository root (not needed to run the tests):

    pip install torch onnx onnxruntime numpy pillow
    python3 Scripts/make_probe_models.py

Writes, per model, `<name>.onnx`, ONNX Runtime's outputs `<name>.ones.out.npy` (all-ones input),
`<name>.noise.in.npy` / `<name>.noise.out.npy` (seeded uniform [0, 1) input), and MANIFEST.json
(input shape, and for the probe models the verdict their construction implies, with the reason):

- per-operator models (onnx.helper): Resize in every mode / coordinate mode / nearest mode with scales
  and with sizes, Pad constant / reflect / edge (and a crop), Conv and ConvTranspose variants (strided,
  dilated, grouped, auto_pad, output_shape, 1D, 3D), pools, activations, matrix and shape operators;
- probe models whose verdict follows from their construction (a k3 s2 transposed convolution has uneven
  overlap, so artifacts; a nearest resize-convolution maps a constant to a constant, so clean; ...);
- two small autoencoders trained for a few seconds on 32x32 patches of the CC0 photographs in
  Fixtures/images: one decoding with ConvTranspose k3 s2 p1 op1, one with nearest resize + 3x3 conv.
  For these, ONNX Runtime's intermediate node outputs on the all-ones input go to `<name>.nodes/`.
"""
import json
import os
import re

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper
from PIL import Image

OUT = "Fixtures/models/probe"
MANIFEST = {}
RNG = np.random.default_rng(20261128)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def weights(*shape, scale=0.5):
    return (RNG.standard_normal(shape) * scale).astype(np.float32)


def model(name, nodes, in_shape, inits, opset=19, verdict=None, reason=None, probe_shape=None):
    graph = h.make_graph(nodes, name, [h.make_tensor_value_info("x", T.FLOAT, list(in_shape))],
                         [h.make_tensor_value_info("y", T.FLOAT, None)], inits)
    m = h.make_model(graph, opset_imports=[h.make_opsetid("", opset)], producer_name="make_probe_models.py")
    m.ir_version = 9
    save(m, name, in_shape, verdict, reason, probe_shape)


def save(m, name, in_shape, verdict=None, reason=None, probe_shape=None):
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(m, path)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    feed = session.get_inputs()[0].name
    ones = np.ones(in_shape, np.float32)
    noise = np.random.default_rng(7).random(in_shape, dtype=np.float32)
    np.save(os.path.join(OUT, name + ".ones.out.npy"), session.run(None, {feed: ones})[0].astype(np.float32))
    np.save(os.path.join(OUT, name + ".noise.in.npy"), noise)
    np.save(os.path.join(OUT, name + ".noise.out.npy"), session.run(None, {feed: noise})[0].astype(np.float32))
    entry = {"inputShape": list(in_shape)}
    if verdict:
        entry["verdict"] = verdict
        entry["reason"] = reason
        entry["probeShape"] = list(probe_shape or in_shape)
    MANIFEST[name] = entry


def operator_models():
    x = (1, 2, 5, 7)
    coords = ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn"]
    for nearest in ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]:
        for coord in coords:
            name = f"op_resize_nearest_{nearest}_{coord}"
            model(name, [h.make_node("Resize", ["x", "", "scales"], ["y"], mode="nearest", nearest_mode=nearest,
                                     coordinate_transformation_mode=coord)],
                  x, [init("scales", np.array([1, 1, 1.7, 2.5], np.float32))])
    for coord in coords[:4]:
        model(f"op_resize_linear_{coord}", [h.make_node("Resize", ["x", "", "scales"], ["y"], mode="linear",
                                                        coordinate_transformation_mode=coord)],
              x, [init("scales", np.array([1, 1, 2.0, 3.0], np.float32))])
        model(f"op_resize_linear_{coord}_sizes", [h.make_node("Resize", ["x", "", "", "sizes"], ["y"], mode="linear",
                                                              coordinate_transformation_mode=coord)],
              x, [init("sizes", np.array([1, 2, 9, 4], np.int64))])
        model(f"op_resize_nearest_{coord}_sizes", [h.make_node("Resize", ["x", "", "", "sizes"], ["y"], mode="nearest",
                                                               coordinate_transformation_mode=coord)],
              x, [init("sizes", np.array([1, 2, 12, 5], np.int64))])
    for mode in ["constant", "reflect", "edge"]:
        model(f"op_pad_{mode}", [h.make_node("Pad", ["x", "pads", "value"], ["y"], mode=mode)], x,
              [init("pads", np.array([0, 0, 2, 3, 0, 0, 4, 1], np.int64)), init("value", np.array(0.5, np.float32))])
    model("op_pad_crop", [h.make_node("Pad", ["x", "pads"], ["y"], mode="constant")], x,
          [init("pads", np.array([0, 0, -1, 2, 0, 0, 1, -2], np.int64))])
    # Convolutions the fast path rewrites: strided with asymmetric pads, dilated, grouped, odd channels.
    model("op_conv_strided", [h.make_node("Conv", ["x", "w", "b"], ["y"], strides=[2, 3], pads=[1, 0, 2, 1])],
          (1, 3, 11, 13), [init("w", weights(5, 3, 3, 4)), init("b", weights(5))])
    model("op_conv_dilated", [h.make_node("Conv", ["x", "w"], ["y"], dilations=[2, 1], pads=[3, 1, 0, 2])],
          (1, 4, 9, 8), [init("w", weights(8, 4, 3, 3))])
    model("op_conv_groups_same", [h.make_node("Conv", ["x", "w", "b"], ["y"], group=2, auto_pad="SAME_UPPER",
                                              strides=[2, 2])],
          (1, 4, 9, 10), [init("w", weights(6, 2, 4, 3)), init("b", weights(6))])
    model("op_conv_same_lower", [h.make_node("Conv", ["x", "w"], ["y"], auto_pad="SAME_LOWER")],
          (1, 2, 6, 7), [init("w", weights(3, 2, 4, 2))])
    model("op_conv_dilated_strided", [h.make_node("Conv", ["x", "w"], ["y"], dilations=[2, 2], strides=[2, 2],
                                                  pads=[1, 1, 1, 1])],
          (1, 2, 10, 10), [init("w", weights(4, 2, 3, 3))])
    model("op_conv1d_strided", [h.make_node("Conv", ["x", "w", "b"], ["y"], strides=[3], pads=[2, 1])],
          (1, 3, 20), [init("w", weights(4, 3, 5)), init("b", weights(4))])
    model("op_conv3d", [h.make_node("Conv", ["x", "w", "b"], ["y"], strides=[1, 2, 1], pads=[1, 1, 0, 0, 1, 1])],
          (1, 2, 4, 6, 5), [init("w", weights(3, 2, 2, 3, 3)), init("b", weights(3))])
    model("op_convt_same_lower", [h.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2], auto_pad="SAME_LOWER")],
          (1, 2, 4, 5), [init("w", weights(2, 3, 3, 3))])
    model("op_convt_output_shape_large",
          [h.make_node("ConvTranspose", ["x", "w", "b"], ["y"], strides=[2, 3], output_shape=[10, 13])],
          (1, 2, 4, 4), [init("w", weights(2, 2, 3, 3)), init("b", weights(2))])
    model("op_convt_groups_dilation",
          [h.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[3, 2], dilations=[2, 1], group=2,
                       pads=[1, 0, 2, 1], output_padding=[1, 1])],
          (1, 4, 3, 4), [init("w", weights(4, 3, 2, 3))])
    model("op_convt3d", [h.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2, 2], pads=[1, 1, 1, 1, 1, 1])],
          (1, 2, 3, 3, 3), [init("w", weights(2, 2, 3, 3, 3))])
    model("op_pools", [
        h.make_node("MaxPool", ["x"], ["m"], kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1, pads=[1, 0, 0, 1]),
        h.make_node("AveragePool", ["m"], ["a"], kernel_shape=[2, 3], pads=[1, 1, 1, 1], count_include_pad=1),
        h.make_node("AveragePool", ["a"], ["y"], kernel_shape=[2, 2], strides=[1, 2], pads=[0, 1, 1, 0])],
        (1, 2, 9, 10), [])
    model("op_activations", [
        h.make_node("LeakyRelu", ["x"], ["a"], alpha=0.2), h.make_node("Elu", ["a"], ["b"], alpha=0.7),
        h.make_node("PRelu", ["b", "slope"], ["c"]), h.make_node("Selu", ["c"], ["d"]),
        h.make_node("Softplus", ["d"], ["e"]), h.make_node("Gelu", ["e"], ["f"], approximate="tanh"),
        h.make_node("Sigmoid", ["f"], ["g"]), h.make_node("Clip", ["g", "lo", "hi"], ["i"]),
        h.make_node("Sub", ["i", "shift"], ["j"]), h.make_node("Div", ["j", "scale"], ["k"]),
        h.make_node("Gelu", ["k"], ["l"]), h.make_node("Tanh", ["l"], ["y"])],
        (1, 3, 4, 5), [init("slope", weights(3, 1, 1)), init("lo", np.array(0.2, np.float32)),
                       init("hi", np.array(0.9, np.float32)), init("shift", weights(5)),
                       init("scale", (np.abs(weights(1, 3, 1, 1)) + 0.5).astype(np.float32))], opset=20)
    model("op_norms", [
        h.make_node("BatchNormalization", ["x", "s", "b", "mean", "var"], ["a"], epsilon=1e-3),
        h.make_node("InstanceNormalization", ["a", "s", "b"], ["c"], epsilon=1e-4),
        h.make_node("Mul", ["c", "s4"], ["y"])],
        (2, 3, 5, 6), [init("s", weights(3)), init("b", weights(3)), init("mean", weights(3)),
                       init("var", np.abs(weights(3)) + 0.1), init("s4", weights(1, 3, 1, 1))])
    model("op_matrix", [
        h.make_node("GlobalAveragePool", ["x"], ["g"]), h.make_node("Flatten", ["g"], ["f"]),
        h.make_node("Gemm", ["f", "w", "c"], ["m"], transB=1, alpha=0.5, beta=2.0),
        h.make_node("Unsqueeze", ["m", "axes"], ["u"]), h.make_node("MatMul", ["u", "v"], ["p"]),
        h.make_node("Transpose", ["p"], ["t"], perm=[1, 0, 2]), h.make_node("Squeeze", ["t", "axes0"], ["q"]),
        h.make_node("Reshape", ["q", "shape"], ["y"])],
        (2, 3, 4, 4), [init("w", weights(6, 3)), init("c", weights(6)), init("axes", np.array([1], np.int64)),
                       init("axes0", np.array([0], np.int64)), init("v", weights(6, 4)), init("shape", np.array([2, 2, -1], np.int64))])
    model("op_shape_arithmetic", [
        h.make_node("Shape", ["x"], ["s"]), h.make_node("Gather", ["s", "i"], ["g1"], axis=0),
        h.make_node("Gather", ["s", "j"], ["g2"], axis=0), h.make_node("Mul", ["g1", "g2"], ["g"]),
        h.make_node("Slice", ["s", "st", "en"], ["sl"]), h.make_node("Concat", ["sl", "g"], ["c"], axis=0),
        h.make_node("Mul", ["c", "one"], ["m"]),
        h.make_node("Cast", ["m"], ["mf"], to=1), h.make_node("Cast", ["mf"], ["shape"], to=7), h.make_node("Reshape", ["x", "shape"], ["r"]),
        h.make_node("Identity", ["r"], ["ri"]),
        h.make_node("ConstantOfShape", ["c"], ["z"], value=numpy_helper.from_array(np.array([0.25], np.float32))),
        h.make_node("Add", ["ri", "z"], ["y"])],
        (1, 2, 3, 4), [init("i", np.array([2], np.int64)), init("j", np.array([-1], np.int64)), init("st", np.array([0], np.int64)),
                       init("en", np.array([2], np.int64)), init("one", np.array([1], np.int64))])


def probe_models():
    """Models whose probe verdict on a constant input follows from how they are built."""
    model("probe_convt_k3s2", [h.make_node("ConvTranspose", ["x", "w", "b"], ["y"], strides=[2, 2], pads=[1, 1, 1, 1],
                                           output_padding=[1, 1])],
          (1, 4, 8, 8), [init("w", weights(4, 4, 3, 3)), init("b", weights(4))], verdict="artifacts",
          reason="k3 s2: taps per output phase 4/2/2/1, so a constant input gives a period-2 pattern",
          probe_shape=(1, 4, 32, 32))
    model("probe_convt_k4s2_then_convs", [
        h.make_node("ConvTranspose", ["x", "w"], ["u"], strides=[2, 2], pads=[1, 1, 1, 1]),
        h.make_node("Relu", ["u"], ["r"]),
        h.make_node("Conv", ["r", "c1"], ["a"], pads=[1, 1, 1, 1]), h.make_node("Relu", ["a"], ["b"]),
        h.make_node("Conv", ["b", "c2"], ["y"], pads=[1, 1, 1, 1])],
        (1, 4, 8, 8), [init("w", weights(4, 8, 4, 4)), init("c1", weights(8, 8, 3, 3)), init("c2", weights(3, 8, 3, 3))],
        verdict="artifacts",
        reason="k4 s2 with random weights: each output phase sums a different 2x2 subset of taps, so phase "
               "sums differ; the 3x3 convolutions soften but cannot cancel a random pattern",
        probe_shape=(1, 4, 32, 32))
    model("probe_resize_conv", [
        h.make_node("Resize", ["x", "", "scales"], ["u"], mode="nearest"),
        h.make_node("Conv", ["u", "w", "b"], ["a"], pads=[1, 1, 1, 1]), h.make_node("Relu", ["a"], ["y"])],
        (1, 4, 8, 8), [init("scales", np.array([1, 1, 2, 2], np.float32)), init("w", weights(6, 4, 3, 3)),
                       init("b", weights(6))],
        verdict="clean", reason="nearest resize maps a constant to a constant; the convolution is shift invariant",
        probe_shape=(1, 4, 32, 32))
    model("probe_border_convs", [
        h.make_node("Conv", ["x", "w1"], ["a"], pads=[2, 2, 2, 2]), h.make_node("Tanh", ["a"], ["b"]),
        h.make_node("Conv", ["b", "w2"], ["y"], pads=[1, 1, 1, 1])],
        (1, 3, 24, 24), [init("w1", weights(8, 3, 5, 5)), init("w2", weights(3, 8, 3, 3))], verdict="clean",
        reason="zero-padded stride-1 convolutions: a constant input gives border gradients, no period")
    model("probe_dead_relu", [
        h.make_node("ConvTranspose", ["x", "w", "b"], ["u"], strides=[2, 2], pads=[1, 1, 1, 1]),
        h.make_node("Relu", ["u"], ["y"])],
        (1, 2, 12, 12), [init("w", np.abs(weights(2, 4, 4, 4))), init("b", np.full(4, -1000.0, np.float32))],
        verdict="clean", reason="a bias of -1000 makes every channel zero after the ReLU: no energy, no pattern",
        probe_shape=(1, 2, 24, 24))
    model("probe_align_corners_constant", [
        h.make_node("Resize", ["x", "", "scales"], ["u"], mode="linear", coordinate_transformation_mode="align_corners"),
        h.make_node("Conv", ["u", "w"], ["y"], pads=[1, 1, 1, 1])],
        (1, 2, 16, 16), [init("scales", np.array([1, 1, 1.7, 1.7], np.float32)), init("w", weights(3, 2, 3, 3))],
        verdict="clean",
        reason="linear interpolation of a constant is the constant up to float rounding (weights 1-l and l)")
    model("probe_tiny_map", [h.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2], pads=[1, 1, 1, 1],
                                         output_padding=[1, 1])],
          (1, 2, 2, 2), [init("w", weights(2, 2, 3, 3))], verdict="unmeasured",
          reason="a 4x4 output has no interior away from the border: too small to hold a period")
    model("probe_d2s_dcr", [
        h.make_node("Conv", ["x", "w", "b"], ["a"], pads=[1, 1, 1, 1]),
        h.make_node("DepthToSpace", ["a"], ["y"], blocksize=2, mode="DCR")],
        (1, 3, 8, 8), [init("w", weights(8, 3, 3, 3)), init("b", weights(8))], verdict="artifacts",
        reason="random weights give each sub-pixel position its own response to a constant",
        probe_shape=(1, 3, 24, 24))
    model("probe_convt1d_k16s8", [h.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[8], pads=[4, 4])],
          (1, 2, 16), [init("w", weights(2, 3, 16))], verdict="artifacts",
          reason="1D k16 s8 with random taps: every output phase sums its own two taps", probe_shape=(1, 2, 32))
    model("probe_convt_k2s2_uniform", [
        h.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2])],
        (1, 3, 8, 8), [init("w", np.tile(weights(3, 3, 1, 1), (1, 1, 2, 2)))], verdict="clean",
        reason="k2 s2 with the same tap at every position is nearest upsampling times a 1x1 mix: no pattern",
        probe_shape=(1, 3, 24, 24))


# ------------------------------------------------------------------------------ trained models


class AutoEncoder(nn.Module):
    def __init__(self, decoder):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 3, 2, 1), nn.ReLU())
        if decoder == "convt":
            self.dec = nn.Sequential(nn.ConvTranspose2d(32, 16, 3, 2, 1, 1), nn.ReLU(),
                                     nn.ConvTranspose2d(16, 3, 3, 2, 1, 1), nn.Sigmoid())
        else:
            self.dec = nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(32, 16, 3, 1, 1), nn.ReLU(),
                                     nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(16, 3, 3, 1, 1), nn.Sigmoid())

    def forward(self, x):
        return self.dec(self.enc(x))


def patches():
    rng = np.random.default_rng(3)
    out = []
    for name in ["brick", "camera", "chelsea", "coffee"]:
        img = np.asarray(Image.open(f"Fixtures/images/{name}.png").convert("RGB"), np.float32) / 255.0
        for _ in range(64):
            y = rng.integers(0, img.shape[0] - 32)
            x = rng.integers(0, img.shape[1] - 32)
            out.append(img[y:y + 32, x:x + 32].transpose(2, 0, 1))
    return torch.tensor(np.stack(out))


def trained_models():
    torch.manual_seed(11)
    torch.set_num_threads(2)
    data = patches()
    for decoder, verdict, reason in [
            ("convt", "artifacts", "ConvTranspose k3 s2 decoders: uneven overlap (taps 4/2/2/1 per phase) that a few "
                                   "seconds of training do not compensate"),
            ("resize", "clean", "nearest resize + stride-1 convolutions map a constant to a constant")]:
        net = AutoEncoder(decoder)
        opt = torch.optim.Adam(net.parameters(), lr=3e-3)
        for step in range(150):
            batch = data[torch.randint(0, len(data), (32,))]
            loss = ((net(batch) - batch) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        net.eval()
        name = f"trained_ae_{decoder}"
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(net, torch.zeros(1, 3, 32, 32), path, input_names=["input"], output_names=["output"],
                          opset_version=17, dynamo=False)
        m = onnx.load(path)
        save(m, name, (1, 3, 32, 32), verdict, f"{reason} (trained 150 steps, final loss {loss.item():.4f})",
             (1, 3, 64, 64))
        # Intermediate node outputs on the all-ones input.
        folder = os.path.join(OUT, name + ".nodes")
        os.makedirs(folder, exist_ok=True)
        full = onnx.load(path)
        names = [o for n in full.graph.node if n.op_type != "Constant" for o in n.output]
        del full.graph.output[:]
        for o in names:
            full.graph.output.append(h.make_tensor_value_info(o, T.FLOAT, None))
        session = ort.InferenceSession(full.SerializeToString(), providers=["CPUExecutionProvider"])
        results = session.run(None, {"input": np.ones((1, 3, 32, 32), np.float32)})
        for o, value in zip(names, results):
            np.save(os.path.join(folder, re.sub(r"[^A-Za-z0-9._-]", "_", o) + ".npy"), value.astype(np.float32))


def refused_models():
    """Models the interpreter must refuse up front (no ONNX Runtime outputs): Fixtures/models/probe/refuse/.

    Only this part: python3 -c 'import sys; sys.path.insert(0, "Scripts"); import make_probe_models as m; m.refused_models()'
    """
    folder = os.path.join(OUT, "refuse")
    os.makedirs(folder, exist_ok=True)
    cases = {
        "unknown_op": [h.make_node("Relu", ["x"], ["a"], name="first"),
                       h.make_node("Hardmax", ["a"], ["y"], name="the_hardmax")],
        # Refused before the operator registry, runs now (kept as a regression check).
        "cubic_resize": [h.make_node("Resize", ["x", "", "scales"], ["y"], name="cubic_up", mode="cubic")],
        # Upsample exists at opsets 7-9 only: refused at this file's opset 19, naming the opset.
        "upsample_opset19": [h.make_node("Upsample", ["x", "scales"], ["y"], name="legacy_up")],
        "custom_domain": [h.make_node("Relu", ["x"], ["y"], name="custom_relu", domain="com.example")],
        "unknown_attribute": [h.make_node("Conv", ["x", "w"], ["y"], name="odd_conv", pads=[0, 0, 0, 0],
                                          fancy=1)],
    }
    for name, nodes in cases.items():
        inits = [init("scales", np.array([1, 1, 2, 2], np.float32)), init("w", weights(2, 2, 1, 1))]
        graph = h.make_graph(nodes, name, [h.make_tensor_value_info("x", T.FLOAT, [1, 2, 4, 4])],
                             [h.make_tensor_value_info("y", T.FLOAT, None)], inits)
        imports = [h.make_opsetid("", 19), h.make_opsetid("com.example", 1)]
        m = h.make_model(graph, opset_imports=imports)
        m.ir_version = 9
        onnx.save(m, os.path.join(folder, name + ".onnx"))


def main():
    os.makedirs(OUT, exist_ok=True)
    refused_models()
    operator_models()
    probe_models()
    trained_models()
    with open(os.path.join(OUT, "MANIFEST.json"), "w") as f:
        json.dump({"onnxruntime": ort.__version__, "torch": torch.__version__, "models": MANIFEST}, f, indent=1,
                  sort_keys=True)
    print(len(MANIFEST), "models")


if __name__ == "__main__":
    main()
