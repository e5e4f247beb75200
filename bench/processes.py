"""Two quotebot processes on one PostgreSQL database: how long after one commits an article the
other answers a question from it. Printed, never asserted.

    .venv/bin/python bench/processes.py [--articles 5] [--url postgresql://…]

Without --url a throwaway cluster is started (tests/postgres.py: initdb and pg_ctl, as the
`postgres` user when run as root). The asking process is started first: it loads the real
model, follows the database's change notifications (`Engine.follow_changes`, as the bot does)
and asks a question about the next article every 20 ms until a quote from it comes back; the
adding process adds BBC News articles one at a time (../shared/eval/bbc) and records the moment
each commit returned. The delay is the answer's moment minus the commit's, on one clock.
Printed for two ways of catching up: with the notifications, and without (the question's own
generation check).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for _name, _value in (("HF_HUB_OFFLINE", "1"), ("TOKENIZERS_PARALLELISM", "false")):
    os.environ.setdefault(_name, _value)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "eval" / "bbc"
POLL = 0.02  # seconds between two questions of the asking process
GIVE_UP = 60.0


def articles(count: int) -> list[tuple[str, str, str]]:
    """(id, headline, text) of `count` BBC articles, spread over the corpus."""
    paths = sorted(BBC.glob("*/*.txt"))
    step = max(1, len(paths) // count)
    chosen = []
    for path in paths[::step][:count]:
        lines = [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        chosen.append((f"bbc-{path.parent.name}-{path.stem}", lines[0], "\n\n".join(lines[1:])))
    return chosen


def engine_for(url: str, data_dir: Path):
    from index.engine import Engine
    from index.settings import Settings

    return Engine(Settings(data_dir=data_dir, articles_dir=data_dir / "none", database_url=url, _env_file=None))


def asker(url: str, data_dir: Path, follow: bool, count: int) -> None:
    """Answers, one JSON line per article: the moment a quote from it came back."""
    import threading

    engine = engine_for(url, data_dir)
    engine.embedder.embed(["warm up"])
    engine.vectors  # noqa: B018 - opened before the first add, as a running bot has it
    stop = threading.Event()
    if follow:
        threading.Thread(target=engine.follow_changes, args=(stop,), daemon=True).start()
    print("ready", flush=True)
    for article_id, headline, _ in articles(count):
        started = time.time()
        while time.time() - started < GIVE_UP:
            answer = engine.ask(headline + "?")
            if any(q.article_id == article_id for q in answer.quotes):
                print(json.dumps({"id": article_id, "answered_at": time.time()}), flush=True)
                break
            time.sleep(POLL)
        else:
            print(json.dumps({"id": article_id, "answered_at": None}), flush=True)
    stop.set()
    engine.close()


def adder(url: str, data_dir: Path, count: int, gap: float) -> None:
    from index.models import Article

    engine = engine_for(url, data_dir)
    engine.embedder.embed(["warm up"])
    for article_id, headline, text in articles(count):
        time.sleep(gap)  # the asker is asking before the article exists
        engine.add_article(Article(id=article_id, title=headline, text=text, source=f"{article_id}.txt"))
        print(json.dumps({"id": article_id, "committed_at": time.time()}), flush=True)
    engine.close()


def run(url: str, follow: bool, count: int, work: Path) -> list[float | None]:
    ask = subprocess.Popen([sys.executable, __file__, "--child", "ask", "--url", url, "--data", str(work / "asker"),
                            "--articles", str(count)] + (["--follow"] if follow else []),
                           stdout=subprocess.PIPE, text=True)
    assert ask.stdout.readline().strip() == "ready"
    add = subprocess.run([sys.executable, __file__, "--child", "add", "--url", url, "--data", str(work / "adder"),
                          "--articles", str(count)], capture_output=True, text=True, check=True)
    committed = {row["id"]: row["committed_at"] for row in map(json.loads, add.stdout.splitlines())}
    answered = {row["id"]: row["answered_at"] for row in map(json.loads, ask.stdout.read().splitlines())}
    ask.wait(timeout=GIVE_UP)
    return [None if answered.get(i) is None else answered[i] - committed[i] for i in committed]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--url", help="an empty PostgreSQL database to use instead of a throwaway cluster")
    parser.add_argument("--child", choices=["ask", "add"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--follow", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "ask":
        asker(args.url, args.data, args.follow, args.articles)
        return
    if args.child == "add":
        adder(args.url, args.data, args.articles, gap=1.0)
        return
    from contextlib import ExitStack

    from tests import postgres

    with ExitStack() as stack:
        base = args.url or stack.enter_context(postgres.cluster())
        print(f"two processes on one PostgreSQL database, {args.articles} BBC articles added one at a time; "
              f"the delay from one's commit to the other's first answer quoting it")
        for follow in (True, False):
            url = base if args.url else postgres.new_database(base)
            with tempfile.TemporaryDirectory() as work:
                delays = run(url, follow, args.articles, Path(work))
            got = [d for d in delays if d is not None]
            label = "change notifications (the bot)" if follow else "each question's own check only"
            summary = (f"median {statistics.median(got) * 1000:.0f} ms, max {max(got) * 1000:.0f} ms" if got else "none")
            print(f"  {label:34} answered {len(got)}/{len(delays)}: {summary}", flush=True)
            if args.url:
                break  # one database given: it now holds the articles


if __name__ == "__main__":
    main()
