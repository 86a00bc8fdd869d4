"""How commands end: Ctrl-C (one line from nubrems, nothing from the libraries that unwind after
it) and a closed output pipe."""

import logging
import os
import signal
import subprocess
import sys

import pytest

from nubrems.core.errors import BuildError, ChapterError, exit_status, quiet_interrupts


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


def test_a_closed_pipe_ends_quietly_with_141():
    """`nubrems ... | head`: when the reader goes away the command stops without a traceback."""
    script = ("import sys\n"
              "from nubrems.core.errors import exit_status\n"
              "def work():\n"
              "    for i in range(200000):\n"
              "        print('line', i)\n"
              "sys.exit(exit_status('prog', work))\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()                                   # the reader goes away
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 141 and err == b""
