"""Questions answered in worker processes (`QUOTEBOT_ASK_PROCESSES`).

A question's search and sentence scoring are Python: in one process, questions asked at once
take turns for the interpreter lock, so a second core does little for them (eight askers got
about 1.1x one asker's questions a second). Each worker process here holds an engine of its
own over the same index, read as any other process reads it (a question first catches up with
what another process wrote), and its own copy of the model, so questions asked together run on
every core. That memory is why it is opt-in: each worker costs about what a second bot would.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Sequence

from .collections import GLOBAL
from .models import Answer, Discussion
from .settings import Settings

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger(__name__)

_engine: "Engine | None" = None  # a worker process's own


def _start(settings: Settings, threads: int) -> None:
    """In each worker, once: its engine, model and index, loaded before the first question."""
    global _engine
    # Ctrl-C reaches the whole process group: the parent stops its workers, each question
    # answered or cancelled, rather than every worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .embed import embedder_for
    from .engine import Engine

    _engine = Engine(settings, embedder_for(settings, threads=threads))
    try:
        _engine.embedder.embed_query("warm up")
        _engine.vectors  # noqa: B018 - loads the vector index
    except Exception:  # noqa: BLE001 - the first question reports it, as in one process
        log.exception("a question worker could not warm up")


def _ask(question: str, collections: Sequence[str], top: int | None, article_id: str | None, mode: str,
         context: Discussion | None) -> Answer:
    assert _engine is not None, "a worker answers only after _start"
    return _engine.ask(question, collections, top, article_id, mode, context)


def worker_threads(processes: int) -> int:
    """The model's threads in each worker: the cores shared out, at least one."""
    return max(1, (os.cpu_count() or 1) // processes)


class AskPool:
    """`Engine.ask` run in `processes` worker processes. A worker that dies (killed for memory,
    a crash in native code) costs the questions it held one answer from `fallback`, this
    process's own engine, and the pool is started again for the next."""

    def __init__(self, settings: Settings, processes: int, fallback: "Engine"):
        if processes < 1:
            raise ValueError("an ask pool needs at least one process")
        self.settings = settings
        self.processes = processes
        self.fallback = fallback
        self._lock = threading.Lock()
        self._pool = self._start_pool()

    def _start_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: a forked child would inherit this process's threads' locks (the
        # model's, SQLite's, the event loop's) in whatever state they were at that moment.
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start, initargs=(self.settings, worker_threads(self.processes)))

    def ask(self, question: str, collections: Sequence[str] = (GLOBAL,), top: int | None = None,
            article_id: str | None = None, mode: str = "hybrid", context: Discussion | None = None) -> Answer:
        """As `Engine.ask`: its answer, or the same error it would raise."""
        pool = self._pool
        try:
            return pool.submit(_ask, question, tuple(collections), top, article_id, mode, context).result()
        except BrokenProcessPool:
            log.warning("a question worker process died; answering in this process and starting them again")
            with self._lock:
                if self._pool is pool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._start_pool()
            return self.fallback.ask(question, collections, top, article_id, mode, context)

    def warm(self) -> None:
        """Start every worker and wait until each has loaded its engine, so the first questions
        do not pay for it."""
        for future in [self._pool.submit(os.getpid) for _ in range(self.processes * 2)]:
            future.result()

    def worker_pids(self) -> list[int]:
        """The worker processes running now (for status and tests)."""
        return list(getattr(self._pool, "_processes", None) or {})

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
