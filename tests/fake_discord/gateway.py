"""The fake Discord's gateway: the websocket discord.py connects to (HELLO, IDENTIFY, READY,
GUILD_CREATE, heartbeats, resumes) and the events it dispatches, MESSAGE_CREATE filtered by the
bot's intents as Discord filters it.

Sharding as Discord does it: an IDENTIFY's ``shard`` [shard_id, shard_count] makes the session
one shard, which gets only the guilds (READY, GUILD_CREATE) and the events of its guilds, those
with ``(guild_id >> 22) % shard_count == shard_id``; DMs go to shard 0. A shard id outside
0..shard_count-1 is closed with 4010 "Invalid shard". Without ``shard`` a session is shard 0
of 1 and gets everything."""
from __future__ import annotations

import json
import logging
import secrets
from typing import Any

from aiohttp import WSMsgType, web

from .state import (
    API_VERSION,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    FakeGuild,
)


log = logging.getLogger("fake_discord")


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events, by Discord's formula."""
    return (guild_id >> 22) % shard_count


def _valid_shard(shard: Any) -> bool:
    return (isinstance(shard, list) and len(shard) == 2 and all(isinstance(n, int) for n in shard)
            and shard[1] >= 1 and 0 <= shard[0] < shard[1])


class _GatewaySession:
    def __init__(self, ws: web.WebSocketResponse, session_id: str):
        self.ws = ws
        self.session_id = session_id
        self.seq = 0
        self.identify: dict[str, Any] | None = None
        self.ready = False

    @property
    def shard(self) -> tuple[int, int]:
        """(shard_id, shard_count) from IDENTIFY; (0, 1) when the client does not shard."""
        shard = (self.identify or {}).get("shard") or [0, 1]
        return int(shard[0]), int(shard[1])

    def receives(self, guild_id: int | None) -> bool:
        """Whether Discord sends this session the events of ``guild_id`` (None: a DM)."""
        shard_id, count = self.shard
        return shard_id == 0 if guild_id is None else shard_of(guild_id, count) == shard_id

    @property
    def intents(self) -> int:
        return int((self.identify or {}).get("intents", 0))

    async def send(self, payload: dict[str, Any]) -> None:
        if not self.ws.closed:
            await self.ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: Any) -> None:
        self.seq += 1
        await self.send({"op": 0, "t": event, "s": self.seq, "d": data})


class Gateway:
    """The gateway half of FakeDiscord."""

    def _init_gateway(self, heartbeat_interval_ms: int, enforce_intents: bool) -> None:
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.enforce_intents = enforce_intents
        self.identifies: list[dict[str, Any]] = []
        self.presence_updates: list[dict[str, Any]] = []
        self._sessions: list[_GatewaySession] = []
        # session id -> its IDENTIFY, so a RESUME gets back its own shard and intents
        self._identified: dict[str, dict[str, Any]] = {}
        # (event, (shard_id, shard_count), guild_id or None) of every dispatch, in order
        self.deliveries: list[tuple[str, tuple[int, int], int | None]] = []
        # What GET /gateway/bot recommends; None: one shard a thousand guilds, as Discord roughly does.
        self.recommended_shards: int | None = None

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
            if "shard" in d and not _valid_shard(d["shard"]):
                self.identifies.append(d)
                await session.ws.close(code=4010, message=b"Invalid shard.")
                return
            session.identify = d
            self.identifies.append(d)
            self._identified[session.session_id] = d
            mine = [g for g in self.guilds.values() if session.receives(g.id)]
            ready = {
                "v": API_VERSION,
                "user": {**self.bot_user.to_dict(), "verified": True, "mfa_enabled": False, "flags": 0},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in mine],
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
            for g in mine:
                payload = g.to_gateway()
                if self.enforce_intents and not session.intents & INTENT_GUILD_MEMBERS:
                    # Without the GUILD_MEMBERS intent Discord only sends the bot's own member.
                    payload["members"] = [m.to_dict() for m in g.members.values() if m.id == self.bot_user.id]
                await session.dispatch("GUILD_CREATE", payload)
            session.ready = True
            self._notify()
        elif op == 6:  # resume
            if d.get("session_id") in self._identified and d.get("token") == (self.token or d.get("token")):
                session.session_id = d["session_id"]
                session.seq = int(d.get("seq") or 0)
                session.identify = self._identified[d["session_id"]]
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

    @property
    def connected_shards(self) -> list[tuple[int, int]]:
        """(shard_id, shard_count) of every ready session, in connection order."""
        return [s.shard for s in self._sessions if s.ready and not s.ws.closed]

    def _receivers(self, guild_id: int | None) -> list[_GatewaySession]:
        return [s for s in self._sessions if s.ready and not s.ws.closed and s.receives(guild_id)]

    async def wait_connected(self, timeout: float = 10.0, *, guild: Any = None) -> None:
        """Wait until a gateway session has identified (READY sent); with ``guild`` (a FakeGuild
        or id), one of the shard that receives that guild's events."""
        if guild is None:
            await self.wait_until(lambda: self.connected, timeout, "a ready gateway session")
            return
        gid = int(getattr(guild, "id", guild))
        await self.wait_until(lambda: self._receivers(gid), timeout, f"a ready session of guild {gid}'s shard")

    async def dispatch(self, event: str, data: dict[str, Any], *, timeout: float = 10.0) -> int:
        """Send a gateway DISPATCH to every ready session that receives it (the shard of
        ``data["guild_id"]``, shard 0 without one; waits for one); returns how many got it."""
        gid = int(data["guild_id"]) if data.get("guild_id") else None
        await self.wait_until(lambda: self._receivers(gid), timeout,
                              "a ready gateway session" + (f" of guild {gid}'s shard" if gid else ""))
        n = 0
        for s in self._receivers(gid):
            self.deliveries.append((event, s.shard, gid))
            await s.dispatch(event, data)
            n += 1
        return n

    async def drop_connections(self, code: int = 4000) -> None:
        """Close every gateway socket with ``code`` (discord.py reconnects and RESUMEs)."""
        for s in list(self._sessions):
            s.ready = False
            await s.ws.close(code=code)

    async def _dispatch_message(self, msg: dict[str, Any], guild: FakeGuild | None) -> None:
        gid = guild.id if guild is not None else None
        await self.wait_connected(guild=gid) if gid is not None else await self.wait_connected()
        bot_mentioned = any(int(u["id"]) == self.bot_user.id for u in msg.get("mentions", []))
        for s in self._receivers(gid):
            payload = msg
            if self.enforce_intents:
                needed = INTENT_GUILD_MESSAGES if guild is not None else INTENT_DIRECT_MESSAGES
                if not s.intents & needed:
                    continue
                own = int(msg["author"]["id"]) == self.bot_user.id
                if not s.intents & INTENT_MESSAGE_CONTENT and not bot_mentioned and not own and guild is not None:
                    payload = {**msg, "content": "", "embeds": [], "attachments": [], "components": []}
            self.deliveries.append(("MESSAGE_CREATE", s.shard, gid))
            await s.dispatch("MESSAGE_CREATE", payload)
