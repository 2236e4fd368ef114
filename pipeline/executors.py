"""Executors: map the per-document function over paths and yield results as they finish.

``local`` runs each document in a worker process (also with one job) under a wall-clock limit and a
memory ceiling: the worker caps its own address space (``RLIMIT_AS``), the parent polls its resident memory
and its deadline and kills it when it passes either; the document fails with the limit it hit, a fresh
worker takes the next one. A worker that dies fails its document only. Workers ignore Ctrl-C (the parent
stops them) and die with the parent (``PR_SET_PDEATHSIG``). ``dask`` submits the same function to a
dask.distributed scheduler. :func:`inline_results` runs a few small documents in the calling process instead
(no worker to start), under the same limits: an alarm for the time, an address-space ceiling for the memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import wait

from .model import PipelineError

EXECUTORS = ("local", "dask")

POLL_SECONDS = 0.05
# Documents a worker holds: the one it works on and the next, sent before it asks for it, so that it starts the
# next the moment it sends a result instead of waiting for the run's process to read the result (which is busy
# writing the last one to staging); about 2 ms a document, 4 % of a 400-plan run, were spent so.
AHEAD = 2
# Address space a worker may map beyond its ceiling: thread stacks and malloc arenas reserve virtual memory
# that is never resident (a warmed-up worker maps about 1.5 GB to hold 190 MB). The parent enforces the
# ceiling on resident memory; this backstop stops a runaway allocation between two of its polls.
VIRTUAL_HEADROOM = 1024**3


@dataclass(frozen=True)
class Limits:
    timeout: float = 120.0  # seconds per document
    max_memory: int = 2 * 1024**3  # bytes of resident memory per worker


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def human_bytes(n: int) -> str:
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} B"


# ------------------------------------------------------------------------------------------ in a worker


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _vm_size() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _worker_main(conn, fn: Callable, limits: Limits, init: Callable | None) -> None:
    for s in (signal.SIGINT, signal.SIGHUP):  # the parent decides: it stops the workers and commits
        signal.signal(s, signal.SIG_IGN)
    _die_with_parent()
    if init:
        init()
    with contextlib.suppress(OSError, ValueError):
        ceiling = _vm_size() + limits.max_memory + VIRTUAL_HEADROOM
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, resource.RLIM_INFINITY))
    conn.send(("ready", None))  # a document's time limit starts when it is sent, or when the one before it ends
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            result = fn(item)
        except MemoryError:
            conn.send(("memory", None))
            return  # a worker that ran out of memory may be in a bad state: the parent starts a new one
        conn.send(("ok", result))


# ---------------------------------------------------------------------------------------- in the parent


@dataclass(frozen=True)
class Killed:
    """A document whose worker was stopped or died; ``message`` says why."""

    message: str


class ClusterLost(PipelineError):
    """No worker is left to run the documents not finished: the dask cluster has had none for a while, or a
    local worker process died while starting."""


@contextlib.contextmanager
def _main_not_rerun() -> Iterator[None]:
    """Workers need nothing from ``__main__``; a script read from stdin cannot be re-imported by them."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is None or os.path.exists(path):
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


class _Worker:
    def __init__(self, ctx, fn, limits, init):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, fn, limits, init), daemon=True)
        with _main_not_rerun():
            self.process.start()
        child.close()
        self.ready = False
        self.tasks: deque[tuple[int, str]] = deque()  # sent, in order; the first is the one running
        self.deadline = 0.0  # of the first task

    def started(self) -> bool:
        """Whether the worker has finished starting (its rule pipelines built); raises when it died doing so."""
        if self.ready:
            return True
        try:
            if self.conn.poll():
                self.ready = self.conn.recv()[0] == "ready"
                return self.ready
        except (EOFError, OSError):
            pass
        if not self.process.is_alive():
            code = self.process.exitcode
            how = f"killed by {signal.Signals(-code).name}" if code and code < 0 else f"exit status {code}"
            raise ClusterLost(
                f"a worker process died while starting ({how}); the documents not started are not processed"
            )
        return False

    def give(self, task: tuple[int, str], timeout: float) -> None:
        if not self.tasks:
            self.deadline = time.monotonic() + timeout
        self.tasks.append(task)
        self.conn.send(task[1])

    def done(self, timeout: float) -> int:
        """The running task has answered: its index. The next one sent has started, and its time limit with it."""
        self.deadline = time.monotonic() + timeout
        return self.tasks.popleft()[0]

    def rss(self) -> int:
        try:
            with open(f"/proc/{self.process.pid}/statm") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def stop_helper_processes() -> None:
    """Stop multiprocessing's fork server and resource tracker, if running, and wait for them: a command leaves
    no process behind, not even an exited one that a container's init never reaps. (Private methods of
    multiprocessing, the ones its own tests use; a Python without them just leaves the helpers to exit alone.)"""
    from multiprocessing import forkserver, resource_tracker

    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if server:  # idle, its workers gone: killed rather than asked, which tore down spaCy and the books (0.4 s)
        with contextlib.suppress(OSError):
            os.kill(server, signal.SIGKILL)
    for helper in (forkserver._forkserver, resource_tracker._resource_tracker):
        with contextlib.suppress(Exception):
            helper._stop()


# Imported once in the fork server, so each worker starts with them (the parent, which only writes, never
# imports spaCy); pipeline.preload also builds the rule pipelines there, once for all the workers. The corpus
# tables are for the processes a commit computes lineage in.
PRELOAD = ["pipeline.corpus", "pipeline.export", "pipeline.corpus_tables", "pipeline.extract.nlp", "pipeline.preload"]


def _context():
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def _pool_worker_init() -> None:
    for s in (signal.SIGINT, signal.SIGHUP):  # as a document's worker: the parent decides
        signal.signal(s, signal.SIG_IGN)
    _die_with_parent()


@contextlib.contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes forked from the warm fork server (started if it is not), for the work
    of a commit that splits into parts (lineage's plan years); they ignore Ctrl-C and die with the parent."""
    with _main_not_rerun(), ProcessPoolExecutor(workers, mp_context=_context(), initializer=_pool_worker_init) as pool:
        yield pool


def prestart() -> None:
    """Start the fork server now (it imports spaCy and the rule modules and builds the rule pipelines, about
    3 s of CPU, once for all the workers), so that it does so while the run is still checking its inputs and
    output folder, on another core."""
    from multiprocessing import forkserver

    _context()
    with _main_not_rerun():
        forkserver.ensure_running()


def local_results(
    paths: list[str], fn: Callable, jobs: int, limits: Limits, init: Callable | None = None
) -> Iterator[tuple[int, object]]:
    """Yield ``(index, fn(paths[index]) or Killed)`` as documents finish, with ``jobs`` worker processes."""
    ctx = _context()
    todo = deque(enumerate(paths))
    workers: list[_Worker] = []
    try:
        while todo or any(w.tasks for w in workers):
            while todo and len(workers) < jobs:
                workers.append(_Worker(ctx, fn, limits, init))
            for w in workers:
                while len(w.tasks) < AHEAD and todo and w.started():
                    w.give(todo.popleft(), limits.timeout)
            waiting = [w for w in workers if w.tasks or not w.ready]
            wait([w.conn for w in waiting] + [w.process.sentinel for w in waiting], timeout=POLL_SECONDS)
            now = time.monotonic()
            finished = []
            for w in [w for w in workers if w.tasks]:
                outcome = _check(w, now, limits)
                if outcome is None:
                    continue
                finished.append((w.done(limits.timeout), outcome))
                if isinstance(outcome, Killed) or outcome[0] != "ok":
                    todo.extendleft(reversed(w.tasks))  # sent but not started: the next worker takes them
                    w.tasks.clear()
                    w.stop()
                    workers.remove(w)
                elif todo:
                    w.give(todo.popleft(), limits.timeout)  # keeps AHEAD documents with the worker
            for index, outcome in finished:
                if isinstance(outcome, Killed):
                    yield index, outcome
                elif outcome[0] != "ok":
                    yield (
                        index,
                        Killed(f"used more than the memory ceiling ({human_bytes(limits.max_memory)}); stopped"),
                    )
                else:
                    yield index, outcome[1]
    finally:
        for w in workers:
            with contextlib.suppress(OSError):
                w.conn.send(None)
        for w in workers:
            w.stop()


class _TimeUp(BaseException):
    """Raised by the alarm of :func:`inline_results` (not an ``Exception``: the task must not catch it)."""


def _time_up(signum, frame) -> None:
    raise _TimeUp


def inline_results(
    paths: list[str], fn: Callable, limits: Limits, init: Callable | None = None
) -> Iterator[tuple[int, object]]:
    """What :func:`local_results` yields, computed in this process one document after the other: the time limit
    is an alarm (``SIGALRM``; call from the main thread) and the memory ceiling caps this process's address
    space while a document runs (its ceiling plus :data:`VIRTUAL_HEADROOM`), both lifted between documents. A
    document over either fails with the same message a worker's would; a crash in native code would stop the
    run (then the next run resumes the staged documents), which is why only a few small files are run so."""
    if init:
        init()
    previous = signal.signal(signal.SIGALRM, _time_up)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        for index, path in enumerate(paths):
            yield index, _inline(fn, path, limits, (soft, hard))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _inline(fn: Callable, path: str, limits: Limits, rlimit: tuple[int, int]) -> object:
    ceiling = _vm_size() + limits.max_memory + VIRTUAL_HEADROOM
    capped = rlimit[0] == resource.RLIM_INFINITY or ceiling < rlimit[0]
    try:
        if capped:
            with contextlib.suppress(OSError, ValueError):
                resource.setrlimit(resource.RLIMIT_AS, (ceiling, rlimit[1]))
        signal.setitimer(signal.ITIMER_REAL, limits.timeout)
        try:
            return fn(path)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimeUp:
        return Killed(f"took longer than the time limit ({limits.timeout:g} s); stopped")
    except MemoryError:
        return Killed(f"used more than the memory ceiling ({human_bytes(limits.max_memory)}); stopped")
    finally:
        if capped:
            with contextlib.suppress(OSError, ValueError):
                resource.setrlimit(resource.RLIMIT_AS, rlimit)


def _check(w: _Worker, now: float, limits: Limits):
    """The worker's message, a :class:`Killed` when it must stop or has died, or None while it works."""
    try:
        if w.conn.poll():
            return w.conn.recv()
    except (EOFError, OSError):
        pass
    if not w.process.is_alive():
        code = w.process.exitcode
        how = f"killed by {signal.Signals(-code).name}" if code and code < 0 else f"exit status {code}"
        return Killed(f"the worker process died ({how}); the memory ceiling is {human_bytes(limits.max_memory)}")
    if now > w.deadline:
        w.process.kill()
        return Killed(f"took longer than the time limit ({limits.timeout:g} s); stopped")
    rss = w.rss()
    if rss > limits.max_memory:
        w.process.kill()
        return Killed(
            f"used more than the memory ceiling ({human_bytes(limits.max_memory)}); stopped at {rss / 1024**2:.0f} MB"
        )
    return None


NO_WORKERS_GRACE = 30.0  # seconds a cluster may be without workers (one restarting) before the run stops


def dask_results(
    paths: list[str], fn: Callable, scheduler: str, grace: float = NO_WORKERS_GRACE
) -> Iterator[tuple[int, object]]:
    """The same function on a dask.distributed cluster; the files must be readable where the workers run. A
    cluster left without workers for ``grace`` seconds raises :class:`ClusterLost`."""
    try:
        from distributed import Client
        from distributed import wait as dask_wait
    except ImportError as exc:
        raise PipelineError("--executor dask needs dask.distributed: pip install 'policy-pipeline[dask]'") from exc
    try:
        client = Client(scheduler, timeout="30s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise PipelineError(f"--scheduler {scheduler}: cannot connect ({exc})") from exc
    with client:
        futures = client.map(fn, paths, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        pending = set(futures)
        alone_since = None
        try:
            while pending:
                try:
                    done, pending = dask_wait(pending, timeout=1, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    done = set()
                for future in done:
                    try:
                        yield index[future.key], future.result()
                    except Exception as exc:  # the task's worker died or the task could not run
                        yield index[future.key], Killed(f"the dask task failed ({type(exc).__name__}: {exc})")
                if done or client.scheduler_info().get("workers"):
                    alone_since = None
                elif alone_since is None:
                    alone_since = time.monotonic()
                elif time.monotonic() - alone_since > grace:
                    raise ClusterLost(
                        f"the dask cluster at {scheduler} has had no workers for {grace:g} s "
                        f"(all lost); {len(pending)} documents not processed, the finished ones "
                        "are written"
                    )
        finally:
            client.cancel(list(pending))
