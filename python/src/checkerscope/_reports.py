"""Typed views of the binary's JSON documents: audit, probe and overlap results."""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from . import _html

_PARAMETER_KEYS = (
    "kernel", "stride", "padsBegin", "padsEnd", "outputPadding", "dilation", "groups",
    "mode", "scale", "blocksize",
)


def _module(document: dict) -> Optional[str]:
    """The PyTorch module path the binary reports for a layer or node: ``module`` as a string (probe
    nodes) or as an object with the ``path`` (audit layers: ``{"path", "class", …}``); None without."""
    value = document.get("module")
    if isinstance(value, dict):
        value = value.get("path")
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Layer:
    """One audited layer (an element of ``audit``'s ``layers``)."""

    node: str
    module: Optional[str]
    op: str
    dims: int
    parameters: dict
    input_shape: Optional[list]
    output_shape: Optional[list]
    counts: Optional[dict]
    pef: Optional[np.ndarray]
    pef_max: Optional[float]
    verdict: str
    remedy: Optional[str]
    strength: Optional[float]
    raw: dict = field(repr=False)

    @classmethod
    def from_json(cls, document: dict, probe: Optional[dict] = None) -> "Layer":
        weights = document.get("weights") or None
        return cls(
            node=document["node"],
            module=_module(document),
            op=document["op"],
            dims=document["dims"],
            parameters={k: document[k] for k in _PARAMETER_KEYS if k in document},
            input_shape=document.get("inputShape"),
            output_shape=document.get("outputShape"),
            counts=document.get("counts"),
            pef=np.asarray(weights["pef"], dtype=float) if weights else None,
            pef_max=weights["pefMax"] if weights else None,
            verdict=document["verdict"],
            remedy=document.get("remedy"),
            strength=(probe or {}).get("strength"),
            raw=document,
        )

    @property
    def name(self) -> str:
        """The module path when known, else the node name."""
        return self.module or self.node

    def to_dict(self) -> dict:
        """The layer's JSON object as the binary wrote it."""
        return copy.deepcopy(self.raw)


class AuditReport:
    """``checkerscope audit``'s result: ``.verdict``, ``.layers``, ``.to_dict()``."""

    def __init__(self, document: dict, gate: Optional[list] = None):
        self._document = document
        probe_rows = {row["node"]: row for row in (document.get("probe") or {}).get("layers", [])}
        self.layers = [Layer.from_json(layer, probe_rows.get(layer["node"])) for layer in document["layers"]]
        self.verdict: str = document["verdict"]
        self.model: str = document["model"]
        self.threshold: float = document["threshold"]
        self.first_artifact_layer: Optional[str] = document.get("firstArtifactLayer")
        #: The gate's lines when ``fail_on="artifacts"`` or ``baseline=`` tripped it, else None.
        self.gate = gate

    def to_dict(self) -> dict:
        """The JSON document ``checkerscope audit --format json`` printed, as Python values."""
        return copy.deepcopy(self._document)

    def __repr__(self) -> str:
        return f"AuditReport(model={self.model!r}, verdict={self.verdict!r}, layers={len(self.layers)})"

    def _repr_html_(self) -> str:
        rows = []
        for layer in self.layers:
            p = layer.parameters
            settings = ", ".join(f"{k}={v}" for k, v in p.items())
            pictures = ""
            counts = layer.counts or {}
            if counts.get("tile") and counts.get("period"):
                pictures += _html.heatmap_svg(counts["tile"], counts["period"], "overlap")
            weights = layer.raw.get("weights") or {}
            if weights.get("worstGains") and p.get("stride"):
                shape = p["stride"] if len(weights["worstGains"]) == int(np.prod(p["stride"])) else [
                    len(weights["worstGains"])
                ]
                pictures += " " + _html.heatmap_svg(
                    weights["worstGains"], shape, f"gains, channel {weights.get('worstChannel', 0)}"
                )
            rows.append([
                html.escape(layer.module or "—"),
                html.escape(layer.node),
                html.escape(layer.op),
                html.escape(settings),
                "—" if layer.pef_max is None else f"{layer.pef_max:.4f}",
                "—" if layer.strength is None else f"{layer.strength:.3g}",
                f"<b>{html.escape(layer.verdict)}</b>",
                html.escape(layer.remedy or ""),
                pictures,
            ])
        caption = (
            f"checkerscope audit of {html.escape(self.model)}: <b>{html.escape(self.verdict)}</b>"
            f" (PEF threshold {self.threshold})"
        )
        return _html.table(
            ["module", "node", "op", "parameters", "PEF max", "strength", "verdict", "remedy", "heatmaps"],
            rows, caption,
        )


@dataclass(frozen=True)
class Node:
    """One measured node output of ``probe`` (an element of its ``nodes``)."""

    node: str
    module: Optional[str]
    op: str
    shape: list
    lattice: list
    period: Optional[list]
    strength: float
    significant: bool
    parameters: dict
    raw: dict = field(repr=False)

    @classmethod
    def from_json(cls, document: dict) -> "Node":
        return cls(
            node=document["node"], module=_module(document), op=document["op"], shape=document["shape"],
            lattice=document["lattice"], period=document.get("period"), strength=document["strength"],
            significant=document["significant"],
            parameters={k: document[k] for k in ("lattice", "interior", "candidate") if k in document},
            raw=document,
        )

    @property
    def verdict(self) -> str:
        """``artifacts`` when the pattern at this node is significant, else ``clean``."""
        return "artifacts" if self.significant else "clean"

    @property
    def remedy(self) -> None:
        """The probe measures; remedies come from ``audit`` (its layers' ``.remedy``)."""
        return None

    def to_dict(self) -> dict:
        return copy.deepcopy(self.raw)


class ProbeReport:
    """``checkerscope probe``'s result: ``.verdict``, ``.nodes``, ``.origin``, ``.to_dict()``."""

    def __init__(self, document: dict, gate: Optional[list] = None):
        self._document = document
        self.nodes = [Node.from_json(node) for node in document["nodes"]]
        self.verdict: str = document["verdict"]
        self.model: str = document["model"]
        self.strength: float = document["output"]["strength"]
        self.gate = gate
        origin = document.get("origin")
        #: The origin as the binary reported it (node, op, layer, layerOp, …), or None.
        self.origin_detail: Optional[dict] = origin
        #: Where the pattern starts: the PyTorch module path of the layer that made it when the
        #: binary knows it, else that layer's node name, else the first node that shows it.
        self.origin: Optional[str] = None
        if origin:
            self.origin = (
                origin.get("layerModule") or origin.get("module") or origin.get("layer") or origin.get("node")
            )

    @property
    def layers(self) -> list:
        """The same as ``nodes`` (so audit and probe reports read alike)."""
        return self.nodes

    def to_dict(self) -> dict:
        """The JSON document ``checkerscope probe --format json`` printed, as Python values."""
        return copy.deepcopy(self._document)

    def __repr__(self) -> str:
        return f"ProbeReport(model={self.model!r}, verdict={self.verdict!r}, origin={self.origin!r})"

    def _repr_html_(self) -> str:
        scale = max([n.strength for n in self.nodes] + [1e-12])
        rows = [
            [
                html.escape(n.module or "—"), html.escape(n.node), html.escape(n.op),
                html.escape("x".join(map(str, n.shape))), html.escape("x".join(map(str, n.period or [])) or "—"),
                f"{n.strength:.3g} " + _html.bar_svg(n.strength, scale), html.escape(n.verdict),
            ]
            for n in self.nodes
        ]
        caption = (
            f"checkerscope probe of {html.escape(self.model)}: <b>{html.escape(self.verdict)}</b>"
            + (f", origin {html.escape(self.origin)}" if self.origin else "")
        )
        return _html.table(["module", "node", "op", "shape", "period", "strength", "verdict"], rows, caption)


class OverlapResult:
    """``checkerscope overlap``'s result: ``.counts`` (the map as a numpy array) and its metrics."""

    def __init__(self, document: dict):
        self._document = document
        #: The overlap-count (or gain) map, shaped like the output (1D, 2D or 3D).
        self.counts = np.asarray(document["values"], dtype=float)
        #: Metrics over the whole map and over one period of the interior pattern.
        self.full: dict = document["full"]
        self.interior: dict = document["interior"]
        self.output_size: list = document["outputSize"]
        self.input_size: list = document["inputSize"]
        self.dims: int = document["dims"]
        self.layers: list = document["layers"]

    @property
    def values(self) -> np.ndarray:
        """The same as ``counts`` (a gain map holds gains rather than counts)."""
        return self.counts

    @property
    def uniform(self) -> bool:
        return bool(self.interior.get("uniform"))

    @property
    def period(self) -> Optional[list]:
        return self.interior.get("period")

    def to_dict(self) -> dict:
        """The JSON document ``checkerscope overlap --format json`` printed, as Python values."""
        return copy.deepcopy(self._document)

    def __repr__(self) -> str:
        return f"OverlapResult(shape={self.counts.shape}, period={self.period}, uniform={self.uniform})"

    def _repr_html_(self) -> str:
        values = self.counts
        picture = ""
        if values.ndim in (1, 2) and values.size <= 4096:
            picture = _html.heatmap_svg(values.ravel().tolist(), list(values.shape), "overlap", cell=12)
        metrics = ", ".join(f"{k}={v}" for k, v in self.interior.items())
        return f"<div><p>interior: {html.escape(metrics)}</p>{picture}</div>"
