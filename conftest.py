"""pytest set-up shared by the unit tests and nbval (which runs the chapters in place).

Chapters write the data of their figures as CSV; under nbval they must not write into
chapters/, so the folder for figure data is a temporary one for the whole session.

The marker ``slow`` (``make check`` deselects it, ``make test`` runs everything) is set here
for whole kinds of tests, so that nobody has to remember it: the chapters under nbval, and
the test files whose tests start the ``nubrems`` command, a kernel or a book build as
processes (:data:`PROCESS_FILES`). Individual slow unit tests carry ``@pytest.mark.slow``.
"""

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("NUBREMS_FIGURE_DATA", tempfile.mkdtemp(prefix="nubrems-figure-data-"))

#: Test files whose tests run the command, papermill or Jupyter Book in other processes.
PROCESS_FILES = {"test_book.py", "test_chapters.py", "test_runner.py", "test_cli.py", "test_cli_flavours.py",
                 "test_cli_oscillation.py", "test_cli_spectrum.py", "test_packaging.py", "test_errors.py"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix == ".ipynb" or path.name in PROCESS_FILES:
            item.add_marker(pytest.mark.slow)
