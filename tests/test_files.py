"""Result files written atomically and the writability probe (nubrems.core.files)."""

import os
import stat

import pytest

from nubrems.core.files import probe_writable, write_text_atomically


def test_write_creates_folders_and_plain_permissions(tmp_path):
    path = write_text_atomically(tmp_path / "a" / "b" / "x.csv", "1,2\n")
    assert path.read_text() == "1,2\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in path.parent.iterdir()] == ["x.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = write_text_atomically(tmp_path / "x.csv", "old\n")
    with pytest.raises(TypeError):
        write_text_atomically(path, 42)                   # not text: fails while writing
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_probe(tmp_path):
    probe_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FileNotFoundError):
        probe_writable(tmp_path / "missing")
