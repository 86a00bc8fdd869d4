"""Ctrl-C: one line from nubrems, nothing from the libraries that unwind after it."""

import logging
import os
import signal

import pytest

from nubrems.errors import quiet_interrupts


def test_ctrl_c_raises_keyboard_interrupt_and_silences_library_logging(caplog):
    previous = signal.getsignal(signal.SIGINT)
    try:
        quiet_interrupts()
        logging.getLogger("nbclient").error("before: shown")
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
        logging.getLogger("asyncio").error("Task exception was never retrieved")
    finally:
        signal.signal(signal.SIGINT, previous)
        logging.disable(logging.NOTSET)
    assert [r.getMessage() for r in caplog.records] == ["before: shown"]
