"""Deciding many case files in worker processes (``imr decide FOLDER``, ``imr backtest``).

The rule network's C engine (durable-rules) never releases the GIL, so threads decide no
faster than one; processes do.  Workers are *forked* after the rule base is loaded, so
each starts with the compiled tables and its own copy of the network's C state (nothing
is compiled twice, nothing shared is written).  Item ``k`` goes to worker ``k % n``; each
worker returns its results as one JSON document through a pipe, and the parent puts
them back in input order.  Nothing is pickled: what crosses is JSON text, so ``fn``
returns JSON-able values (the CLI sends ``model_dump(mode="json")`` and validates it
back).

Contract: ``map_forked(fn, items, n)`` returns ``[fn(x) for x in items]``.  With ``n <= 1``,
one item, or no ``os.fork`` (Windows) it is exactly that, in this process.  A worker
that raises (or dies) makes the call raise :class:`WorkerError` naming the worker.
Use it from a command-line process only: forking a process that runs other threads
(the reviewer UI) is unsafe.  Measured on the 119 development cases (2 cores): see
docs/performance.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")


class WorkerError(RuntimeError):
    """A worker process failed; the message names it and what it raised."""


def default_workers() -> int:
    """The number of cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def map_forked(fn: Callable[[T], Any], items: Sequence[T], workers: int) -> list[Any]:
    """``[fn(x) for x in items]``, spread over ``workers`` forked processes."""
    workers = min(workers, len(items))
    if workers <= 1 or not hasattr(os, "fork"):
        return [fn(item) for item in items]
    sys.stdout.flush()
    sys.stderr.flush()
    children: list[tuple[int, BinaryIO]] = []
    done: set[int] = set()  # workers read and reaped
    try:
        for w in range(workers):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read)
                _work(fn, items, w, workers, write)
            os.close(write)
            children.append((pid, os.fdopen(read, "rb")))
        results: list[Any] = [None] * len(items)
        for w, (pid, pipe) in enumerate(children):
            with pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            done.add(w)
            payload = json.loads(data) if data else {"error": f"exited with status {status} and no result"}
            if "error" in payload:
                raise WorkerError(f"worker {w + 1} of {workers}: {payload['error']}")
            for k, result in zip(range(w, len(items), workers), payload["results"], strict=True):
                results[k] = result
        return results
    finally:  # after a failure: close the other pipes (a blocked worker then exits) and reap
        for w, (pid, pipe) in enumerate(children):
            if w not in done:
                pipe.close()
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)


def _work(fn: Callable[[T], Any], items: Sequence[T], w: int, workers: int, write: int) -> None:
    """Run in the forked worker: its share of the items, one JSON document, then exit
    without running the parent's exit handlers or flushing its copied buffers."""
    code = 0
    try:
        data = json.dumps({"results": [fn(items[k]) for k in range(w, len(items), workers)]})
    except BaseException as exc:  # reported to the parent, whatever it is
        data = json.dumps({"error": f"{type(exc).__name__}: {exc}"})
        code = 1
    try:
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data.encode())
    finally:
        os._exit(code)
