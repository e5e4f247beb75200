"""The loopback Discord fake works with the real discord.py client.

A tiny throwaway ``commands.Bot`` (not the product bot) logs in, connects, syncs
its commands and answers injected interactions and messages.
"""

from __future__ import annotations

import io

import aiohttp
import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from tests.fake_discord import MANAGE_GUILD, FakeDiscord, fake_discord  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration


class MoreView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)

    @discord.ui.button(label="More", custom_id="more", style=discord.ButtonStyle.primary)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"expanded for {interaction.user.name}", view=None)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    text = discord.ui.TextInput(label="Your feedback", custom_id="fb_text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class TinyBot(commands.Bot):
    def __init__(self, guild_id: int) -> None:
        intents = discord.Intents.default()  # no privileged message_content
        super().__init__(command_prefix=commands.when_mentioned, intents=intents, help_command=None, guild_ready_timeout=0.1)
        self.dev_guild = discord.Object(guild_id)
        self.synced: list[app_commands.AppCommand] = []
        self.seen_messages: list[discord.Message] = []
        g = self.dev_guild

        @self.tree.command(name="ask", description="Ask a question (deferred)", guild=g)
        @app_commands.describe(question="What to ask")
        async def ask(interaction: discord.Interaction, question: str, limit: int = 3) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send(f"answer to {question!r} (limit={limit})")

        @self.tree.command(name="card", description="Embed with a button", guild=g)
        async def card(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="Quote", description="“Verbatim text.”", url="https://example.com/a")
            embed.add_field(name="Source", value="Example News")
            await interaction.response.send_message(embed=embed, view=MoreView())

        @self.tree.command(name="search", description="Autocomplete demo", guild=g)
        async def search(interaction: discord.Interaction, topic: str) -> None:
            await interaction.response.send_message(f"topic={topic}", ephemeral=True)

        @search.autocomplete("topic")
        async def topic_ac(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            topics = ["elections", "economy", "energy", "sports"]
            return [app_commands.Choice(name=t.title(), value=t) for t in topics if t.startswith(current)]

        @self.tree.command(name="upload", description="Read an attachment", guild=g)
        async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
            data = await file.read()
            await interaction.response.send_message(
                f"{file.filename}: {len(data)} bytes: {data.decode()[:20]}",
                file=discord.File(io.BytesIO(b"echo:" + data), filename="echo.txt"),
            )

        admin = app_commands.Group(name="admin", description="Admin tools", guild_ids=[guild_id])

        @admin.command(name="reload", description="Reload things")
        @app_commands.checks.has_permissions(manage_guild=True)
        async def reload(interaction: discord.Interaction, what: str) -> None:
            await interaction.response.send_message(f"reloaded {what}", ephemeral=True)

        @reload.error
        async def reload_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
            await interaction.response.send_message("no permission", ephemeral=True)

        self.tree.add_command(admin)

        @self.tree.command(name="long", description="Too long for Discord", guild=g)
        async def long(interaction: discord.Interaction) -> None:
            try:
                await interaction.response.send_message("x" * 2500)
            except discord.HTTPException as e:
                await interaction.response.send_message(f"failed: {e.code}")

        @self.tree.command(name="progress", description="Defer, then edit the original twice", guild=g)
        async def progress(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True)
            await interaction.edit_original_response(content="working...")
            await interaction.edit_original_response(
                content="done", embed=discord.Embed(description="result"), view=MoreView()
            )

        @self.tree.command(name="feedback", description="Opens a modal", guild=g)
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

    async def setup_hook(self) -> None:
        self.synced = await self.tree.sync(guild=self.dev_guild)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen_messages.append(message)
        if self.user in message.mentions or message.guild is None:
            async with message.channel.typing():
                await message.reply(f"you said: {message.content}", mention_author=False)


@pytest_asyncio.fixture
async def bot(fake_discord: FakeDiscord):
    b = TinyBot(fake_discord.guild.id)
    async with fake_discord.running(b):
        yield b


async def test_login_ready_and_command_sync(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    assert bot.is_ready() and bot.user is not None and bot.user.id == fake.bot_user.id
    assert bot.application_id == fake.application_id
    guild = bot.get_guild(fake.guild.id)
    assert guild is not None and guild.name == "Test Guild"
    assert {c.name for c in guild.text_channels} == {"general", "news"}
    assert guild.me is not None and guild.me.id == fake.bot_user.id
    assert guild.get_member(fake.admin.id) is None  # no members intent: only the bot's own member
    assert fake.identifies and fake.identifies[0]["token"] == fake.token

    put = await fake.wait_for_request(kind="command_sync")
    assert put.method == "PUT"
    assert put.path == f"/applications/{fake.application_id}/guilds/{fake.guild.id}/commands"
    by_name = {c["name"]: c for c in put.json}
    assert by_name["ask"]["description"] == "Ask a question (deferred)"
    assert by_name["ask"]["options"][0]["name"] == "question"
    assert by_name["admin"]["options"][0]["type"] == 1  # sub-command
    assert {c.name for c in bot.synced} == set(by_name)
    assert all(c.id for c in bot.synced)
    assert not fake.unhandled


async def test_defer_then_followup(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    itx = await fake.slash("ask", {"question": "who won?"}, member="plain")
    cb = await fake.wait_callback(itx)
    assert cb["type"] == 5
    assert cb.record.query["with_response"] == "1"
    follow = await fake.wait_followup(itx)
    assert follow["content"] == "answer to 'who won?' (limit=3)"
    # Like Discord, the first follow-up replaced the "thinking" message.
    original = fake.original_message(itx)
    assert original["content"] == follow["content"] and not original["flags"] & 128
    assert (await fake.wait_reply(itx))["content"] == follow["content"]


async def test_embed_button_and_click(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    itx = await fake.slash("card")
    cb = await fake.wait_callback(itx)
    assert cb["type"] == 4
    embed = cb.data["embeds"][0]
    assert embed["title"] == "Quote" and embed["fields"][0]["value"] == "Example News"
    assert fake.custom_ids(fake.original_message(itx)) == ["more"]

    click = await fake.click("more", member=fake.plain)
    upd = await fake.wait_callback(click)
    assert upd["type"] == 7
    assert upd.data["content"] == "expanded for bob_plain"
    assert upd.data["components"] == []
    assert fake.original_message(itx)["content"] == "expanded for bob_plain"


async def test_defer_then_edit_original_and_click(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    itx = await fake.slash("progress")
    assert (await fake.wait_callback(itx)).data == {"flags": 64}
    first = await fake.wait_edit_original(itx)
    assert first["content"] == "working..."
    second = await fake.wait_edit_original(itx, index=1)
    assert second["content"] == "done" and second["embeds"][0]["description"] == "result"
    msg = fake.original_message(itx)
    assert msg["flags"] == 64 and fake.custom_ids(msg) == ["more"]
    click = await fake.click("more", msg)
    assert (await fake.wait_reply(click))["content"] == "expanded for alice_admin"
    assert fake.original_message(itx)["components"] == []


async def test_autocomplete(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    itx = await fake.autocomplete("search", "topic", "e")
    choices = await fake.wait_autocomplete(itx)
    assert choices == [
        {"name": "Elections", "value": "elections"},
        {"name": "Economy", "value": "economy"},
        {"name": "Energy", "value": "energy"},
    ]
    run = await fake.slash("search", {"topic": "energy"})
    reply = await fake.wait_reply(run)
    assert reply["content"] == "topic=energy" and reply["flags"] & 64


async def test_mention_message_reply(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    sent = await fake.send_message("what happened today?", mention_bot=True, author="plain")
    body = await fake.wait_channel_message(fake.channel)
    assert body["content"] == f"you said: <@{fake.bot_user.id}> what happened today?"
    assert body["message_reference"]["message_id"] == int(sent["id"])
    assert body["message_reference"]["channel_id"] == fake.channel.id
    assert body["allowed_mentions"]["replied_user"] is False
    assert body.record.path == f"/channels/{fake.channel.id}/messages"
    assert fake.find_requests(kind="typing", path=f"/channels/{fake.channel.id}/typing")

    # Without the message_content intent, content of non-mentions is blanked (like Discord).
    await fake.send_message("no mention here", author="plain")
    await fake.wait_until(lambda: len(bot.seen_messages) == 2, 5, "second message")
    assert bot.seen_messages[1].content == ""


async def test_dm_message_and_modal(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    dm = fake.dm_channel(fake.plain.user)
    await fake.send_message("hello in private", channel=dm)
    body = await fake.wait_channel_message(dm)
    assert body["content"] == "you said: hello in private"

    opened = await fake.slash("feedback")
    modal = await fake.wait_callback(opened)
    assert modal["type"] == 9 and modal.data["title"] == "Feedback"
    submitted = await fake.submit_modal({"fb_text": "great bot"})
    assert (await fake.wait_reply(submitted))["content"] == "thanks: great bot"


async def test_attachment_option_and_file_upload(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    att = fake.make_attachment("article.txt", "Hello from the article body")
    itx = await fake.slash("upload", {"file": att})
    cb = await fake.wait_callback(itx)
    assert cb.data["content"] == "article.txt: 27 bytes: Hello from the artic"
    assert [f.filename for f in cb.files] == ["echo.txt"]
    assert cb.files[0].data == b"echo:Hello from the article body"
    msg = fake.original_message(itx)
    assert msg["attachments"][0]["filename"] == "echo.txt"
    async with aiohttp.ClientSession() as s, s.get(msg["attachments"][0]["url"]) as r:
        assert await r.read() == b"echo:Hello from the article body"


async def test_subcommand_permissions(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    ok = await fake.slash("admin reload", {"what": "index"}, member="admin")
    assert (await fake.wait_reply(ok))["content"] == "reloaded index"
    denied = await fake.slash("admin reload", {"what": "index"}, member="plain")
    assert (await fake.wait_reply(denied))["content"] == "no permission"
    assert int(ok.payload["member"]["permissions"]) & MANAGE_GUILD
    assert not int(denied.payload["member"]["permissions"]) & MANAGE_GUILD


async def test_validation_rejects_long_content(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    itx = await fake.slash("long")
    reply = await fake.wait_reply(itx)
    assert reply["content"] == "failed: 50035"
    assert fake.rejected and fake.rejected[0].kind == "interaction_callback"


async def test_resume_after_disconnect(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake = fake_discord
    await fake.drop_connections(4000)
    await fake.wait_connected()
    assert len(fake.identifies) == 1  # resumed, not re-identified
    itx = await fake.slash("ask", {"question": "still there?", "limit": 1})
    assert "still there?" in (await fake.wait_followup(itx))["content"]


async def test_raw_rest_shape(fake_discord: FakeDiscord) -> None:
    fake = fake_discord
    url = fake.serve_file("article.html", "<html><p>Hi</p></html>")
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{fake.api_base}/users/@me", headers=headers) as r:
            assert r.headers["Content-Type"] == "application/json"  # no charset: discord.py needs equality
            assert (await r.json())["id"] == str(fake.bot_user.id)
        async with s.get(f"{fake.api_base}/users/@me") as r:
            assert r.status == 401
        async with s.post(f"{fake.api_base}/nope/123", json={"a": 1}) as r:
            assert r.status == 404 and (await r.json())["message"] == "404: Not Found"
        async with s.get(url) as r:
            assert r.status == 200 and "Hi" in await r.text()
    assert [r.path for r in fake.unhandled] == ["/nope/123"]


@pytest.mark.parametrize("bad_token", ["wrong-token"])
async def test_bad_token_fails_login(fake_discord: FakeDiscord, bad_token: str) -> None:
    b = TinyBot(fake_discord.guild.id)
    with pytest.raises(discord.LoginFailure):
        async with fake_discord.running(b, token=bad_token):
            pass


class ShardClient(discord.Client):
    """A plain discord.py client running one shard, noting the guild of every event it gets."""

    def __init__(self, shard_id: int, shard_count: int) -> None:
        super().__init__(intents=discord.Intents.default(), shard_id=shard_id, shard_count=shard_count,
                         guild_ready_timeout=0.1)
        self.message_guilds: list[int | None] = []
        self.interaction_guilds: list[int | None] = []

    async def on_message(self, message: discord.Message) -> None:
        self.message_guilds.append(message.guild.id if message.guild else None)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        self.interaction_guilds.append(interaction.guild_id)


async def test_each_shard_gets_only_its_guilds_and_their_events() -> None:
    async with FakeDiscord(default_guild=False) as fake:
        zero, one = fake.add_guild("Zero", shard=(0, 2)), fake.add_guild("One", shard=(1, 2))
        extra = fake.add_guild("Also zero", shard=(0, 2))
        assert [(g.id >> 22) % 2 for g in (zero, one, extra)] == [0, 1, 0]  # Discord's formula
        a, b = ShardClient(0, 2), ShardClient(1, 2)
        async with fake.running(a), fake.running(b):
            assert {g.id for g in a.guilds} == {zero.id, extra.id}
            assert {g.id for g in b.guilds} == {one.id}
            assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]
            assert sorted(fake.connected_shards) == [(0, 2), (1, 2)]

            await fake.send_message("hello one", guild=one)
            await fake.send_message("hello zero", guild=zero)
            await fake.slash("anything", guild=one)
            dm = fake.dm_channel(fake.add_user("dm_user"))
            await fake.send_message("a direct message", channel=dm)
            await fake.wait_until(lambda: len(a.message_guilds) == 2 and b.message_guilds and b.interaction_guilds,
                                  what="the events on their shards")
            assert b.message_guilds == [one.id] and b.interaction_guilds == [one.id]
            assert a.message_guilds == [zero.id, None] and a.interaction_guilds == []  # DMs go to shard 0
            assert ("MESSAGE_CREATE", (1, 2), one.id) in fake.deliveries
            assert not [d for d in fake.deliveries if d[2] == one.id and d[1] != (1, 2)]


async def test_a_shard_id_outside_the_count_is_refused_with_4010() -> None:
    async with FakeDiscord() as fake:
        client = ShardClient(2, 2)
        with pytest.raises(discord.ConnectionClosed) as closed:
            async with fake.running(client):
                pass
        assert closed.value.code == 4010
        assert fake.identifies[-1]["shard"] == [2, 2] and not fake.connected


async def test_gateway_bot_recommends_a_shard_count_that_discord_py_follows() -> None:
    async with FakeDiscord(default_guild=False) as fake:
        fake.recommended_shards = 2
        guilds = [fake.add_guild("Zero", shard=(0, 2)), fake.add_guild("One", shard=(1, 2))]
        client = discord.AutoShardedClient(intents=discord.Intents.default(), guild_ready_timeout=0.1)
        # discord.py identifies one shard at a time, 5 s apart (Discord's identify rate limit).
        async with fake.running(client, ready_timeout=30):
            assert client.shard_count == 2 and sorted(client.shards) == [0, 1]
            assert sorted(fake.connected_shards) == [(0, 2), (1, 2)]
            assert {g.id for g in client.guilds} == {g.id for g in guilds}
        assert fake.find_requests(kind="gateway", path="/gateway/bot")


async def test_resume_keeps_each_session_on_its_shard() -> None:
    async with FakeDiscord(default_guild=False) as fake:
        zero, one = fake.add_guild("Zero", shard=(0, 2)), fake.add_guild("One", shard=(1, 2))
        a, b = ShardClient(0, 2), ShardClient(1, 2)
        async with fake.running(a), fake.running(b):
            await fake.drop_connections(4000)
            await fake.wait_until(lambda: sorted(fake.connected_shards) == [(0, 2), (1, 2)], what="both resumed")
            assert len(fake.identifies) == 2  # resumed, not re-identified
            await fake.send_message("after the resume", guild=zero)
            await fake.send_message("after the resume", guild=one)
            await fake.wait_until(lambda: a.message_guilds and b.message_guilds, what="the messages")
            assert a.message_guilds == [zero.id] and b.message_guilds == [one.id]
