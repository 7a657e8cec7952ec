"""checkerscope from Python: audit and probe models for checkerboard artifacts, overlap maps, and
a monitor for training loops.

A thin, typed layer over the ``checkerscope`` command-line tool (``$CHECKERSCOPE_BIN``, else
``checkerscope`` on ``PATH``): every number comes from the binary's JSON output.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Optional

import numpy as np

from ._binary import (
    GATE_STATUS,
    BinaryNotFoundError,
    CheckerscopeError,
    GateTripped,
    UsageError,
    binary,
    gate_lines,
    option_arguments,
    run_json,
)
from ._export import exported, is_module
from ._reports import AuditReport, Layer, Node, OverlapResult, ProbeReport
from .monitor import Monitor

__all__ = [
    "audit", "probe", "overlap", "Monitor", "AuditReport", "ProbeReport", "OverlapResult", "Layer", "Node",
    "CheckerscopeError", "BinaryNotFoundError", "UsageError", "GateTripped", "binary", "GATE_STATUS",
]
__version__ = "0.1.0"


def _model_command(command: str, model: Any, example_input: Any, options: dict, report_type):
    exporter = options.pop("exporter", "legacy")
    if is_module(model):
        with exported(model, example_input, exporter) as path:
            return _run_model(command, path, options, report_type)
    if not isinstance(model, (str, os.PathLike)):
        raise TypeError(f"model must be a path (.onnx, .safetensors) or a torch.nn.Module, got {type(model).__name__}")
    path = os.fspath(model)
    if example_input is not None:
        # A file model with an example: its shape fills the input shape; the probe runs on it.
        array = _numpy(example_input)
        options.setdefault("input_shape", tuple(array.shape))
        if command == "probe" and "input" not in options:
            with tempfile.TemporaryDirectory(prefix="checkerscope-") as folder:
                npy = os.path.join(folder, "input.npy")
                np.save(npy, array.astype(np.float32))
                return _run_model(command, path, {**options, "input": npy}, report_type)
    if command == "audit" and path.lower().endswith(".safetensors"):
        return _run_model(command, None, {"safetensors": path, **options}, report_type)
    return _run_model(command, path, options, report_type)


def _numpy(value: Any) -> np.ndarray:
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def _run_model(command: str, path: Optional[str], options: dict, report_type):
    arguments = [command] + ([path] if path is not None else [])
    arguments += option_arguments(options) + ["--format", "json", "--quiet"]
    document, result = run_json(arguments, allow_gate=True)
    lines = gate_lines(result)
    report = report_type(document, gate=lines)
    if lines is not None:
        raise GateTripped(lines, report, result.stderr, arguments)
    return report


def audit(model: Any, example_input: Any = None, **options: Any) -> AuditReport:
    """Audits ``model``'s upsampling layers: ``checkerscope audit MODEL --format json``.

    ``model`` is a path (``.onnx``; ``.safetensors`` with ``layer=["TENSOR:k=4,s=2,p=1", …]``) or a
    ``torch.nn.Module``, exported with ``torch.onnx.export`` on ``example_input`` to a temporary
    file (``exporter="legacy"``, the default, or ``"dynamo"``). Other keyword options become the
    command's options: ``threshold=0.1``, ``input_shape=(1, 3, 256, 256)``, ``probe=True``,
    ``fail_on="artifacts"``, ``ignore=["decoder.up1"]``, ``baseline="gen.baseline.json"``.

    Raises ``GateTripped`` (with ``.report`` and ``.lines``) when a gate trips, ``UsageError`` for
    bad options, ``CheckerscopeError`` for other failures, ``BinaryNotFoundError`` without a binary.
    """
    return _model_command("audit", model, example_input, dict(options), AuditReport)


def probe(model: Any, example_input: Any = None, **options: Any) -> ProbeReport:
    """Runs ``model`` in checkerscope's interpreter and finds where a periodic pattern starts:
    ``checkerscope probe MODEL --format json``. ``model`` as for ``audit`` (``.onnx`` or a
    ``torch.nn.Module``); options such as ``input="noise"``, ``seed=2``, ``input_shape=(1, 3, 64, 64)``,
    ``fail_on="artifacts"``, ``ignore=[…]``."""
    return _model_command("probe", model, example_input, dict(options), ProbeReport)


def overlap(kernel: Any = 3, stride: Any = 2, input_size: Any = 8, dims: int = 2, **options: Any) -> OverlapResult:
    """The overlap-count map of a transposed convolution and its metrics:
    ``checkerscope overlap --kernel K --stride S --input-size N --dims D --format json``.

    Per-axis values are ints or tuples (``kernel=(3, 5)``); other options as the command's
    (``padding=1``, ``output_padding=1``, ``kernel_spec="bilinear:4"`` for a gain map,
    ``layer=["k=3,s=2,p=1", "k=4,s=2,p=1"]`` for a stack instead of ``kernel``/``stride``)."""
    if "layer" in options:
        kernel = stride = None
    arguments = ["overlap"] + option_arguments(
        {"kernel": kernel, "stride": stride, "input_size": input_size, "dims": dims, **options}
    )
    document, _ = run_json(arguments + ["--format", "json", "--quiet"])
    return OverlapResult(document)
