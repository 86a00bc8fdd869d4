"""One way to run independent pieces of work in parallel: on this machine or on a cluster.

:func:`map_ordered` applies a function to items and returns the results in input order,
through a :class:`concurrent.futures.Executor`:

* ``jobs=1``: in this process, one after the other (for debugging, and inside workers);
* by default: a local process pool with ``jobs`` workers (default: all cores);
* with a Dask scheduler address (``scheduler=`` or the environment variable
  ``DASK_SCHEDULER_ADDRESS``): ``dask.distributed``'s ``Client(address).get_executor()``, so
  that scans outgrow one machine through the same code path.

Each piece must be deterministic on its own (seeded): results are then bit-identical
whichever executor ran them. Functions and items must be picklable (module-level
functions, dataclasses, numbers, strings).
"""

from __future__ import annotations

import os
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, TypeVar

__all__ = ["ENV_SCHEDULER", "default_jobs", "executor", "map_ordered"]

#: Environment variable naming a Dask scheduler (as Dask itself uses it).
ENV_SCHEDULER = "DASK_SCHEDULER_ADDRESS"

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _InProcess(Executor):
    """The Executor interface, run serially in this process."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any):  # type: ignore[override]
        from concurrent.futures import Future

        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # noqa: BLE001 (handed to the caller through the future)
            if isinstance(err, KeyboardInterrupt):
                raise
            future.set_exception(err)
        return future


@contextmanager
def executor(jobs: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An Executor: in-process (``jobs=1``), a process pool, or a Dask cluster.

    Parameters
    ----------
    jobs : int, optional
        Local worker processes (default: all cores); ignored with a scheduler.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); default: the environment
        variable ``DASK_SCHEDULER_ADDRESS``, if set.
    """
    scheduler = scheduler or os.environ.get(ENV_SCHEDULER) or None
    if scheduler:
        from distributed import Client   # only scans that ask for a cluster need Dask

        with Client(scheduler) as client:
            yield client.get_executor()
        return
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs = {jobs}: allowed: an integer >= 1")
    if jobs == 1:
        yield _InProcess()
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield pool


def map_ordered(fn: Callable[[T], R], items: Iterable[T], jobs: int | None = None,
                scheduler: str | None = None) -> list[R]:
    """``[fn(x) for x in items]``, computed by :func:`executor`; results in input order."""
    items = list(items)
    if not items:
        return []
    if scheduler is None and not os.environ.get(ENV_SCHEDULER):
        jobs = min(default_jobs() if jobs is None else jobs, len(items))
    with executor(jobs, scheduler) as ex:
        futures = [ex.submit(fn, x) for x in items]
        return [f.result() for f in futures]
