"""The `quotebot` command (also `python -m bot`)."""
from __future__ import annotations

import functools
import json
import logging
import math
import re
import shlex
import sqlite3
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from index.collections import GLOBAL
from index.errors import QuotebotError
from index.render import answer_json, answer_markdown, summary_json, summary_markdown
from index.text import human_age, one_line, plural, readable_date, visible, without_controls

# Imported where a command first needs them, not here: every `quotebot` process imports this
# module, and the engine (numpy, the answer model's modules), the settings (pydantic-settings)
# and rich were most of the second `quotebot list` or `--help` took (python -X importtime).
if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from index.engine import Engine
    from index.models import ArticleInfo
    from index.settings import Settings


@functools.lru_cache(maxsize=1)
def err() -> "Console":
    """The console on stderr for messages and progress bars."""
    from rich.console import Console

    return Console(stderr=True)


def _text(*parts) -> "Text":
    """rich Text of literal parts (str, or (str, style)): never read as markup."""
    from rich.text import Text

    return Text.assemble(*parts)


def _settings(ctx: click.Context) -> "Settings":
    from index.settings import load_settings

    overrides = {}
    if ctx.obj.get("data_dir"):
        overrides["data_dir"] = Path(ctx.obj["data_dir"])
    return load_settings(**overrides)


# A log or a pipe gets a line of progress this often (seconds) instead of a bar: a big `add`
# said nothing for minutes.
PLAIN_PROGRESS_EVERY = 30.0


@contextmanager
def progress_bar(description: str):
    """A bar on stderr driven by the engine's progress(done, total) callback, drawn from its
    first call on: an unchanged article, which embeds nothing, draws none (nor imports rich's
    progress, nor starts its refresh thread). Not on a terminal, a plain line every
    PLAIN_PROGRESS_EVERY seconds."""
    with ExitStack() as stack:
        shown = []
        last = [time.monotonic()]

        def update(done: int, total: int) -> None:
            if not shown:
                if err().is_terminal:
                    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                    # The description names an article: shown as typed, never read as rich markup.
                    bar = stack.enter_context(Progress(
                        TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err(), transient=True))
                    shown.append((bar, bar.add_task(description, total=None)))
                else:  # a log or a pipe gets no bar (rich would leave a blank line)
                    shown.append(None)
            if shown[0] is not None:
                bar, task = shown[0]
                bar.update(task, completed=done, total=total)
            elif time.monotonic() - last[0] >= PLAIN_PROGRESS_EVERY and done < total:
                last[0] = time.monotonic()
                err().print(_text(f"{description}: {done:,}/{total:,}"), soft_wrap=True)

        yield update


def open_engine(ctx: click.Context, bundled: bool = True, searches: bool = True,
                adds: tuple[str, ...] = ()) -> "Engine":
    """The engine for this command; an empty data dir first gets the bundled articles.
    `searches` False: it only writes (see Engine). `adds`: the files, folders or URLs the command
    adds of the user's own, so an empty data dir's first use leaves the bundled launch article
    out, and the working directory's articles folder unless it is among them."""
    engine = ctx.obj.get("engine")
    if engine is None:
        from index.engine import Engine

        engine = Engine(_settings(ctx), searches=searches)
        ctx.obj["engine"] = engine
        ctx.call_on_close(engine.close)
    if bundled and not engine.store.read_only and engine.store.get_meta("bundled") is None:
        from rich.markup import escape

        from index.settings import BUNDLED_ARTICLES

        folder = engine.articles_folder()
        # Only where the bundled folder is the fallback (`settings.articles_folder`): no articles
        # folder named, and none in the working directory (run from a checkout, its `articles/` is
        # both, and may hold one's own files: a review's find).
        fallback = ("articles_dir" not in engine.settings.model_fields_set
                    and not Path(engine.settings.articles_dir).expanduser().is_dir())
        if adds and fallback:
            # Three strangers who added 40 articles asked why `list` showed 41: the launch
            # article, indexed unasked, answered their cold questions about "this article" too.
            err().print(f"[dim]First use of this data dir: only what you add is indexed (not the bundled launch "
                        f"article; `{escape(_command(f'add {shlex.quote(str(folder))}'))}` adds it).[/dim]")
            engine.ensure_bundled(index=False)
            return engine
        if adds and "articles_dir" not in engine.settings.model_fields_set and not _adds_folder(adds, folder):
            # `add` indexes what it names: a folder it does not name is left out, as the launch
            # article is above (all twelve strangers of two rounds, who had named theirs, read the
            # first-use note as a folder adopted unasked); the bot still follows it.
            err().print(f"[dim]First use of this data dir: only what you add is indexed, not the working "
                        f"directory's articles folder {escape(str(folder.resolve()))} (`{escape(_command('add'))}` it to index "
                        f"it; the bot follows that folder for new and changed files, QUOTEBOT_ARTICLES_DIR sets "
                        f"another).[/dim]")
            engine.ensure_bundled(index=False)
            return engine
        # Which folder a first use indexes, named when it is not the bundled one: a stranger who ran
        # `add` beside an `articles/` folder of their own was told "the bundled articles" while that
        # folder was indexed.
        if adds and "articles_dir" not in engine.settings.model_fields_set:
            # Named by this `add` (or inside a folder it names): indexed as asked, and nothing said.
            # Every note tried (four rounds of strangers' trials, sixteen of them) was read as a side
            # effect nobody asked for; that the bot follows the folder is said where it does
            # (`watch`, `run`) and by `status`.
            note = None
        elif folder.resolve() == BUNDLED_ARTICLES:
            note = "indexing the bundled articles…"
        elif "articles_dir" in engine.settings.model_fields_set:
            note = f"indexing {folder.resolve()} (QUOTEBOT_ARTICLES_DIR), which this data dir keeps indexed…"
        else:
            note = (f"indexing {folder.resolve()}, the working directory's articles folder, which this data dir "
                    f"keeps indexed from now on (QUOTEBOT_ARTICLES_DIR sets another)…")
        if note is not None:
            err().print(f"[dim]First use of this data dir: {escape(note)}[/dim]")
        # `add` of that same folder then finds them indexed: added by this command all the same.
        ctx.obj["first_use"] = {result.article.id for result in engine.ensure_bundled()}
    return engine


def _adds_folder(sources: tuple[str, ...], folder: Path) -> bool:
    """Whether one of the sources `add` was given is `folder` or a folder holding it."""
    from index.ingest import is_url

    inside = folder.resolve()
    return any(Path(source).expanduser().resolve() in (inside, *inside.parents)
               for source in sources if not is_url(source))


_GLOBAL_OPTIONS = frozenset({"-v", "--verbose", "--data-dir"})


class QuotebotGroup(click.Group):
    """Turns the engine's user-facing errors into a clean `Error: …` and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as error:
            if error.option_name in _GLOBAL_OPTIONS and error.ctx is not None and error.ctx.parent is ctx:
                # "quotebot ask … -v": a stranger read "No such option" as having no verbose mode.
                typed = error.option_name + (" DIR" if error.option_name == "--data-dir" else "")
                error.message += (f" {error.option_name} is an option of quotebot itself: put it before the command "
                                  f"(quotebot {typed} {error.ctx.info_name} …).")
            raise
        except QuotebotError as error:
            raise click.ClickException(_with_data_dir(without_controls(str(error)))) from None
        except (sqlite3.DatabaseError, OSError) as error:
            # A damaged database met outside the engine's methods (the CLI reads the store too).
            from index.store import DB_NAME, storage_error

            engine = (ctx.obj or {}).get("engine")
            translated = storage_error(error, engine.store.path if engine else _settings(ctx).data_dir / DB_NAME)
            if translated is None:
                raise
            raise click.ClickException(_with_data_dir(str(translated))) from None


@click.group(cls=QuotebotGroup)
@click.option("--data-dir", type=click.Path(file_okay=False), help="Where the index lives (default ./data, or QUOTEBOT_DATA_DIR).")
@click.option("-v", "--verbose", is_flag=True, help="Log what the engine does.")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, verbose: bool) -> None:
    """quotebot: answers questions about articles with verbatim, cited quotes."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if verbose:  # the engine's reasons too: which article was asked, each answer's confidence
        logging.getLogger("index").setLevel(logging.DEBUG)
        # FAISS tries its AVX-512 build first and logs the routine fallback as a ModuleNotFoundError.
        logging.getLogger("faiss.loader").setLevel(logging.WARNING)
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--queue", "queued", is_flag=True,
              help="Enqueue each URL as a job for `quotebot worker` (needs QUOTEBOT_DATABASE_URL) instead of indexing here.")
@click.pass_context
def add(ctx: click.Context, sources: tuple[str, ...], queued: bool) -> None:
    """Index articles from files, folders or http(s) URLs."""
    if queued:
        _enqueue_adds(_settings(ctx), sources)
        return
    from index import ingest

    engine = open_engine(ctx, adds=sources)
    failures = 0
    done: dict[str, int] = {}  # articles by status, for the closing count

    def skipped(error: QuotebotError) -> None:  # a folder's file that cannot be read; the others still come
        nonlocal failures
        failures += 1
        err().print(_text(("Skipped:", "yellow"), " ", without_controls(str(error))), soft_wrap=True)

    for source in sources:
        try:
            articles = engine.load_sources(source, on_error=skipped)
        except QuotebotError as error:
            # Literal (a path or a server's words may hold `[/x]`), unwrapped (paths stay whole).
            err().print(_text(("Error:", "red"), " ", without_controls(str(error))), soft_wrap=True)
            failures += 1
            continue
        for article in articles:
            with progress_bar(f"Embedding {article.title[:40]}") as update:
                result = engine.add_article(article, GLOBAL, update)
            info = result.article
            status = result.status
            if status == "unchanged" and info.id in ctx.obj.get("first_use", ()) and info.source == article.source:
                # A stranger's first `add articles` on a new data dir listed every file as
                # "unchanged", the first-use step having just indexed the folder of that name.
                status = "added"
            # The same text read from another file or URL is the article already indexed from
            # there: say so, or a later edit of this copy would seem to split one article in two.
            elsewhere = (f"  (the same text as already indexed from {without_controls(info.source)})"
                         if result.status == "unchanged" and info.source != article.source else "")
            differs = [name for name in ("title", "author", "published", "url", "publisher")
                       if getattr(article, name) and getattr(article, name) != getattr(info, name)]
            if elsewhere and differs:
                # A copy's own details are not used: say so, and how to use them.
                elsewhere = (f"{elsewhere[:-1]}; this copy's {', '.join(differs)} not used: "
                             f"`{_command(f'remove {info.id}')}` first to index it with them)")
            click.echo(f"{status:9} {info.id}  {info.title}  ({plural(info.paragraphs, 'paragraph')}){elsewhere}")
            done[status] = done.get(status, 0) + 1
            if status == "added":
                _note_same_title(engine, info)
        others = ingest.other_files(source)
        if others:  # not an error: a folder of articles often holds notes and pictures too
            names = ", ".join(p.name for p in others[:5]) + (", …" if len(others) > 5 else "")
            err().print(_text(("Not read:", "yellow"), " ", without_controls(
                f"{plural(len(others), 'file')} of the folder ({names}): quotebot reads "
                f"{', '.join(ingest.ARTICLE_SUFFIXES)} files")), soft_wrap=True)
    if sum(done.values()) + failures > 1:
        # A closing count on stderr (stdout stays one line an article): strangers who added a
        # folder of 35 counted the lines to see all had come.
        counts = ", ".join([*(f"{count} {status}" for status, count in done.items()),
                            *([f"{failures} not added"] if failures else [])])
        err().print(_text((f"{plural(sum(done.values()) + failures, 'article')}: {counts}", "dim")), soft_wrap=True)
    if failures:
        sys.exit(1)


def _command(rest: str) -> str:
    """A `quotebot …` command to suggest, with the `--data-dir` this one was given: a stranger
    who copied "`quotebot remove …` removes that one" would have acted on ./data instead."""
    ctx = click.get_current_context(silent=True)
    data_dir = ctx.find_root().obj.get("data_dir") if ctx is not None and ctx.find_root().obj else None
    return f"quotebot --data-dir {shlex.quote(data_dir)} {rest}" if data_dir else f"quotebot {rest}"


def _with_data_dir(text: str) -> str:
    """`text` with every `quotebot …` command it suggests given the `--data-dir` this one was
    (`_command`): "Run `quotebot doctor --repair`" after a damaged index met under another data dir
    would have repaired ./data (a review's find)."""
    return re.sub(r"`quotebot (?!--data-dir)([^`]*)`", lambda found: f"`{_command(found.group(1))}`", text)


def _note_same_title(engine: "Engine", info: "ArticleInfo") -> None:
    """An edited copy of a story is an article of its own: say which others share its title, or
    the answers may quote either version with nothing to tell them apart."""
    title = " ".join(info.title.split()).casefold()
    for other in engine.articles([info.collection]):
        if other.id != info.id and " ".join(other.title.split()).casefold() == title:
            err().print(_text(("Note:", "yellow"), " ", without_controls(
                f"{other.id} (from {other.source}) has this title too; both are indexed. "
                f"`{_command(f'remove {other.id}')}` removes that one.")), soft_wrap=True)


def _enqueue_adds(settings: "Settings", sources: tuple[str, ...]) -> None:
    from index import ingest, jobs

    database_url = jobs.require_database(settings.database_url)
    # A worker on another host cannot read this machine's files: only URLs travel.
    local = [s for s in sources if not ingest.is_url(s)]
    if local:
        raise click.UsageError(f"--queue takes http(s) URLs only; not a URL: {without_controls(local[0])}")
    for source in sources:
        job = jobs.enqueue_add(database_url, source)
        click.echo(f"queued    job {job.job_id}  {without_controls(source)}")


def _no_traceback_for_user_errors(record: logging.LogRecord) -> bool:
    """A job failing on a QuotebotError (a URL that is not an article) is an outcome, not a bug:
    its one-line message is enough."""
    if record.exc_info and isinstance(record.exc_info[1], QuotebotError):
        record.msg = f"{record.getMessage()}: {without_controls(str(record.exc_info[1]))}"
        record.args, record.exc_info, record.exc_text = (), None, None
    return True


@cli.command()
@click.option("--stalled-after", type=click.IntRange(2, 3600), default=60, show_default=True, metavar="SECONDS",
              help="Run again the job of a worker silent this long (killed, host lost).")
@click.pass_context
def worker(ctx: click.Context, stalled_after: int) -> None:
    """Run queued ingestion jobs (`add --queue`, `jobs --reindex`; feed polls with
    QUOTEBOT_QUEUE_FEEDS) from QUOTEBOT_DATABASE_URL until SIGINT/SIGTERM, which let the running
    job finish first."""
    from index import jobs

    settings = _settings(ctx)
    database_url = jobs.require_database(settings.database_url)
    engine = open_engine(ctx, bundled=False, searches=False)
    engine.store.require_writable()
    # Each job's start and end, and the stop request, on stderr: what an operator follows.
    handler = logging.StreamHandler()
    handler.addFilter(_no_traceback_for_user_errors)
    for name in ("procrastinate", "index.feeds"):  # the feed polls' outcomes too (QUOTEBOT_QUEUE_FEEDS)
        queue_log = logging.getLogger(name)
        queue_log.setLevel(logging.INFO)
        queue_log.addHandler(handler)
        queue_log.propagate = False
    feeds = f", polling the feeds every {jobs.feed_tick(settings.feed_interval)} s" if settings.queue_feeds else ""
    err().print(_text(f"Worker running jobs with {engine.settings.model}{feeds} (Ctrl-C or SIGTERM to stop)"),
                soft_wrap=True)
    jobs.run_worker(database_url, lambda: engine, stalled_after,
                    poll_feeds_every=jobs.feed_tick(settings.feed_interval) if settings.queue_feeds else None,
                    retention_hours=settings.job_retention_hours)
    err().print("Worker stopped.")


@cli.command(name="jobs")
@click.option("--reindex", "enqueue_reindex", is_flag=True, help="Enqueue a reindex for a worker.")
@click.option("--limit", type=click.IntRange(0, 1000), default=10, help="How many recent jobs to list.")
@click.pass_context
def jobs_command(ctx: click.Context, enqueue_reindex: bool, limit: int) -> None:
    """The ingestion queue: jobs per status and the latest jobs with their outcome."""
    from index import jobs
    from index.store import jobs as queue

    database_url = jobs.require_database(_settings(ctx).database_url)
    if enqueue_reindex:
        click.echo(f"queued    job {jobs.enqueue_reindex(database_url).job_id}  reindex")
    queue.ensure_queue_schema(database_url)
    counts = {jobs.STATUS_WORDS.get(s, s): n for s, n in queue.status_counts(database_url, jobs.USER_TASKS).items()}
    shown = ("queued", "running", "done", "failed")
    click.echo("jobs      " + ", ".join(f"{counts.get(s, 0)} {s}" for s in shown)
               + "".join(f", {n} {s}" for s, n in sorted(counts.items()) if s not in shown))
    for job in queue.recent_jobs(database_url, jobs.USER_TASKS, limit):
        what = job.args.get("url", "") if job.task == jobs.ADD_TASK else "reindex"
        # An error names its URL, which the line already shows.
        outcome = f": {job.outcome.removeprefix(what + ': ')}" if job.outcome else ""
        click.echo(without_controls(f"  {job.id:>6} {jobs.STATUS_WORDS.get(job.status, job.status):8} {what}{outcome}"))


@cli.command()
@click.argument("article")
@click.pass_context
def remove(ctx: click.Context, article: str) -> None:
    """Remove an article (by id, id prefix, title or part of it; an ambiguous name is refused) and its vectors."""
    engine = open_engine(ctx)
    info = engine.remove(engine.find_article(article, strict=True).id)
    click.echo(f"removed   {info.id}  {info.title}")


@cli.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article.")
@click.pass_context
def list_articles(ctx: click.Context, as_json: bool) -> None:
    """List the indexed articles."""
    engine = open_engine(ctx)
    infos = engine.articles(engine.store.collections() or [GLOBAL])
    if as_json:
        for info in infos:
            click.echo(json.dumps({
                "id": info.id, "collection": info.collection, "title": info.title, "url": info.url, "source": info.source,
                "author": info.author, "publisher": info.publisher, "published": info.published,
                "paragraphs": info.paragraphs, "passages": info.passages, "added_at": info.added_at,
            }, ensure_ascii=False))
        return
    if not infos:
        click.echo(f"No articles indexed. Add some with `{_command('add PATH_OR_URL')}`.")
    for info in infos:
        byline = ", ".join(x for x in (info.author, info.publisher, info.published and readable_date(info.published)) if x)
        where = "" if info.collection == GLOBAL else f" [{info.collection}]"
        # The file each came from: strangers who added a folder matched ids to files by headline.
        # Not a URL's (a feed's links are long, and citations give them).
        name = Path(info.source).name if info.source and "://" not in info.source else ""
        origin = f", {one_line(visible(name))}" if name else ""  # a name's newline would split the row
        click.echo(f"{info.id}  {info.title}{' — ' + byline if byline else ''}  "
                   f"({plural(info.paragraphs, 'paragraph')}{origin}){where}")


@cli.command()
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """Rebuild the vector index beside the live one and swap it in (re-embeds only after a model change)."""
    engine = open_engine(ctx)
    with progress_bar("Reindexing") as update:
        passages = engine.reindex(update)
    click.echo(f"reindexed {plural(passages, 'passage')} with {engine.settings.model}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Articles and passages per collection, feeds and their last poll, index age, model."""
    from index import feeds

    info = feeds.status(open_engine(ctx, bundled=False))
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    now = time.time()
    click.echo(f"model        {info['model']} ({info['fingerprint'] or 'nothing indexed yet'})")
    click.echo(f"index        {plural(info['articles'], 'article')}, {plural(info['passages'], 'passage')}; "
               f"last written {human_age(info['index_age'])}")
    click.echo(f"data dir     {info['data_dir']}")
    missing = "" if Path(info["articles_dir"]).is_dir() else "missing, "
    watched = "watched" if info["watch"] else "not watched"
    click.echo(f"articles dir {info['articles_dir']} ({missing}{watched} by the bot)")
    for collection, counts in sorted(info["collections"].items()):
        click.echo(f"  {collection:20} {plural(counts['articles'], 'article'):>15} {plural(counts['passages'], 'passage'):>17}")
    if not info["feeds"]:
        click.echo("feeds        none (QUOTEBOT_FEEDS, or /feeds add in Discord)")
    else:
        click.echo("feeds")
    for feed in info["feeds"]:
        polled = human_age(now - feed["last_poll"]) if feed["last_poll"] else "never polled"
        state = "ok" if feed["ok"] else f"FAILING ({feed['failures']}x)"
        click.echo(f"  {feed['collection']:20} {feed['url']}  {state}, {polled}: {feed['last_result'] or '-'}")


@cli.command()
@click.option("--folder", type=click.Path(file_okay=False), default=None,
              help="The folder to follow (default QUOTEBOT_ARTICLES_DIR, ./articles).")
@click.option("--feeds/--no-feeds", default=True, help="Also poll the feeds of QUOTEBOT_FEEDS.")
@click.pass_context
def watch(ctx: click.Context, folder: str | None, feeds: bool) -> None:
    """Keep the global collection up to date until Ctrl-C: files added to, changed in or
    deleted from the articles folder, and new entries of QUOTEBOT_FEEDS."""
    import asyncio
    import signal

    from index.feeds import FeedPoller
    from index.watch import FolderWatcher

    engine = open_engine(ctx)
    for name in ("index.watch", "index.feeds"):
        logging.getLogger(name).setLevel(logging.INFO)
    watcher = FolderWatcher(engine, Path(folder) if folder else engine.articles_folder())
    # With QUOTEBOT_QUEUE_FEEDS the workers poll the feeds: polling here too would read them twice.
    poller = FeedPoller(engine, collections=[GLOBAL]) if feeds and not engine.settings.queue_feeds else None

    def announce(item) -> None:
        click.echo(f"new       {item.article.id}  {item.article.title}  (from {item.feed_url})")

    async def follow() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):  # not the main thread, or Windows
                pass
        jobs = [watcher.run(stop)]
        if poller is not None:
            jobs.append(poller.run(stop, announce, announce_initial=True))
        await asyncio.gather(*jobs)

    count = len(poller.feeds(GLOBAL)) if poller is not None else 0
    err().print(_text(f"Watching {watcher.folder}" + (f" and {count} feed{'s' if count != 1 else ''}" if count else "")
                      + " (Ctrl-C to stop)"), soft_wrap=True)
    try:
        asyncio.run(follow())
    except KeyboardInterrupt:
        pass


_CHANNEL = 0  # `ask --channel`'s one conversation: DiscussedArticles' one channel


def _answer_json(answer) -> str:
    return json.dumps(answer_json(answer), ensure_ascii=False)


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object (with QUESTION `-`, one per line, one per question). Quotes come in "
                   "the ranker's order; a quote's `score` is the decline model's confidence in its sentence, "
                   "and `confidence` the answer's (README: JSON of an answer).")
@click.option("--top", type=click.IntRange(1, 10), default=None,
              help="At most this many quotes (default 3): fewer when later sentences are far from the question, "
                   "and after the first two each quote cites a paragraph not quoted yet, so a short article "
                   "gives fewer.")
@click.option("--article", "article_ref", default=None, metavar="ARTICLE",
              help="Answer from this article only (id, id prefix, title or part of it).")
@click.option("--channel", "channel_ref", default=None, metavar="ARTICLE",
              help="Ask as in a Discord channel where the bot announced ARTICLE: its lead is taken as read, a "
                   "question naming only other stories is asked of them all, and with QUESTION `-` each line "
                   "follows the answers before it (\"and why?\", \"how old is he?\"), as the bot answers there.")
@click.pass_context
def ask(ctx: click.Context, question: str, as_json: bool, top: int | None, article_ref: str | None,
        channel_ref: str | None) -> None:
    """Answer QUESTION with quotes; QUESTION `-` reads one question per line from stdin."""
    if article_ref is not None and channel_ref is not None:
        raise click.UsageError("Use --article or --channel, not both: --article asks one article only, --channel "
                               "asks as the article's Discord channel would.")
    engine = open_engine(ctx)
    prefetch = getattr(engine.embedder, "prefetch", None)
    if prefetch is not None:  # the model loads while the index opens: a cold `ask` starts sooner
        ctx.call_on_close(prefetch().join)
    article_id = engine.find_article(article_ref).id if article_ref is not None else None
    channel = None
    if channel_ref is not None:
        from .context import DiscussedArticles

        # The channel's conversation as the bot keeps it (bot/context.py): announced, so chosen
        # and not picked by the asker; every answer moves it on as a channel's would, and however
        # long the questions take, none is forgotten.
        channel = DiscussedArticles(math.inf)
        channel.note(_CHANNEL, engine.find_article(channel_ref).id)

    def answer_of(text: str):
        if channel is None:
            return engine.ask(text, top=top, article_id=article_id)
        found = engine.ask(text, top=top, context=channel.current(_CHANNEL))
        channel.note_answer(_CHANNEL, found)
        return found

    if question == "-":
        # One JSON object per line, and one line per question: the model loads once. A blank
        # line gets its error object too, so output line n answers input line n.
        for line in sys.stdin:
            if not line.strip() and not as_json:
                continue
            if not as_json:  # each answer under its question: blank lines are skipped
                click.echo(f"Q: {without_controls(' '.join(line.split()))}")
            try:
                answer = answer_of(line.strip())
                click.echo(_answer_json(answer) if as_json else answer_markdown(answer) + "\n")
            except QuotebotError as error:
                click.echo(json.dumps({"question": line.strip(), "error": str(error)}) if as_json else f"Error: {without_controls(str(error))}")
        return
    answer = answer_of(question)
    click.echo(_answer_json(answer) if as_json else answer_markdown(answer))


@cli.command()
@click.argument("article", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def summary(ctx: click.Context, article: str | None, as_json: bool) -> None:
    """A cited summary of ARTICLE (id, id prefix, title or part of it), or a digest of the latest articles."""
    if article is not None and not article.strip():
        # `summary ""`: a new user was told only to name an article.
        raise click.BadParameter("name an article (its id, 4 or more characters of its id, or words of its title), "
                                 "or leave ARTICLE out for a digest of the latest articles.", param_hint="ARTICLE")
    engine = open_engine(ctx)
    result = engine.summary(article, engine.store.collections() or [GLOBAL])
    click.echo(json.dumps(summary_json(result), ensure_ascii=False) if as_json else summary_markdown(result))


@cli.command()
@click.pass_context
def console(ctx: click.Context) -> None:
    """Ask questions interactively in the terminal."""
    from .console import run_console

    run_console(open_engine(ctx))


@cli.command()
@click.pass_context
def run(ctx: click.Context) -> None:
    """Start the Discord bot when a token is set; otherwise open the console."""
    settings = _settings(ctx)
    engine = open_engine(ctx)
    # The engine reads the answer model at its first question: a missing or damaged weights
    # file stops the bot or console here, at start, rather than failing every question.
    engine.answer_tuning  # noqa: B018 (read for its effect)
    if not settings.discord_token:
        err().print("[yellow]No Discord token:[/yellow] set DISCORD_TOKEN (in the environment or .env) "
                  "to start the bot. Opening the console instead.\n")
        from .console import run_console

        run_console(engine)
        return
    from .app import run_bot

    engine.store.require_writable()  # the bot records feedback, follows feeds and the folder
    run_bot(engine, settings)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per vote (with its question and quotes).")
@click.pass_context
def feedback(ctx: click.Context, as_json: bool) -> None:
    """Export the 👍/👎 votes given to the bot's answers on Discord."""
    from .feedback import FeedbackStore

    settings = _settings(ctx)
    store = FeedbackStore.in_dir(settings.data_dir, settings.database_url)
    votes = list(store.export())
    if as_json:
        for vote in votes:
            click.echo(json.dumps(vote, ensure_ascii=False))
        return
    if not votes:
        click.echo("No feedback yet.")
        return
    for vote in votes:
        mark = "+1" if vote["vote"] == "up" else "-1"
        click.echo(f"{mark}  {vote['answer_id']}  {vote['question'] or '(unknown answer)'}")
    counts = store.counts()
    click.echo(f"{counts['up']} up, {counts['down']} down")


@cli.command(name="eval")
@click.argument("dataset", type=click.Path(exists=True))
@click.option("--limit", type=int, default=None, help="Ask only N questions, spread evenly over the file.")
@click.option("--variant", "variants", multiple=True, metavar="NAME[:field=value,...]",
              help="A pipeline variant to measure (repeatable; default: all of them side by side), "
                   "e.g. hybrid, dense, bm25, or hybrid:join=none to change one tuning.")
@click.option("--no-abstain", is_flag=True, help="Skip the abstention experiment (SQuAD).")
@click.option("--typos", is_flag=True, help="Also ask every question with a typo in its longest word.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--distractors", type=click.Path(exists=True, file_okay=False), default=None,
              help="The BBC News corpus a reader set's distractor articles come from (default: bbc/ beside the set).")
@click.pass_context
def evaluate(ctx: click.Context, dataset: str, limit: int | None, variants: tuple[str, ...], no_abstain: bool,
             typos: bool, as_json: bool, distractors: str | None) -> None:
    """Measure answer quality on a SQuAD v1.1/2.0 JSON file, a reader-questions folder
    (questions.jsonl + articles/) or a BEIR folder. Its indexes and question vectors are
    cached in <data dir>/eval."""
    from index import evaluate as evaluation

    argv = [dataset, "--cache", str(_settings(ctx).data_dir / "eval")]
    argv += (["--limit", str(limit)] if limit else []) + (["--json"] if as_json else [])
    argv += (["--no-abstain"] if no_abstain else []) + (["--variants", *variants] if variants else [])
    argv += ["--typos"] if typos else []
    argv += ["--distractors", distractors] if distractors else []
    try:
        evaluation.main(argv)
    except ValueError as error:  # an unknown variant or tuning field
        raise click.UsageError(str(error)) from None


@cli.command()
@click.option("--repair", is_flag=True,
              help="Rebuild what is broken from what is intact (needs write access; stop the bot first).")
@click.option("--quick", is_flag=True, help="SQLite's quick_check instead of the full integrity check (large indexes).")
@click.pass_context
def doctor(ctx: click.Context, repair: bool, quick: bool) -> None:
    """Check the index: SQLite's integrity check, the schema, the tables' agreement, that the
    stored vectors are unit vectors, and each FAISS cache against the database's vectors. Without --repair it only reads, so it works on
    a read-only data dir. With QUOTEBOT_DATABASE_URL: the PostgreSQL database's schema and the
    agreement of its tables, and this data dir's FAISS caches against it (no --repair there).

    With --repair: a damaged database is moved aside to quotebot.sqlite3.corrupt-<time> (never
    deleted) and replaced by a fresh one holding every article that still reads, added back from
    its stored text (only texts whose vectors were lost are embedded again), with the feeds and
    watched-file state that still read; articles whose stored vectors are damaged are embedded
    again from their text; damaged or orphan FAISS caches and temporary files left by
    interrupted writes are removed and the caches rebuilt. Stop the bot and `quotebot watch` first.

    Exit status 0 when the index is healthy (after the repair, with --repair), 1 otherwise."""
    from index import doctor as checkup

    settings = _settings(ctx)
    if repair:
        report = checkup.repair(settings, say=lambda line: click.echo(f"repaired  {line}"))
    elif settings.database_url:
        report = checkup.check_postgres(settings)
    else:
        report = checkup.check(settings.data_dir, quick)
    for finding in report.findings:
        click.echo(f"{'ok       ' if finding.ok else 'PROBLEM  '} {finding.text}")
    if report.healthy:
        return
    if not repair:
        click.echo(f"Run `{_command('doctor --repair')}` to rebuild what is broken from what is intact.")
    sys.exit(1)


def main() -> None:
    cli(obj={})
