"""The package against the binary's own JSON, without torch."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import checkerscope
from conftest import run_cli


def test_audit_of_a_path_equals_the_cli_json(binary, model_path):
    path = model_path("dcgan.onnx")
    report = checkerscope.audit(path)
    cli = json.loads(run_cli("audit", path, "--format", "json").stdout)
    assert report.to_dict() == cli
    assert report.verdict == cli["verdict"] == "artifacts"
    assert [layer.node for layer in report.layers] == [layer["node"] for layer in cli["layers"]]
    for layer, raw in zip(report.layers, cli["layers"]):
        assert layer.verdict == raw["verdict"]
        assert layer.remedy == raw["remedy"]
        assert layer.op == raw["op"]
        module = raw.get("module")
        assert layer.module == (module.get("path") if isinstance(module, dict) else module)
        if raw["weights"]:
            assert layer.pef_max == raw["weights"]["pefMax"]
            np.testing.assert_array_equal(layer.pef, raw["weights"]["pef"])
        if "stride" in raw:
            assert layer.parameters["stride"] == raw["stride"]


def test_audit_options_become_cli_options(binary, model_path):
    path = model_path("dcgan.onnx")
    report = checkerscope.audit(path, threshold=0.995)
    cli = json.loads(run_cli("audit", path, "--threshold", "0.995", "--format", "json").stdout)
    assert report.to_dict() == cli
    assert report.threshold == 0.995


def test_safetensors_audit(binary, model_path):
    path = model_path("dcgan.safetensors")
    report = checkerscope.audit(path, layer=["main.3.weight:k=4,s=2,p=1", "main.6.weight:k=4,s=2,p=1"])
    cli = json.loads(
        run_cli("audit", "--safetensors", path, "--layer", "main.3.weight:k=4,s=2,p=1",
                "--layer", "main.6.weight:k=4,s=2,p=1", "--format", "json").stdout
    )
    assert report.to_dict() == cli


def test_probe_of_a_path_equals_the_cli_json(binary, model_path):
    path = model_path("probe/probe_convt_k3s2.onnx")
    report = checkerscope.probe(path, input_shape=(1, 4, 32, 32))
    cli = json.loads(run_cli("probe", path, "--input-shape", "1x4x32x32", "--format", "json").stdout)
    assert report.to_dict() == cli
    assert report.verdict == "artifacts"
    assert report.origin == cli["origin"].get("layerModule") or cli["origin"]["layer"]
    assert [n.node for n in report.nodes] == [n["node"] for n in cli["nodes"]]
    assert [n.strength for n in report.nodes] == [n["strength"] for n in cli["nodes"]]
    assert "<svg" in report._repr_html_()


def test_probe_with_an_example_array_runs_on_it(binary, model_path, tmp_path):
    path = model_path("probe/probe_convt_k3s2.onnx")
    x = np.random.default_rng(1).random((1, 4, 32, 32), dtype=np.float32)
    report = checkerscope.probe(path, x)
    npy = tmp_path / "x.npy"
    np.save(npy, x)
    cli = json.loads(run_cli("probe", path, "--input-shape", "1x4x32x32", "--input", str(npy), "--format", "json").stdout)
    assert report.to_dict()["nodes"] == cli["nodes"]
    assert report.verdict == cli["verdict"]


@pytest.mark.parametrize("kwargs, flags", [
    ({}, ["--kernel", "3", "--stride", "2", "--input-size", "8", "--dims", "2"]),
    ({"kernel": 4, "stride": 2, "input_size": 6, "padding": 1}, ["--kernel", "4", "--stride", "2", "--input-size", "6", "--padding", "1"]),
    ({"kernel": (3, 5), "stride": (2, 3), "input_size": (4, 5)}, ["--kernel", "3x5", "--stride", "2x3", "--input-size", "4x5"]),
    ({"kernel": 3, "stride": 2, "input_size": 7, "dims": 1}, ["--kernel", "3", "--stride", "2", "--input-size", "7", "--dims", "1"]),
])
def test_overlap_counts_equal_the_cli_map(binary, kwargs, flags):
    result = checkerscope.overlap(**kwargs)
    cli = json.loads(run_cli("overlap", *flags, "--format", "json").stdout)
    assert result.to_dict() == cli
    np.testing.assert_array_equal(result.counts, np.asarray(cli["values"]))
    assert result.interior == cli["interior"]
    assert result.full == cli["full"]


def test_overlap_counts_match_a_plain_scatter(binary):
    # Independent of the binary: scatter an all-ones 3x3 kernel at stride 2 over an 8x8 input.
    counts = np.zeros((17, 17))
    for i in range(8):
        for j in range(8):
            counts[2 * i:2 * i + 3, 2 * j:2 * j + 3] += 1
    np.testing.assert_array_equal(checkerscope.overlap(kernel=3, stride=2, input_size=8).counts, counts)


def test_binary_errors_become_exceptions_with_the_one_line_message(binary, tmp_path):
    missing = str(tmp_path / "nope.onnx")
    with pytest.raises(checkerscope.CheckerscopeError) as caught:
        checkerscope.audit(missing)
    assert caught.value.status == 1
    assert caught.value.message.startswith(missing + ": ")
    assert "\n" not in caught.value.message
    assert str(caught.value) == caught.value.message
    with pytest.raises(checkerscope.UsageError) as usage:
        checkerscope.overlap(kernel=3, stride=2, input_size=8, colormap="nope")
    assert usage.value.status == 64


def test_a_tripped_gate_raises_with_the_report_and_one_line_per_layer(binary, model_path):
    path = model_path("dcgan.onnx")
    with pytest.raises(checkerscope.GateTripped) as caught:
        checkerscope.audit(path, fail_on="artifacts")
    gate = caught.value
    assert gate.status == 3
    failing = [layer.node for layer in gate.report.layers if layer.verdict == "artifacts"]
    assert len(gate.lines) == len(failing) > 0
    for line, node in zip(gate.lines, failing):
        assert line.startswith(f"{path}: {node} (ConvTranspose") and "): artifacts, PEF " in line
    report = checkerscope.audit(path, fail_on="artifacts", ignore=failing)
    assert report.verdict == "artifacts" and report.gate is None


def test_a_missing_binary_says_how_to_get_one(tmp_path):
    code = (
        "import checkerscope\n"
        "try:\n"
        "    checkerscope.overlap()\n"
        "except checkerscope.BinaryNotFoundError as error:\n"
        "    print(error)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CHECKERSCOPE_BIN"}
    env["PATH"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "swift build -c release --product checkerscope" in out.stdout
    assert "CHECKERSCOPE_BIN" in out.stdout
    env["CHECKERSCOPE_BIN"] = str(tmp_path / "absent")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "is not an executable file" in out.stdout


def test_audit_html_has_a_table_and_svg_heatmaps(binary, model_path):
    html = checkerscope.audit(model_path("dcgan.onnx"))._repr_html_()
    assert "<table" in html and "<svg" in html
    assert "node_ConvTranspose_15" in html
    assert "<svg" in checkerscope.overlap()._repr_html_()


def test_options_map_to_the_command_line():
    from checkerscope._binary import option_arguments

    assert option_arguments({
        "input_shape": (1, 3, 64, 64), "probe": True, "quiet": False, "seed": None,
        "ignore": ["a.b", "c"], "threshold": 0.05,
    }) == ["--input-shape", "1x3x64x64", "--probe", "--ignore", "a.b", "--ignore", "c", "--threshold", "0.05"]
