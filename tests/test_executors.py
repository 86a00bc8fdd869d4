"""Where independent work runs (nubrems.core.executors): pool size, order, the Dask variable."""

from concurrent.futures import ProcessPoolExecutor

import pytest

from nubrems.core import executors


def test_no_more_workers_than_tasks(monkeypatch):
    monkeypatch.delenv(executors.ENV_SCHEDULER, raising=False)
    monkeypatch.setattr(executors, "default_jobs", lambda: 8)
    with executors.executor(tasks=3) as ex:
        assert isinstance(ex, ProcessPoolExecutor) and ex._max_workers == 3
    with executors.executor(jobs=2, tasks=5) as ex:
        assert ex._max_workers == 2
    with executors.executor(jobs=4, tasks=1) as ex:          # one task: in this process
        assert not isinstance(ex, ProcessPoolExecutor)


def test_map_ordered_keeps_the_input_order(monkeypatch):
    monkeypatch.delenv(executors.ENV_SCHEDULER, raising=False)
    assert executors.map_ordered(abs, [-3, 2, -1], jobs=2) == [3, 2, 1]
    assert executors.map_ordered(abs, []) == []


def test_bad_jobs_are_refused():
    with pytest.raises(ValueError, match=r"jobs = 0: allowed: an integer >= 1"):
        executors.map_ordered(abs, [1], jobs=0)
