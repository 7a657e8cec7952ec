"""Turning a ``torch.nn.Module`` into an ONNX file the binary reads."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import warnings
from typing import Any, Iterator


def is_module(model: Any) -> bool:
    """True for a ``torch.nn.Module`` (without importing torch when it is not loaded)."""
    torch = _torch_if_loaded()
    return torch is not None and isinstance(model, torch.nn.Module)


def _torch_if_loaded():
    import sys

    return sys.modules.get("torch")


@contextlib.contextmanager
def exported(model: Any, example_input: Any, exporter: str = "legacy") -> Iterator[str]:
    """Exports ``model`` on ``example_input`` to an ONNX file in a temporary folder (removed
    afterwards) and yields its path.

    ``exporter``: ``legacy`` (TorchScript, ``dynamo=False``; about 0.5 s for a small network) or
    ``dynamo`` (``torch.export``; several seconds). The model runs in eval mode during the export
    and gets its training mode back afterwards; nothing else of it changes."""
    if example_input is None:
        raise ValueError("a torch.nn.Module needs example_input (a tensor of the model input's shape)")
    import torch

    args = example_input if isinstance(example_input, tuple) else (example_input,)
    training = model.training
    with tempfile.TemporaryDirectory(prefix="checkerscope-") as folder:
        path = os.path.join(folder, "model.onnx")
        model.eval()
        try:
            with torch.no_grad(), warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                if exporter == "legacy":
                    torch.onnx.export(model, args, path, dynamo=False, input_names=["input"])
                elif exporter == "dynamo":
                    torch.onnx.export(model, args, path, dynamo=True, input_names=["input"])
                else:
                    raise ValueError(f"exporter must be 'legacy' or 'dynamo', got {exporter!r}")
        finally:
            model.train(training)
        yield path
