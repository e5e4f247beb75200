"""`quotebot run` as real processes against the loopback Discord (tests/fake_discord), as a
deployment runs them: shared by the multi-process tests of sharding, the job queue and feeds.
A process that dies fails the wait in progress at once, with the end of its log."""
from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any, Callable

from .conftest import PINNED_WEIGHTS, REPO
from .fake_discord import FakeDiscord

STOP_DEADLINE = 20.0  # seconds a terminated bot has to exit before it is killed


def bot_env(fake: FakeDiscord, **settings: str) -> dict[str, str]:
    """The environment of a `quotebot run` against `fake`: none of this machine's QUOTEBOT_ or
    DISCORD_ settings, the hashing model, the unit tests' pinned weights and answer bar, `settings` on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUOTEBOT_", "DISCORD_"))}
    env.update({
        "DISCORD_TOKEN": fake.token, "QUOTEBOT_DISCORD_API_BASE": fake.api_base,
        "QUOTEBOT_DISCORD_GATEWAY_URL": fake.gateway_url,
        "QUOTEBOT_MODEL": "hashing", "QUOTEBOT_ANSWER_THRESHOLD": "0.1", "QUOTEBOT_ASK_COOLDOWN": "0",
        "QUOTEBOT_ANSWER_WEIGHTS": str(PINNED_WEIGHTS),
        "PYTHONPATH": str(REPO),  # this checkout's code, whatever the venv has installed
    })
    env.update(settings)
    return env


class BotProcesses:
    """Bot processes started one at a time; `close` terminates them all."""

    def __init__(self, fake: FakeDiscord, tmp_path: Path):
        self.fake, self.tmp_path = fake, tmp_path
        self.procs: list[tuple[asyncio.subprocess.Process, Path]] = []

    async def start_shard(self, shard: int, count: int, env: dict[str, str], timeout: float = 60.0) -> None:
        """`quotebot run` as shard `shard` of `count`, with a data dir of its own unless `env`
        names one; returns once its shard is connected to the fake."""
        log = self.tmp_path / f"shard{shard}.log"
        own = {"QUOTEBOT_DATA_DIR": str(self.tmp_path / f"data{shard}")}  # the FAISS caches, votes
        with log.open("wb") as out:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=self.tmp_path,
                env={**own, **env, "QUOTEBOT_SHARD_COUNT": str(count), "QUOTEBOT_SHARD_IDS": str(shard)},
                stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=asyncio.subprocess.STDOUT)
        self.procs.append((proc, log))
        await self.wait(lambda: (shard, count) in self.fake.connected_shards, f"shard {shard} connected", timeout)

    def logs(self) -> list[str]:
        return [log.read_text(errors="replace") for _, log in self.procs]

    async def wait(self, check: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
        """Wait for `check()` while no bot process has died (a dead one fails at once, with its log)."""
        def done():
            for proc, log in self.procs:
                if proc.returncode is not None:
                    raise AssertionError(f"a bot process ended ({proc.returncode}):\n{log.read_text()[-3000:]}")
            return check()
        return await self.fake.wait_until(done, timeout, what)

    async def answer(self, itx, quote: str, timeout: float = 60.0):
        """The follow-up answering `itx` that quotes `quote`."""
        return await self.wait(lambda: self.fake.find_requests(
            lambda r: r.params.get("token") == itx.token and quote in str(r.json), kind="followup"),
            f"an answer quoting {quote[:30]!r}", timeout)

    async def close(self) -> None:
        for proc, _ in self.procs:
            if proc.returncode is None:
                proc.terminate()
        for proc, _ in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), STOP_DEADLINE)
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()
