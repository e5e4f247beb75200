"""What a test does with the fake Discord: inject interactions (slash commands, autocomplete,
button clicks, modal submits) and messages as a user would, and wait for what the bot sent
back, by request or by reply."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
from typing import Any, Callable, Mapping, Sequence


from .state import (
    ALL_PERMISSIONS,
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CB_AUTOCOMPLETE,
    CB_MESSAGE,
    CB_MODAL,
    CB_UPDATE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    OPT_ATTACHMENT,
    OPT_BOOLEAN,
    OPT_CHANNEL,
    OPT_INTEGER,
    OPT_NUMBER,
    OPT_ROLE,
    OPT_STRING,
    OPT_SUB_COMMAND,
    OPT_SUB_COMMAND_GROUP,
    OPT_USER,
    _MENTION_RE,
    Body,
    FakeAttachment,
    FakeChannel,
    FakeGuild,
    FakeInteraction,
    FakeMember,
    FakeRole,
    FakeUser,
    Request,
    _now_iso,
)


log = logging.getLogger("fake_discord")


class TestDriver:
    """The test-facing half of FakeDiscord: injecting events and waiting for the bot."""

    __test__ = False  # not a pytest test class, whatever its name

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
