"""Ctrl-C: one line from nubrems, nothing from the libraries that unwind after it."""

import logging
import os
import signal

import pytest

from nubrems.errors import BuildError, ChapterError, exit_status, quiet_interrupts


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


@pytest.mark.parametrize("raised, status, line", [
    (None, 0, ""),
    (ValueError("x = 1: allowed: [2, 3]"), 2, "prog: error: x = 1: allowed: [2, 3]"),
    (ChapterError("chapter 05 failed"), 1, "prog: error: chapter 05 failed"),
    (BuildError("jupyter-book build failed"), 1, "prog: error: jupyter-book build failed"),
    (KeyboardInterrupt(), 130, "prog: interrupted"),
])
def test_exit_status_turns_each_ending_into_one_line(raised, status, line, capsys):
    def work():
        if raised is not None:
            raise raised

    previous = signal.getsignal(signal.SIGINT)
    try:
        assert exit_status("prog", work) == status
    finally:
        signal.signal(signal.SIGINT, previous)
    assert capsys.readouterr().err.strip() == line


def test_other_errors_are_not_swallowed():
    def bug():
        raise RuntimeError("a bug")

    previous = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(RuntimeError, match="a bug"):
            exit_status("prog", bug, failures=(ChapterError,))
    finally:
        signal.signal(signal.SIGINT, previous)
