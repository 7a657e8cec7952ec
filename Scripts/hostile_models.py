"""Hostile ONNX models for `checkerscope audit` and `probe` (issue 22).

    python3 Scripts/hostile_models.py [--out DIR] [--binary PATH] [--write-only] [--no-ort] [--subset DIR]

Writes 60+ small hostile models into DIR (default /tmp/checkerscope-hostile-models): sizes past
memory, integer overflow, out-of-range indices and slices, cycles, missing and duplicate tensors,
external data outside the folder, NaN/inf weights, deep nesting, truncated and non-protobuf bytes,
shapes that disagree, pooled shapes with ceil_mode, deep and wide graphs. Then runs the built
binary (default .build/debug/checkerscope) with `audit --format json` and `probe --format json` on
each and checks every run: exit status 0, 1 or 2; on failure exactly one line on stderr naming the
file; on success strict JSON on stdout (no NaN or Infinity); no timeout (60 s); peak RSS under
4.5 GiB. Then, on every model the audit reads and ONNX Runtime runs (all-ones inputs of the
declared shapes, the probe's input; each audited layer's input and output made graph outputs of
a copy, in a child process limited to 6 GiB), compares the audit's per-layer input and output
shapes with ONNX Runtime's. Prints one line per misbehaving run and per disagreeing shape, and the
tallies. `--subset DIR` also copies the models named in SUBSET into DIR (the committed fixtures of
Tests/CLITests/HostileModelCLITests.swift).
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh

OPSET = 17
# Small models for the committed Swift test: one of each kind, each under 2 KB.
SUBSET = [
    "reshape_huge", "pad_huge", "convt_stride_huge", "gather_index_out_of_range", "slice_huge_bounds",
    "cycle", "missing_input", "duplicate_output", "external_outside", "nan_weight", "inf_weight",
    "truncated", "not_protobuf", "shape_disagrees", "maxpool_ceil", "zero_axis", "int_div_min",
    "concat_rank_mismatch", "huge_initializer_dims", "split_sizes_bad", "d2s_blocksize_huge",
    "resize_sizes_from_empty",
]


def model(nodes, inputs, outputs, inits=(), opset=OPSET, value_info=()):
    g = h.make_graph(nodes, "g", inputs, outputs, list(inits), value_info=list(value_info))
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def vi(name, shape, dtype=T.FLOAT):
    return h.make_tensor_value_info(name, dtype, shape)


def f32(name, array):
    return nh.from_array(np.asarray(array, np.float32), name)


def i64(name, array):
    return nh.from_array(np.asarray(array, np.int64), name)


X = vi("x", [1, 1, 16, 16])
Y = vi("y", None)


def raw_tensor(name, dims, floats):
    """A float tensor whose element count need not match its dims (onnx.helper checks that)."""
    t = onnx.TensorProto()
    t.name, t.data_type = name, T.FLOAT
    t.dims.extend(dims)
    t.float_data.extend(floats)
    return t


def convt(extra_attrs=None, w=None, x=X, **kw):
    attrs = dict(strides=[2, 2], pads=[1, 1, 1, 1])
    attrs.update(extra_attrs or {})
    attrs = {key: value for key, value in attrs.items() if value is not None}
    weight = f32("w", np.ones((1, 1, 4, 4)) if w is None else w)
    return model([h.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", **attrs)], [x], [Y], [weight], **kw)


def then_convt(node, inits=(), x=X, opset=OPSET):
    """`node` (output 'm') followed by a ConvTranspose, so the probe has something spatial."""
    nodes = [node, h.make_node("ConvTranspose", ["m", "w"], ["y"], name="up", strides=[2, 2])]
    return model(nodes, [x], [Y], [f32("w", np.ones((1, 1, 2, 2)))] + list(inits), opset=opset)


def build():
    ms = {}
    # Sizes past memory and integer overflow in shapes.
    ms["reshape_huge"] = then_convt(h.make_node("Reshape", ["x", "s"], ["m"], name="r"), [i64("s", [1 << 40, 1 << 40, -1])])
    ms["reshape_two_minus_one"] = then_convt(h.make_node("Reshape", ["x", "s"], ["m"], name="r"), [i64("s", [-1, -1, 16, 16])])
    ms["reshape_zero_total"] = then_convt(h.make_node("Reshape", ["x", "s"], ["m"], name="r"), [i64("s", [0, 0, 0, -1])])
    ms["pad_huge"] = then_convt(h.make_node("Pad", ["x", "p"], ["m"], name="p"), [i64("p", [0, 0, 1 << 62, 0, 0, 0, 1 << 62, 0])])
    ms["pad_negative_past"] = then_convt(h.make_node("Pad", ["x", "p"], ["m"], name="p"), [i64("p", [0, 0, -40, 0, 0, 0, -40, 0])])
    ms["convt_stride_huge"] = convt({"strides": [1 << 40, 1 << 40]})
    ms["convt_stride_zero"] = convt({"strides": [0, 2]})
    ms["convt_pads_huge"] = convt({"pads": [1 << 40, 0, 0, 0]})
    ms["convt_dilation_huge"] = convt({"dilations": [1 << 40, 1]})
    ms["convt_output_padding_big"] = convt({"output_padding": [5, 5]})
    ms["convt_output_shape_huge"] = convt({"output_shape": [1 << 31, 1 << 31]})
    ms["convt_group_zero"] = convt({"group": 0})
    ms["convt_group_mismatch"] = convt({"group": 3})
    ms["convt_huge_output"] = convt({"strides": [4096, 4096]}, x=vi("x", [1, 1, 256, 256]))
    ms["conv_kernel_rank"] = model([h.make_node("Conv", ["x", "w"], ["y"], name="c")], [X], [Y], [f32("w", np.ones((1, 1, 3)))])
    ms["resize_scale_huge"] = then_convt(h.make_node("Resize", ["x", "", "sc"], ["m"], name="rs", mode="nearest"), [f32("sc", [1, 1, 1e9, 1e9])])
    ms["resize_scale_nan"] = then_convt(h.make_node("Resize", ["x", "", "sc"], ["m"], name="rs", mode="nearest"), [f32("sc", [1, 1, np.nan, 2])])
    ms["resize_scale_negative"] = then_convt(h.make_node("Resize", ["x", "", "sc"], ["m"], name="rs", mode="nearest"), [f32("sc", [1, 1, -2, 2])])
    ms["resize_sizes_huge"] = then_convt(h.make_node("Resize", ["x", "", "", "sz"], ["m"], name="rs", mode="nearest"), [i64("sz", [1, 1, 1 << 40, 4])])
    ms["resize_sizes_from_empty"] = then_convt(h.make_node("Resize", ["x", "", "", "sz"], ["m"], name="rs", mode="nearest"),
                                               [i64("sz", [1, 1, 16, 16])], x=vi("x", [1, 1, 0, 16]))
    ms["upsample_scale_inf"] = then_convt(h.make_node("Upsample", ["x", "sc"], ["m"], name="u", mode="nearest"), [f32("sc", [1, 1, np.inf, 2])], )
    ms["d2s_blocksize_huge"] = then_convt(h.make_node("DepthToSpace", ["x"], ["m"], name="d", blocksize=1 << 40))
    ms["tile_repeats_huge"] = then_convt(h.make_node("Tile", ["x", "r"], ["m"], name="t"), [i64("r", [1, 1, 1 << 40, 1 << 40])])
    ms["expand_huge"] = then_convt(h.make_node("Expand", ["x", "s"], ["m"], name="e"), [i64("s", [1 << 20, 1, 16, 16])])
    ms["constant_of_shape_huge"] = model(
        [h.make_node("ConstantOfShape", ["s"], ["m"], name="c"), h.make_node("Add", ["x", "m"], ["y"], name="a")],
        [X], [Y], [i64("s", [1 << 16, 1 << 16, 16, 16])])
    ms["huge_initializer_dims"] = model(
        [h.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", strides=[2, 2])], [X], [Y],
        [raw_tensor("w", [1 << 31, 1 << 31, 4, 4], [1.0])])
    ms["initializer_count_mismatch"] = model(
        [h.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", strides=[2, 2])], [X], [Y],
        [raw_tensor("w", [1, 1, 4, 4], [1.0] * 7)])
    ms["input_dim_huge"] = convt(x=vi("x", [1, 1, 1 << 40, 1 << 40]))
    ms["input_dim_negative"] = convt(x=vi("x", [1, 1, -16, 16]))
    # Integer operators.
    ms["int_div_min"] = then_convt(h.make_node("Identity", ["x"], ["m"], name="i"))
    ms["int_div_min"].graph.node.insert(0, h.make_node("Div", ["a", "b"], ["q"], name="div"))
    ms["int_div_min"].graph.initializer.extend([i64("a", [-(1 << 63)]), i64("b", [-1])])
    ms["int_div_min"].graph.output.append(vi("q", None, T.INT64))
    ms["int_div_zero"] = model([h.make_node("Div", ["a", "b"], ["y"], name="div")], [X], [vi("y", None, T.INT64)], [i64("a", [7]), i64("b", [0])])
    ms["int_pow_overflow"] = model([h.make_node("Pow", ["a", "b"], ["y"], name="pow")], [X], [vi("y", None, T.INT64)], [i64("a", [10]), i64("b", [400])])
    ms["int_mul_overflow"] = model([h.make_node("Mul", ["a", "a"], ["y"], name="mul")], [X], [vi("y", None, T.INT64)], [i64("a", [1 << 62])])
    # Out-of-range indices and slices.
    ms["gather_index_out_of_range"] = then_convt(h.make_node("Gather", ["x", "i"], ["m"], name="g", axis=2), [i64("i", [0, 99])])
    ms["gather_index_min"] = then_convt(h.make_node("Gather", ["x", "i"], ["m"], name="g", axis=2), [i64("i", [-(1 << 63)])])
    ms["gather_axis_out_of_range"] = then_convt(h.make_node("Gather", ["x", "i"], ["m"], name="g", axis=9), [i64("i", [0])])
    ms["slice_huge_bounds"] = then_convt(h.make_node("Slice", ["x", "st", "en", "ax"], ["m"], name="s"),
                                         [i64("st", [-(1 << 63)]), i64("en", [(1 << 63) - 1]), i64("ax", [2])])
    ms["slice_step_zero"] = then_convt(h.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["m"], name="s"),
                                       [i64("st", [0]), i64("en", [8]), i64("ax", [2]), i64("sp", [0])])
    ms["slice_step_min"] = then_convt(h.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["m"], name="s"),
                                      [i64("st", [0]), i64("en", [8]), i64("ax", [2]), i64("sp", [-(1 << 63)])])
    ms["slice_axis_repeated"] = then_convt(h.make_node("Slice", ["x", "st", "en", "ax"], ["m"], name="s"),
                                           [i64("st", [0, 0]), i64("en", [8, 8]), i64("ax", [2, 2])])
    ms["split_sizes_bad"] = then_convt(h.make_node("Split", ["x", "sp"], ["m", "n"], name="s", axis=2), [i64("sp", [1 << 62, -(1 << 62)])])
    ms["transpose_perm_bad"] = then_convt(h.make_node("Transpose", ["x"], ["m"], name="t", perm=[0, 1, 2, 2]))
    ms["squeeze_axis_bad"] = then_convt(h.make_node("Squeeze", ["x", "ax"], ["m"], name="s"), [i64("ax", [99])])
    ms["concat_axis_bad"] = then_convt(h.make_node("Concat", ["x", "x"], ["m"], name="c", axis=-99))
    ms["concat_rank_mismatch"] = then_convt(h.make_node("Concat", ["x", "v"], ["m"], name="c", axis=1), [f32("v", np.ones((1, 1, 16)))])
    # Graph structure.
    ms["cycle"] = model([h.make_node("Relu", ["b"], ["a"], name="r1"), h.make_node("Relu", ["a"], ["b"], name="r2"),
                         h.make_node("Add", ["x", "b"], ["y"], name="add")], [X], [Y])
    ms["self_loop"] = model([h.make_node("Add", ["x", "y"], ["y"], name="add")], [X], [Y])
    ms["missing_input"] = model([h.make_node("ConvTranspose", ["x", "nothing"], ["y"], name="up", strides=[2, 2])], [X], [Y])
    ms["missing_output"] = model([h.make_node("Relu", ["x"], ["m"], name="r")], [X], [vi("never", None)])
    ms["duplicate_output"] = model([h.make_node("Relu", ["x"], ["y"], name="r1"), h.make_node("Sigmoid", ["x"], ["y"], name="r2")], [X], [Y])
    ms["duplicate_initializer"] = model([h.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", strides=[2, 2])], [X], [Y],
                                        [f32("w", np.ones((1, 1, 4, 4))), f32("w", np.ones((1, 1, 2, 2)))])
    ms["no_nodes"] = model([], [X], [vi("x", None)])
    ms["no_inputs"] = model([h.make_node("Constant", [], ["y"], name="c", value=f32("v", np.ones((1, 1, 4, 4))))], [], [Y])
    ms["unknown_domain"] = model([h.make_node("Evil", ["x"], ["y"], name="e", domain="com.evil")], [X], [Y])
    ms["opset_ancient"] = convt(opset=1)
    ms["opset_future"] = convt(opset=999)
    m = convt()
    m.opset_import[0].version = -5
    ms["opset_negative"] = m
    # External data.
    for name, location in [("external_outside", "../../etc/passwd"), ("external_absolute", "/etc/passwd"),
                           ("external_missing", "weights.bin"), ("external_symlink_out", "link-out.bin")]:
        w = onnx.TensorProto()
        w.name, w.data_type = "w", T.FLOAT
        w.dims.extend([1, 1, 4, 4])
        w.data_location = onnx.TensorProto.EXTERNAL
        for k, v in [("location", location), ("offset", "0"), ("length", "64")]:
            e = w.external_data.add()
            e.key, e.value = k, v
        ms[name] = model([h.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", strides=[2, 2])], [X], [Y], [w])
    # Non-finite weights.
    w = np.ones((1, 1, 4, 4))
    w[0, 0, 1, 1] = np.nan
    ms["nan_weight"] = convt(w=w)
    w[0, 0, 1, 1] = np.inf
    ms["inf_weight"] = convt(w=w)
    ms["overflow_weight"] = convt(w=np.full((1, 1, 4, 4), 3e38))
    ms["nan_bias"] = model([h.make_node("ConvTranspose", ["x", "w", "b"], ["y"], name="up", strides=[2, 2])], [X], [Y],
                           [f32("w", np.ones((1, 1, 4, 4))), f32("b", [np.nan])])
    # Deep nesting (If nodes 25 levels deep, about what Python's protobuf still encodes).
    leaf = h.make_graph([h.make_node("Identity", ["x"], ["z"], name="id")], "b", [], [vi("z", None)])
    inner = leaf
    for level in range(25):  # nested in the then-branch only (both would double at every level)
        node = h.make_node("If", ["c"], ["z"], name=f"if{level}", then_branch=inner, else_branch=leaf)
        inner = h.make_graph([node], f"b{level}", [], [vi("z", None)])
    ms["deep_nesting"] = model([h.make_node("If", ["c"], ["y"], name="top", then_branch=inner, else_branch=leaf)],
                               [X], [Y], [nh.from_array(np.array(True), "c")])
    # Shapes that disagree.
    ms["shape_disagrees"] = model([h.make_node("Add", ["x", "v"], ["y"], name="add")], [X], [Y], [f32("v", np.ones((1, 1, 15, 16)))])
    ms["declared_output_wrong"] = model([h.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", strides=[2, 2])], [X],
                                        [vi("y", [1, 1, 3, 3])], [f32("w", np.ones((1, 1, 4, 4)))],
                                        value_info=[vi("y", [1, 1, 3, 3])])
    ms["matmul_mismatch"] = then_convt(h.make_node("MatMul", ["x", "v"], ["m"], name="mm"), [f32("v", np.ones((15, 16)))])
    ms["conv_channels_mismatch"] = model([h.make_node("Conv", ["x", "w"], ["y"], name="c")], [X], [Y], [f32("w", np.ones((1, 3, 3, 3)))])
    ms["batchnorm_params_wrong"] = then_convt(h.make_node("BatchNormalization", ["x", "s", "b", "mu", "var"], ["m"], name="bn"),
                                              [f32("s", [1, 1, 1]), f32("b", [0]), f32("mu", [0]), f32("var", [1])])
    ms["zero_axis"] = convt(x=vi("x", [1, 1, 0, 16]))
    ms["zero_batch"] = convt(x=vi("x", [0, 1, 64, 64]))
    ms["rank_one_input"] = convt(x=vi("x", [16]))
    ms["symbolic_input"] = convt(x=vi("x", ["N", 1, "H", "W"]))
    # Pooling with ceil_mode.
    for name, attrs in [("maxpool_ceil", dict(kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)),
                        ("maxpool_ceil_pads", dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1)),
                        ("avgpool_ceil", dict(kernel_shape=[2, 2], strides=[3, 3], ceil_mode=1)),
                        ("maxpool_kernel_bigger", dict(kernel_shape=[40, 40], ceil_mode=1)),
                        ("maxpool_stride_huge", dict(kernel_shape=[2, 2], strides=[1 << 40, 1], ceil_mode=1))]:
        op = "AveragePool" if name.startswith("avg") else "MaxPool"
        ms[name] = then_convt(h.make_node(op, ["x"], ["m"], name="pool", **attrs), x=vi("x", [1, 1, 17, 17]))
    # Shape edge cases, where a shape function most easily differs from ONNX Runtime's (the script
    # compares the audit's shapes with ONNX Runtime's on every model both can run).
    for name, attrs, size in [
        # ceil_mode whose last window would start in the right padding (dropped: 3, not 4).
        ("maxpool_ceil_last_window_in_pad", dict(kernel_shape=[3, 3], strides=[3, 3], pads=[1, 1, 1, 1], ceil_mode=1), 8),
        ("avgpool_ceil_last_window_in_pad", dict(kernel_shape=[3, 3], strides=[3, 3], pads=[1, 1, 1, 1], ceil_mode=1), 8),
        ("maxpool_ceil_dilated", dict(kernel_shape=[3, 3], strides=[2, 2], dilations=[2, 2], ceil_mode=1), 17),
        ("maxpool_ceil_asymmetric_pads", dict(kernel_shape=[2, 3], strides=[2, 3], pads=[0, 1, 1, 0], ceil_mode=1), 16),
        ("maxpool_same_upper_ceil", dict(kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER", ceil_mode=1), 17),
        ("avgpool_same_lower", dict(kernel_shape=[4, 4], strides=[3, 3], auto_pad="SAME_LOWER"), 17),
        ("maxpool_valid_ceil", dict(kernel_shape=[4, 4], strides=[3, 3], auto_pad="VALID", ceil_mode=1), 17),
    ]:
        op = "AveragePool" if name.startswith("avg") else "MaxPool"
        ms[name] = then_convt(h.make_node(op, ["x"], ["m"], name="pool", **attrs), x=vi("x", [1, 1, size, size]))
    ms["conv_stride_same_upper"] = then_convt(
        h.make_node("Conv", ["x", "k"], ["m"], name="c", strides=[2, 2], kernel_shape=[3, 3], auto_pad="SAME_UPPER"),
        [f32("k", np.ones((1, 1, 3, 3)))], x=vi("x", [1, 1, 17, 17]))
    ms["conv_stride_pads_dilated"] = then_convt(
        h.make_node("Conv", ["x", "k"], ["m"], name="c", strides=[3, 2], pads=[2, 0, 1, 1], dilations=[2, 1]),
        [f32("k", np.ones((1, 1, 3, 3)))], x=vi("x", [1, 1, 17, 17]))
    ms["convt_same_upper"] = convt({"auto_pad": "SAME_UPPER", "pads": None}, x=vi("x", [1, 1, 7, 7]))
    ms["convt_same_lower"] = convt({"auto_pad": "SAME_LOWER", "pads": None, "strides": [3, 2]}, x=vi("x", [1, 1, 7, 7]))
    ms["convt_output_shape"] = convt({"output_shape": [33, 32], "pads": None})
    ms["convt_output_padding_dilated"] = convt({"strides": [3, 3], "output_padding": [2, 1], "dilations": [2, 2]})
    ms["convt_1d"] = model([h.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", strides=[3], pads=[1, 2])],
                           [vi("x", [1, 2, 9])], [Y], [f32("w", np.ones((2, 3, 5)))])
    ms["convt_3d_groups"] = model(
        [h.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", strides=[2, 1, 2], group=2, output_padding=[1, 0, 0])],
        [vi("x", [1, 4, 3, 4, 5])], [Y], [f32("w", np.ones((4, 3, 3, 2, 2)))])
    ms["resize_fractional_scale"] = then_convt(h.make_node("Resize", ["x", "", "sc"], ["m"], name="rs", mode="linear"),
                                               [f32("sc", [1, 1, 1.5, 0.7])], x=vi("x", [1, 1, 17, 17]))
    ms["resize_sizes_odd"] = then_convt(h.make_node("Resize", ["x", "", "", "sz"], ["m"], name="rs", mode="nearest"),
                                        [i64("sz", [1, 1, 23, 9])], x=vi("x", [1, 1, 17, 17]))
    ms["resize_axes"] = then_convt(h.make_node("Resize", ["x", "", "sc"], ["m"], name="rs", mode="linear", axes=[3, 2]),
                                   [f32("sc", [2.5, 1.5])], x=vi("x", [1, 1, 17, 13]), opset=18)
    ms["resize_keep_aspect_not_larger"] = then_convt(
        h.make_node("Resize", ["x", "", "", "sz"], ["m"], name="rs", mode="nearest", axes=[2, 3],
                    keep_aspect_ratio_policy="not_larger"), [i64("sz", [20, 40])], x=vi("x", [1, 1, 17, 13]), opset=18)
    ms["resize_keep_aspect_not_smaller"] = then_convt(
        h.make_node("Resize", ["x", "", "", "sz"], ["m"], name="rs", mode="nearest", axes=[2, 3],
                    keep_aspect_ratio_policy="not_smaller"), [i64("sz", [20, 40])], x=vi("x", [1, 1, 17, 13]), opset=18)
    ms["resize_crop_and_resize"] = then_convt(
        h.make_node("Resize", ["x", "roi", "sc"], ["m"], name="rs", mode="linear",
                    coordinate_transformation_mode="tf_crop_and_resize"),
        [f32("roi", [0, 0, 0.1, 0.2, 1, 1, 0.9, 0.7]), f32("sc", [1, 1, 2.3, 1.7])], x=vi("x", [1, 1, 17, 13]))
    ms["upsample_opset9"] = then_convt(h.make_node("Upsample", ["x", "sc"], ["m"], name="u", mode="nearest"),
                                       [f32("sc", [1, 1, 2, 3])], x=vi("x", [1, 1, 7, 5]), opset=9)
    ms["conv_same_lower_stride3"] = then_convt(
        h.make_node("Conv", ["x", "k"], ["m"], name="c", strides=[3, 3], auto_pad="SAME_LOWER"),
        [f32("k", np.ones((1, 1, 4, 2)))], x=vi("x", [1, 1, 17, 16]))
    ms["convt_same_upper_output_padding"] = convt({"auto_pad": "SAME_UPPER", "pads": None, "strides": [3, 3],
                                                   "output_padding": [1, 2]}, x=vi("x", [1, 1, 7, 7]))
    ms["convt_output_shape_same_lower"] = convt({"auto_pad": "SAME_LOWER", "pads": None, "output_shape": [15, 16]},
                                                x=vi("x", [1, 1, 7, 7]))
    ms["d2s_crd"] = then_convt(h.make_node("DepthToSpace", ["x"], ["m"], name="d", blocksize=2, mode="CRD"),
                               x=vi("x", [1, 4, 5, 7]))
    # Deep and wide graphs.
    n = 120_000
    ms["deep_chain"] = model([h.make_node("Relu", ["x" if i == 0 else f"t{i - 1}"], ["y" if i == n - 1 else f"t{i}"], name=f"n{i}")
                              for i in range(n)], [X], [Y])
    ms["wide_concat"] = model([h.make_node("Concat", ["x"] * 50_000, ["y"], name="cat", axis=1)], [X], [Y])
    ms["wide_fan_out"] = model([h.make_node("Relu", ["x"], [f"r{i}"], name=f"r{i}") for i in range(5000)]
                               + [h.make_node("Concat", [f"r{i}" for i in range(5000)], ["y"], name="cat", axis=1)], [X], [Y])
    return ms


def raw_files():
    base = convt().SerializeToString()
    return {
        "truncated": base[: len(base) // 2],
        "not_protobuf": b"this is not a model\n" * 8,
        "empty": b"",
        "varint_bomb": b"\x3a" + b"\xff" * 9 + b"\x01",
        "length_past_end": b"\x3a\xff\xff\xff\xff\x07" + b"\x00" * 10,
        "png_bytes": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    }


def strict_json(text):
    def refuse(token):
        raise ValueError(f"non-finite number {token}")
    return json.loads(text, parse_constant=refuse)


def check(binary, path, command):
    args = [binary, command, path, "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    try:
        run = subprocess.run(args, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "timeout after 60 s"
    seconds = time.monotonic() - start
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    problems = []
    if run.returncode not in (0, 1, 2):
        problems.append(f"exit status {run.returncode}")
    err = run.stderr.decode("utf-8", "replace").strip()
    if run.returncode == 0:
        try:
            strict_json(run.stdout.decode("utf-8"))
        except ValueError as e:
            problems.append(f"not strict JSON: {e}")
    else:
        lines = [line for line in err.splitlines() if "warning:" not in line]
        if len(lines) != 1:
            problems.append(f"{len(lines)} error lines")
        elif os.path.basename(path) not in lines[0]:
            problems.append("the error does not name the file")
    if rss_kb > before and rss_kb > 4.5 * 1024 * 1024:
        problems.append(f"peak RSS {rss_kb / 1048576:.1f} GiB")
    problem = "; ".join(problems) + (f" — {err.splitlines()[0][:200]}" if problems and err else "")
    return problem, seconds, (run.stdout if run.returncode == 0 and not problems else None)


NUMPY_TYPES = {T.FLOAT: np.float32, T.DOUBLE: np.float64, T.FLOAT16: np.float16, T.INT64: np.int64,
               T.INT32: np.int32, T.INT8: np.int8, T.UINT8: np.uint8, T.BOOL: np.bool_}


def ort_shapes(path, names):
    """The shapes ONNX Runtime gives the tensors `names` when it runs the model at `path` on all-ones
    inputs of the declared shapes (the probe's input), as {"shapes": {name: shape}} or {"error": text}.
    Runs in a child process (see `compare_with_ort`): a hostile model may exhaust it."""
    import onnxruntime as ort

    m = onnx.load(path, load_external_data=False)
    g = m.graph
    initializers = {t.name for t in g.initializer}
    feeds = {}
    for value in g.input:
        if value.name in initializers:
            continue
        dims = value.type.tensor_type.shape.dim
        if not all(d.HasField("dim_value") and d.dim_value >= 0 for d in dims):
            return {"error": f"input '{value.name}' has no fixed shape"}
        dtype = NUMPY_TYPES.get(value.type.tensor_type.elem_type)
        if dtype is None:
            return {"error": f"input '{value.name}' has a type this script does not feed"}
        feeds[value.name] = np.ones([d.dim_value for d in dims], dtype)
    # Every wanted tensor becomes a graph output (its type from the declarations or float).
    types = {v.name: v.type.tensor_type.elem_type for v in list(g.input) + list(g.value_info) + list(g.output)}
    present = {o.name for o in g.output}
    for name in names:
        if name not in present and name not in feeds and name not in initializers:
            g.output.append(h.make_tensor_value_info(name, types.get(name, T.FLOAT) or T.FLOAT, None))
            present.add(name)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 4
    try:
        session = ort.InferenceSession(m.SerializeToString(), options, providers=["CPUExecutionProvider"])
        outputs = [o.name for o in session.get_outputs()]
        values = dict(zip(outputs, session.run(outputs, feeds)))
    except Exception as e:  # noqa: BLE001 - any refusal of ONNX Runtime only means "not compared"
        return {"error": str(e).splitlines()[0][:200] if str(e) else type(e).__name__}
    shapes = {name: list(value.shape) for name, value in values.items()}
    shapes.update({name: list(value.shape) for name, value in feeds.items()})
    shapes.update({t.name: list(t.dims) for t in g.initializer})
    return {"shapes": {name: shapes[name] for name in names if name in shapes}}


def audited_tensors(path, report):
    """(layer, 'input' or 'output', tensor name, the audit's shape or None) for each audited layer."""
    m = onnx.load(path, load_external_data=False)
    nodes = {}
    for index, node in enumerate(m.graph.node):
        nodes.setdefault(node.name or f"{node.op_type}_{index}", node)
    for layer in report.get("layers", []):
        node = nodes.get(layer["node"])
        if node is None:
            yield layer["node"], "node", None, None
            continue
        yield layer["node"], "input", node.input[0], layer.get("inputShape")
        yield layer["node"], "output", node.output[0], layer.get("outputShape")


def compare_with_ort(path, audit_stdout):
    """Compares the audit's layer shapes with ONNX Runtime's. Returns (kind, details): kind is
    'compared' (details: list of (tensor, audit, ort) disagreements and the count of shapes
    compared and unknown), 'ort-refuses', 'no-layers', or, when the audit refused the model
    (`audit_stdout` None), 'ort-runs' or 'ort-refuses'."""
    if audit_stdout is None:
        try:
            names = [o.name for o in onnx.load(path, load_external_data=False).graph.output]
        except Exception:  # noqa: BLE001 - not a model onnx reads
            return "ort-refuses", "onnx cannot read it"
        wanted = []
    else:
        wanted = list(audited_tensors(path, json.loads(audit_stdout)))
        if not wanted:
            return "no-layers", None
        names = sorted({name for _, _, name, _ in wanted if name})
    def limit():
        # ONNX Runtime on a hostile model: at most 6 GiB of address space.
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
    try:
        run = subprocess.run([sys.executable, __file__, "--ort-shapes", path, *names], capture_output=True,
                             timeout=120, preexec_fn=limit)
        answer = json.loads(run.stdout.decode().strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return "ort-refuses", "ONNX Runtime did not answer (timeout, out of memory or a crash)"
    if "error" in answer:
        return "ort-refuses", answer["error"]
    if audit_stdout is None:
        return "ort-runs", None
    ort = answer["shapes"]
    disagreements, compared, unknown = [], 0, 0
    for layer, role, name, audit in wanted:
        if name is None or name not in ort:
            disagreements.append((f"{layer} {role}", audit, "not produced"))
        elif audit is None:
            unknown += 1
        else:
            compared += 1
            if list(audit) != ort[name]:
                disagreements.append((f"{layer} {role} '{name}'", audit, ort[name]))
    return "compared", (disagreements, compared, unknown)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/checkerscope-hostile-models")
    parser.add_argument("--binary", default=".build/debug/checkerscope")
    parser.add_argument("--write-only", action="store_true")
    parser.add_argument("--no-ort", action="store_true", help="skip the comparison with ONNX Runtime")
    parser.add_argument("--subset")
    parser.add_argument("--ort-shapes", nargs="+", help=argparse.SUPPRESS)
    a = parser.parse_args()
    if a.ort_shapes:
        print(json.dumps(ort_shapes(a.ort_shapes[0], a.ort_shapes[1:])))
        return 0
    os.makedirs(a.out, exist_ok=True)
    paths = []
    for name, m in sorted(build().items()):
        path = os.path.join(a.out, name + ".onnx")
        with open(path, "wb") as f:
            f.write(m.SerializeToString())
        paths.append(path)
    for name, data in sorted(raw_files().items()):
        path = os.path.join(a.out, name + ".onnx")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    # A symbolic link out of the folder, for external_symlink_out.
    link = os.path.join(a.out, "link-out.bin")
    if not os.path.lexists(link):
        os.symlink("/etc/passwd", link)
    print(f"{len(paths)} models in {a.out}")
    if a.subset:
        os.makedirs(a.subset, exist_ok=True)
        for name in SUBSET:
            shutil.copy(os.path.join(a.out, name + ".onnx"), os.path.join(a.subset, name + ".onnx"))
    if a.write_only:
        return 0
    good = bad = 0
    slowest = (0.0, "")
    shape_tally = dict(models=0, agree=0, shapes=0, unknown=0, ort_refuses=0)
    refused_but_ort_runs = []
    for path in paths:
        for command in ("audit", "probe"):
            result = check(a.binary, path, command)
            if isinstance(result, str):
                problem, seconds, stdout = result, 60.0, None
            else:
                problem, seconds, stdout = result
            slowest = max(slowest, (seconds, f"{command} {os.path.basename(path)}"))
            if problem:
                bad += 1
                print(f"MISBEHAVES {command} {os.path.basename(path)}: {problem}")
            else:
                good += 1
            if command == "audit" and not problem and not a.no_ort:
                kind, details = compare_with_ort(path, stdout)
                if kind == "ort-runs":
                    refused_but_ort_runs.append(os.path.basename(path)[: -len(".onnx")])
                elif kind == "ort-refuses" and stdout is not None:
                    shape_tally["ort_refuses"] += 1
                elif kind == "compared":
                    disagreements, compared, unknown = details
                    shape_tally["models"] += 1
                    shape_tally["shapes"] += compared
                    shape_tally["unknown"] += unknown
                    if disagreements:
                        for tensor, ours, theirs in disagreements:
                            print(f"SHAPE {os.path.basename(path)} {tensor}: audit {ours}, ONNX Runtime {theirs}")
                    else:
                        shape_tally["agree"] += 1
    print(f"{good} of {good + bad} runs behave; slowest {slowest[0]:.1f} s ({slowest[1]})")
    if not a.no_ort:
        t = shape_tally
        print(f"audit shapes vs ONNX Runtime: {t['models']} models compared ({t['shapes']} shapes, {t['unknown']} "
              f"the audit leaves unknown), {t['agree']} agree; ONNX Runtime refuses {t['ort_refuses']} models the "
              f"audit reads")
        print(f"ONNX Runtime runs {len(refused_but_ort_runs)} models the audit refuses: {', '.join(refused_but_ort_runs)}")
    return 0 if bad == 0 and shape_tally["agree"] == shape_tally["models"] else 1


if __name__ == "__main__":
    sys.exit(main())
