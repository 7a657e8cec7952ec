"""torch.nn.Module inputs, the model baseline gate and the Monitor (skipped without torch)."""

import csv
import json
import time

import numpy as np
import pytest

import checkerscope
from conftest import needs_torch, run_cli

pytestmark = needs_torch


def decoder():
    import torch
    from torch import nn

    torch.manual_seed(0)

    class Decoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(3, 8, 3, padding=1)
            self.up = nn.Sequential(nn.ConvTranspose2d(8, 8, 3, stride=2, padding=1, output_padding=1), nn.ReLU())
            self.head = nn.Conv2d(8, 3, 3, padding=1)

        def forward(self, x):
            return self.head(self.up(torch.relu(self.stem(x))))

    return Decoder(), torch.ones(1, 3, 16, 16)


def export(model, x, path):
    import torch

    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, (x,), str(path), dynamo=False, input_names=["input"])


def test_audit_of_a_module_equals_the_cli_json_of_its_export(binary, tmp_path):
    model, x = decoder()
    report = checkerscope.audit(model, x)
    path = tmp_path / "m.onnx"
    export(model, x, path)
    cli = json.loads(run_cli("audit", str(path), "--format", "json").stdout)
    got = report.to_dict()
    got.pop("model"), cli.pop("model")  # the temporary file's path
    assert got == cli
    ops = [layer.op for layer in report.layers]
    assert "ConvTranspose" in ops
    convt = report.layers[ops.index("ConvTranspose")]
    assert convt.parameters["stride"] == [2, 2]
    # The module path as the binary reads it from the export (`self.up = nn.Sequential(ConvTranspose2d…)`).
    assert convt.module == "up.0"
    assert [layer.module for layer in report.layers if layer.op == "Conv"] == []  # stride-1 convs are not listed


def test_module_training_mode_is_restored(binary):
    model, x = decoder()
    model.train()
    checkerscope.audit(model, x)
    assert model.training


def test_probe_of_a_module_finds_the_transposed_convolution(binary):
    model, x = decoder()
    report = checkerscope.probe(model, torch_ones(1, 3, 32, 32))
    assert report.verdict == "artifacts"
    assert report.origin == "up.0"
    assert report.origin_detail["layerOp"] == "ConvTranspose"


def torch_ones(*shape):
    import torch

    return torch.ones(*shape)


def test_a_module_needs_an_example_input(binary):
    model, _ = decoder()
    with pytest.raises(ValueError, match="example_input"):
        checkerscope.audit(model)


def test_baseline_passes_for_the_same_model_and_trips_after_uneven_scaling(binary, tmp_path):
    import torch

    model, x = decoder()
    original, scaled = tmp_path / "m.onnx", tmp_path / "scaled.onnx"
    baseline = tmp_path / "m.baseline.json"
    export(model, x, original)
    written = run_cli("audit", str(original), "--write-baseline", str(baseline), "-o", str(tmp_path / "a.txt"))
    assert written.returncode == 0, written.stderr
    same = run_cli("audit", str(original), "--baseline", str(baseline))
    assert same.returncode == 0, same.stderr
    with torch.no_grad():
        model.up[0].weight[:, :, ::2, ::2] *= 1.5  # one phase's taps: the output phases now differ
    export(model, x, scaled)
    drift = run_cli("audit", str(scaled), "--baseline", str(baseline))
    assert drift.returncode == 3
    lines = drift.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("checkerscope: gate: ")
    assert "up.0" in lines[0] and "gains[" in lines[0]
    # Through the package: the same gate as an exception carrying the line.
    with pytest.raises(checkerscope.GateTripped) as caught:
        checkerscope.audit(str(scaled), baseline=str(baseline))
    assert caught.value.lines == [lines[0].removeprefix("checkerscope: gate: ")]


def test_monitor_writes_one_row_per_module_per_epoch(binary, tmp_path):
    import torch

    model, x = decoder()
    path = tmp_path / "pef.csv"

    class Writer:
        def __init__(self):
            self.scalars = []

        def add_scalar(self, tag, value, step):
            self.scalars.append((tag, value, step))

    writer = Writer()
    monitor = checkerscope.Monitor(model, x, writer=writer, csv_path=path)
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(3):
        loss = model(torch.rand(2, 3, 16, 16)).pow(2).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        monitor.step(epoch)
    rows = list(csv.DictReader(path.open()))
    modules = {row["module"] for row in rows}
    assert len(rows) == 3 * len(modules) and modules
    for module in modules:
        assert [row["epoch"] for row in rows if row["module"] == module] == ["0", "1", "2"]
    assert len(monitor.history) == len(rows)
    pef_rows = [row for row in rows if row["pef_max"]]
    assert pef_rows and all(0 <= float(row["pef_max"]) <= 1 for row in pef_rows)
    assert {tag for tag, _, _ in writer.scalars} == {f"checkerscope/pef_max/{row['module']}" for row in pef_rows}
    assert len(monitor.seconds) == 3
    # The learned weights changed between epochs, and the monitor saw it.
    convt = [float(row["pef_max"]) for row in rows if row["op"] == "ConvTranspose"]
    assert len(set(convt)) > 1


def test_monitor_with_probe_logs_strength(binary, tmp_path):
    model, x = decoder()
    monitor = checkerscope.Monitor(model, torch_ones(1, 3, 32, 32), csv_path=tmp_path / "s.csv", probe=True)
    rows = monitor.step(0)
    assert any(row["strength"] is not None for row in rows)
