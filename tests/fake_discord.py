"""A loopback fake of Discord (gateway websocket + REST API) for tests.

The *real* discord.py client talks to it: it logs in (``GET /users/@me``,
``GET /oauth2/applications/@me``), connects to the gateway (HELLO, IDENTIFY,
READY, GUILD_CREATE), syncs application commands, receives injected events
(INTERACTION_CREATE, MESSAGE_CREATE) and answers them over REST.  Every REST
request is recorded so tests can assert on exactly what the bot sent.

Typical use (see tests/test_fake_discord.py)::

    from tests.fake_discord import FakeDiscord, fake_discord  # noqa: F401  (fixture)

    async def test_ask(fake_discord):
        bot = make_bot()                        # commands.Bot(..., guild_ready_timeout=0.1)
        async with fake_discord.running(bot):   # points discord.py here, logs in, waits for ready
            itx = await fake_discord.slash("ask", {"question": "Who won?"})
            reply = await fake_discord.wait_reply(itx)
            assert "won" in reply["content"]

Behaviour copied from Discord because bots trip over it:

* REST JSON responses have ``Content-Type: application/json`` exactly (no
  charset): discord.py compares the header for equality.
* The first follow-up after a deferred "thinking" response (type 5) *replaces*
  the loading message (same message id as ``@original``), like Discord does.
* ``@original`` of a component interaction is the message the component is on.
* GUILD_CREATE lists only the bot's own member without the GUILD_MEMBERS intent
  (``member_count`` stays the full count, as on Discord).
* MESSAGE_CREATE honours intents: no GUILD_MESSAGES intent, no event; without
  the privileged MESSAGE_CONTENT intent, content/embeds/attachments/components
  are blanked unless the bot is mentioned (``enforce_intents=False`` disables).
* Messages are validated like Discord does (2000 chars of content, 10 embeds,
  6000 embed chars, 25 autocomplete choices, no empty message...): violations
  return 400 ``{"code": 50035, ...}`` (or 50006 for an empty message) and are
  listed in ``fake.rejected`` (``validate=False`` disables).
* Unknown routes are logged, recorded in ``fake.unhandled`` and answered with
  a Discord-shaped 404; nothing crashes.

Not modelled: rate limits, permissions enforcement on REST, threads, voice,
sharding beyond echoing the identify ``shard``.  Don't make the fake answer
5xx: discord.py retries those with sleeps of 1, 3, 5... seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, Iterable, Mapping, Sequence

import pytest_asyncio
from aiohttp import WSMsgType, web

log = logging.getLogger("fake_discord")

DISCORD_EPOCH_MS = 1420070400000
API_VERSION = 10

# Permission bits (https://discord.com/developers/docs/topics/permissions)
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1
BASIC_PERMISSIONS = (
    ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)

# Gateway intents
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

# Interaction types / callback types
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CB_PONG, CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE, CB_AUTOCOMPLETE, CB_MODAL = 1, 4, 5, 6, 7, 8, 9

FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7

# Application command option types
OPT_SUB_COMMAND, OPT_SUB_COMMAND_GROUP, OPT_STRING, OPT_INTEGER, OPT_BOOLEAN = 1, 2, 3, 4, 5
OPT_USER, OPT_CHANNEL, OPT_ROLE, OPT_MENTIONABLE, OPT_NUMBER, OPT_ATTACHMENT = 6, 7, 8, 9, 10, 11

_COMMAND_NAME_RE = re.compile(r"^[-_'\w]{1,32}$")
_MENTION_RE = re.compile(r"<@!?(\d+)>")


def _now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat()


# ---------------------------------------------------------------------------
# State model
# ---------------------------------------------------------------------------


@dataclass
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "system": False,
            "public_flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class FakeChannel:
    id: int
    name: str
    guild_id: int | None
    type: int = 0  # 0 text, 2 voice, 4 category, 5 announcement, 1 DM
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    recipients: list[FakeUser] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        if self.type == 1:
            return {
                "id": str(self.id),
                "type": 1,
                "last_message_id": None,
                "recipients": [u.to_dict() for u in self.recipients],
            }
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "topic": self.topic,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"


@dataclass
class FakeMember:
    user: FakeUser
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=_now_iso)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def mention(self) -> str:
        return self.user.mention

    def to_dict(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            d["user"] = self.user.to_dict()
        if permissions is not None:
            d["permissions"] = str(permissions)
        return d


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    fake: "FakeDiscord" = field(repr=False)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    joined_at: str = field(default_factory=_now_iso)
    # Convenience handles filled by FakeDiscord.add_guild
    admin: FakeMember | None = field(default=None, repr=False)
    plain: FakeMember | None = field(default=None, repr=False)
    owner: FakeMember | None = field(default=None, repr=False)
    me: FakeMember | None = field(default=None, repr=False)

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]

    def add_channel(self, name: str, *, type: int = 0, topic: str | None = None) -> FakeChannel:
        ch = FakeChannel(self.fake._snowflake(), name, self.id, type=type, topic=topic, position=len(self.channels))
        self.channels[ch.id] = ch
        self.fake._channels[ch.id] = ch
        return ch

    def add_role(self, name: str, permissions: int = 0, *, managed: bool = False) -> FakeRole:
        role = FakeRole(self.fake._snowflake(), name, permissions, position=len(self.roles), managed=managed)
        self.roles[role.id] = role
        return role

    def add_member(self, user: FakeUser | str, roles: Iterable[FakeRole | int] = (), *, nick: str | None = None) -> FakeMember:
        if isinstance(user, str):
            user = self.fake.add_user(user)
        m = FakeMember(user, self.id, [r.id if isinstance(r, FakeRole) else int(r) for r in roles], nick)
        self.members[user.id] = m
        return m

    def channel(self, name_or_id: str | int) -> FakeChannel:
        for ch in self.channels.values():
            if ch.id == name_or_id or ch.name == name_or_id:
                return ch
        raise KeyError(f"no channel {name_or_id!r} in guild {self.name!r}")

    @property
    def text_channels(self) -> list[FakeChannel]:
        return [c for c in self.channels.values() if c.type in (0, 5)]

    def permissions_of(self, member: FakeMember) -> int:
        """Guild-level permissions, as Discord sends in interaction ``member.permissions``."""
        if member.id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.everyone.permissions
        for rid in member.roles:
            role = self.roles.get(rid)
            if role is not None:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def to_gateway(self) -> dict[str, Any]:
        """GUILD_CREATE payload (keys per discord.py's ``Guild._from_data``)."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "features": [],
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "joined_at": self.joined_at,
            "large": False,
            "unavailable": False,
            # == len(members) so discord.py considers the guild chunked
            "member_count": len(self.members),
            "roles": [r.to_dict() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "channels": [c.to_dict() for c in self.channels.values()],
            "threads": [],
            "members": [m.to_dict() for m in self.members.values()],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "incidents_data": None,
        }


@dataclass
class FakeAttachment:
    """An uploaded file as Discord describes it (the body is served by the fake)."""

    id: int
    filename: str
    url: str
    size: int
    content_type: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "filename": self.filename,
            "size": self.size,
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }


@dataclass
class UploadedFile:
    """A file part of a multipart request (``files[N]``)."""

    field: str
    filename: str
    content_type: str | None
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


@dataclass
class Request:
    """One recorded REST request."""

    method: str
    path: str  # relative to the API base, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any  # parsed JSON body, or the payload_json part of a multipart body
    files: list[UploadedFile]
    headers: dict[str, str]
    received_at: float  # time.monotonic()
    kind: str = "unknown"  # e.g. "interaction_callback", "followup", "edit_original", "channel_message"
    params: dict[str, str] = field(default_factory=dict)  # route parameters (channel_id, token...)
    status: int | None = None
    response: Any = None
    done: bool = False

    @property
    def body(self) -> Any:
        return self.json

    def __repr__(self) -> str:
        body = json.dumps(self.json)[:200] if self.json is not None else ""
        return f"<Request {self.method} {self.path} kind={self.kind} status={self.status} {body}>"


class Body(dict):
    """A request's JSON body; ``.record`` is the full :class:`Request` (files, query...)."""

    record: Request

    @classmethod
    def of(cls, record: Request) -> "Body":
        b = cls(record.json if isinstance(record.json, dict) else {})
        b.record = record
        return b

    @property
    def files(self) -> list[UploadedFile]:
        return self.record.files

    @property
    def data(self) -> dict[str, Any]:
        """For interaction callbacks: the message/choices part of the body."""
        return self.get("data") or {}


@dataclass
class FakeInteraction:
    """An interaction sent to the bot; pass it to the ``wait_*`` helpers."""

    id: int
    token: str
    type: int
    payload: dict[str, Any] = field(repr=False)
    guild_id: int | None
    channel_id: int
    user_id: int
    source_message_id: int | None = None  # component interactions
    # Updated by the fake as the bot answers:
    response_type: int | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.payload["data"]


class _ApiError(Exception):
    def __init__(self, status: int, message: str, code: int = 0, errors: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.errors = status, message, code, errors


def _invalid_form(errors: dict[str, str]) -> _ApiError:
    return _ApiError(
        400,
        "Invalid Form Body",
        50035,
        {k: {"_errors": [{"code": "BASE_TYPE_INVALID", "message": v}]} for k, v in errors.items()},
    )


class _GatewaySession:
    def __init__(self, ws: web.WebSocketResponse, session_id: str):
        self.ws = ws
        self.session_id = session_id
        self.seq = 0
        self.identify: dict[str, Any] | None = None
        self.ready = False

    @property
    def intents(self) -> int:
        return int((self.identify or {}).get("intents", 0))

    async def send(self, payload: dict[str, Any]) -> None:
        if not self.ws.closed:
            await self.ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: Any) -> None:
        self.seq += 1
        await self.send({"op": 0, "t": event, "s": self.seq, "d": data})


# ---------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------


class FakeDiscord:
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
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.enforce_intents = enforce_intents
        self.validate = validate
        self._last_id = 0
        self._users: dict[int, FakeUser] = {}
        self._channels: dict[int, FakeChannel] = {}
        self.guilds: dict[int, FakeGuild] = {}

        self.application_id = self._snowflake()
        self.application_flags = 1 << 19 | 1 << 23  # GATEWAY_MESSAGE_CONTENT_LIMITED | APPLICATION_COMMAND_BADGE
        self.bot_user = FakeUser(self.application_id, bot_name, bot=True)  # bot user id == application id
        self._users[self.bot_user.id] = self.bot_user
        self.app_owner = self.add_user("app_owner")

        self.global_commands: dict[str, dict[str, Any]] = {}
        self.guild_commands: dict[int, dict[str, dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[str, FakeInteraction] = {}  # by token
        self.requests: list[Request] = []
        self.unhandled: list[Request] = []
        self.rejected: list[Request] = []  # requests answered with a 4xx by validation
        self.identifies: list[dict[str, Any]] = []
        self.presence_updates: list[dict[str, Any]] = []
        self.file_requests: list[str] = []
        self._files: dict[str, tuple[bytes, str, int, dict[str, str]]] = {}
        self._errors: list[tuple[Callable[[Request], bool], _ApiError, list[int]]] = []
        self._sessions: list[_GatewaySession] = []
        self._session_ids: set[str] = set()
        self._changed: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._route_table: list | None = None
        self.port: int | None = None

        self.guild: FakeGuild | None = None
        if default_guild:
            self.guild = self.add_guild("Test Guild")

    # -- ids / users / guilds ------------------------------------------------

    def _snowflake(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        self._last_id = max(ms << 22, self._last_id + 1)
        return self._last_id

    def add_user(self, username: str, *, bot: bool = False, global_name: str | None = None) -> FakeUser:
        """Create a user (not a guild member) and return it."""
        u = FakeUser(self._snowflake(), username, global_name or username.title(), bot)
        self._users[u.id] = u
        return u

    def add_guild(
        self,
        name: str,
        *,
        channels: Sequence[str] = ("general", "news"),
        everyone_permissions: int = BASIC_PERMISSIONS,
        bot_permissions: int = BASIC_PERMISSIONS,
    ) -> FakeGuild:
        """Add a guild with @everyone, a "Moderators" role (Manage Server), a managed bot role,
        text ``channels``, and members ``owner``, ``admin`` (Moderators), ``plain`` and the bot.
        Define guilds before the bot connects (they are sent in READY/GUILD_CREATE)."""
        gid = self._snowflake()
        owner = self.add_user(f"{name.lower().replace(' ', '_')}_owner")
        g = FakeGuild(gid, name, owner.id, self)
        g.roles[gid] = FakeRole(gid, "@everyone", everyone_permissions, 0)
        mods = g.add_role("Moderators", BASIC_PERMISSIONS | MANAGE_GUILD)
        bot_role = g.add_role(self.bot_user.username, bot_permissions, managed=True)
        for ch in channels:
            g.add_channel(ch)
        g.owner = g.add_member(owner)
        g.admin = g.add_member(self.add_user("alice_admin"), [mods])
        g.plain = g.add_member(self.add_user("bob_plain"))
        g.me = g.add_member(self.bot_user, [bot_role])
        self.guilds[gid] = g
        return g

    # shortcuts to the default guild
    @property
    def channel(self) -> FakeChannel:
        """First text channel of the default guild ("general")."""
        assert self.guild is not None
        return self.guild.text_channels[0]

    @property
    def admin(self) -> FakeMember:
        """Default guild member with Manage Server."""
        assert self.guild is not None and self.guild.admin is not None
        return self.guild.admin

    @property
    def plain(self) -> FakeMember:
        """Default guild member without special permissions."""
        assert self.guild is not None and self.guild.plain is not None
        return self.guild.plain

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        for ch in self._channels.values():
            if ch.type == 1 and ch.recipients and ch.recipients[0].id == user.id:
                return ch
        ch = FakeChannel(self._snowflake(), "", None, type=1, recipients=[user])
        self._channels[ch.id] = ch
        return ch

    # -- lifecycle ------------------------------------------------------------

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

    # -- static files ----------------------------------------------------------

    def serve_file(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """Serve ``body`` at ``/files/<path>`` and return its absolute URL."""
        path = path.lstrip("/")
        data = body.encode() if isinstance(body, str) else bytes(body)
        self._files[f"files/{path}"] = (data, content_type, status, dict(headers or {}))
        return f"{self.base_url}/files/{path}"

    def file_url(self, path: str) -> str:
        return f"{self.base_url}/files/{path.lstrip('/')}"

    def make_attachment(self, filename: str, body: bytes | str, content_type: str | None = "text/plain; charset=utf-8") -> FakeAttachment:
        """An attachment (e.g. for an attachment option) whose URL serves ``body``."""
        data = body.encode() if isinstance(body, str) else bytes(body)
        aid = self._snowflake()
        key = f"attachments/{aid}/{filename}"
        self._files[key] = (data, content_type or "application/octet-stream", 200, {})
        return FakeAttachment(aid, filename, f"{self.base_url}/{key}", len(data), content_type)

    async def _serve_file(self, request: web.Request) -> web.StreamResponse:
        key = request.path.lstrip("/")
        self.file_requests.append(key)
        try:
            data, ctype, status, headers = self._files[key]
        except KeyError:
            return web.Response(status=404, text="not found")
        resp = web.Response(body=data, status=status, headers=headers)
        resp.headers["Content-Type"] = ctype
        return resp

    # -- gateway ---------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        session = _GatewaySession(ws, secrets.token_hex(16))
        self._sessions.append(session)
        log.debug("gateway connect %s query=%s", session.session_id, dict(request.query))
        try:
            await session.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    try:
                        payload = json.loads(msg.data)
                    except ValueError:
                        log.warning("gateway: bad JSON %r", msg.data[:200])
                        continue
                    await self._on_gateway_op(session, payload)
                elif msg.type == WSMsgType.ERROR:
                    break
        except ConnectionResetError:
            pass
        except Exception:  # noqa: BLE001 - never take the server down
            log.exception("gateway handler error")
        finally:
            if session in self._sessions:
                self._sessions.remove(session)
            self._notify()
            log.debug("gateway disconnect %s close_code=%s", session.session_id, ws.close_code)
        return ws

    async def _on_gateway_op(self, session: _GatewaySession, payload: dict[str, Any]) -> None:
        op, d = payload.get("op"), payload.get("d")
        if op == 1:  # heartbeat
            await session.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:  # identify
            if self.token is not None and d.get("token") != self.token:
                await session.ws.close(code=4004, message=b"Authentication failed.")
                return
            session.identify = d
            self.identifies.append(d)
            self._session_ids.add(session.session_id)
            ready = {
                "v": API_VERSION,
                "user": {**self.bot_user.to_dict(), "verified": True, "mfa_enabled": False, "flags": 0},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds.values()],
                "session_id": session.session_id,
                "session_type": "normal",
                "resume_gateway_url": self.gateway_url,
                "application": {"id": str(self.application_id), "flags": self.application_flags},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": ["us-east"],
                "user_settings": {},
                "_trace": ["fake-discord"],
            }
            if "shard" in d:
                ready["shard"] = d["shard"]
            await session.dispatch("READY", ready)
            for g in self.guilds.values():
                payload = g.to_gateway()
                if self.enforce_intents and not session.intents & INTENT_GUILD_MEMBERS:
                    # Without the GUILD_MEMBERS intent Discord only sends the bot's own member.
                    payload["members"] = [m.to_dict() for m in g.members.values() if m.id == self.bot_user.id]
                await session.dispatch("GUILD_CREATE", payload)
            session.ready = True
            self._notify()
        elif op == 6:  # resume
            if d.get("session_id") in self._session_ids and d.get("token") == (self.token or d.get("token")):
                session.session_id = d["session_id"]
                session.seq = int(d.get("seq") or 0)
                session.identify = next((i for i in reversed(self.identifies)), {})
                await session.dispatch("RESUMED", {"_trace": ["fake-discord"]})
                session.ready = True
                self._notify()
            else:
                await session.send({"op": 9, "d": False, "s": None, "t": None})
        elif op == 3:  # presence update
            self.presence_updates.append(d)
        elif op == 8:  # request guild members
            g = self.guilds.get(int(d.get("guild_id", 0)))
            if g is not None:
                chunk = {
                    "guild_id": str(g.id),
                    "members": [m.to_dict() for m in g.members.values()],
                    "chunk_index": 0,
                    "chunk_count": 1,
                    "not_found": [],
                }
                if d.get("nonce") is not None:
                    chunk["nonce"] = d["nonce"]
                await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)
        else:
            log.debug("gateway: ignoring op %s", op)

    @property
    def connected(self) -> bool:
        return any(s.ready and not s.ws.closed for s in self._sessions)

    async def wait_connected(self, timeout: float = 10.0) -> None:
        """Wait until a gateway session has identified (READY sent)."""
        await self.wait_until(lambda: self.connected, timeout, "a ready gateway session")

    async def dispatch(self, event: str, data: dict[str, Any], *, timeout: float = 10.0) -> int:
        """Send a gateway DISPATCH to every ready session (waits for one); returns how many got it."""
        await self.wait_connected(timeout)
        n = 0
        for s in list(self._sessions):
            if s.ready and not s.ws.closed:
                await s.dispatch(event, data)
                n += 1
        return n

    async def drop_connections(self, code: int = 4000) -> None:
        """Close every gateway socket with ``code`` (discord.py reconnects and RESUMEs)."""
        for s in list(self._sessions):
            s.ready = False
            await s.ws.close(code=code)

    # -- event injection: interactions ----------------------------------------------

    def _resolve_member(self, guild: FakeGuild, member: Any) -> FakeMember:
        if isinstance(member, FakeMember):
            return member
        if isinstance(member, FakeUser):
            return guild.members[member.id]
        if member in ("admin", None):
            assert guild.admin is not None
            return guild.admin
        if member in ("plain", "member", "user"):
            assert guild.plain is not None
            return guild.plain
        if member == "owner":
            assert guild.owner is not None
            return guild.owner
        if isinstance(member, int):
            return guild.members[member]
        raise ValueError(f"unknown member {member!r}")

    def _resolve_guild(self, guild: FakeGuild | int | None) -> FakeGuild:
        if isinstance(guild, FakeGuild):
            return guild
        if guild is None:
            assert self.guild is not None, "no default guild"
            return self.guild
        return self.guilds[int(guild)]

    def _resolve_channel(self, guild: FakeGuild, channel: FakeChannel | int | str | None) -> FakeChannel:
        if isinstance(channel, FakeChannel):
            return channel
        if channel is None:
            return guild.text_channels[0]
        return guild.channel(channel)

    async def send_interaction(
        self,
        type: int,
        data: dict[str, Any] | None,
        *,
        member: Any = "admin",
        guild: FakeGuild | int | None = None,
        channel: FakeChannel | int | str | None = None,
        message: dict[str, Any] | None = None,
        locale: str = "en-US",
        extra: Mapping[str, Any] | None = None,
    ) -> FakeInteraction:
        """Build and dispatch a raw INTERACTION_CREATE (guild context); returns the interaction."""
        g = self._resolve_guild(guild)
        m = self._resolve_member(g, member)
        ch = self._resolve_channel(g, channel)
        iid, token = self._snowflake(), "itx-" + secrets.token_urlsafe(48)
        assert g.me is not None
        channel_payload = {**ch.to_dict(), "permissions": str(g.permissions_of(m))}
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": type,
            "token": token,
            "version": 1,
            "guild_id": str(g.id),
            "guild": {"id": str(g.id), "locale": "en-US", "features": []},
            "channel_id": str(ch.id),
            "channel": channel_payload,
            "member": m.to_dict(permissions=g.permissions_of(m)),
            "app_permissions": str(g.permissions_of(g.me)),
            "locale": locale,
            "guild_locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(g.id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if data is not None:
            payload["data"] = data
        if message is not None:
            payload["message"] = message
        if extra:
            payload.update(extra)
        itx = FakeInteraction(
            iid,
            token,
            type,
            payload,
            g.id,
            ch.id,
            m.id,
            source_message_id=int(message["id"]) if message else None,
        )
        self.interactions[token] = itx
        await self.dispatch("INTERACTION_CREATE", payload)
        return itx

    def find_command(self, name: str, guild: FakeGuild | int | None = None) -> tuple[dict[str, Any] | None, int | None]:
        """The registered command ``name`` (guild commands first) and its guild id (None if global)."""
        gid = self._resolve_guild(guild).id if (guild is not None or self.guild is not None) else None
        if gid is not None and name in self.guild_commands.get(gid, {}):
            return self.guild_commands[gid][name], gid
        return self.global_commands.get(name), None

    def _command_data(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[dict[str, Any]] | None,
        guild: FakeGuild,
        *,
        focused: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        parts = name.split()
        cmd, cmd_gid = self.find_command(parts[0], guild)
        if cmd is None:
            log.warning("command %r is not registered with the fake (was the tree synced?)", parts[0])
        schema: list[dict[str, Any]] = (cmd or {}).get("options", []) or []
        resolved: dict[str, dict[str, Any]] = {}
        # walk down sub-command groups / sub-commands
        chain: list[tuple[int, str]] = []
        for sub in parts[1:]:
            opt = next((o for o in schema if o.get("name") == sub), None)
            sub_type = opt["type"] if opt else (OPT_SUB_COMMAND if sub == parts[-1] else OPT_SUB_COMMAND_GROUP)
            chain.append((sub_type, sub))
            schema = (opt or {}).get("options", []) or []

        leaf: list[dict[str, Any]]
        if options is None:
            leaf = []
        elif isinstance(options, Mapping):
            leaf = [self._option(k, v, schema, resolved, guild) for k, v in options.items()]
        else:
            leaf = [dict(o) for o in options]
        if focused is not None:
            fname, fvalue = focused
            fopt = next((o for o in schema if o.get("name") == fname), None)
            leaf = [o for o in leaf if o["name"] != fname]
            leaf.append({"name": fname, "type": fopt["type"] if fopt else OPT_STRING, "value": fvalue, "focused": True})

        opts = leaf
        for sub_type, sub in reversed(chain):
            opts = [{"name": sub, "type": sub_type, "options": opts}]
        data: dict[str, Any] = {
            "id": str((cmd or {}).get("id") or self._snowflake()),
            "name": parts[0],
            "type": 1,
            "options": opts,
        }
        if resolved:
            data["resolved"] = resolved
        if cmd_gid is not None:
            data["guild_id"] = str(cmd_gid)
        return data

    def _option(self, name: str, value: Any, schema: list[dict[str, Any]], resolved: dict, guild: FakeGuild) -> dict[str, Any]:
        opt = next((o for o in schema if o.get("name") == name), None)
        otype = opt["type"] if opt else None
        if isinstance(value, FakeAttachment):
            resolved.setdefault("attachments", {})[str(value.id)] = value.to_dict()
            return {"name": name, "type": otype or OPT_ATTACHMENT, "value": str(value.id)}
        if isinstance(value, (FakeMember, FakeUser)) or otype == OPT_USER:
            user = value.user if isinstance(value, FakeMember) else value if isinstance(value, FakeUser) else self._users[int(value)]
            resolved.setdefault("users", {})[str(user.id)] = user.to_dict()
            gm = guild.members.get(user.id)
            if gm is not None:
                resolved.setdefault("members", {})[str(user.id)] = {
                    **gm.to_dict(with_user=False),
                    "permissions": str(guild.permissions_of(gm)),
                }
            return {"name": name, "type": otype or OPT_USER, "value": str(user.id)}
        if isinstance(value, FakeChannel) or otype == OPT_CHANNEL:
            ch = value if isinstance(value, FakeChannel) else self._channels[int(value)]
            resolved.setdefault("channels", {})[str(ch.id)] = {**ch.to_dict(), "permissions": str(ALL_PERMISSIONS)}
            return {"name": name, "type": otype or OPT_CHANNEL, "value": str(ch.id)}
        if isinstance(value, FakeRole) or otype == OPT_ROLE:
            role = value if isinstance(value, FakeRole) else guild.roles[int(value)]
            resolved.setdefault("roles", {})[str(role.id)] = role.to_dict()
            return {"name": name, "type": otype or OPT_ROLE, "value": str(role.id)}
        if otype is None:
            if isinstance(value, bool):
                otype = OPT_BOOLEAN
            elif isinstance(value, int):
                otype = OPT_INTEGER
            elif isinstance(value, float):
                otype = OPT_NUMBER
            else:
                otype = OPT_STRING
        return {"name": name, "type": otype, "value": value}

    async def slash(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[dict[str, Any]] | None = None,
        *,
        member: Any = "admin",
        guild: FakeGuild | int | None = None,
        channel: FakeChannel | int | str | None = None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        """Invoke slash command ``name`` ("cmd", "group sub" or "group sub leaf").

        ``options`` maps option names to values (types come from the synced command, else from
        the Python type; FakeAttachment/FakeMember/FakeChannel/FakeRole values get ``resolved``
        data), or is a list of raw option dicts."""
        g = self._resolve_guild(guild)
        data = self._command_data(name, options, g)
        return await self.send_interaction(APPLICATION_COMMAND, data, member=member, guild=g, channel=channel, locale=locale)

    async def autocomplete(
        self,
        name: str,
        focused: str,
        value: str = "",
        options: Mapping[str, Any] | None = None,
        *,
        member: Any = "admin",
        guild: FakeGuild | int | None = None,
        channel: FakeChannel | int | str | None = None,
    ) -> FakeInteraction:
        """Send an autocomplete request for option ``focused`` of command ``name`` typed as ``value``."""
        g = self._resolve_guild(guild)
        data = self._command_data(name, options or {}, g, focused=(focused, value))
        return await self.send_interaction(AUTOCOMPLETE, data, member=member, guild=g, channel=channel)

    def find_message_with_component(self, custom_id: str) -> dict[str, Any]:
        """The most recent stored message that has a component with ``custom_id``."""
        for msg in reversed(list(self.messages.values())):
            if self._find_component(msg.get("components") or [], custom_id) is not None:
                return msg
        raise LookupError(f"no message with a component {custom_id!r}; messages: {list(self.messages)}")

    @classmethod
    def _find_component(cls, components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
        for c in components:
            if c.get("custom_id") == custom_id:
                return c
            for key in ("components", "accessory", "component"):
                sub = c.get(key)
                if isinstance(sub, dict):
                    sub = [sub]
                if isinstance(sub, list):
                    found = cls._find_component(sub, custom_id)
                    if found is not None:
                        return found
        return None

    def custom_ids(self, message: dict[str, Any] | int) -> list[str]:
        """All component custom_ids on a stored message."""
        msg = self.messages[int(message)] if isinstance(message, (int, str)) else message
        out: list[str] = []

        def walk(cs: list[dict[str, Any]]) -> None:
            for c in cs:
                if c.get("custom_id"):
                    out.append(c["custom_id"])
                for key in ("components", "accessory", "component"):
                    sub = c.get(key)
                    walk([sub] if isinstance(sub, dict) else sub if isinstance(sub, list) else [])

        walk(msg.get("components") or [])
        return out

    async def click(
        self,
        custom_id: str,
        message: dict[str, Any] | int | None = None,
        *,
        values: Sequence[str] | None = None,
        member: Any = "admin",
    ) -> FakeInteraction:
        """Click a button (or pick ``values`` in a select) on a message the bot sent
        (default: the newest message carrying ``custom_id``)."""
        if message is None:
            msg = self.find_message_with_component(custom_id)
        elif isinstance(message, (int, str)):
            msg = self.messages[int(message)]
        else:
            msg = self.messages.get(int(message["id"]), message)
        comp = self._find_component(msg.get("components") or [], custom_id)
        if comp is None:
            raise LookupError(f"message {msg['id']} has no component {custom_id!r}: {self.custom_ids(msg)}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp.get("type", 2)}
        if values is not None or comp.get("type", 2) != 2:
            data["values"] = list(values or [])
        ch = self._channels[int(msg["channel_id"])]
        g = self.guilds[ch.guild_id] if ch.guild_id else None
        return await self.send_interaction(MESSAGE_COMPONENT, data, member=member, guild=g, channel=ch, message=msg)

    async def submit_modal(
        self,
        values: Mapping[str, str],
        *,
        custom_id: str | None = None,
        member: Any = "admin",
    ) -> FakeInteraction:
        """Submit the newest modal the bot opened (type 9 callback), or the one with ``custom_id``,
        with text-input ``values`` (input custom_id -> text)."""
        opened = [
            r
            for r in self.find_requests(kind="interaction_callback")
            if (r.json or {}).get("type") == CB_MODAL
            and (custom_id is None or (r.json.get("data") or {}).get("custom_id") == custom_id)
        ]
        if not opened and custom_id is None:
            raise LookupError("the bot has not opened a modal")
        src = self.interactions.get(opened[-1].params["token"]) if opened else None
        data = {
            "custom_id": opened[-1].json["data"]["custom_id"] if opened else custom_id,
            "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]} for k, v in values.items()
            ],
        }
        message = self.messages.get(src.source_message_id) if src and src.source_message_id else None
        return await self.send_interaction(
            MODAL_SUBMIT,
            data,
            member=member,
            guild=src.guild_id if src else None,
            channel=src.channel_id if src else None,
            message=message,
        )

    # -- event injection: messages ---------------------------------------------------

    async def send_message(
        self,
        content: str,
        *,
        channel: FakeChannel | int | str | None = None,
        author: Any = "plain",
        guild: FakeGuild | int | None = None,
        mentions: Sequence[FakeUser | FakeMember] | None = None,
        mention_bot: bool = False,
        reply_to: dict[str, Any] | int | None = None,
        attachments: Sequence[FakeAttachment] = (),
    ) -> dict[str, Any]:
        """Dispatch MESSAGE_CREATE from ``author`` (a member of the guild) and return the message.

        ``channel`` may be a DM channel from :meth:`dm_channel` (the author is then its recipient).
        ``mention_bot`` prefixes ``<@bot>``; ``mentions`` defaults to the users ``<@id>``-mentioned
        in ``content``; ``reply_to`` makes it a reply to a stored message."""
        g: FakeGuild | None
        member: FakeMember | None = None
        if isinstance(channel, FakeChannel) and channel.type == 1:
            g, ch = None, channel
            user = author if isinstance(author, FakeUser) else channel.recipients[0]
        else:
            if isinstance(channel, FakeChannel) and channel.guild_id is not None:
                guild = channel.guild_id
            g = self._resolve_guild(guild)
            ch = self._resolve_channel(g, channel)
            member = self._resolve_member(g, author)
            user = member.user
        if mention_bot:
            content = f"{self.bot_user.mention} {content}"
        if mentions is None:
            users = [self._users[int(i)] for i in dict.fromkeys(_MENTION_RE.findall(content)) if int(i) in self._users]
        else:
            users = [u.user if isinstance(u, FakeMember) else u for u in mentions]
        mention_payload = []
        for u in users:
            d = u.to_dict()
            gm = g.members.get(u.id) if g is not None else None
            if gm is not None:
                d["member"] = gm.to_dict(with_user=False)
            mention_payload.append(d)
        msg: dict[str, Any] = {
            "id": str(self._snowflake()),
            "type": 0,
            "channel_id": str(ch.id),
            "author": user.to_dict(),
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": mention_payload,
            "mention_roles": [],
            "attachments": [a.to_dict() for a in attachments],
            "embeds": [],
            "components": [],
            "reactions": [],
            "pinned": False,
            "flags": 0,
            "nonce": str(self._snowflake()),
        }
        if g is not None and member is not None:
            msg["guild_id"] = str(g.id)
            msg["member"] = member.to_dict(with_user=False)
        if reply_to is not None:
            ref = self.messages[int(reply_to)] if isinstance(reply_to, (int, str)) else reply_to
            msg["type"] = 19
            msg["message_reference"] = {
                "type": 0,
                "message_id": str(ref["id"]),
                "channel_id": str(ref["channel_id"]),
                **({"guild_id": str(g.id)} if g is not None else {}),
            }
            msg["referenced_message"] = ref
        self.messages[int(msg["id"])] = msg
        await self._dispatch_message(msg, g)
        return msg

    async def _dispatch_message(self, msg: dict[str, Any], guild: FakeGuild | None) -> None:
        await self.wait_connected()
        bot_mentioned = any(int(u["id"]) == self.bot_user.id for u in msg.get("mentions", []))
        for s in list(self._sessions):
            if not s.ready or s.ws.closed:
                continue
            payload = msg
            if self.enforce_intents:
                needed = INTENT_GUILD_MESSAGES if guild is not None else INTENT_DIRECT_MESSAGES
                if not s.intents & needed:
                    continue
                own = int(msg["author"]["id"]) == self.bot_user.id
                if not s.intents & INTENT_MESSAGE_CONTENT and not bot_mentioned and not own and guild is not None:
                    payload = {**msg, "content": "", "embeds": [], "attachments": [], "components": []}
            await s.dispatch("MESSAGE_CREATE", payload)

    # -- recorded requests & waiting ---------------------------------------------------

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    async def wait_until(self, check: Callable[[], Any], timeout: float = 10.0, what: str = "a condition") -> Any:
        """Wait until ``check()`` is truthy and return its value (re-checked on every request and
        every 50 ms); on timeout raise TimeoutError listing the recent requests."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = "\n  ".join(repr(r) for r in self.requests[-15:])
                raise TimeoutError(
                    f"timed out after {timeout}s waiting for {what}.\nRecent requests:\n  {recent}"
                    + (f"\nUnhandled: {self.unhandled}" if self.unhandled else "")
                    + (f"\nRejected: {[(r.path, r.response) for r in self.rejected]}" if self.rejected else "")
                )
            assert self._changed is not None, "call await fake.start() first"
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))

    def find_requests(
        self,
        predicate: Callable[[Request], bool] | None = None,
        *,
        kind: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> list[Request]:
        """Completed requests matching all given filters (``path`` is a regex, full match)."""
        return [
            r
            for r in self.requests
            if r.done
            and (kind is None or r.kind == kind)
            and (method is None or r.method == method.upper())
            and (path is None or re.fullmatch(path, r.path))
            and (predicate is None or predicate(r))
        ]

    async def wait_for_request(
        self,
        predicate: Callable[[Request], bool] | None = None,
        *,
        kind: str | None = None,
        method: str | None = None,
        path: str | None = None,
        index: int = 0,
        timeout: float = 10.0,
    ) -> Request:
        """Wait for the ``index``-th (0-based) completed request matching the filters and return it."""

        def check() -> Request | None:
            found = self.find_requests(predicate, kind=kind, method=method, path=path)
            return found[index] if len(found) > index else None

        return await self.wait_until(check, timeout, f"request #{index} kind={kind} method={method} path={path}")

    @staticmethod
    def _token(itx: FakeInteraction | str) -> str:
        return itx.token if isinstance(itx, FakeInteraction) else itx

    def callbacks(self, itx: FakeInteraction | str) -> list[Request]:
        return self.find_requests(lambda r: r.params.get("token") == self._token(itx), kind="interaction_callback")

    def followups(self, itx: FakeInteraction | str) -> list[Request]:
        return self.find_requests(lambda r: r.params.get("token") == self._token(itx), kind="followup")

    def original_edits(self, itx: FakeInteraction | str) -> list[Request]:
        return self.find_requests(lambda r: r.params.get("token") == self._token(itx), kind="edit_original")

    def channel_messages(self, channel: FakeChannel | int | None = None) -> list[Request]:
        cid = channel.id if isinstance(channel, FakeChannel) else channel
        return self.find_requests(lambda r: cid is None or r.params.get("channel_id") == str(cid), kind="channel_message")

    async def _wait_body(self, kind: str, itx: FakeInteraction | str | None, index: int, predicate, timeout: float) -> Body:
        token = None if itx is None else self._token(itx)
        rec = await self.wait_for_request(
            lambda r: (token is None or r.params.get("token") == token)
            and (r.status is not None and r.status < 400)
            and (predicate is None or predicate(Body.of(r))),
            kind=kind,
            index=index,
            timeout=timeout,
        )
        return Body.of(rec)

    async def wait_callback(self, itx: FakeInteraction | str, *, timeout: float = 10.0) -> Body:
        """The body of the bot's interaction callback (``{"type": 4|5|6|7|8|9, "data": ...}``)."""
        return await self._wait_body("interaction_callback", itx, 0, None, timeout)

    async def wait_autocomplete(self, itx: FakeInteraction | str, *, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The choices of the bot's autocomplete answer."""
        body = await self.wait_callback(itx, timeout=timeout)
        assert body.get("type") == CB_AUTOCOMPLETE, f"expected an autocomplete result, got {dict(body)}"
        return body.data.get("choices", [])

    async def wait_followup(self, itx: FakeInteraction | str, *, index: int = 0, predicate=None, timeout: float = 10.0) -> Body:
        """Body of the ``index``-th follow-up (``POST /webhooks/{app}/{token}``) [matching ``predicate``]."""
        return await self._wait_body("followup", itx, index, predicate, timeout)

    async def wait_edit_original(self, itx: FakeInteraction | str, *, index: int = 0, predicate=None, timeout: float = 10.0) -> Body:
        """Body of the ``index``-th ``PATCH .../messages/@original`` [matching ``predicate``]."""
        return await self._wait_body("edit_original", itx, index, predicate, timeout)

    async def wait_channel_message(
        self, channel: FakeChannel | int | None = None, *, index: int = 0, predicate=None, timeout: float = 10.0
    ) -> Body:
        """Body of the ``index``-th ``POST /channels/{id}/messages`` [in ``channel``] [matching ``predicate``]."""
        cid = channel.id if isinstance(channel, FakeChannel) else channel
        rec = await self.wait_for_request(
            lambda r: (cid is None or r.params.get("channel_id") == str(cid))
            and (r.status is not None and r.status < 400)
            and (predicate is None or predicate(Body.of(r))),
            kind="channel_message",
            index=index,
            timeout=timeout,
        )
        return Body.of(rec)

    async def wait_reply(self, itx: FakeInteraction | str, *, predicate=None, timeout: float = 10.0) -> dict[str, Any]:
        """The first *message* the bot produced for an interaction -- a type 4/7 callback, an edit
        of @original or a follow-up -- whose message dict satisfies ``predicate``; returns the
        message as stored by the fake (content, embeds, components, flags, attachments...)."""
        token = self._token(itx)

        def check() -> dict[str, Any] | None:
            for r in self.requests:
                if not r.done or r.params.get("token") != token or not isinstance(r.response, dict):
                    continue
                if r.status is None or r.status >= 400:
                    continue
                msg = None
                if r.kind == "interaction_callback" and (r.json or {}).get("type") in (CB_MESSAGE, CB_UPDATE):
                    msg = (r.response.get("resource") or {}).get("message")
                elif r.kind in ("edit_original", "followup", "edit_followup"):
                    msg = r.response
                if msg is not None and (predicate is None or predicate(msg)):
                    return msg
            return None

        return await self.wait_until(check, timeout, f"a reply to interaction {token[:12]}...")

    def original_message(self, itx: FakeInteraction | str) -> dict[str, Any] | None:
        """Current state of the interaction's @original message (None if there is none yet)."""
        i = self.interactions[self._token(itx)]
        return self.messages.get(i.original_message_id) if i.original_message_id else None

    def message(self, message_id: int | str) -> dict[str, Any]:
        return self.messages[int(message_id)]

    def fail_next(
        self,
        kind: str | Callable[[Request], bool],
        *,
        status: int = 403,
        message: str = "Missing Permissions",
        code: int = 50013,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests of ``kind`` (or matching a predicate) with an error."""
        pred = kind if callable(kind) else (lambda r, k=kind: r.kind == k)
        self._errors.append((pred, _ApiError(status, message, code), [times]))

    # -- REST --------------------------------------------------------------------------

    def _routes(self) -> list[tuple[str, re.Pattern[str], str, Callable[..., Any], bool]]:
        # (method, path regex, kind, handler, needs bot auth)
        w = r"/webhooks/(?P<app_id>\d+)/(?P<token>[^/]+)"
        table = [
            ("GET", r"/users/@me", "get_me", self._r_get_me, True),
            ("GET", r"/users/(?P<user_id>\d+)", "get_user", self._r_get_user, True),
            ("POST", r"/users/@me/channels", "create_dm", self._r_create_dm, True),
            ("GET", r"/oauth2/applications/@me", "application_info", self._r_app_info, True),
            ("GET", r"/applications/@me", "application_info", self._r_app_info, True),
            ("GET", r"/gateway", "gateway", self._r_gateway, False),
            ("GET", r"/gateway/bot", "gateway", self._r_gateway, True),
            ("PUT", r"/applications/(?P<app_id>\d+)/commands", "command_sync", self._r_put_commands, True),
            ("GET", r"/applications/(?P<app_id>\d+)/commands", "get_commands", self._r_get_commands, True),
            ("POST", r"/applications/(?P<app_id>\d+)/commands", "command_upsert", self._r_post_command, True),
            ("PUT", r"/applications/(?P<app_id>\d+)/guilds/(?P<guild_id>\d+)/commands", "command_sync", self._r_put_commands, True),
            ("GET", r"/applications/(?P<app_id>\d+)/guilds/(?P<guild_id>\d+)/commands", "get_commands", self._r_get_commands, True),
            ("POST", r"/applications/(?P<app_id>\d+)/guilds/(?P<guild_id>\d+)/commands", "command_upsert", self._r_post_command, True),
            ("POST", r"/interactions/(?P<interaction_id>\d+)/(?P<token>[^/]+)/callback", "interaction_callback", self._r_callback, False),
            ("POST", w, "followup", self._r_followup, False),
            ("GET", w + r"/messages/@original", "get_original", self._r_get_original, False),
            ("PATCH", w + r"/messages/@original", "edit_original", self._r_edit_original, False),
            ("DELETE", w + r"/messages/@original", "delete_original", self._r_delete_original, False),
            ("GET", w + r"/messages/(?P<message_id>\d+)", "get_followup", self._r_get_webhook_message, False),
            ("PATCH", w + r"/messages/(?P<message_id>\d+)", "edit_followup", self._r_edit_webhook_message, False),
            ("DELETE", w + r"/messages/(?P<message_id>\d+)", "delete_followup", self._r_delete_webhook_message, False),
            ("GET", r"/channels/(?P<channel_id>\d+)", "get_channel", self._r_get_channel, True),
            ("POST", r"/channels/(?P<channel_id>\d+)/messages", "channel_message", self._r_channel_message, True),
            ("GET", r"/channels/(?P<channel_id>\d+)/messages/(?P<message_id>\d+)", "get_message", self._r_get_message, True),
            ("PATCH", r"/channels/(?P<channel_id>\d+)/messages/(?P<message_id>\d+)", "edit_message", self._r_edit_message, True),
            ("DELETE", r"/channels/(?P<channel_id>\d+)/messages/(?P<message_id>\d+)", "delete_message", self._r_delete_message, True),
            ("POST", r"/channels/(?P<channel_id>\d+)/typing", "typing", self._r_no_content, True),
            ("PUT", r"/channels/(?P<channel_id>\d+)/messages/(?P<message_id>\d+)/reactions/(?P<emoji>[^/]+)/@me", "add_reaction", self._r_no_content, True),
            ("DELETE", r"/channels/(?P<channel_id>\d+)/messages/(?P<message_id>\d+)/reactions/(?P<emoji>[^/]+)/@me", "remove_reaction", self._r_no_content, True),
            ("GET", r"/guilds/(?P<guild_id>\d+)", "get_guild", self._r_get_guild, True),
            ("GET", r"/guilds/(?P<guild_id>\d+)/channels", "get_guild_channels", self._r_get_guild_channels, True),
            ("GET", r"/guilds/(?P<guild_id>\d+)/members/(?P<user_id>\d+)", "get_member", self._r_get_member, True),
        ]
        return [(m, re.compile(p), k, h, a) for m, p, k, h, a in table]

    @staticmethod
    def _json_response(data: Any, status: int = 200) -> web.Response:
        # body= (not text=) so aiohttp doesn't append "; charset=utf-8": discord.py's
        # json_or_text() only parses JSON when the header equals "application/json".
        resp = web.Response(body=json.dumps(data).encode(), status=status)
        resp.headers["Content-Type"] = "application/json"
        return resp

    async def _read_body(self, request: web.Request) -> tuple[Any, list[UploadedFile]]:
        files: list[UploadedFile] = []
        if request.content_type.startswith("multipart/"):
            payload: Any = None
            reader = await request.multipart()
            async for part in reader:
                if part is None:
                    break
                raw = bytes(await part.read(decode=False))  # type: ignore[union-attr]
                name, filename = part.name, getattr(part, "filename", None)
                if name == "payload_json":
                    payload = json.loads(raw.decode() or "null")
                elif filename is not None:
                    files.append(UploadedFile(name or "", filename, part.headers.get("Content-Type"), raw))
                else:
                    log.debug("multipart: ignoring field %r", name)
            return payload, files
        raw = await request.read()
        if not raw:
            return None, files
        try:
            return json.loads(raw), files
        except ValueError:
            return raw.decode("utf-8", "replace"), files

    async def _api_unknown(self, request: web.Request) -> web.StreamResponse:
        log.warning("fake discord: request outside /api: %s %s", request.method, request.path)
        return self._json_response({"message": "404: Not Found", "code": 0}, 404)

    async def _api(self, request: web.Request) -> web.StreamResponse:
        tail = "/" + request.match_info["tail"]
        m = re.match(r"^/v\d+(/.*)$", tail)
        path = m.group(1) if m else tail
        json_body, files = await self._read_body(request)
        rec = Request(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=json_body,
            files=files,
            headers=dict(request.headers),
            received_at=time.monotonic(),
        )
        self.requests.append(rec)
        try:
            handler, auth = None, False
            if self._route_table is None:
                self._route_table = self._routes()
            for meth, pattern, kind, h, a in self._route_table:
                mm = pattern.fullmatch(path)
                if mm and meth == request.method:
                    rec.kind, rec.params, handler, auth = kind, mm.groupdict(), h, a
                    break
            if handler is None:
                log.warning("fake discord: unhandled %s %s %s", request.method, path, json.dumps(json_body)[:300])
                self.unhandled.append(rec)
                raise _ApiError(404, "404: Not Found", 0)
            if auth and self.token is not None and request.headers.get("Authorization") != f"Bot {self.token}":
                raise _ApiError(401, "401: Unauthorized", 0)
            for pred, err, left in list(self._errors):
                if left[0] > 0 and pred(rec):
                    left[0] -= 1
                    raise err
            status, data = await handler(rec, **rec.params)
        except _ApiError as e:
            status, data = e.status, {"message": e.message, "code": e.code}
            if e.errors:
                data["errors"] = e.errors
            if 400 <= status < 500 and rec not in self.unhandled:
                log.warning("fake discord: %s %s -> %s %s", request.method, path, status, data)
                self.rejected.append(rec)
        except Exception as e:  # noqa: BLE001 - answer 400, never 5xx (discord.py retries those slowly)
            log.exception("fake discord: handler error for %s %s", request.method, path)
            status, data = 400, {"message": f"fake discord error: {e!r}", "code": 0}
            self.rejected.append(rec)
        rec.status, rec.response, rec.done = status, data, True
        self._notify()
        if status == 204 or data is None:
            return web.Response(status=204)
        return self._json_response(data, status)

    # -- REST handlers: identity & commands --

    async def _r_get_me(self, rec: Request) -> tuple[int, Any]:
        return 200, {**self.bot_user.to_dict(), "verified": True, "mfa_enabled": False, "flags": 0, "locale": "en-US"}

    async def _r_get_user(self, rec: Request, user_id: str) -> tuple[int, Any]:
        u = self._users.get(int(user_id))
        if u is None:
            raise _ApiError(404, "Unknown User", 10013)
        return 200, u.to_dict()

    async def _r_create_dm(self, rec: Request) -> tuple[int, Any]:
        u = self._users.get(int((rec.json or {}).get("recipient_id", 0)))
        if u is None:
            raise _ApiError(404, "Unknown User", 10013)
        return 200, self.dm_channel(u).to_dict()

    async def _r_app_info(self, rec: Request) -> tuple[int, Any]:
        return 200, {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.app_owner.to_dict(),
            "team": None,
            "verify_key": "0" * 64,
            "flags": self.application_flags,
            "bot": self.bot_user.to_dict(),
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
        }

    async def _r_gateway(self, rec: Request) -> tuple[int, Any]:
        return 200, {
            "url": self.gateway_url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
        }

    def _check_app(self, app_id: str) -> None:
        if int(app_id) != self.application_id:
            raise _ApiError(404, "Unknown Application", 10002)

    def _command_store(self, guild_id: str | None) -> dict[str, dict[str, Any]]:
        if guild_id is None:
            return self.global_commands
        if int(guild_id) not in self.guilds:
            raise _ApiError(403, "Missing Access", 50001)
        return self.guild_commands.setdefault(int(guild_id), {})

    def _register_command(self, cmd: dict[str, Any], guild_id: str | None, existing: dict[str, dict[str, Any]]) -> dict[str, Any]:
        name = cmd.get("name", "")
        ctype = cmd.get("type", 1)
        errors = {}
        if not (_COMMAND_NAME_RE.match(name) and (ctype != 1 or name == name.lower())):
            errors["name"] = f"invalid command name {name!r}"
        if ctype == 1 and not 1 <= len(cmd.get("description") or "") <= 100:
            errors["description"] = "description must be 1-100 characters"
        if len(cmd.get("options") or []) > 25:
            errors["options"] = "at most 25 options"
        if errors and self.validate:
            raise _invalid_form(errors)
        prev = existing.get(name)
        out = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            **cmd,
            "id": prev["id"] if prev else str(self._snowflake()),
            "application_id": str(self.application_id),
            "version": str(self._snowflake()),
        }
        if guild_id is not None:
            out["guild_id"] = str(guild_id)
        return out

    async def _r_put_commands(self, rec: Request, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        store = self._command_store(guild_id)
        if not isinstance(rec.json, list):
            raise _invalid_form({"_": "expected an array of commands"})
        new = [self._register_command(c, guild_id, store) for c in rec.json]
        store.clear()
        store.update({c["name"]: c for c in new})
        return 200, new

    async def _r_post_command(self, rec: Request, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        store = self._command_store(guild_id)
        cmd = self._register_command(rec.json or {}, guild_id, store)
        store[cmd["name"]] = cmd
        return 200, cmd

    async def _r_get_commands(self, rec: Request, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        return 200, list(self._command_store(guild_id).values())

    # -- REST handlers: messages --

    def _validate_message(self, payload: dict[str, Any], files: list[UploadedFile], *, create: bool) -> None:
        if not self.validate:
            return
        errors: dict[str, str] = {}
        content = payload.get("content")
        if content is not None and len(str(content)) > 2000:
            errors["content"] = f"Must be 2000 or fewer in length (got {len(str(content))})."
        embeds = payload.get("embeds") or []
        if len(embeds) > 10:
            errors["embeds"] = "Must be 10 or fewer in length."
        total = 0
        limits = {"title": 256, "description": 4096}
        for i, e in enumerate(embeds):
            for key, lim in limits.items():
                v = e.get(key) or ""
                total += len(v)
                if len(v) > lim:
                    errors[f"embeds.{i}.{key}"] = f"Must be {lim} or fewer in length."
            fields = e.get("fields") or []
            if len(fields) > 25:
                errors[f"embeds.{i}.fields"] = "Must be 25 or fewer in length."
            for j, f in enumerate(fields):
                name, value = f.get("name") or "", f.get("value") or ""
                total += len(name) + len(value)
                if not name or len(name) > 256:
                    errors[f"embeds.{i}.fields.{j}.name"] = "Must be between 1 and 256 in length."
                if not value or len(value) > 1024:
                    errors[f"embeds.{i}.fields.{j}.value"] = "Must be between 1 and 1024 in length."
            footer = (e.get("footer") or {}).get("text") or ""
            author = (e.get("author") or {}).get("name") or ""
            total += len(footer) + len(author)
            if len(footer) > 2048:
                errors[f"embeds.{i}.footer.text"] = "Must be 2048 or fewer in length."
            if len(author) > 256:
                errors[f"embeds.{i}.author.name"] = "Must be 256 or fewer in length."
        if total > 6000:
            errors["embeds"] = f"Embed size exceeds maximum size of 6000 (got {total})."
        for row in payload.get("components") or []:
            for c in row.get("components") or []:
                if len(c.get("custom_id") or "") > 100:
                    errors["components"] = "custom_id must be 100 or fewer in length."
                if len(c.get("label") or "") > 80:
                    errors["components"] = "label must be 80 or fewer in length."
        if errors:
            raise _invalid_form(errors)
        if create and not (content or embeds or files or payload.get("components") or payload.get("sticker_ids") or payload.get("poll")):
            raise _ApiError(400, "Cannot send an empty message", 50006)

    def _attachments_from(self, payload: dict[str, Any], files: list[UploadedFile], channel_id: int, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
        by_id = {str(a["id"]): a for a in existing}
        uploads: dict[int, UploadedFile] = {}
        for f in files:
            m = re.fullmatch(r"files\[(\d+)\]", f.field)
            uploads[int(m.group(1)) if m else len(uploads)] = f

        def new(index: int, f: UploadedFile, description: str | None = None) -> dict[str, Any]:
            aid = self._snowflake()
            key = f"attachments/{channel_id}/{aid}/{f.filename}"
            ctype = f.content_type if f.content_type not in (None, "application/octet-stream") else None
            self._files[key] = (f.data, ctype or "application/octet-stream", 200, {})
            d = {"id": str(aid), "filename": f.filename, "size": len(f.data), "url": f"{self.base_url}/{key}", "proxy_url": f"{self.base_url}/{key}"}
            if ctype:
                d["content_type"] = ctype
            if description:
                d["description"] = description
            return d

        if "attachments" not in payload:
            return existing + [new(i, f) for i, f in sorted(uploads.items())]
        out = []
        for a in payload.get("attachments") or []:
            aid = str(a.get("id"))
            if aid in by_id:
                out.append(by_id[aid])
            elif aid.isdigit() and int(aid) in uploads:
                out.append(new(int(aid), uploads[int(aid)], a.get("description")))
        return out

    def _mentions_in(self, content: str, guild_id: int | None) -> list[dict[str, Any]]:
        out = []
        for uid in dict.fromkeys(_MENTION_RE.findall(content or "")):
            u = self._users.get(int(uid))
            if u is None:
                continue
            d = u.to_dict()
            gm = self.guilds[guild_id].members.get(u.id) if guild_id in self.guilds else None
            if gm is not None:
                d["member"] = gm.to_dict(with_user=False)
            out.append(d)
        return out

    def _new_message(
        self,
        channel_id: int,
        payload: dict[str, Any],
        files: list[UploadedFile],
        *,
        itx: FakeInteraction | None = None,
        msg_type: int = 0,
        extra_flags: int = 0,
    ) -> dict[str, Any]:
        ch = self._channels.get(channel_id)
        guild_id = ch.guild_id if ch else None
        msg: dict[str, Any] = {
            "id": str(self._snowflake()),
            "type": msg_type,
            "channel_id": str(channel_id),
            "author": self.bot_user.to_dict(),
            "content": payload.get("content") or "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(payload.get("tts", False)),
            "mention_everyone": False,
            "mentions": self._mentions_in(payload.get("content") or "", guild_id),
            "mention_roles": [],
            "attachments": self._attachments_from(payload, files, channel_id, []),
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "reactions": [],
            "pinned": False,
            "flags": int(payload.get("flags") or 0) | extra_flags,
        }
        if guild_id is not None:
            msg["guild_id"] = str(guild_id)
        if payload.get("nonce") is not None:
            msg["nonce"] = payload["nonce"]
        if payload.get("poll"):
            msg["poll"] = payload["poll"]
        ref = payload.get("message_reference")
        if ref:
            ref_id = int(ref.get("message_id") or 0)
            referenced = self.messages.get(ref_id)
            if referenced is None and ref.get("fail_if_not_exists", True):
                raise _invalid_form({"message_reference": "Unknown message"})
            msg["type"] = 19 if msg_type == 0 else msg_type
            msg["message_reference"] = {
                "type": ref.get("type", 0),
                "message_id": str(ref_id),
                "channel_id": str(ref.get("channel_id") or channel_id),
                **({"guild_id": str(guild_id)} if guild_id else {}),
            }
            msg["referenced_message"] = referenced
        if itx is not None:
            msg["webhook_id"] = str(self.application_id)
            msg["application_id"] = str(self.application_id)
            meta: dict[str, Any] = {
                "id": str(itx.id),
                "type": itx.type,
                "user": self._users[itx.user_id].to_dict(),
                "authorizing_integration_owners": {"0": str(itx.guild_id)} if itx.guild_id else {"1": str(itx.user_id)},
            }
            if itx.type == APPLICATION_COMMAND:
                meta["name"] = itx.payload.get("data", {}).get("name", "")
                meta["command_type"] = 1
            if itx.source_message_id:
                meta["interacted_message_id"] = str(itx.source_message_id)
            msg["interaction_metadata"] = meta
        self.messages[int(msg["id"])] = msg
        return msg

    def _edit_message(self, msg: dict[str, Any], payload: dict[str, Any], files: list[UploadedFile]) -> dict[str, Any]:
        self._validate_message(payload, files, create=False)
        if "content" in payload:
            msg["content"] = payload["content"] or ""
            msg["mentions"] = self._mentions_in(msg["content"], int(msg["guild_id"]) if msg.get("guild_id") else None)
        for key in ("embeds", "components"):
            if key in payload:
                msg[key] = payload[key] or []
        if "flags" in payload and payload["flags"] is not None:
            keep = int(msg.get("flags", 0)) & FLAG_EPHEMERAL
            msg["flags"] = int(payload["flags"]) | keep
        msg["flags"] = int(msg.get("flags", 0)) & ~FLAG_LOADING
        if "attachments" in payload or files:
            msg["attachments"] = self._attachments_from(payload, files, int(msg["channel_id"]), msg.get("attachments") or [])
        msg["edited_timestamp"] = _now_iso()
        return msg

    def _interaction(self, token: str, app_id: str | None = None) -> FakeInteraction:
        if app_id is not None and int(app_id) != self.application_id:
            raise _ApiError(404, "Unknown Webhook", 10015)
        itx = self.interactions.get(token)
        if itx is None:
            raise _ApiError(404, "Unknown Webhook" if app_id else "Unknown interaction", 10015 if app_id else 10062)
        return itx

    async def _r_callback(self, rec: Request, interaction_id: str, token: str) -> tuple[int, Any]:
        itx = self._interaction(token)
        if itx.id != int(interaction_id):
            raise _ApiError(404, "Unknown interaction", 10062)
        if itx.response_type is not None:
            raise _ApiError(400, "Interaction has already been acknowledged.", 40060)
        body = rec.json or {}
        ctype, data = body.get("type"), body.get("data") or {}
        allowed = {
            APPLICATION_COMMAND: {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_MODAL},
            MESSAGE_COMPONENT: {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE, CB_MODAL},
            AUTOCOMPLETE: {CB_AUTOCOMPLETE},
            MODAL_SUBMIT: {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE},
        }.get(itx.type, set())
        if ctype not in allowed:
            raise _ApiError(400, f"Interaction callback type {ctype} is not valid for interaction type {itx.type}", 40043)
        resource: dict[str, Any] | None = None
        loading = ephemeral = False
        if ctype == CB_MESSAGE:
            self._validate_message(data, rec.files, create=True)
            msg = self._new_message(itx.channel_id, data, rec.files, itx=itx, msg_type=20 if itx.type == APPLICATION_COMMAND else 0)
            itx.original_message_id = int(msg["id"])
            resource = {"type": ctype, "message": msg}
        elif ctype == CB_DEFERRED_MESSAGE:
            msg = self._new_message(
                itx.channel_id,
                {"content": "", "flags": int(data.get("flags") or 0) & FLAG_EPHEMERAL},
                [],
                itx=itx,
                msg_type=20 if itx.type == APPLICATION_COMMAND else 0,
                extra_flags=FLAG_LOADING,
            )
            itx.original_message_id = int(msg["id"])
            resource = {"type": ctype, "message": msg}
            loading = True
        elif ctype in (CB_DEFERRED_UPDATE, CB_UPDATE):
            src = self.messages.get(itx.source_message_id or 0)
            if src is None:
                raise _ApiError(404, "Unknown Message", 10008)
            if ctype == CB_UPDATE:
                self._edit_message(src, data, rec.files)
            itx.original_message_id = int(src["id"])
            resource = {"type": ctype, "message": src}
        elif ctype == CB_AUTOCOMPLETE:
            choices = data.get("choices") or []
            if self.validate:
                errors = {}
                if len(choices) > 25:
                    errors["data.choices"] = "Must be 25 or fewer in length."
                for i, c in enumerate(choices):
                    if not 1 <= len(str(c.get("name", ""))) <= 100:
                        errors[f"data.choices.{i}.name"] = "Must be between 1 and 100 in length."
                    if isinstance(c.get("value"), str) and len(c["value"]) > 100:
                        errors[f"data.choices.{i}.value"] = "Must be 100 or fewer in length."
                if errors:
                    raise _invalid_form(errors)
        itx.response_type = ctype
        if resource is not None and resource.get("message"):
            ephemeral = bool(int(resource["message"].get("flags", 0)) & FLAG_EPHEMERAL)
        if rec.query.get("with_response") not in ("1", "true", "True"):
            return 204, None
        interaction: dict[str, Any] = {"id": str(itx.id), "type": itx.type}
        if resource is not None and resource.get("message"):
            interaction.update(
                response_message_id=resource["message"]["id"],
                response_message_loading=loading,
                response_message_ephemeral=ephemeral,
            )
        out: dict[str, Any] = {"interaction": interaction}
        if resource is not None:
            out["resource"] = resource
        return 200, out

    def _original(self, itx: FakeInteraction) -> dict[str, Any]:
        msg = self.messages.get(itx.original_message_id or 0)
        if msg is None:
            raise _ApiError(404, "Unknown Message", 10008)
        return msg

    async def _r_followup(self, rec: Request, app_id: str, token: str) -> tuple[int, Any]:
        itx = self._interaction(token, app_id)
        if itx.response_type is None:
            raise _ApiError(404, "Unknown Webhook", 10015)  # what Discord says before the callback
        payload = rec.json or {}
        self._validate_message(payload, rec.files, create=True)
        original = self.messages.get(itx.original_message_id or 0)
        if original is not None and int(original.get("flags", 0)) & FLAG_LOADING and not itx.followup_ids:
            # Discord: the first follow-up after a deferred "thinking" response replaces it.
            payload = {k: v for k, v in payload.items() if k != "flags"}
            msg = self._edit_message(original, payload, rec.files)
        else:
            msg = self._new_message(itx.channel_id, payload, rec.files, itx=itx)
        itx.followup_ids.append(int(msg["id"]))
        if rec.query.get("wait") in ("0", "false", "False"):
            return 204, None
        return 200, msg

    async def _r_get_original(self, rec: Request, app_id: str, token: str) -> tuple[int, Any]:
        return 200, self._original(self._interaction(token, app_id))

    async def _r_edit_original(self, rec: Request, app_id: str, token: str) -> tuple[int, Any]:
        itx = self._interaction(token, app_id)
        return 200, self._edit_message(self._original(itx), rec.json or {}, rec.files)

    async def _r_delete_original(self, rec: Request, app_id: str, token: str) -> tuple[int, Any]:
        itx = self._interaction(token, app_id)
        self.messages.pop(int(self._original(itx)["id"]), None)
        return 204, None

    def _webhook_message(self, itx: FakeInteraction, message_id: str) -> dict[str, Any]:
        mid = int(message_id)
        if mid not in itx.followup_ids and mid != itx.original_message_id or mid not in self.messages:
            raise _ApiError(404, "Unknown Message", 10008)
        return self.messages[mid]

    async def _r_get_webhook_message(self, rec: Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        return 200, self._webhook_message(self._interaction(token, app_id), message_id)

    async def _r_edit_webhook_message(self, rec: Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        msg = self._webhook_message(self._interaction(token, app_id), message_id)
        return 200, self._edit_message(msg, rec.json or {}, rec.files)

    async def _r_delete_webhook_message(self, rec: Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        msg = self._webhook_message(self._interaction(token, app_id), message_id)
        self.messages.pop(int(msg["id"]), None)
        return 204, None

    def _channel(self, channel_id: str) -> FakeChannel:
        ch = self._channels.get(int(channel_id))
        if ch is None:
            raise _ApiError(404, "Unknown Channel", 10003)
        return ch

    async def _r_get_channel(self, rec: Request, channel_id: str) -> tuple[int, Any]:
        return 200, self._channel(channel_id).to_dict()

    async def _r_channel_message(self, rec: Request, channel_id: str) -> tuple[int, Any]:
        ch = self._channel(channel_id)
        payload = rec.json or {}
        self._validate_message(payload, rec.files, create=True)
        msg = self._new_message(ch.id, payload, rec.files)
        return 200, msg

    def _channel_message(self, channel_id: str, message_id: str) -> dict[str, Any]:
        self._channel(channel_id)
        msg = self.messages.get(int(message_id))
        if msg is None or msg["channel_id"] != str(channel_id):
            raise _ApiError(404, "Unknown Message", 10008)
        return msg

    async def _r_get_message(self, rec: Request, channel_id: str, message_id: str) -> tuple[int, Any]:
        return 200, self._channel_message(channel_id, message_id)

    async def _r_edit_message(self, rec: Request, channel_id: str, message_id: str) -> tuple[int, Any]:
        msg = self._channel_message(channel_id, message_id)
        if int(msg["author"]["id"]) != self.bot_user.id:
            raise _ApiError(403, "Cannot edit a message authored by another user", 50005)
        return 200, self._edit_message(msg, rec.json or {}, rec.files)

    async def _r_delete_message(self, rec: Request, channel_id: str, message_id: str) -> tuple[int, Any]:
        self.messages.pop(int(self._channel_message(channel_id, message_id)["id"]), None)
        return 204, None

    async def _r_no_content(self, rec: Request, **_: str) -> tuple[int, Any]:
        return 204, None

    async def _r_get_guild(self, rec: Request, guild_id: str) -> tuple[int, Any]:
        g = self.guilds.get(int(guild_id))
        if g is None:
            raise _ApiError(404, "Unknown Guild", 10004)
        data = g.to_gateway()
        for key in ("channels", "members", "threads", "presences", "voice_states", "joined_at", "member_count", "large"):
            data.pop(key, None)
        return 200, data

    async def _r_get_guild_channels(self, rec: Request, guild_id: str) -> tuple[int, Any]:
        g = self.guilds.get(int(guild_id))
        if g is None:
            raise _ApiError(404, "Unknown Guild", 10004)
        return 200, [c.to_dict() for c in g.channels.values()]

    async def _r_get_member(self, rec: Request, guild_id: str, user_id: str) -> tuple[int, Any]:
        g = self.guilds.get(int(guild_id))
        m = g.members.get(int(user_id)) if g else None
        if m is None:
            raise _ApiError(404, "Unknown Member", 10007)
        return 200, m.to_dict()


# ---------------------------------------------------------------------------
# pytest fixture
# ---------------------------------------------------------------------------


@pytest_asyncio.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started :class:`FakeDiscord` (closed after the test). Import it into a test module to use it."""
    fake = FakeDiscord()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()
