"""Reading and extraction past one machine: documents mapped over a Dask distributed cluster.

    scrutiny ingest corpus/ --dask local                       # a LocalCluster, one worker per core
    scrutiny ingest /shared/minutes --dask tcp://sched:8786    # a running cluster
    scrutiny ingest /shared/minutes --dask tcp://sched:8786 --out-parquet /shared/dataset

Each document is one Dask task: read and extract, returning the same
:class:`~pipeline.workers.Outcome` the local workers return.  The driver
keeps a bounded window of tasks in flight (memory stays flat however large
the corpus) and hands results to the one writer in input order, so SQLite
storage, skipping and crash safety are exactly those of a local ingest.

Inside each Dask worker the document runs in a resident child process
(:class:`pipeline.workers.Resident`): the English pipeline loads once per
Dask worker, and a document that runs past its time budget or crashes a C
library costs that document only.  A Dask worker started as a daemon (a
Nanny's default) may not start processes; there the document runs in the
Dask worker itself, without a time budget.  ``--dask local`` starts its
workers as non-daemons.

The workers read the files themselves, so with a real cluster the paths
must be readable at the same place on every worker (a shared filesystem);
they are sent as absolute paths.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

from .errors import ReadError
from .workers import DEFAULT_TIMEOUT, Job, Outcome, Resident

LOCAL = "local"

# Per Dask worker process: the resident document worker it keeps, and the Job it serves.
_RESIDENT: dict[str, Any] = {}


@contextmanager
def cluster(address: str, workers: Optional[int] = None) -> Iterator[Any]:
    """A ``distributed.Client``: to a LocalCluster of ``workers`` processes (one thread each) for
    ``"local"``, else to the scheduler at ``address``.  A LocalCluster is shut down on exit."""
    import dask
    from distributed import Client, LocalCluster

    from .workers import default_jobs

    if address != LOCAL:
        with Client(address) as client:
            yield client
        return
    # Non-daemon workers may start the resident child that enforces the per-document budget.
    with dask.config.set({"distributed.worker.daemon": False}):
        with LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as local, Client(local) as client:
            yield client


def _read_extract(job: Job, path: Path, timeout: Optional[float]) -> Outcome:
    """One Dask task: read and extract ``path`` in this Dask worker's resident child, within the budget."""
    if mp.current_process().daemon:
        return job.run(path)
    held = _RESIDENT.get("worker")
    if held is None or held.job is not job:
        _release()
        held = _RESIDENT["worker"] = Resident(job, timeout, mp.get_context("spawn"))  # no fork in a threaded process
    return held.run(path)


def _release() -> None:
    """Stop this Dask worker's resident child (run on every worker when an ingest ends)."""
    held = _RESIDENT.pop("worker", None)
    if held is not None:
        held.close()


def runner(client: Any, timeout: Optional[float] = DEFAULT_TIMEOUT, window: Optional[int] = None,
           absolute: bool = True):
    """A runner for :func:`pipeline.store.ingest`: map the documents over ``client``'s cluster
    (as :func:`pipeline.workers.runner` runs them on this machine)."""
    def run(paths: list[Path], job: Job) -> Iterator[Outcome]:
        return process(paths, job, client, timeout=timeout, window=window, absolute=absolute)
    return run


def process(paths: list[Path], job: Job, client: Any, timeout: Optional[float] = DEFAULT_TIMEOUT,
            window: Optional[int] = None, absolute: bool = True) -> Iterator[Outcome]:
    """The Outcome of each path, in input order, each read and extracted by a Dask task.

    At most ``window`` tasks (default: four per worker thread) are in flight,
    so results wait in no one's memory for long.  A task that fails (its
    worker lost) costs that document: its Outcome carries the error.
    """
    paths = list(paths)
    if not paths:
        return
    threads = sum(client.nthreads().values()) or 1
    window = window or 4 * threads
    shared = client.scatter(job, broadcast=True, hash=False)
    todo = iter(paths)
    pending: deque = deque()

    def submit() -> None:
        for path in todo:
            target = path.absolute() if absolute else path
            pending.append((path, client.submit(_read_extract, shared, target, timeout, pure=False, retries=0)))
            return

    for _ in range(window):
        submit()
    try:
        while pending:
            path, future = pending.popleft()
            try:
                outcome = future.result()
                outcome.path = path
            except Exception as e:  # the task or its worker failed
                outcome = Outcome(path, error=ReadError(str(path), f"extraction stopped: the Dask task failed "
                                                                   f"({type(e).__name__}: {e})"))
            future.release()
            submit()
            yield outcome
    finally:
        for _, future in pending:
            future.cancel()
        try:
            client.run(_release)
        except Exception:  # pragma: no cover - a cluster going away takes its children with it
            pass
