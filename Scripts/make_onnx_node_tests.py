#!/usr/bin/env python3
"""Generate ONNX's backend node tests for the operators the interpreter runs into Fixtures/onnx-node/.

Run from the repository root (not needed to run the tests):

    pip install onnx onnxruntime numpy
    python3 Scripts/make_onnx_node_tests.py

The onnx repository no longer ships its node-test data; this script makes it from the installed onnx
package's own test-case generators (`onnx.backend.test.case.node.collect_testcases`), keeping the cases
whose node is one of OPERATORS (and their `_expanded` function bodies), whose first input is float32 and
whose tensors are small. Per case it writes:

- `<case>.onnx`: the test's model, byte for byte as onnx builds it;
- `<case>.data.onnx`: a model without nodes whose initializers hold the inputs (`in:<name>`) and the
  expected outputs (`out:<name>`), so the Swift test reads them with ModelIO's own reader.

The expected outputs are onnx's. ONNX Runtime runs every case too; where its outputs differ from onnx's by
more than 1e-4 relative (+1e-5 absolute) the fixture holds ONNX Runtime's outputs instead and MANIFEST.tsv
says so (`source` = `onnxruntime`), with the largest difference. Cases ONNX Runtime refuses keep onnx's
outputs (`source` = `onnx`, note `ort-refused`). MANIFEST.tsv also records the onnx and onnxruntime
versions on its first line.
"""
import os
import sys
import warnings

import numpy as np
import onnx
from onnx import helper, numpy_helper

OPERATORS = """Abs Add And ArgMax ArgMin AveragePool BatchNormalization Cast CastLike Ceil Clip Concat Constant
ConstantOfShape Conv ConvTranspose Cos CumSum DepthToSpace Div Einsum Elu Equal Erf Exp Expand Flatten Floor GRU
Gather GatherElements GatherND Gelu Gemm GlobalAveragePool GlobalMaxPool Greater GreaterOrEqual GroupNormalization
HardSigmoid HardSwish Identity InstanceNormalization LSTM LayerNormalization LeakyRelu Less LessOrEqual Log
LogSoftmax MatMul Max MaxPool Mean Min Mish Mod Mul Neg Not Or PRelu Pad Pow Range Reciprocal ReduceL2 ReduceMax
ReduceMean ReduceMin ReduceSum ReduceSumSquare Relu Reshape Resize Round ScatterND Selu Shape Sigmoid Sign Sin
Slice Softmax Softplus SpaceToDepth Split Sqrt Squeeze Sub Sum Tanh Tile Transpose Trilu Unsqueeze Upsample
Where""".split()

# Operators whose older versions differ (attributes that became inputs, coerced Softmax, Upsample):
# their node tests are also converted to these opsets with onnx.version_converter, and ONNX Runtime's
# outputs on the converted model are the expected values (`source` = `onnxruntime-opsetN`).
OLDER_OPSETS = {
    "Softmax": [9, 11], "LogSoftmax": [9, 11], "ReduceSum": [9, 11], "ReduceMean": [9, 13],
    "ReduceMax": [9, 13], "ReduceMin": [9, 13], "ReduceL2": [9, 13], "ReduceSumSquare": [9, 13],
    "Split": [9, 11], "Squeeze": [9, 11], "Unsqueeze": [9, 11], "Pad": [9, 11], "Clip": [9],
    "Slice": [9], "Resize": [10, 11], "Upsample": [9], "Gemm": [9], "BatchNormalization": [9],
    "MaxPool": [9], "AveragePool": [9], "Cast": [9], "Flatten": [9], "Concat": [9], "Gather": [9],
    "Transpose": [9], "Reshape": [9], "DepthToSpace": [9], "Elu": [9], "LeakyRelu": [9],
    "HardSigmoid": [9], "InstanceNormalization": [9], "Selu": [9], "PRelu": [9], "Conv": [9],
    "ConvTranspose": [9], "Mean": [9], "Max": [9], "Min": [9], "Sum": [9],
}

OUT = "Fixtures/onnx-node"
MAX_ELEMENTS = 40_000  # per case, inputs + outputs: keeps the fixtures at a few MB
RTOL, ATOL = 1e-4, 1e-5


def as_array(value):
    """A test value as a NumPy array (TensorProto values through onnx's own decoder)."""
    if isinstance(value, onnx.TensorProto):
        return numpy_helper.to_array(value)
    return np.asarray(value)


def as_proto(array, name, info):
    """`array` as a TensorProto of the graph value's declared element type; 8-, 4- and 2-bit types
    (which ModelIO does not decode) as float32 holding the decoded values."""
    elem = info.type.tensor_type.elem_type
    if 17 <= elem <= 26:
        return numpy_helper.from_array(np.asarray(array).astype(np.float32), name)
    proto = numpy_helper.from_array(array, name)
    if elem and proto.data_type != elem:
        proto = helper.make_tensor(name, elem, array.shape, array.astype(np.float32).flatten().tolist())
    return proto


def convert(model, opset, inputs, graph, ort):
    """`model` converted to `opset` and ONNX Runtime's outputs on it, or None when the converter or
    ONNX Runtime refuses (older versions lack some of the newer tests' attributes)."""
    from onnx import version_converter

    try:
        old = version_converter.convert_version(model, opset)
        if old.graph.node[0].op_type != model.graph.node[0].op_type or len(old.graph.node) != 1:
            return None
        old.ir_version = min(old.ir_version, 8)
        onnx.checker.check_model(old)
        session = ort.InferenceSession(old.SerializeToString(), providers=["CPUExecutionProvider"])
        feeds = {i.name: v for i, v in zip(old.graph.input, inputs)}
        return old, session.run([o.name for o in old.graph.output], feeds)
    except Exception:  # noqa: BLE001 — refused conversions are simply not generated
        return None


def main():
    import onnxruntime as ort
    from onnx.backend.test.case import node as node_cases

    warnings.simplefilter("ignore")
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    rows = []
    skipped = {}
    cases = sorted(node_cases.collect_testcases(None), key=lambda c: c.name)
    for case in cases:
        model = case.model
        graph = model.graph
        op = graph.node[0].op_type if len(graph.node) == 1 else None
        base = case.name[len("test_"):]
        if op is None:
            # An expanded function body: attribute it to the operator the case is named after.
            op = next((o for o in OPERATORS if base.lower().startswith(o.lower() + "_")), None)
            if op is None or not case.name.endswith("_expanded") and "_expanded_" not in case.name:
                continue
        if op not in OPERATORS:
            continue
        if not graph.input or graph.input[0].type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
            continue
        if len(case.data_sets) == 0:
            continue
        inputs, outputs = case.data_sets[0]
        if any(not isinstance(a, (np.ndarray, np.generic, onnx.TensorProto)) for a in list(inputs) + list(outputs)):
            skipped[case.name] = "sequence or optional values"
            continue
        inputs = [as_array(a) for a in inputs]
        outputs = [as_array(a) for a in outputs]
        arrays = list(inputs) + list(outputs)
        if sum(a.size for a in arrays) > MAX_ELEMENTS:
            skipped[case.name] = "larger than %d elements" % MAX_ELEMENTS
            continue
        if any(a.dtype.kind in "USO" for a in arrays):
            skipped[case.name] = "string tensors"
            continue
        source, note = "onnx", ""
        expected = list(outputs)
        try:
            session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
            feeds = {i.name: v for i, v in zip(graph.input, inputs)}
            got = session.run([o.name for o in graph.output], feeds)
            worst = 0.0
            for want, have in zip(outputs, got):
                w = np.asarray(want).astype(np.float64)
                g = np.asarray(have).astype(np.float64)
                if w.shape != g.shape:
                    worst = float("inf")
                    continue
                both = np.isnan(w) & np.isnan(g)
                same_inf = np.isinf(w) & (w == g)
                diff = np.where(both | same_inf, 0, np.abs(w - g) - RTOL * np.abs(w) - ATOL)
                if diff.size and np.nanmax(np.where(np.isnan(diff), np.inf, diff)) > 0:
                    worst = max(worst, float(np.nanmax(np.abs(w - g))))
            if any(17 <= o.type.tensor_type.elem_type <= 26 for o in graph.output):
                # ONNX Runtime's Python binding hands back 8/4/2-bit outputs as raw integers: not comparable.
                worst, note = 0, "8/4/2-bit output: onnx's values kept"
            if worst > 0:
                source, note = "onnxruntime", "differs from onnx by %.3g" % worst
                expected = [np.asarray(g).astype(w.dtype) for w, g in zip(outputs, got)]
        except Exception as error:  # noqa: BLE001 — ONNX Runtime refuses some cases
            note = "ort-refused: " + str(error).splitlines()[0][:80].replace("\t", " ")
        data = helper.make_graph(
            [], "data", [], [],
            [as_proto(a, "in:" + i.name, i) for i, a in zip(graph.input, inputs)]
            + [as_proto(a, "out:" + o.name, o) for o, a in zip(graph.output, expected)],
        )
        data_model = helper.make_model(data, opset_imports=[helper.make_opsetid("", 21)])
        data_model.ir_version = 10
        with open(os.path.join(OUT, case.name + ".onnx"), "wb") as f:
            f.write(model.SerializeToString())
        with open(os.path.join(OUT, case.name + ".data.onnx"), "wb") as f:
            f.write(data_model.SerializeToString())
        opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
        rows.append((case.name, op, str(opset), source, note))
        if case.name.endswith("_expanded") or "_expanded_" in case.name:
            continue
        for older in OLDER_OPSETS.get(op, []):
            converted = convert(model, older, inputs, graph, ort)
            if converted is None:
                continue
            old_model, old_outputs = converted
            name = "%s_opset%d" % (case.name, older)
            data = helper.make_graph(
                [], "data", [], [],
                [as_proto(a, "in:" + i.name, i) for i, a in zip(old_model.graph.input, inputs)]
                + [as_proto(a, "out:" + o.name, o) for o, a in zip(old_model.graph.output, old_outputs)],
            )
            data_model = helper.make_model(data, opset_imports=[helper.make_opsetid("", 21)])
            data_model.ir_version = 10
            with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
                f.write(old_model.SerializeToString())
            with open(os.path.join(OUT, name + ".data.onnx"), "wb") as f:
                f.write(data_model.SerializeToString())
            rows.append((name, op, str(older), "onnxruntime-opset%d" % older, "converted by onnx.version_converter"))
    with open(os.path.join(OUT, "MANIFEST.tsv"), "w") as f:
        f.write("# onnx %s, onnxruntime %s; made by Scripts/make_onnx_node_tests.py\n"
                % (onnx.__version__, ort.__version__))
        f.write("case\toperator\topset\tsource\tnote\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
        for name, why in sorted(skipped.items()):
            f.write("\t".join((name, "-", "-", "not-generated", why)) + "\n")
    print("wrote %d cases (%d not generated) to %s" % (len(rows), len(skipped), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
