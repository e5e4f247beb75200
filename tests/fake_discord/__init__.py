"""A loopback fake of Discord (gateway websocket + REST API) for tests.

The *real* discord.py client talks to it: it logs in (``GET /users/@me``,
``GET /oauth2/applications/@me``), connects to the gateway (HELLO, IDENTIFY,
READY, GUILD_CREATE), syncs application commands, receives injected events
(INTERACTION_CREATE, MESSAGE_CREATE) and answers them over REST.  Every REST
request is recorded so tests can assert on exactly what the bot sent.

One FakeDiscord is made of four parts, a module each: state.py (ids, users, guilds, channels,
messages, interactions and the API's constants), rest.py (the REST routes, their validation and
the static files), gateway.py (the websocket: IDENTIFY, READY, dispatch) and helpers.py (what a
test does: inject interactions and messages, wait for the bot's requests and replies);
server.py puts them on one loopback port and holds the `fake_discord` fixture.

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

* Sharding: an IDENTIFY with ``shard`` [id, count] gets only the guilds of that shard, by
  Discord's formula ``(guild_id >> 22) % count`` (in READY and GUILD_CREATE), and only their
  events (DMs go to shard 0); a shard id outside 0..count-1 is closed with 4010 "Invalid
  shard". ``add_guild(..., shard=(id, count))`` makes a guild of that shard, ``deliveries``
  records which shard got each event, ``GET /gateway/bot`` recommends ``recommended_shards``.

Not modelled: rate limits, permissions enforcement on REST, threads, voice, the
identify rate limit between shards, 4011 "Sharding required".  Don't make the fake answer
5xx: discord.py retries those with sleeps of 1, 3, 5... seconds.
"""
from .server import FakeDiscord, fake_discord
from .state import (
    DISCORD_EPOCH_MS,
    API_VERSION,
    ADMINISTRATOR,
    MANAGE_GUILD,
    ADD_REACTIONS,
    VIEW_CHANNEL,
    SEND_MESSAGES,
    EMBED_LINKS,
    ATTACH_FILES,
    READ_MESSAGE_HISTORY,
    USE_EXTERNAL_EMOJIS,
    USE_APPLICATION_COMMANDS,
    SEND_MESSAGES_IN_THREADS,
    ALL_PERMISSIONS,
    BASIC_PERMISSIONS,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGES,
    INTENT_DIRECT_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    PING,
    APPLICATION_COMMAND,
    MESSAGE_COMPONENT,
    AUTOCOMPLETE,
    MODAL_SUBMIT,
    CB_PONG,
    CB_MESSAGE,
    CB_DEFERRED_MESSAGE,
    CB_DEFERRED_UPDATE,
    CB_UPDATE,
    CB_AUTOCOMPLETE,
    CB_MODAL,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    OPT_SUB_COMMAND,
    OPT_SUB_COMMAND_GROUP,
    OPT_STRING,
    OPT_INTEGER,
    OPT_BOOLEAN,
    OPT_USER,
    OPT_CHANNEL,
    OPT_ROLE,
    OPT_MENTIONABLE,
    OPT_NUMBER,
    OPT_ATTACHMENT,
    FakeUser,
    FakeRole,
    FakeChannel,
    FakeMember,
    FakeGuild,
    FakeAttachment,
    UploadedFile,
    Request,
    Body,
    FakeInteraction,
)

__all__ = [
    "FakeDiscord",
    "fake_discord",
    "DISCORD_EPOCH_MS",
    "API_VERSION",
    "ADMINISTRATOR",
    "MANAGE_GUILD",
    "ADD_REACTIONS",
    "VIEW_CHANNEL",
    "SEND_MESSAGES",
    "EMBED_LINKS",
    "ATTACH_FILES",
    "READ_MESSAGE_HISTORY",
    "USE_EXTERNAL_EMOJIS",
    "USE_APPLICATION_COMMANDS",
    "SEND_MESSAGES_IN_THREADS",
    "ALL_PERMISSIONS",
    "BASIC_PERMISSIONS",
    "INTENT_GUILD_MEMBERS",
    "INTENT_GUILD_MESSAGES",
    "INTENT_DIRECT_MESSAGES",
    "INTENT_MESSAGE_CONTENT",
    "PING",
    "APPLICATION_COMMAND",
    "MESSAGE_COMPONENT",
    "AUTOCOMPLETE",
    "MODAL_SUBMIT",
    "CB_PONG",
    "CB_MESSAGE",
    "CB_DEFERRED_MESSAGE",
    "CB_DEFERRED_UPDATE",
    "CB_UPDATE",
    "CB_AUTOCOMPLETE",
    "CB_MODAL",
    "FLAG_EPHEMERAL",
    "FLAG_LOADING",
    "OPT_SUB_COMMAND",
    "OPT_SUB_COMMAND_GROUP",
    "OPT_STRING",
    "OPT_INTEGER",
    "OPT_BOOLEAN",
    "OPT_USER",
    "OPT_CHANNEL",
    "OPT_ROLE",
    "OPT_MENTIONABLE",
    "OPT_NUMBER",
    "OPT_ATTACHMENT",
    "FakeUser",
    "FakeRole",
    "FakeChannel",
    "FakeMember",
    "FakeGuild",
    "FakeAttachment",
    "UploadedFile",
    "Request",
    "Body",
    "FakeInteraction",
]
