"""Writing result files so that a failure or Ctrl-C never leaves a half-written one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["probe_writable", "write_text_atomically"]


def probe_writable(folder: Path) -> None:
    """Raise OSError unless a file can be created in the existing ``folder``.

    A real probe (a temporary file, removed at once): permission bits and ``os.access`` say
    yes to root even on a read-only file system.
    """
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".nubrems-probe-"):
        pass


def _umask_mode() -> int:
    """0o666 filtered by the process umask (what open() would give a new file)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_text_atomically(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder.

    The folder is created if needed. The temporary replaces ``path`` only when complete (and
    synced to disk); on any failure or Ctrl-C it is removed and ``path`` is left as it was.
    The file gets the permissions a plain ``open()`` would give it.

    Returns
    -------
    Path
        The file written.
    """
    out = Path(path).expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
