"""Shared set-up: the binary under test and the repository's fixtures.

The tests run the real binary: ``$CHECKERSCOPE_BIN`` when set, else the repository's debug build
(``.build/debug/checkerscope``), else ``checkerscope`` on ``PATH``."""

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Fixtures"


def _binary():
    configured = os.environ.get("CHECKERSCOPE_BIN")
    if configured:
        return configured
    for build in ("debug", "release"):
        candidate = ROOT / ".build" / build / "checkerscope"
        if candidate.is_file():
            return str(candidate)
    return shutil.which("checkerscope")


BINARY = _binary()
if BINARY:
    os.environ["CHECKERSCOPE_BIN"] = BINARY

try:
    import torch  # noqa: F401

    HAS_TORCH = True
except ImportError:  # pragma: no cover - depends on the machine
    HAS_TORCH = False

needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed (pip install torch)")


@pytest.fixture(scope="session")
def binary():
    if not BINARY:
        pytest.fail("no checkerscope binary: build it with `swift build` or set CHECKERSCOPE_BIN")
    return BINARY


@pytest.fixture
def model_path():
    return lambda name: str(FIXTURES / "models" / name)


def run_cli(*arguments):
    """Runs the binary directly (the reference the package must equal)."""
    import subprocess

    return subprocess.run([BINARY, *arguments], capture_output=True, text=True)
