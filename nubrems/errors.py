"""The errors the ``nubrems`` command turns into one line (light: the CLI imports it first).

* :class:`nubrems.parameters.ParameterError` (a ValueError): a refused value -> exit 2;
* :class:`OutputError` (a ValueError): an output that cannot or must not be written -> exit 2;
* :class:`ChapterError`: a chapter that failed while it ran -> exit 1.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

__all__ = ["ChapterError", "OutputError", "quiet_interrupts"]


class ChapterError(RuntimeError):
    """A chapter failed while it ran; the message is one line and names the log file."""


class OutputError(ValueError):
    """An output location that cannot or must not be written."""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # Libraries unwinding after Ctrl-C (nbclient's "Kernel died ...", asyncio's "Task exception
    # was never retrieved") log through `logging`; the user asked to stop and gets one line.
    logging.disable(logging.CRITICAL)
    raise KeyboardInterrupt


def quiet_interrupts() -> None:
    """Make Ctrl-C raise KeyboardInterrupt as usual, with all library logging silenced from then on."""
    if threading.current_thread() is threading.main_thread():   # signals are only for the main thread
        signal.signal(signal.SIGINT, _interrupt)
