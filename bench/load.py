"""Load on the Discord bot: a REAL `quotebot run` (its own data dir, the real model, the bundled
launch article) against the loopback fake of Discord (tests/fake_discord.py), which also serves
the articles and the feed. Figures are printed, never asserted; the exit status is 0 when the
bar holds (every interaction acknowledged within Discord's 3 s, every one answered, no errors).

    .venv/bin/python bench/load.py --askers 200          # a burst of 200 concurrent /ask
    .venv/bin/python bench/load.py --askers 200 --ask-processes 2   # the same, QUOTEBOT_ASK_PROCESSES=2
    .venv/bin/python bench/load.py --soak 1800 --sample 30   # 30 min of asks + /add + feed polls

Burst: N `/ask` interactions sent at once, each by a different member (so the per-user cooldown
refuses none), questions from bench/launch-readers (answerable and not); while they are answered,
--others autocompletes and 👍 clicks arrive, which must be answered within 3 s too. Printed: acknowledgement
latency p50/p95/p99/max (interaction sent → the deferral or reply reaching the fake), answer
latency p50/p95/p99 (→ the first follow-up), answers received / sent, errors (REST requests the
fake refused, generic error replies, the bot's WARNING/ERROR log records) and the bot's RSS
before/after.

Soak: asks at a steady rate, a `/add` every --add-every seconds (alternately a URL served by the
fake and an uploaded file), and the feed QUOTEBOT_FEEDS polled every --feed-interval seconds,
gaining a new entry every --feed-every seconds (its article is fetched, indexed and announced).
Every --sample seconds the bot's RSS, open descriptors and threads are sampled and printed; at
the end, the growth during the warm-up (--warm-up, the first adds and answers in each worker
thread) and the drift after it (mean of the first quarter of the later samples vs the last).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.render import GENERIC_ERROR, NOT_FOUND_COLOUR  # noqa: E402
from tests.fake_discord import FLAG_EPHEMERAL, FakeDiscord, FakeMember, Request  # noqa: E402

QUESTIONS = REPO / "bench" / "launch-readers" / "questions.jsonl"
ACK_DEADLINE = 3.0  # Discord fails an interaction not acknowledged within 3 s
# A log record's first line, in the CLI's format ("2026-01-01 10:00:00,123 WARNING name: ...") or in
# discord.py's plain one ("[2026-01-01 10:00:00] [WARNING ] name: ...").
LOG_RECORD = re.compile(r"^\[?\d{4}-\d\d-\d\d [\d:,]+\]? \[?(?P<level>[A-Z]+)\s*\]? (?P<name>\S+): (?P<message>.*)")
HEARTBEAT_RTT = 0.05  # seconds: a heartbeat ACK takes a network round trip
BAD_LEVELS = {"WARNING", "ERROR", "CRITICAL"}


def launch_questions() -> list[tuple[str, bool]]:
    """(question, answerable) from the held-out launch-readers set."""
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["q"], row["expect"] is not None) for row in rows]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[rank]


def ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:,.0f} ms"


class LoadFakeDiscord(FakeDiscord):
    """The fake, with the heartbeat ACK sent after a network round trip instead of at once:
    discord.py's keep-alive thread notes the send time only after the send completes, so an
    instant loopback ACK reads as a whole interval of latency ("Can't keep up ... 41.3s
    behind", a WARNING every heartbeat) where Discord itself takes tens of milliseconds."""

    async def _on_gateway_op(self, session, payload) -> None:
        if payload.get("op") == 1:
            await asyncio.sleep(HEARTBEAT_RTT)
        await super()._on_gateway_op(session, payload)


# the bot process --------------------------------------------------------------------------------
class BotProcess:
    """`quotebot run` in a subprocess pointed at the fake; its stderr is kept in a log file and
    scanned for log records (WARNING and up are errors for the bar) and for readiness."""

    def __init__(self, fake: FakeDiscord, workdir: Path, env: dict[str, str]):
        self.fake = fake
        self.workdir = workdir
        self.extra_env = env
        self.log_path = workdir / "bot.log"
        self.proc: asyncio.subprocess.Process | None = None
        self.ps: psutil.Process | None = None
        self.bad: list[str] = []  # WARNING/ERROR/CRITICAL records (first line)
        self.tracebacks = 0
        self.logged_in = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self.count_from = 0  # records before this index happened during start-up or shutdown

    def command(self) -> list[str]:
        script = Path(sys.executable).with_name("quotebot")
        return [str(script), "run"] if script.exists() else [sys.executable, "-m", "bot", "run"]

    async def start(self) -> None:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
               "TOKENIZERS_PARALLELISM": "false", "PYTHONPATH": str(REPO),
               "DISCORD_TOKEN": self.fake.token,
               "QUOTEBOT_DISCORD_API_BASE": self.fake.api_base,
               "QUOTEBOT_DISCORD_GATEWAY_URL": self.fake.gateway_url,
               "QUOTEBOT_DATA_DIR": str(self.workdir / "data"),
               "QUOTEBOT_ARTICLES_DIR": str(REPO / "articles"),
               **self.extra_env}
        env.pop("QUOTEBOT_DEV_GUILD_ID", None)
        # cwd: a fresh directory, so no .env of the checkout changes the settings.
        self.proc = await asyncio.create_subprocess_exec(
            *self.command(), cwd=self.workdir, env=env, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        self.ps = psutil.Process(self.proc.pid)
        self._reader = asyncio.create_task(self._read_stderr())

    async def _read_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        with self.log_path.open("w", encoding="utf-8") as log:
            while True:
                raw = await self.proc.stderr.readline()
                if not raw:
                    return
                line = raw.decode("utf-8", "replace").rstrip("\n")
                log.write(line + "\n")
                log.flush()
                record = LOG_RECORD.match(line)
                if record:
                    if record["level"] in BAD_LEVELS:
                        self.bad.append(line)
                    if record["name"] == "bot.app" and record["message"].startswith("logged in as"):
                        self.logged_in.set()
                elif line.startswith("Traceback (most recent call last)"):
                    self.tracebacks += 1

    async def wait_ready(self, timeout: float) -> float:
        """Wait for the gateway IDENTIFY, the command sync and the bot's on_ready; seconds taken."""
        assert self.proc is not None
        started = time.monotonic()
        exited = asyncio.ensure_future(self.proc.wait())
        ready = asyncio.ensure_future(self._ready())
        try:
            done, _ = await asyncio.wait({exited, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (exited, ready):
                if not task.done():
                    task.cancel()
        if ready not in done:
            tail = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
            why = f"exited with status {self.proc.returncode}" if exited in done else f"not ready after {timeout:.0f} s"
            raise SystemExit(f"the bot {why}; last log lines:\n  " + "\n  ".join(tail))
        self.count_from = len(self.bad)
        return time.monotonic() - started

    async def _ready(self) -> None:
        await self.fake.wait_until(lambda: self.fake.identifies, 10 ** 6, "IDENTIFY")
        await self.fake.wait_for_request(kind="command_sync", timeout=10 ** 6)
        await self.logged_in.wait()

    def errors(self) -> list[str]:
        return self.bad[self.count_from:]

    def sample(self) -> tuple[float, int, int]:
        """(RSS in MB, open file descriptors, threads)."""
        assert self.ps is not None
        with self.ps.oneshot():
            return self.ps.memory_info().rss / 2 ** 20, self.ps.num_fds(), self.ps.num_threads()

    def children_rss(self) -> list[float]:
        """RSS in MB of each of the bot's child processes (QUOTEBOT_ASK_PROCESSES' workers and
        the resource tracker beside them)."""
        assert self.ps is not None
        found = []
        for child in self.ps.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                found.append(child.memory_info().rss / 2 ** 20)
        return found

    async def stop(self, timeout: float = 30.0) -> tuple[int | None, float]:
        """Interrupt the bot like Ctrl+C; kill it if it has not stopped after `timeout` s."""
        if self.proc is None:
            return None, 0.0
        started = time.monotonic()
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except asyncio.TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        if self._reader is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._reader, 5)
        return self.proc.returncode, time.monotonic() - started


# what the bot sent -----------------------------------------------------------------------------------
@dataclass
class Sent:
    kind: str  # "ask", "add", "autocomplete" or "vote"
    sent_at: float
    text: str
    answerable: bool | None = None


@dataclass
class Outcome:
    """The bot's requests for one interaction, as the fake recorded them."""
    ack: Request | None = None  # the interaction callback
    followups: list[Request] = field(default_factory=list)
    edits: list[Request] = field(default_factory=list)  # of @original
    failed: list[Request] = field(default_factory=list)  # answered 4xx by the fake

    def reply(self, kind: str) -> Request | None:
        """What answers the user: /ask its first follow-up (or a refusal at once), /add the
        last edit of its private reply, autocomplete and votes the callback itself."""
        if kind in ("autocomplete", "vote") or (self.ack is not None and (self.ack.json or {}).get("type") == 4):
            return self.ack
        if kind == "add":
            done = [e for e in self.edits if not ((e.json or {}).get("content") or "").startswith("⏳")]
            return done[0] if done else None  # progress edits come first
        return self.followups[0] if self.followups else None

    def errors(self, kind: str) -> list[str]:
        out = [f"{r.method} {r.kind} -> {r.status}" for r in self.failed]
        reply = self.reply(kind)
        body = (reply.json or {}) if reply is not None else {}
        data = body.get("data") or {} if reply is self.ack else body
        content = str(data.get("content") or "")
        if reply is None:
            return out
        if kind == "ask" and (reply is self.ack or int(data.get("flags") or 0) & FLAG_EPHEMERAL
                              or content == GENERIC_ERROR):
            out.append("/ask refused or failed: " + content[:100])
        elif kind == "add" and not content.startswith("✅"):
            out.append("/add failed: " + content[:100])
        elif kind == "vote" and not content.startswith("Thanks"):
            out.append("vote failed: " + content[:100])
        elif kind == "autocomplete" and not data.get("choices"):
            out.append("autocomplete offered nothing")
        return out


class Tally:
    """Follows the fake's recorded requests incrementally: for every interaction, its
    acknowledgement and what answered it."""

    def __init__(self, fake: FakeDiscord):
        self.fake = fake
        self.sent: dict[str, Sent] = {}
        self.outcomes: dict[str, Outcome] = {}
        self._pos = 0
        self._pending: list[Request] = []
        self.announcements = 0

    def scan(self) -> None:
        new = self.fake.requests[self._pos:]
        self._pos += len(new)
        todo, self._pending = self._pending + new, []
        for request in todo:
            if not request.done:
                self._pending.append(request)
                continue
            token = request.params.get("token")
            if request.kind == "channel_message":
                self.announcements += 1
            if token is None:
                continue
            outcome = self.outcomes.setdefault(token, Outcome())
            if request.status is None or request.status >= 400:
                outcome.failed.append(request)
            elif request.kind == "interaction_callback":
                outcome.ack = outcome.ack or request
            elif request.kind == "followup":
                outcome.followups.append(request)
            elif request.kind == "edit_original":
                outcome.edits.append(request)

    def outcome(self, token: str) -> Outcome:
        return self.outcomes.get(token) or Outcome()

    def ack_latency(self, token: str) -> float | None:
        ack = self.outcome(token).ack
        return None if ack is None else ack.received_at - self.sent[token].sent_at

    def answer_latency(self, token: str) -> float | None:
        reply = self.outcome(token).reply(self.sent[token].kind)
        return None if reply is None else reply.received_at - self.sent[token].sent_at

    def unanswered(self) -> list[str]:
        return [t for t in self.sent if self.answer_latency(t) is None]

    def declined(self, token: str) -> bool:
        """An /ask answered "the articles don't say"."""
        reply = self.outcome(token).reply("ask")
        embeds = ((reply.json or {}).get("embeds") or []) if reply is not None else []
        return bool(embeds) and embeds[0].get("color") == NOT_FOUND_COLOUR.value


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.fake = LoadFakeDiscord()
        self.tally = Tally(self.fake)
        self.questions = launch_questions()
        self.readers: list[FakeMember] = []
        self._next_reader = 0
        self.tasks: set[asyncio.Task] = set()

    async def ask(self, question: str, answerable: bool | None) -> None:
        member = self.readers[self._next_reader % len(self.readers)]
        self._next_reader += 1
        sent_at = time.monotonic()
        itx = await self.fake.slash("ask", {"question": question}, member=member)
        self.tally.sent[itx.token] = Sent("ask", sent_at, question, answerable)

    async def add(self, options: dict) -> None:
        sent_at = time.monotonic()
        itx = await self.fake.slash("add", options, member="admin")
        self.tally.sent[itx.token] = Sent("add", sent_at, str(options))

    async def autocomplete(self, typed: str) -> None:
        member = self.readers[self._next_reader % len(self.readers)]
        self._next_reader += 1
        sent_at = time.monotonic()
        itx = await self.fake.autocomplete("summary", "article", typed, member=member)
        self.tally.sent[itx.token] = Sent("autocomplete", sent_at, typed)

    async def vote(self, custom_id: str, message: dict) -> None:
        member = self.readers[self._next_reader % len(self.readers)]
        self._next_reader += 1
        sent_at = time.monotonic()
        itx = await self.fake.click(custom_id, message, member=member)
        self.tally.sent[itx.token] = Sent("vote", sent_at, custom_id)

    def spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def wait_answered(self, timeout: float) -> bool:
        try:
            await self.fake.wait_until(lambda: (self.tally.scan(), not self.tasks and not self.tally.unanswered())[1],
                                       timeout, "every interaction answered")
            return True
        except TimeoutError:
            return False


def add_readers(bench: Bench, count: int) -> None:
    guild = bench.fake.guild
    assert guild is not None
    bench.readers = [guild.add_member(bench.fake.add_user(f"reader{i:04d}")) for i in range(count)]


def print_interactions(bench: Bench, bot: BotProcess, kind: str = "ask") -> bool:
    """The figures for interactions of `kind`; True when the bar holds for them."""
    tally = bench.tally
    tokens = [t for t, s in tally.sent.items() if s.kind == kind]
    acks = [a for a in (tally.ack_latency(t) for t in tokens) if a is not None]
    answers = [a for a in (tally.answer_latency(t) for t in tokens) if a is not None]
    late = [a for a in acks if a > ACK_DEADLINE]
    unacked = len(tokens) - len(acks)
    unanswered = len(tokens) - len(answers)
    replies_with_errors = [e for t in tokens for e in tally.outcome(t).errors(kind)]
    print(f"/{kind}: {len(tokens)} sent")
    print(f"  ack latency     min {ms(min(acks) if acks else math.nan)}   p50 {ms(percentile(acks, 50))}   p95 {ms(percentile(acks, 95))}   "
          f"p99 {ms(percentile(acks, 99))}   max {ms(max(acks) if acks else math.nan)}")
    print(f"  answer latency  p50 {ms(percentile(answers, 50))}   p95 {ms(percentile(answers, 95))}   "
          f"p99 {ms(percentile(answers, 99))}   max {ms(max(answers) if answers else math.nan)}")
    print(f"  acknowledged {len(acks)}/{len(tokens)}, of them after {ACK_DEADLINE:.0f} s: {len(late)}; "
          f"answered {len(answers)}/{len(tokens)}")
    if kind == "ask":
        asked = [t for t in tokens if tally.answer_latency(t) is not None]
        declined = sum(tally.declined(t) for t in asked)
        answerable = sum(1 for t in asked if tally.sent[t].answerable)
        print(f"  answers with quotes {len(asked) - declined}, \"the articles don't say\" {declined} "
              f"(questions: {answerable} answerable by the launch-readers labels, {len(asked) - answerable} not)")
    for error in replies_with_errors[:5]:
        print(f"  ! {error}")
    return not late and not unacked and not unanswered and not replies_with_errors


def print_errors(bench: Bench, bot: BotProcess) -> int:
    fake = bench.fake
    bad = bot.errors()
    errors = len(fake.rejected) + len(fake.unhandled) + len(bad)
    print(f"errors: {errors} (REST requests the fake refused: {len(fake.rejected)}, unknown routes: "
          f"{len(fake.unhandled)}, bot log records at WARNING or above: {len(bad)}, "
          f"tracebacks in the log: {bot.tracebacks})")
    for request in (fake.rejected + fake.unhandled)[:5]:
        print(f"  ! {request.method} {request.path} -> {request.status} {json.dumps(request.response)[:160]}")
    for line in bad[:10]:
        print(f"  ! {line[:240]}")
    return errors


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


# burst -------------------------------------------------------------------------------------------------
async def burst(bench: Bench, bot: BotProcess, askers: int) -> bool:
    """`askers` concurrent /ask, with `--others` interactions that must also be answered within
    3 s mixed in (autocompletes of /summary and 👍 clicks on an earlier answer)."""
    args, fake, tally = bench.args, bench.fake, bench.tally
    # One answer first, for its vote buttons (not counted).
    sent_at = time.monotonic()
    first = await fake.slash("ask", {"question": bench.questions[0][0]}, member="plain")
    tally.sent[first.token] = Sent("warm-up", sent_at, bench.questions[0][0])
    await bench.wait_answered(60)
    answer = fake.message(tally.outcome(first.token).reply("ask").response["id"])
    vote_id = next(c for c in fake.custom_ids(answer) if c.startswith("qb:vote:up:"))

    before = bot.sample()
    print(f"firing {askers} concurrent /ask, then {args.others} other interactions one every "
          f"{args.others_every:g} s while they are answered ({load_average()})")
    picks = [bench.questions[i % len(bench.questions)] for i in range(askers)]
    started = time.monotonic()
    await asyncio.gather(*(bench.ask(question, answerable) for question, answerable in picks))
    print(f"  the fake sent the {askers} interactions over the gateway in {time.monotonic() - started:.2f} s")
    for n in range(args.others):
        # People keep using the bot during a burst: these arrive while the questions are answered.
        await asyncio.sleep(args.others_every)
        bench.spawn(bench.autocomplete(["crypto", "dee", ""][n // 2 % 3]) if n % 2 == 0 else bench.vote(vote_id, answer))
    all_answered = await bench.wait_answered(args.answer_timeout)
    took = time.monotonic() - started
    after = bot.sample()
    print(f"all answered in {took:.1f} s" if all_answered
          else f"NOT all answered within {args.answer_timeout:.0f} s")
    ok = print_interactions(bench, bot)
    for kind in ("autocomplete", "vote"):
        if any(s.kind == kind for s in tally.sent.values()):
            ok = print_interactions(bench, bot, kind) and ok
    print(f"bot RSS {before[0]:.0f} MB before, {after[0]:.0f} MB after; open fds {before[1]} → {after[1]}; "
          f"threads {before[2]} → {after[2]}")
    children = bot.children_rss()
    if children:
        print(f"its child processes' RSS after: {', '.join(f'{rss:.0f}' for rss in children)} MB; "
              f"with the bot's, {after[0] + sum(children):.0f} MB in all")
    return ok


# soak ----------------------------------------------------------------------------------------------------
TOWNS = ("Northtown", "Eastbury", "Westfield", "Southport", "Lakeside", "Hillcrest", "Riverton", "Oakdale",
         "Brookvale", "Stonebridge", "Millford", "Ashgrove")


def soak_article(i: int, kind: str) -> tuple[str, str, str]:
    """(title, HTML page, a question it answers) for a small generated news article."""
    town = TOWNS[i % len(TOWNS)]
    title = f"{town} {kind} report number {i}"
    cost = 10 + i * 3
    paragraphs = [
        f"The council of {town} approved a new {kind} plan on Monday after a long debate in the town hall.",
        f"The plan will cost {cost} million euros and the works will start in the spring of year {2030 + i % 7}.",
        f"Residents of the old quarter of {town} asked for more bus stops, but the mayor said the budget was closed.",
        f"A local shop owner, interviewed in the market square, said the {kind} works would bring more customers.",
        f"The next council meeting, planned for the autumn, will decide how the {kind} plan is paid for.",
    ]
    html = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    return title, html, f"How much will the {kind} plan of {town} cost?"


def feed_xml(fake: FakeDiscord, entries: list[tuple[int, str]]) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{fake.file_url(f'soak/feed-{i}.html')}</link>"
        f"<guid>soak-feed-{i}</guid></item>" for i, title in entries)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Soak news</title>'
            f"<link>{fake.base_url}/</link><description>soak</description>{items}</channel></rss>")


@dataclass
class SoakSample:
    at: float
    rss: float
    fds: int
    threads: int
    asks: int
    answered: int
    ack_p95: float
    ack_max: float
    adds: int
    feed_polls: int
    announced: int
    warnings: int


async def soak(bench: Bench, bot: BotProcess, seconds: float) -> bool:
    args, fake, tally = bench.args, bench.fake, bench.tally
    print(f"soak for {seconds:.0f} s: {args.rate:g} /ask per second, a /add every {args.add_every:g} s, "
          f"feed polled every {args.feed_interval:g} s with a new entry every {args.feed_every:g} s; "
          f"sampling every {args.sample:g} s ({load_average()})")
    feed_entries: list[tuple[int, str]] = []
    soak_questions: list[str] = []
    samples: list[SoakSample] = []
    started = time.monotonic()
    end = started + seconds
    never = float("inf")
    next_ask = next_sample = started
    next_add = started if args.add_every > 0 else never
    next_entry = started if args.feed_every > 0 else never
    asks = adds = 0
    window_start = 0

    def sample(now: float) -> None:
        nonlocal window_start
        tally.scan()
        ask_tokens = [t for t, s in tally.sent.items() if s.kind == "ask"]
        window = [a for a in (tally.ack_latency(t) for t in ask_tokens[window_start:]) if a is not None]
        window_start = len(ask_tokens)
        rss, fds, threads = bot.sample()
        samples.append(SoakSample(
            now - started, rss, fds, threads, len(ask_tokens),
            sum(1 for t in ask_tokens if tally.answer_latency(t) is not None),
            percentile(window, 95), max(window) if window else math.nan,
            sum(1 for t, s in tally.sent.items() if s.kind == "add" and tally.answer_latency(t) is not None),
            fake.file_requests.count("files/soak/feed.xml"), tally.announcements, len(bot.errors())))
        s = samples[-1]
        print(f"  {s.at:6.0f} s  RSS {s.rss:7.1f} MB  fds {s.fds:3d}  threads {s.threads:3d}  asks {s.answered}/{s.asks}"
              f"  ack p95 {ms(s.ack_p95):>8} max {ms(s.ack_max):>8}  adds {s.adds}  feed polls {s.feed_polls}"
              f"  announced {s.announced}  warnings {s.warnings}", flush=True)

    while True:
        now = time.monotonic()
        if now >= end:
            break
        if now >= next_sample:
            sample(now)
            next_sample += args.sample
        if now >= next_entry:
            i = len(feed_entries)
            title, html, question = soak_article(1000 + i, "feed")
            fake.serve_file(f"soak/feed-{i}.html", html)
            feed_entries.append((i, title))
            fake.serve_file("soak/feed.xml", feed_xml(fake, feed_entries[-10:]), "application/rss+xml")
            soak_questions.append(question)
            next_entry += args.feed_every
        if now >= next_add:
            if adds % 2 == 0:  # a URL from a small pool: later rounds re-add (unchanged) pages
                i = (adds // 2) % args.add_pool
                title, html, question = soak_article(i, "tram")
                options = {"url": fake.serve_file(f"soak/add-{i}.html", html)}
            else:
                i = adds // 2
                title, html, question = soak_article(500 + i, "library")
                options = {"file": fake.make_attachment(f"library-{i}.html", html, "text/html")}
            soak_questions.append(question)
            bench.spawn(bench.add(options))
            adds += 1
            next_add += args.add_every
        if now >= next_ask:
            if soak_questions and asks % 4 == 3:  # a question about an added or fed article
                question, answerable = soak_questions[(asks // 4) % len(soak_questions)], True
            else:
                question, answerable = bench.questions[asks % len(bench.questions)]
            bench.spawn(bench.ask(question, answerable))
            asks += 1
            next_ask += 1 / args.rate
        await asyncio.sleep(max(0.0, min(next_ask, next_add, next_entry, next_sample, end) - time.monotonic()))

    answered = await bench.wait_answered(args.answer_timeout)
    sample(time.monotonic())
    if not answered:
        print(f"NOT every interaction answered within {args.answer_timeout:.0f} s of the end")
    ok = print_interactions(bench, bot, "ask")
    ok = print_interactions(bench, bot, "add") and ok
    print(f"feed polls {fake.file_requests.count('files/soak/feed.xml')}, feed entries {len(feed_entries)}, "
          f"announcements {tally.announcements}")
    print_drift(samples, args.warm_up)
    return ok


def print_drift(samples: list[SoakSample], warm_up: float) -> None:
    """RSS, descriptors and threads: the mean of the first quarter of the samples taken after
    the warm-up against the last quarter. The warm-up is reported on its own: the first adds,
    feed polls and answers in each worker thread take memory (model buffers, allocator arenas)
    that is then reused, which is growth but not drift."""
    after = [s for s in samples if s.at >= warm_up]
    if len(after) < 4:
        print(f"drift: too few samples after the {warm_up:.0f} s warm-up (soak longer or sample more often)")
        return
    first_sample = samples[0]
    print(f"warm-up (first {warm_up:.0f} s): RSS {first_sample.rss:.1f} → {after[0].rss:.1f} MB, "
          f"fds {first_sample.fds} → {after[0].fds}, threads {first_sample.threads} → {after[0].threads}")
    quarter = len(after) // 4
    first, last = after[:quarter], after[-quarter:]
    for name, unit in (("rss", " MB"), ("fds", ""), ("threads", "")):
        a = statistics.mean(getattr(s, name) for s in first)
        b = statistics.mean(getattr(s, name) for s in last)
        pct = (b - a) / a * 100 if a else math.nan
        print(f"drift {name:7}: first quarter {a:7.1f}{unit}  last quarter {b:7.1f}{unit}  "
              f"change {b - a:+.1f}{unit} ({pct:+.1f}%)")


# main ------------------------------------------------------------------------------------------------------
async def main(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="quotebot-load-"))
    bench = Bench(args)
    fake = bench.fake
    await fake.start()
    cooldown = float(os.environ.get("QUOTEBOT_ASK_COOLDOWN", "10"))
    # Enough members that nobody asks twice within the cooldown.
    add_readers(bench, max(args.askers + args.others + 1, int(args.rate * cooldown * 2) + 1))
    env = {"QUOTEBOT_ASK_COOLDOWN": f"{cooldown:g}", "QUOTEBOT_ASK_PROCESSES": str(args.ask_processes)}
    if args.soak:
        fake.serve_file("soak/feed.xml", feed_xml(fake, []), "application/rss+xml")
        env.update({
            "QUOTEBOT_FEEDS": fake.file_url("soak/feed.xml"),
            "QUOTEBOT_FEED_INTERVAL": f"{args.feed_interval:g}",
            "QUOTEBOT_ANNOUNCE_CHANNEL": str(fake.channel.id),
            # The fake serves the articles and the feed on 127.0.0.1.
            "QUOTEBOT_ALLOWED_HOSTS": "127.0.0.1",
            "QUOTEBOT_ALLOW_PRIVATE_URLS": "true",
        })
    bot = BotProcess(fake, workdir, env)
    ok = False
    try:
        await bot.start()
        took = await bot.wait_ready(args.start_timeout)
        rss, fds, _ = bot.sample()
        print(f"bot ready in {took:.1f} s (first use: indexed the launch article; RSS {rss:.0f} MB, {fds} fds); "
              f"log: {bot.log_path}")
        for line in bot.bad[:bot.count_from]:  # e.g. discord.py: no voice support; not counted
            print(f"  start-up: {line[:200]}")
        ok = await (soak(bench, bot, args.soak) if args.soak else burst(bench, bot, args.askers))
    finally:
        errors = print_errors(bench, bot)
        code, stop_took = await bot.stop()
        print(f"bot stopped by SIGINT in {stop_took:.1f} s (exit status {code})")
        await fake.close()
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    ok = ok and errors == 0
    print("bar: " + ("HOLDS (every interaction acknowledged within 3 s and answered, no errors)" if ok
                     else "FAILS"))
    return 0 if ok else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--askers", type=int, default=200, help="concurrent /ask in the burst (default 200)")
    parser.add_argument("--ask-processes", type=int, default=0, metavar="N",
                        help="QUOTEBOT_ASK_PROCESSES for the bot: questions answered in N worker processes "
                             "(default 0: in the bot's own)")
    parser.add_argument("--others", type=int, default=10,
                        help="autocompletes and vote clicks sent during the burst (default 10)")
    parser.add_argument("--others-every", type=float, default=0.5,
                        help="seconds between those (default 0.5)")
    parser.add_argument("--soak", type=float, default=0, metavar="SECONDS",
                        help="soak for SECONDS instead of one burst (e.g. 1800)")
    parser.add_argument("--rate", type=float, default=1.0, help="soak: /ask per second (default 1)")
    parser.add_argument("--add-every", type=float, default=30.0, help="soak: seconds between /add (default 30; 0: none)")
    parser.add_argument("--add-pool", type=int, default=6, help="soak: distinct URLs /add cycles through (default 6)")
    parser.add_argument("--feed-interval", type=float, default=20.0,
                        help="soak: QUOTEBOT_FEED_INTERVAL, seconds (default 20)")
    parser.add_argument("--feed-every", type=float, default=60.0,
                        help="soak: seconds between new feed entries (default 60; 0: none)")
    parser.add_argument("--warm-up", type=float, default=120.0,
                        help="soak: seconds left out of the drift (default 120)")
    parser.add_argument("--sample", type=float, default=10.0, help="soak: seconds between samples (default 10)")
    parser.add_argument("--answer-timeout", type=float, default=600.0,
                        help="seconds to wait for every answer (default 600)")
    parser.add_argument("--start-timeout", type=float, default=600.0,
                        help="seconds to wait for the bot to be ready (default 600)")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and the bot's log")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
