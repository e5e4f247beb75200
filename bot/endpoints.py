"""Point discord.py at a Discord-compatible server other than discord.com.

Used by the test suite (``tests/fake_discord/`` serves REST + gateway on
127.0.0.1) and usable for any self-hosted Discord-compatible endpoint.

discord.py 2.x reads only two addresses at run time, both class attributes,
so changing them is enough:

* ``discord.http.Route.BASE`` -- every REST call, including the interaction
  callbacks and follow-up webhooks (``webhook/async_.py`` builds ``Route``s
  too).  The value is read when each ``Route`` is created, so this works even
  after the client exists.  ``discord.http._set_api_version()`` overwrites it
  with discord.com: call this function after that, if at all.
* ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` -- the websocket a
  plain ``Client``/``Bot`` connects to (it never calls ``GET /gateway/bot``).
  discord.py appends ``?v=10&encoding=json&compress=...`` with
  ``URL.with_query``, which *replaces* any query here, so pass a bare URL.
  Resumes use ``resume_gateway_url`` from READY (the server's own choice) and
  an invalidated session falls back to ``DEFAULT_GATEWAY``.  An
  ``AutoShardedClient`` asks ``GET /gateway/bot`` for its URL instead.

Nothing else needs changing: CDN asset URLs (``Asset.BASE``) are only
fetched on explicit ``Asset.read()``, and ``Webhook.url`` is cosmetic.
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl


def point_discord_at(api_base: str | None, gateway_url: str | None) -> None:
    """Set the REST base (e.g. ``http://127.0.0.1:PORT/api/v10``) and/or the
    gateway URL (e.g. ``ws://127.0.0.1:PORT/gateway``); ``None`` leaves a value as is."""
    if api_base is not None:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url is not None:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
