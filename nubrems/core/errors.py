"""The errors the ``nubrems`` command turns into one line (light: the CLI imports it first).

* :class:`nubrems.core.catalogue.ParameterError` (a ValueError): a refused value -> exit 2;
* :class:`OutputError` (a ValueError): an output that cannot or must not be written -> exit 2;
* :class:`ChapterError`: a chapter that failed while it ran -> exit 1;
* :class:`BuildError`: Jupyter Book failed to build the book -> exit 1;
* Ctrl-C -> exit 130.

:func:`exit_status` runs a command's work and applies these rules, for ``nubrems`` and
``python -m nubrems.book`` alike.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

__all__ = ["BuildError", "ChapterError", "OutputError", "exit_status", "quiet_interrupts"]


class ChapterError(RuntimeError):
    """A chapter failed while it ran; the message is one line and names the log file."""


class OutputError(ValueError):
    """An output location that cannot or must not be written."""


class BuildError(RuntimeError):
    """Jupyter Book (Sphinx) failed to build the book; its own messages are above."""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # Libraries unwinding after Ctrl-C (nbclient's "Kernel died ...", asyncio's "Task exception
    # was never retrieved") log through `logging`; the user asked to stop and gets one line.
    logging.disable(logging.CRITICAL)
    raise KeyboardInterrupt


def quiet_interrupts() -> None:
    """Make Ctrl-C raise KeyboardInterrupt as usual, with all library logging silenced from then on."""
    if threading.current_thread() is threading.main_thread():   # signals are only for the main thread
        signal.signal(signal.SIGINT, _interrupt)


def exit_status(prog: str, work: Callable[[], object],
                failures: tuple[type[Exception], ...] = (ChapterError, BuildError)) -> int:
    """Run a command's ``work`` and turn how it ends into an exit status and at most one line.

    0 when it finishes; 2 for refused input (any ValueError: ParameterError, OutputError, bad
    names); 1 for ``failures`` while running; 130 for Ctrl-C; 141, silently, when the reader of
    the output went away (``nubrems ... | head``), as for a process ended by SIGPIPE. The line
    starts with ``prog``.
    """
    quiet_interrupts()
    try:
        work()
        sys.stdout.flush()                     # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        # nothing more can be written; point stdout at /dev/null so that the interpreter's own
        # flush at exit does not raise again
        with contextlib.suppress(OSError, ValueError):   # stdout without a descriptor (captured)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except ValueError as err:
        print(f"{prog}: error: {err}", file=sys.stderr)
        return 2
    except failures as err:
        print(f"{prog}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    return 0
