"""Writing a report so that it is either whole or absent.

A report is written to a temporary file beside its target and renamed over it
once complete: a full disk, a killed process or Ctrl-C leaves the previous
report (or none), never half a file that a reader would take for a report.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from newslineage.errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all; ``OutputError`` says why it could not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create the folder {path.parent}: {_why(exc)}") from None
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; name a file to write the report to")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {path.parent}: {_why(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary write would: mkstemp makes it private
        os.replace(tmp, path)
    except BaseException as exc:  # KeyboardInterrupt too: the partial file must not stay behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write the report: {_why(exc)}") from None
        raise


def check_writable(path: Path) -> None:
    """Raise ``OutputError`` now for a report path that cannot be written, before a long scan."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; name a file to write the report to")
    existing = path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{path}: cannot create the folder {path.parent}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: cannot write in {existing}: permission denied")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return exc.strerror or str(exc)
