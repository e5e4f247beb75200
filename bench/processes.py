"""Processes on one PostgreSQL database: how long after an article is added through one the
other answers a question from it. Printed, never asserted.

    .venv/bin/python bench/processes.py [--articles 5] [--url postgresql://…]

Without --url a throwaway cluster is started (tests/postgres.py: initdb and pg_ctl, as the
`postgres` user when run as root), with a fresh database per variant. The asking process is
started first: it loads the real model, follows the database's change notifications
(`Engine.follow_changes`, as the bot does) and asks a question about the next article every
20 ms until a quote from it comes back. The same BBC News articles (../shared/eval/bbc) are added
one at a time, three ways, printed side by side in one table:

- direct, notified: a second process adds each article itself (`Engine.add_article`) and records
  the moment its commit returned; the delay is the answer's moment minus the commit's. The add's
  own time is printed too (`direct: add`), beside the queued job's run.
- direct, own check: the same, the asker without the notifications (each question's own
  generation check only).
- queued: a second process enqueues each article's URL (`jobs.enqueue_add`, what `quotebot add
  --queue` and the bot's queued `/add` do), served over loopback HTTP by this process, and a real
  `quotebot worker` process (real model, ONNX) runs the job; then it waits for the job's end
  before the next. Printed per article: enqueue -> job start (procrastinate's `deferred` and
  `started` events), the job's run time (start -> the worker recorded its outcome, right after
  the article's commit), job end -> the asker's first answer quoting it (the issue's bar: 5 s),
  and enqueue -> answer. A first, unmeasured job warms the worker (model load) up.

Every moment is on this machine's one clock (the server's for the events). Each wait is bounded;
every process started and the cluster are stopped at the end, on error too.
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import unquote

for _name, _value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("TOKENIZERS_PARALLELISM", "false")):
    os.environ.setdefault(_name, _value)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "eval" / "bbc"
# The exported ONNX model, shared by every process of a run (and kept between runs) so none
# exports its own; the asker, started first, exports it when missing.
MODEL_CACHE = ROOT / "data" / "models"
POLL = 0.02  # seconds between two questions of the asking process
GIVE_UP = 60.0  # seconds the asker asks about one article, or a job may take
START_UP = 300.0  # seconds a process may take to load the model (an ONNX export on a first run)
STOP_DEADLINE = 20.0  # seconds a terminated process has to exit before it is killed


def _bbc_paths() -> list[Path]:
    return sorted(BBC.glob("*/*.txt"))


def _read(path: Path) -> tuple[str, str, str]:
    lines = [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return f"bbc-{path.parent.name}-{path.stem}", lines[0], "\n\n".join(lines[1:])


def articles(count: int) -> list[tuple[str, str, str]]:
    """(id, headline, text) of `count` BBC articles, spread over the corpus."""
    paths = _bbc_paths()
    step = max(1, len(paths) // count)
    return [_read(path) for path in paths[::step][:count]]


def warm_up_article(count: int) -> tuple[str, str, str]:
    """A BBC article none of `articles(count)` is: the worker's unmeasured first job."""
    chosen = {a[0] for a in articles(count)}
    return next(a for a in map(_read, _bbc_paths()) if a[0] not in chosen)


def article_url(base: str, article_id: str) -> str:
    return f"{base}/{article_id}"


def engine_for(url: str, data_dir: Path):
    from index.engine import Engine
    from index.settings import Settings

    return Engine(Settings(data_dir=data_dir, articles_dir=data_dir / "none", database_url=url,
                           model_cache=MODEL_CACHE, _env_file=None))


def asker(url: str, data_dir: Path, follow: bool, count: int, base: str | None) -> None:
    """Answers, one JSON line per article: the moment a quote from it came back. With `base`
    the articles come from those URLs (their ids are the URLs')."""
    from index.article_text import article_id as id_of

    engine = engine_for(url, data_dir)
    engine.embedder.embed(["warm up"])
    engine.vectors  # noqa: B018 - opened before the first add, as a running bot has it
    stop = threading.Event()
    if follow:
        threading.Thread(target=engine.follow_changes, args=(stop,), daemon=True).start()
    print("ready", flush=True)
    for name, headline, _ in articles(count):
        wanted = name if base is None else id_of(url=article_url(base, name), text="")
        started = time.time()
        while time.time() - started < GIVE_UP:
            answer = engine.ask(headline + "?")
            if any(q.article_id == wanted for q in answer.quotes):
                print(json.dumps({"id": name, "answered_at": time.time()}), flush=True)
                break
            time.sleep(POLL)
        else:
            print(json.dumps({"id": name, "answered_at": None}), flush=True)
    stop.set()
    engine.close()


def adder(url: str, data_dir: Path, count: int, gap: float) -> None:
    from index.models import Article

    engine = engine_for(url, data_dir)
    engine.embedder.embed(["warm up"])
    for article_id, headline, text in articles(count):
        time.sleep(gap)  # the asker is asking before the article exists
        started = time.time()
        engine.add_article(Article(id=article_id, title=headline, text=text, source=f"{article_id}.txt"))
        print(json.dumps({"id": article_id, "started_at": started, "committed_at": time.time()}), flush=True)
    engine.close()


def wait_for_job(url: str, job_id: int, timeout: float, alive=lambda: True) -> str:
    """procrastinate's status once job `job_id` has ended and recorded its outcome; 'timeout'."""
    from index.store import jobs as results

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        state = results.job_state(url, job_id)
        if state is not None and state.status in ("succeeded", "failed") and state.finished_at is not None:
            return state.status
        time.sleep(0.05)
    return "timeout"


def enqueuer(url: str, count: int, gap: float, base: str) -> None:
    """Enqueues each article's URL as the bot does, and waits for its job's end before the next."""
    from index import jobs

    for article_id, _, _ in articles(count):
        time.sleep(gap)
        job = jobs.enqueue_add(url, article_url(base, article_id))
        status = wait_for_job(url, job.job_id, GIVE_UP)
        print(json.dumps({"id": article_id, "job": job.job_id, "status": status}), flush=True)


class Child:
    """A child process whose stdout lines are read on a thread, so every wait has a deadline."""

    def __init__(self, args: list[str], **popen):
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, **popen)
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def line(self, timeout: float) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"{self.proc.args[2:4]} printed nothing for {timeout:.0f} s") from None
        if line is None:
            raise RuntimeError(f"{self.proc.args[2:4]} ended ({self.proc.wait()}) early")
        return line

    def rows(self, count: int, timeout: float) -> list[dict]:
        return [json.loads(self.line(timeout)) for _ in range(count)]

    def stop(self) -> None:
        stop(self.proc)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(STOP_DEADLINE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def child(stack: ExitStack, role: str, url: str, data: Path, count: int, *extra: str) -> Child:
    started = Child([sys.executable, __file__, "--child", role, "--url", url, "--data", str(data),
                     "--articles", str(count), *extra])
    stack.callback(started.stop)
    return started


def run_direct(url: str, follow: bool, count: int, work: Path) -> tuple[list[float | None], list[float]]:
    """Per article: commit -> answer (None: never answered), and the add's own time."""
    with ExitStack() as stack:
        ask = child(stack, "ask", url, work / "asker", count, *(["--follow"] if follow else []))
        if ask.line(START_UP) != "ready":
            raise RuntimeError("the asker did not start")
        add = child(stack, "add", url, work / "adder", count)
        added = add.rows(count, START_UP + 2 * count)
        answered = {row["id"]: row["answered_at"] for row in ask.rows(count, GIVE_UP + 5)}
    return ([None if answered.get(r["id"]) is None else answered[r["id"]] - r["committed_at"] for r in added],
            [r["committed_at"] - r["started_at"] for r in added])


def serve_articles(stack: ExitStack, count: int) -> str:
    """The BBC articles (and the warm-up one) as Markdown pages on loopback HTTP; the base URL."""
    from tests.loopback_http import QuietHandler, serving

    pages = {name: f"# {headline}\n\n{text}\n".encode() for name, headline, text in
             [*articles(count), warm_up_article(count)]}

    class Articles(QuietHandler):
        def do_GET(self):
            page = pages.get(unquote(self.path.lstrip("/")))
            if page is None:
                self._send(404, b"no such article")
            else:
                self._send(200, page, "text/markdown; charset=utf-8")

    return stack.enter_context(serving(Articles))


def job_moments(url: str, job_id: int) -> tuple[float, float, float]:
    """Job `job_id`'s enqueue and start moments (procrastinate's events) and its outcome's."""
    import psycopg

    with psycopg.connect(url) as connection:
        events = dict(connection.execute(
            "SELECT type::text, MAX(EXTRACT(EPOCH FROM at))::float8 FROM procrastinate_events "
            "WHERE job_id = %s GROUP BY type", (job_id,)).fetchall())
        finished = connection.execute("SELECT finished_at FROM job_results WHERE job_id = %s", (job_id,)).fetchone()[0]
    return events["deferred"], events["started"], finished


def run_queued(url: str, count: int, work: Path) -> list[dict | None]:
    """Per article: enqueue -> start, run, end -> answer, enqueue -> answer (seconds), or None."""
    from index import jobs

    with ExitStack() as stack:
        base = serve_articles(stack, count)
        ask = child(stack, "ask", url, work / "asker", count, "--follow", "--base", base)
        if ask.line(START_UP) != "ready":
            raise RuntimeError("the asker did not start")
        # A deployment's worker: this machine's QUOTEBOT_ settings and .env left out (cwd is empty).
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEBOT_")}
        env.update(QUOTEBOT_DATABASE_URL=url, QUOTEBOT_DATA_DIR=str(work / "worker"),
                   QUOTEBOT_MODEL_CACHE=str(MODEL_CACHE), QUOTEBOT_ALLOW_PRIVATE_URLS="true",
                   PYTHONPATH=str(ROOT))
        log_path = work / "worker.log"
        (work / "cwd").mkdir()
        with log_path.open("wb") as log:
            worker = subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=work / "cwd", env=env,
                                      stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        stack.callback(stop, worker)
        try:
            warm = jobs.enqueue_add(url, article_url(base, warm_up_article(count)[0]))
            status = wait_for_job(url, warm.job_id, START_UP, alive=lambda: worker.poll() is None)
            if worker.poll() is not None:
                raise RuntimeError(f"the worker ended ({worker.returncode}) before its warm-up job did")
            if status != "succeeded":
                raise RuntimeError(f"the worker's warm-up job: {status}")
            enqueue = child(stack, "enqueue", url, work / "enqueuer", count, "--base", base)
            done = enqueue.rows(count, GIVE_UP + 5)
            answered = {row["id"]: row["answered_at"] for row in ask.rows(count, GIVE_UP + 5)}
        except Exception:
            print(f"worker log:\n{log_path.read_text(errors='replace')[-3000:]}", file=sys.stderr)
            raise
    figures = []
    for row in done:
        at = answered.get(row["id"])
        if row["status"] != "succeeded" or at is None:
            figures.append(None)
            continue
        deferred, started, finished = job_moments(url, row["job"])
        figures.append({"wait": started - deferred, "run": finished - started, "answer": at - finished,
                        "total": at - deferred})
    return figures


def _cell(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.0f} ms" if abs(seconds) < 1 else f"{seconds:.2f} s"


def print_table(names: list[str], columns: list[tuple[str, list[float | None]]]) -> None:
    width = max(len(n) for n in names + ["answered"]) + 2
    heads = [head for head, _ in columns]
    cells = [max(len(h), 9) + 2 for h in heads]
    line = lambda first, values: print(first.ljust(width) + "".join(v.rjust(c) for v, c in zip(values, cells)))
    line("article", heads)
    for i, name in enumerate(names):
        line(name, [_cell(values[i]) for _, values in columns])
    for label, pick in (("median", statistics.median), ("max", max)):
        line(label, [_cell(pick(got)) if (got := [v for v in values if v is not None]) else "-"
                     for _, values in columns])
    line("answered", [f"{sum(v is not None for v in values)}/{len(values)}" for _, values in columns])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--url", help="an empty PostgreSQL database to use instead of a throwaway cluster "
                                      "(the direct, notified variant only: it then holds the articles)")
    parser.add_argument("--child", choices=["ask", "add", "enqueue"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--follow", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "ask":
        asker(args.url, args.data, args.follow, args.articles, args.base)
        return
    if args.child == "add":
        adder(args.url, args.data, args.articles, gap=1.0)
        return
    if args.child == "enqueue":
        enqueuer(args.url, args.articles, gap=1.0, base=args.base)
        return
    from tests import postgres

    print(f"processes on one PostgreSQL database, {args.articles} BBC articles added one at a time, a second "
          f"process asking about each every {POLL * 1000:.0f} ms", flush=True)
    with ExitStack() as stack:
        base = args.url or stack.enter_context(postgres.cluster())
        fresh = lambda: base if args.url else postgres.new_database(base)
        columns: list[tuple[str, list[float | None]]] = []
        for follow in (True, False) if not args.url else (True,):
            with tempfile.TemporaryDirectory() as work:
                delays, took = run_direct(fresh(), follow, args.articles, Path(work))
            if follow:  # the add's own time, beside the queued job's run
                columns.append(("direct: add", took))
            columns.append(("direct, notified: commit>answer" if follow else "own check: commit>answer", delays))
            print(f"  done: {columns[-1][0]}", file=sys.stderr, flush=True)
        if not args.url:
            with tempfile.TemporaryDirectory() as work:
                queued = run_queued(fresh(), args.articles, Path(work))
            for key, head in (("wait", "queued: enqueue>start"), ("run", "job run"),
                              ("answer", "job end>answer"), ("total", "enqueue>answer")):
                columns.append((head, [None if q is None else q[key] for q in queued]))
    print_table([a[0] for a in articles(args.articles)], columns)
    print("the issue's bar: an article added through one process answered by another within 5 s")


if __name__ == "__main__":
    main()
