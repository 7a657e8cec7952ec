"""Finding and running the ``checkerscope`` binary; its failures as Python exceptions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any, Iterable, Mapping, Optional, Sequence

#: The exit status of a tripped gate (``--fail-on artifacts``, a model ``--baseline`` that drifted).
GATE_STATUS = 3
#: The exit status of a usage error (a bad option or value).
USAGE_STATUS = 64


class CheckerscopeError(Exception):
    """The binary failed: ``message`` is its one-line error (without ``checkerscope: error:``)."""

    def __init__(self, message: str, status: int = 1, stderr: str = "", command: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.status = status
        self.stderr = stderr
        self.command = list(command)


class UsageError(CheckerscopeError):
    """The binary refused the options (exit status 64)."""


class BinaryNotFoundError(CheckerscopeError):
    """No ``checkerscope`` binary: ``CHECKERSCOPE_BIN`` is unset (or wrong) and none is on ``PATH``."""


class GateTripped(CheckerscopeError):
    """A gate tripped (exit status 3): ``lines`` holds one line per failing layer or file and
    ``report`` the result the command printed (a report object, or None)."""

    def __init__(self, lines: Sequence[str], report: Any = None, stderr: str = "", command: Sequence[str] = ()):
        super().__init__("; ".join(lines) or "gate tripped", GATE_STATUS, stderr, command)
        self.lines = list(lines)
        self.report = report


HOW_TO_GET = (
    "build it from the checkerscope repository with "
    "`swift build -c release --product checkerscope` and set CHECKERSCOPE_BIN=$PWD/.build/release/checkerscope, "
    "or put a checkerscope binary on PATH"
)


def binary() -> str:
    """The path of the binary: ``$CHECKERSCOPE_BIN``, else ``checkerscope`` on ``PATH``."""
    configured = os.environ.get("CHECKERSCOPE_BIN")
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        raise BinaryNotFoundError(
            f"CHECKERSCOPE_BIN={configured} is not an executable file; {HOW_TO_GET}", status=1
        )
    found = shutil.which("checkerscope")
    if found:
        return found
    raise BinaryNotFoundError(f"the checkerscope binary was not found; {HOW_TO_GET}", status=1)


def option_arguments(options: Mapping[str, Any]) -> list[str]:
    """``{"input_shape": (1, 3, 64, 64), "probe": True, "ignore": ["a", "b"]}`` →
    ``["--input-shape", "1x3x64x64", "--probe", "--ignore", "a", "--ignore", "b"]``.

    A key becomes ``--key-with-dashes``; True is a flag, False and None leave the option out; a
    tuple is a per-axis value (``3x5``); a list repeats the option."""
    arguments: list[str] = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            arguments.append(flag)
        elif isinstance(value, list):
            for item in value:
                arguments += [flag, _text(item)]
        else:
            arguments += [flag, _text(value)]
    return arguments


def _text(value: Any) -> str:
    if isinstance(value, tuple):
        return "x".join(str(v) for v in value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return str(value)


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def run(arguments: Iterable[str], *, allow_gate: bool = False) -> subprocess.CompletedProcess:
    """Runs the binary with ``arguments``; raises the matching exception on a non-zero status
    (a gate's status 3 is returned instead when ``allow_gate``)."""
    command = [binary(), *arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode == 0 or (allow_gate and result.returncode == GATE_STATUS):
        return result
    raise _exception(result, command)


def _exception(result: subprocess.CompletedProcess, command: Sequence[str]) -> CheckerscopeError:
    lines = _error_lines(result.stderr)
    if result.returncode == GATE_STATUS:
        gate = [line.removeprefix("checkerscope: gate: ") for line in lines if line.startswith("checkerscope: gate: ")]
        return GateTripped(gate, None, result.stderr, command)
    errors = [line for line in lines if line.startswith("checkerscope: error: ")]
    if errors:
        message = errors[0].removeprefix("checkerscope: error: ")
    elif lines:
        message = lines[0].removeprefix("Error: ")
    else:
        message = f"checkerscope exited with status {result.returncode}"
    kind = UsageError if result.returncode == USAGE_STATUS else CheckerscopeError
    return kind(message, result.returncode, result.stderr, command)


def run_json(arguments: Iterable[str], *, allow_gate: bool = False) -> tuple[Any, subprocess.CompletedProcess]:
    """Runs the binary and parses its standard output as JSON."""
    result = run(arguments, allow_gate=allow_gate)
    try:
        return json.loads(result.stdout), result
    except json.JSONDecodeError as error:
        raise CheckerscopeError(f"checkerscope printed no JSON document: {error}", result.returncode, result.stderr)


def gate_lines(result: subprocess.CompletedProcess) -> Optional[list[str]]:
    """The gate's lines when ``result`` tripped a gate (status 3), else None."""
    if result.returncode != GATE_STATUS:
        return None
    return [
        line.removeprefix("checkerscope: gate: ")
        for line in _error_lines(result.stderr)
        if line.startswith("checkerscope: gate: ")
    ]
