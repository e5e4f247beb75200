"""Questions answered in worker processes (`QUOTEBOT_ASK_PROCESSES`).

A question's search and sentence scoring are Python: in one process, questions asked at once
take turns for the interpreter lock, so a second core does little for them (eight askers got
about 1.1x one asker's questions a second). Each worker process here holds an engine of its
own over the same index, opened read-only and read as any other process reads it (a question
first catches up with what another process wrote; a shared PostgreSQL store's changes are
followed as they are committed), and its own copy of the model, so questions asked together run
on every core. That memory is why it is opt-in: each worker costs about what a second bot would.
The process that starts the pool writes: it brings the index up to date with its model before
the workers open it (`Engine.vectors`), and adds, removes and reindexes as before.
"""
from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Sequence

from .collections import GLOBAL
from .errors import IndexBusy, InvalidSettings, QuotebotError
from .models import Answer, Discussion
from .settings import Settings

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger(__name__)

# A worker process's own: its settings and model threads (`_start`), and its engine once opened.
_opening: tuple[Settings, int, str] | None = None
_engine: "Engine | None" = None
_engine_lock = threading.Lock()


def _start(settings: Settings, threads: int, model: str, log_level: int) -> None:
    """In each worker, once: what its engine is opened from, then the engine itself. A failure
    to open it (the database locked, PostgreSQL unreachable) is the first question's error, and
    the next question tries again: a worker that exits here would be started again for every
    question."""
    global _opening
    # Ctrl-C reaches the whole process group: the parent stops its workers, each question
    # answered or cancelled, rather than every worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s[ask worker]: %(message)s")
    _exit_with_parent()
    _opening = (settings, threads, model)
    try:
        _opened().embedder.embed_query("warm up")
    except Exception:  # noqa: BLE001 - the first question reports it, as in one process
        log.exception("a question worker could not open its engine")


def _exit_with_parent() -> None:
    """End this worker when the process that started it ends, however it ends (SIGKILL, a
    crash, a supervisor's SIGTERM): a worker left running would hold its memory for good."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="quotebot-parent-watch", daemon=True).start()


def _opened() -> "Engine":
    """This worker's engine, opened on first use (again after a failure)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from .embed import embedder_for
            from .engine import Engine

            assert _opening is not None, "a worker answers only after _start"
            settings, threads, model = _opening
            engine = Engine(settings, embedder_for(settings, threads=threads), read_only=True)
            if engine.model != model:
                engine.close()
                raise InvalidSettings(f"The question workers' model ({engine.model}) is not the bot's ({model}): "
                                      "they build it from the same settings, so set QUOTEBOT_MODEL rather than "
                                      "passing a model of your own, or set QUOTEBOT_ASK_PROCESSES=0.")
            engine.vectors  # noqa: B018 - loads the vector index before the first question
            # A shared PostgreSQL store's writes reach this worker's indexes as they are committed,
            # not at its next question (on SQLite this returns at once: each question checks).
            threading.Thread(target=engine.follow_changes, args=(threading.Event(),), daemon=True,
                             name="quotebot-changes").start()
            # Not closed at exit: read-only, it has nothing to save, and closing it then would ask
            # thread pools the interpreter has already shut down.
            _engine = engine
        return _engine


def _ask(question: str, collections: Sequence[str], top: int | None, article_id: str | None, mode: str,
         context: Discussion | None) -> Answer:
    return _opened().ask(question, collections, top, article_id, mode, context)


_TRIES = 4  # pools a question may be submitted to (two may die under it)


def worker_threads(processes: int) -> int:
    """The model's threads in each worker: the cores shared out, at least one."""
    return max(1, (os.cpu_count() or 1) // processes)


class AskPool:
    """`Engine.ask` run in `processes` worker processes over the index of `engine` (the
    caller's, which writes; its model is the one the workers must use). A worker that dies (killed
    for memory, a crash in native code) ends every question it held: each is asked once more of
    a new pool, and a question that ends that one too is refused rather than answered in the
    caller's process, which it could bring down."""

    def __init__(self, engine: "Engine", processes: int):
        if processes < 1:
            raise ValueError("an ask pool needs at least one process")
        self.settings = engine.settings
        self.model = engine.model
        self.processes = processes
        self._lock = threading.Lock()
        self._closed = False
        self._pool = self._start_pool()

    def _start_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: a forked child would inherit this process's threads' locks (the
        # model's, SQLite's, the event loop's) in whatever state they were at that moment.
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start,
                                   initargs=(self.settings, worker_threads(self.processes), self.model,
                                             logging.getLogger().getEffectiveLevel()))

    def ask(self, question: str, collections: Sequence[str] = (GLOBAL,), top: int | None = None,
            article_id: str | None = None, mode: str = "hybrid", context: Discussion | None = None) -> Answer:
        """As `Engine.ask`: its answer, or the same error it would raise."""
        died = 0
        for _ in range(_TRIES):
            pool = self._pool
            try:
                future = pool.submit(_ask, question, tuple(collections), top, article_id, mode, context)
            except RuntimeError:  # shut down by close(), or by itself when a worker died before
                if self._closed:
                    raise IndexBusy("Stopping: ask again once the bot is back.") from None
                self._replace(pool)
                continue
            try:
                return future.result()
            except BrokenProcessPool:
                died += 1
                log.warning("a question worker process died (%s); starting them again",
                            "asking the question again" if died == 1 else "the question is refused")
                self._replace(pool)
                if died == 2:
                    break
        raise QuotebotError("The worker answering that question stopped while answering it: it was not "
                            "answered. Ask it in other words, or tell the bot's host.")

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken and not self._closed:
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start_pool()

    def warm(self) -> None:
        """Start the workers and wait until one has opened its engine (more start as questions
        arrive together), so that the first question does not pay for it."""
        for future in [self._pool.submit(os.getpid) for _ in range(self.processes)]:
            future.result()

    def worker_pids(self) -> list[int]:
        """The worker processes running now (for status and tests)."""
        return list(getattr(self._pool, "_processes", None) or {})

    def close(self, timeout: float = 10.0) -> None:
        """Stop the workers: questions in progress get `timeout` seconds to finish."""
        with self._lock:
            self._closed = True
            pool = self._pool
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.join(timeout)
            if worker.is_alive():
                worker.terminate()
