"""FakeDiscord itself (the state, REST routes, gateway and test helpers served on one
loopback port) and the `fake_discord` pytest fixture."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, AsyncIterator

import pytest_asyncio
from aiohttp import web

from .gateway import Gateway
from .helpers import TestDriver
from .rest import RestRoutes
from .state import API_VERSION, DiscordState

log = logging.getLogger("fake_discord")


class FakeDiscord(DiscordState, RestRoutes, Gateway, TestDriver):
    """Discord REST + gateway on 127.0.0.1, with one application/bot and one default guild."""

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        bot_name: str = "quotebot",
        default_guild: bool = True,
        heartbeat_interval_ms: int = 41250,
        enforce_intents: bool = True,
        validate: bool = True,
    ) -> None:
        self.token = token
        self._init_state(bot_name)
        self._init_rest(validate)
        self._init_gateway(heartbeat_interval_ms, enforce_intents)
        self._changed: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        if default_guild:
            self.guild = self.add_guild("Test Guild")

    @property
    def base_url(self) -> str:
        assert self.port is not None, "call await fake.start() first"
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return f"{self.base_url}/api/v{API_VERSION}"

    @property
    def gateway_url(self) -> str:
        """Value for ``DiscordWebSocket.DEFAULT_GATEWAY``."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> "FakeDiscord":
        """Bind 127.0.0.1 on a free port and serve."""
        self._changed = asyncio.Event()
        app = web.Application(client_max_size=100 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/files/{path:.*}", self._serve_file)
        app.router.add_get("/attachments/{path:.*}", self._serve_file)
        app.router.add_route("*", "/api/{tail:.*}", self._api)
        app.router.add_route("*", "/{tail:.*}", self._api_unknown)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.debug("fake discord listening on %s", self.base_url)
        return self

    async def close(self) -> None:
        """Close gateway connections and stop the server."""
        for s in list(self._sessions):
            with contextlib.suppress(Exception):
                await s.ws.close(code=1001, message=b"fake discord shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "FakeDiscord":
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @contextlib.asynccontextmanager
    async def running(self, bot: Any, *, token: str | None = None, ready_timeout: float = 10.0) -> AsyncIterator[Any]:
        """Point discord.py here, ``login`` + ``connect`` ``bot`` (a discord.py Client), wait until
        ready; on exit close the bot and restore discord.py's endpoints."""
        import discord.gateway
        import discord.http

        from bot.endpoints import point_discord_at

        old = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        point_discord_at(self.api_base, self.gateway_url)
        task: asyncio.Task | None = None
        try:
            await bot.login(token or self.token)
            task = asyncio.create_task(bot.connect(reconnect=True), name="fake-discord-bot-connect")
            ready = asyncio.ensure_future(bot.wait_until_ready())
            done, _ = await asyncio.wait({ready, task}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED)
            if ready not in done:
                ready.cancel()
                if task in done:
                    task.result()  # re-raise the connect error
                raise TimeoutError(f"bot not ready after {ready_timeout}s; requests: {self.requests[-10:]}")
            yield bot
        finally:
            await bot.close()
            if task is not None:
                try:
                    await asyncio.wait_for(task, 5)
                except Exception:  # noqa: BLE001 - teardown: the test outcome matters, not this
                    log.exception("bot.connect() ended with an error")
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old


@pytest_asyncio.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started :class:`FakeDiscord` (closed after the test). Import it into a test module to use it."""
    fake = FakeDiscord()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()
