"""Reading and extraction in worker processes, each document within a time budget.

A rule that loops, a reader that chokes on a hostile file or a document far
larger than any minutes must cost one document, not the batch: a thread
cannot be stopped, a process can.  So every document is read and extracted
in a worker process; one that runs past its budget is killed, reported as
"extraction exceeded 120 s", and a fresh worker takes the next document.
With ``jobs`` > 1 several workers run at once (both cores of a laptop), and
results still come back in input order, so the one writer stores them in a
stable order.

Workers are forked where the platform can (Linux), so a pipeline already
loaded in the parent (a notebook, a test) is shared rather than loaded
again; elsewhere they are spawned.
"""
from __future__ import annotations

import gc
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Sequence

from .document import Document
from .errors import ReadError
from .records import Record

# Document in, its records out: pipeline.extract, or what a caller (a test) passes to store.ingest.
Extractor = Callable[[Document], list[Record]]

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.connection import Connection

DEFAULT_TIMEOUT = 120.0


def default_timeout() -> float:
    """The per-document budget in seconds: ``SCRUTINY_TIMEOUT`` in the environment, else 120."""
    raw = os.environ.get("SCRUTINY_TIMEOUT")
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"SCRUTINY_TIMEOUT must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"SCRUTINY_TIMEOUT must be above 0, not {raw!r}")
    return value


def default_jobs() -> int:
    """Worker processes by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass
class Outcome:
    """What became of one input: its Document and records, or the error that stopped it."""

    path: Path
    document: Optional[Document] = None
    records: Optional[list[Record]] = None
    error: Optional[ReadError] = None


@dataclass
class Job:
    """What every worker does to a path: read it with this metadata, and extract unless told not to."""

    extract: bool = True
    manifest: Optional[dict[str, dict[str, Any]]] = None
    meta: Optional[dict[str, Any]] = None
    extractor: Optional[Extractor] = None  # None: pipeline.extract, looked up per call

    def run(self, path: Path) -> Outcome:
        from . import api

        try:
            doc = api.read(path, meta=self.meta, manifest=self.manifest)
            if not self.extract:
                return Outcome(path, doc)
            if self.extractor is not None:
                return Outcome(path, doc, self.extractor(doc))
            from . import extract

            return Outcome(path, doc, extract(doc))
        except ReadError as e:
            return Outcome(path, error=detached(e))
        except Exception as e:  # an extractor bug costs this document only
            return Outcome(path, error=ReadError(str(path), f"extraction failed ({type(e).__name__}: {e})"))


def detached(error: ReadError) -> ReadError:
    """The error alone, without the traceback and the exception it was raised from: the message is all a
    worker sends back.  (Once ``distributed`` is imported, tblib pickles an exception's traceback and chain,
    and "HTML nested too deeply" carries the RecursionError of a 5,000-deep walk.)"""
    return ReadError(error.source, error.reason)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the parent dies, even by ``kill -9``: an orphaned worker would
    go on holding the terminal's pipes and the CPU."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


def _serve(conn: Connection, parent_end: Optional[Connection], job: Job, parent: int) -> None:
    """A worker's life: take a path, send back its Outcome, until the parent closes the pipe."""
    _die_with_parent(parent)
    if parent_end is not None:
        parent_end.close()  # a forked child holds a copy of the parent's end; only the parent may
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    frozen = False
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        index, path = task
        outcome = job.run(path)
        try:
            conn.send((index, outcome))
        except Exception as e:  # an unpicklable result must still say something
            conn.send((index, Outcome(path, error=ReadError(str(path), f"extraction failed ({type(e).__name__}: {e})"))))
        del outcome
        frozen = _collect(frozen)


def _collect(frozen: bool) -> bool:
    """Free the document just done before the next one starts, so a worker's memory stays flat.

    A processed spaCy Doc sits in reference cycles that only the cyclic
    collector frees; left to its thresholds, garbage from several documents
    piles up (a worker grew from 290 to 350 MB over six passes of the
    corpus).  A full collection walks the loaded pipeline too (50-150 ms),
    so after the first document, once the pipeline and pattern files are
    loaded, what is live is frozen out of later collections (then ~3 ms).
    """
    gc.collect()
    if not frozen:
        gc.freeze()
    return True


class _Worker:
    def __init__(self, ctx: Any, job: Job):
        self.conn, child = ctx.Pipe()
        forked = ctx.get_start_method() == "fork"
        self.proc = ctx.Process(target=_serve, args=(child, self.conn if forked else None, job, os.getpid()),
                                daemon=True)
        self.proc.start()
        child.close()
        self.task: Optional[tuple[int, Path]] = None
        self.started = 0.0
        self.stopped = False

    def give(self, task: tuple[int, Path]) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def take(self, ready: bool, timeout: Optional[float]) -> Optional[tuple[int, Outcome]]:
        """The (index, Outcome) of the task held, once it is done, its worker died or it ran past ``timeout``;
        None while it is still within budget.  A worker that failed is stopped: the caller starts another."""
        index, path = self.task
        if ready:
            try:
                got, outcome = self.conn.recv()
                self.task = None
                return got, outcome
            except (EOFError, OSError):
                failure = f"extraction stopped: the worker process died (exit code {self.proc.exitcode})"
        elif timeout is not None and time.monotonic() - self.started >= timeout:
            failure = f"extraction exceeded {timeout:g} s"
        else:
            return None
        self.stop()
        self.task = None
        return index, Outcome(path, error=ReadError(str(path), failure))

    def stop(self) -> None:
        self.stopped = True
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Resident:
    """One worker process kept across calls, each call one document within the time budget.

    For a caller that schedules documents itself, such as a Dask task: the
    English pipeline loads once in the worker, and a document that hangs or
    crashes it costs that document only (the next call starts a new worker).
    """

    def __init__(self, job: Job, timeout: Optional[float] = DEFAULT_TIMEOUT, ctx: Any = None):
        self.job, self.timeout, self.ctx = job, timeout, ctx or _context()
        self.worker: Optional[_Worker] = None

    def run(self, path: Path) -> Outcome:
        from multiprocessing.connection import wait

        if self.worker is None or self.worker.stopped:
            self.worker = _Worker(self.ctx, self.job)
        self.worker.give((0, path))
        while True:
            left = None if self.timeout is None else max(0.0, self.worker.started + self.timeout - time.monotonic())
            taken = self.worker.take(bool(wait([self.worker.conn], left)), self.timeout)
            if taken is not None:
                return taken[1]

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()


def _context() -> Any:
    import multiprocessing as mp  # here, not at the top: `scrutiny --help` and `search` never start a process

    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def process(paths: Sequence[Path], job: Optional[Job] = None, jobs: int = 1,
            timeout: Optional[float] = DEFAULT_TIMEOUT) -> Iterator[Outcome]:
    """The Outcome of each path, in input order, read (and extracted) in ``jobs`` worker processes.

    A document still running after ``timeout`` seconds is stopped and comes
    back with the error "extraction exceeded N s"; a worker that dies (out of
    memory, a crash in a C library) costs only the document it held.
    ``timeout=None`` with one job runs in this process, for callers that
    want no processes at all.
    """
    job = job or Job()
    paths = list(paths)
    if timeout is None and jobs <= 1:
        for p in paths:
            yield job.run(p)
        return
    from multiprocessing.connection import wait

    ctx = _context()
    todo = deque(enumerate(paths))
    done: dict[int, Outcome] = {}
    workers: list[_Worker] = []
    next_out = 0
    try:
        workers = [_Worker(ctx, job) for _ in range(max(1, min(jobs, len(paths))))]
        while next_out < len(paths):
            for w in workers:
                if w.task is None and todo:
                    w.give(todo.popleft())
            busy = [w for w in workers if w.task is not None]
            left = None if timeout is None else max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], left)
            for i, w in enumerate(workers):
                taken = w.take(w.conn in ready, timeout) if w.task is not None else None
                if taken is not None:
                    done[taken[0]] = taken[1]
                    if w.stopped:
                        workers[i] = _Worker(ctx, job)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for w in workers:
            w.stop()


def runner(jobs: int = 1, timeout: Optional[float] = DEFAULT_TIMEOUT):
    """:func:`process` with these settings, in the shape an ingest takes (``paths, job -> Outcomes``);
    :func:`pipeline.distributed.runner` is the same shape over a Dask cluster."""
    def run(paths: list[Path], job: Job) -> Iterator[Outcome]:
        return process(paths, job, jobs=jobs, timeout=timeout)
    return run
