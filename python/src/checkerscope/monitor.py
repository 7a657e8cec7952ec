"""Watching a network's checkerboard tendency over training, like a loss curve."""

from __future__ import annotations

import csv
import os
import time
from typing import Any, Optional

from ._binary import gate_lines, option_arguments, run_json
from ._export import exported
from ._reports import AuditReport

#: The CSV's columns, one row per monitored layer per step.
CSV_COLUMNS = ["epoch", "module", "node", "op", "pef_max", "pef_median", "strength", "verdict"]


class Monitor:
    """Audits (and, with ``probe=True``, probes) a model's current weights at every ``step(epoch)``.

    Each step exports the model once (``torch.onnx.export`` on ``example_input``, in eval mode,
    training mode restored) and runs ``checkerscope audit`` on it (``--probe`` adds each layer's
    measured strength, which needs a fixed input shape — the example's). One row per audited layer
    (its PyTorch module path, else its node name) goes to

    - ``writer`` (a ``torch.utils.tensorboard.SummaryWriter`` or anything with ``add_scalar``):
      ``checkerscope/pef_max/<module>`` and, when probing, ``checkerscope/strength/<module>``;
    - ``csv_path``: appended, with a header when the file is new or empty;
    - ``history``: a list of dicts with the keys of ``CSV_COLUMNS``.

    ``seconds`` holds each step's wall time (export + audit), ``reports`` the last ``AuditReport``.
    """

    def __init__(
        self,
        model: Any,
        example_input: Any,
        writer: Any = None,
        csv_path: Optional[str] = None,
        probe: bool = False,
        exporter: str = "legacy",
        **options: Any,
    ):
        if example_input is None:
            raise ValueError("Monitor needs example_input (a tensor of the model input's shape)")
        self.model = model
        self.example_input = example_input
        self.writer = writer
        self.csv_path = os.fspath(csv_path) if csv_path is not None else None
        self.probe = probe
        self.exporter = exporter
        self.options = options
        self.history: list = []
        self.seconds: list = []
        self.report: Optional[AuditReport] = None

    def step(self, epoch: int) -> list:
        """Audits the current weights and logs one row per layer; returns the rows."""
        start = time.perf_counter()
        with exported(self.model, self.example_input, self.exporter) as path:
            arguments = ["audit", path] + option_arguments({**self.options, "probe": self.probe})
            document, result = run_json(arguments + ["--format", "json", "--quiet"], allow_gate=True)
        report = AuditReport(document, gate=gate_lines(result))
        rows = []
        for layer in report.layers:
            weights = layer.raw.get("weights") or {}
            rows.append({
                "epoch": epoch,
                "module": layer.module or layer.node,
                "node": layer.node,
                "op": layer.op,
                "pef_max": weights.get("pefMax"),
                "pef_median": weights.get("pefMedian"),
                "strength": layer.strength,
                "verdict": layer.verdict,
            })
        self._log(epoch, rows)
        self.report = report
        self.history += rows
        self.seconds.append(time.perf_counter() - start)
        return rows

    def _log(self, epoch: int, rows: list) -> None:
        if self.writer is not None:
            for row in rows:
                if row["pef_max"] is not None:
                    self.writer.add_scalar(f"checkerscope/pef_max/{row['module']}", row["pef_max"], epoch)
                if row["strength"] is not None:
                    self.writer.add_scalar(f"checkerscope/strength/{row['module']}", row["strength"], epoch)
        if self.csv_path is not None:
            new = not os.path.exists(self.csv_path) or os.path.getsize(self.csv_path) == 0
            with open(self.csv_path, "a", newline="") as handle:
                out = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
                if new:
                    out.writeheader()
                for row in rows:
                    out.writerow({k: ("" if v is None else v) for k, v in row.items()})
