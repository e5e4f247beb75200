"""The fake Discord's HTTP side: the REST API routes discord.py calls (validated like Discord
validates them, recorded in `requests`), injected REST errors, and the static files that stand
in for attachments and web pages."""
from __future__ import annotations

import json
import logging
import re
import time
from typing import Any, Callable, Mapping

from aiohttp import web

from .state import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CB_AUTOCOMPLETE,
    CB_DEFERRED_MESSAGE,
    CB_DEFERRED_UPDATE,
    CB_MESSAGE,
    CB_MODAL,
    CB_UPDATE,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    _COMMAND_NAME_RE,
    FakeAttachment,
    Request,
    UploadedFile,
    _ApiError,
    _invalid_form,
)


log = logging.getLogger("fake_discord")


class RestRoutes:
    """The REST half of FakeDiscord."""

    def _init_rest(self, validate: bool) -> None:
        self.validate = validate
        self.requests: list[Request] = []
        self.unhandled: list[Request] = []
        self.rejected: list[Request] = []  # requests answered with a 4xx by validation
        self.file_requests: list[str] = []
        self._files: dict[str, tuple[bytes, str, int, dict[str, str]]] = {}
        self._errors: list[tuple[Callable[[Request], bool], _ApiError, list[int]]] = []
        self._route_table: list | None = None

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
            "shards": self.recommended_shards or max(1, -(-len(self.guilds) // 1000)),
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

    async def _r_get_webhook_message(self, rec: Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        return 200, self._webhook_message(self._interaction(token, app_id), message_id)

    async def _r_edit_webhook_message(self, rec: Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        msg = self._webhook_message(self._interaction(token, app_id), message_id)
        return 200, self._edit_message(msg, rec.json or {}, rec.files)

    async def _r_delete_webhook_message(self, rec: Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        msg = self._webhook_message(self._interaction(token, app_id), message_id)
        self.messages.pop(int(msg["id"]), None)
        return 204, None

    async def _r_get_channel(self, rec: Request, channel_id: str) -> tuple[int, Any]:
        return 200, self._channel(channel_id).to_dict()

    async def _r_channel_message(self, rec: Request, channel_id: str) -> tuple[int, Any]:
        ch = self._channel(channel_id)
        payload = rec.json or {}
        self._validate_message(payload, rec.files, create=True)
        msg = self._new_message(ch.id, payload, rec.files)
        return 200, msg

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
