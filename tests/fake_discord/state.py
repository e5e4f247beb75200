"""What the fake Discord knows: ids, users, guilds with their roles, members and channels,
messages and interactions, and the constants of Discord's API they are made of. REST handlers
(rest.py), the gateway (gateway.py) and the test helpers (helpers.py) all read and change it."""
from __future__ import annotations

import datetime as _dt
import json
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    from .server import FakeDiscord

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


class DiscordState:
    """The state half of FakeDiscord: ids, users, guilds, channels, messages, interactions."""

    def _init_state(self, bot_name: str) -> None:
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
        self.guild: FakeGuild | None = None

    def _snowflake(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        self._last_id = max(ms << 22, self._last_id + 1)
        return self._last_id

    def _snowflake_on_shard(self, shard_id: int, shard_count: int) -> int:
        """A fresh id that Discord's formula, (id >> 22) % shard_count, puts on ``shard_id``: the
        next one whose timestamp part is right (up to shard_count ms ahead of now)."""
        assert 0 <= shard_id < shard_count, (shard_id, shard_count)
        base = self._snowflake()
        ms = (base >> 22) + (shard_id - (base >> 22)) % shard_count
        self._last_id = max(base, ms << 22)
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
        shard: tuple[int, int] | None = None,
    ) -> FakeGuild:
        """Add a guild with @everyone, a "Moderators" role (Manage Server), a managed bot role,
        text ``channels``, and members ``owner``, ``admin`` (Moderators), ``plain`` and the bot.
        ``shard`` (shard_id, shard_count) picks an id whose events that shard receives.
        Define guilds before the bot connects (they are sent in READY/GUILD_CREATE)."""
        gid = self._snowflake() if shard is None else self._snowflake_on_shard(*shard)
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

    def message(self, message_id: int | str) -> dict[str, Any]:
        return self.messages[int(message_id)]

    def original_message(self, itx: FakeInteraction | str) -> dict[str, Any] | None:
        """Current state of the interaction's @original message (None if there is none yet)."""
        i = self.interactions[self._token(itx)]
        return self.messages.get(i.original_message_id) if i.original_message_id else None

    def _interaction(self, token: str, app_id: str | None = None) -> FakeInteraction:
        if app_id is not None and int(app_id) != self.application_id:
            raise _ApiError(404, "Unknown Webhook", 10015)
        itx = self.interactions.get(token)
        if itx is None:
            raise _ApiError(404, "Unknown Webhook" if app_id else "Unknown interaction", 10015 if app_id else 10062)
        return itx

    def _original(self, itx: FakeInteraction) -> dict[str, Any]:
        msg = self.messages.get(itx.original_message_id or 0)
        if msg is None:
            raise _ApiError(404, "Unknown Message", 10008)
        return msg

    def _webhook_message(self, itx: FakeInteraction, message_id: str) -> dict[str, Any]:
        mid = int(message_id)
        if mid not in itx.followup_ids and mid != itx.original_message_id or mid not in self.messages:
            raise _ApiError(404, "Unknown Message", 10008)
        return self.messages[mid]

    def _channel(self, channel_id: str) -> FakeChannel:
        ch = self._channels.get(int(channel_id))
        if ch is None:
            raise _ApiError(404, "Unknown Channel", 10003)
        return ch

    def _channel_message(self, channel_id: str, message_id: str) -> dict[str, Any]:
        self._channel(channel_id)
        msg = self.messages.get(int(message_id))
        if msg is None or msg["channel_id"] != str(channel_id):
            raise _ApiError(404, "Unknown Message", 10008)
        return msg

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
