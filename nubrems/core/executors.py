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
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["ENV_SCHEDULER", "default_jobs", "executor", "map_ordered"]

#: Environment variable naming a Dask scheduler (as Dask itself uses it).
ENV_SCHEDULER = "DASK_SCHEDULER_ADDRESS"

T = TypeVar("T")
R = TypeVar("R")
Args = ParamSpec("Args")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _InProcess(Executor):
    """The Executor interface, run serially in this process."""

    def submit(self, fn: Callable[Args, T], /, *args: Args.args, **kwargs: Args.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # handed to the caller through the future (Ctrl-C excepted)
            if isinstance(err, KeyboardInterrupt):
                raise
            future.set_exception(err)
        return future


@contextmanager
def executor(jobs: int | None = None, scheduler: str | None = None,
             tasks: int | None = None) -> Iterator[Executor]:
    """An Executor: in-process (``jobs=1``), a process pool, or a Dask cluster.

    Parameters
    ----------
    jobs : int, optional
        Local worker processes (default: all cores); ignored with a scheduler.
    tasks : int, optional
        The number of pieces of work, if known: no more local workers than that are started.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); default: the environment
        variable ``DASK_SCHEDULER_ADDRESS``, if set, unless ``jobs`` is given (an explicit
        ``jobs=1`` inside a Dask task must not send work back to the cluster).

    Ctrl-C: local workers ignore SIGINT; the caller's KeyboardInterrupt cancels the queued
    pieces and stops the workers at once (no tracebacks from them, nothing left running).
    """
    if scheduler is None and jobs is None:
        scheduler = os.environ.get(ENV_SCHEDULER) or None
    if scheduler:
        from distributed import Client  # only scans that ask for a cluster need Dask

        with Client(scheduler) as client:
            yield client.get_executor()
        return
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs = {jobs}: allowed: an integer >= 1")
    if tasks is not None:
        jobs = max(1, min(jobs, tasks))
    if jobs == 1:
        yield _InProcess()
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    try:
        yield pool
    except BaseException:
        workers = list((getattr(pool, "_processes", None) or {}).values())   # before shutdown drops them
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:        # the pieces still running, too
            process.terminate()
        raise
    pool.shutdown(wait=True)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the process that started them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def map_ordered(fn: Callable[[T], R], items: Iterable[T], jobs: int | None = None,
                scheduler: str | None = None) -> list[R]:
    """``[fn(x) for x in items]``, computed by :func:`executor`; results in input order."""
    items = list(items)
    if not items:
        return []
    with executor(jobs, scheduler, tasks=len(items)) as ex:
        futures = [ex.submit(fn, x) for x in items]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()
            raise
