"""The errors the ``nubrems`` command turns into one line (light: the CLI imports it first).

* :class:`nubrems.parameters.ParameterError` (a ValueError): a refused value -> exit 2;
* :class:`OutputError` (a ValueError): an output that cannot or must not be written -> exit 2;
* :class:`ChapterError`: a chapter that failed while it ran -> exit 1.
"""

from __future__ import annotations

__all__ = ["ChapterError", "OutputError"]


class ChapterError(RuntimeError):
    """A chapter failed while it ran; the message is one line and names the log file."""


class OutputError(ValueError):
    """An output location that cannot or must not be written."""
