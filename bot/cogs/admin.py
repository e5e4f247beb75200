"""Admin commands (Manage Server): `/add` (a URL or an uploaded .txt/.md/.html file), `/remove`
and `/reindex`. Hidden from other members by default and checked again when run; replies are
private. Fetching, parsing and embedding run in worker threads; the deferred reply shows the
progress (edited at most every ~1.5 s)."""
from __future__ import annotations

import asyncio
import logging
from pathlib import PurePosixPath

import discord
from discord import app_commands
from discord.ext import commands

from index import ingest
from index.collections import GLOBAL, guild_collection
from index.errors import ArticleNotFound, IngestError, QuotebotError
from index.models import Article
from index.text import plural

from .. import render
from ..app import QuoteBot, article_choices
from ..render import NO_MENTIONS

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 1.5  # seconds between progress edits
# A queued /add (QUOTEBOT_QUEUE_ADDS): how often its job's state is read, and how long the reply
# follows it before saying where to look instead (an interaction's token lasts 15 minutes).
QUEUE_POLL = 1.0
QUEUE_FOLLOW = 14 * 60


class ProgressMessage:
    """Shows a long job's progress in the deferred reply: `update` may be called from any
    thread, as often as it likes; the message is edited at most every `interval` seconds and
    never after `close` (which waits for an edit in flight, so the final text lands last)."""

    def __init__(self, interaction: discord.Interaction, interval: float = PROGRESS_INTERVAL):
        self.interaction = interaction
        self.interval = interval
        self.loop = asyncio.get_running_loop()
        self._latest: str | None = None
        self._shown: str | None = None
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        self._task = self.loop.create_task(self._run())

    def set(self, text: str) -> None:
        """From the event loop."""
        self._latest = text
        self._changed.set()

    def update(self, text: str) -> None:
        """From any thread."""
        try:
            self.loop.call_soon_threadsafe(self.set, text)
        except RuntimeError:  # the loop is gone (shutting down): progress no longer matters
            pass

    def callback(self, stage: str):
        """An engine progress(done, total) callback (called from the worker thread)."""
        def progress(done: int, total: int) -> None:
            self.update(render.progress_text(stage, done, total))
        return progress

    async def _run(self) -> None:
        while not self._closing.is_set():
            await self._changed.wait()
            self._changed.clear()
            if self._closing.is_set():
                break
            text = self._latest
            if text is not None and text != self._shown:
                try:
                    await self.interaction.edit_original_response(content=text, allowed_mentions=NO_MENTIONS)
                    self._shown = text
                except discord.HTTPException:
                    log.debug("progress edit failed", exc_info=True)
            try:  # throttle, but wake up at once when closing
                await asyncio.wait_for(self._closing.wait(), self.interval)
            except asyncio.TimeoutError:
                pass

    async def close(self) -> None:
        self._closing.set()
        self._changed.set()
        await self._task


def _in_a_server(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return True


def admin_checks(func):
    """Checked when run: in a server first, then the Manage Server permission. For the
    subcommands of a group that is itself hidden and server-only (see `admin_command`)."""
    func = app_commands.check(_in_a_server)(func)
    return app_commands.checks.has_permissions(manage_guild=True)(func)


def admin_command(func):
    """Hidden from members without Manage Server and offered in servers only; both checked
    again when run (server first, then the permission)."""
    func = admin_checks(func)
    func = app_commands.guild_only()(func)
    return app_commands.default_permissions(manage_guild=True)(func)


class Admin(commands.Cog):
    def __init__(self, bot: QuoteBot):
        self.bot = bot

    async def _articles_from(self, url: str | None, file: discord.Attachment | None,
                             progress: ProgressMessage) -> list[Article]:
        limit = self.bot.settings.max_download_bytes
        if file is not None:
            suffix = PurePosixPath(file.filename).suffix.lower()
            if suffix not in ingest.ARTICLE_SUFFIXES:
                raise IngestError(file.filename, "unsupported file type: upload a .txt, .md or .html file")
            if file.size > limit:
                raise IngestError(file.filename, f"the file is {file.size:,} bytes, over the {limit:,}-byte limit")
            progress.set(render.progress_text(f"Reading {file.filename}"))
            data = await file.read()
            if len(data) > limit:
                raise IngestError(file.filename, f"the file is over the {limit:,}-byte limit")
            source = f"{render.UPLOAD_SOURCE}{file.id}/{file.filename}"
            # The source names this upload (not just its file name): two uploads called
            # article.txt are two articles, not one replacing the other.
            return [await self.bot.blocking(ingest.parse_upload, data, file.filename, source=source,
                                            max_bytes=limit)]
        assert url is not None
        url = url.strip()
        if not ingest.is_url(url):
            # load_sources also reads local paths: never from Discord.
            raise IngestError(url, "that is not a web address: give a full URL starting with https://")
        progress.set(render.progress_text("Fetching the page"))
        return await self.bot.blocking(self.bot.engine.load_sources, url)

    @app_commands.command(name="add")
    @app_commands.describe(url="The web address of an article to add (https://…)",
                           file="An article file to add instead: .txt, .md or .html")
    @admin_command
    async def add(self, interaction: discord.Interaction, url: str | None = None,
                  file: discord.Attachment | None = None) -> None:
        """Add an article to this server's index, from a URL or an uploaded file (admins)."""
        if (url is None) == (file is None):
            await interaction.response.send_message(
                "Give either `url:` (a web address) or `file:` (a .txt, .md or .html upload) — one of them.",
                ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        interaction.extras["private_pending"] = True
        collection = guild_collection(interaction.guild_id)
        if url is not None and self.bot.settings.queue_adds:
            await self._queue_add(interaction, url.strip(), collection)
            return
        progress = ProgressMessage(interaction)
        try:
            articles = await self._articles_from(url, file, progress)
            results = []
            for article in articles:
                stage = f"Indexing {render.truncate(render.one_line(article.title), 60)}"
                progress.set(render.progress_text(stage))
                result = await self.bot.blocking(self.bot.engine.add_article, article, collection,
                                                 progress.callback(stage))
                results.append((result.status, result.article))
                # A hint, not the channel's chosen story: the reply is private, so members who
                # never saw the article arrive would have every other question declined in it.
                self.bot.discussed.note(interaction.channel_id, result.article.id, chosen=False)
                log.info("guild %s: %s %s %r", interaction.guild_id, result.status, result.article.id,
                         result.article.title)
        finally:
            await progress.close()
        await interaction.edit_original_response(content=render.added_text(results), allowed_mentions=NO_MENTIONS)

    async def _queue_add(self, interaction: discord.Interaction, url: str, collection: str) -> None:
        """Queue the add for a `quotebot worker` and follow its job in the reply."""
        from index import jobs
        from index.store import jobs as queue

        if not ingest.is_url(url):
            raise IngestError(url, "that is not a web address: give a full URL starting with https://")
        database = self.bot.settings.database_url
        queued = await self.bot.blocking(jobs.enqueue_add, database, url, collection)
        log.info("guild %s: queued job %s to add %s", interaction.guild_id, queued.job_id, url)
        progress = ProgressMessage(interaction)
        state = None
        try:
            progress.set(f"⏳ Queued as job {queued.job_id}: a worker will index it.")
            deadline = asyncio.get_running_loop().time() + QUEUE_FOLLOW
            while asyncio.get_running_loop().time() < deadline:
                state = await self.bot.blocking(queue.job_state, database, queued.job_id)
                if state is not None and state.status not in ("todo", "doing"):
                    break
                if state is not None and state.status == "doing":
                    progress.set(f"⏳ Job {queued.job_id}: a worker is indexing it…")
                await asyncio.sleep(QUEUE_POLL)
        finally:
            await progress.close()
        await interaction.edit_original_response(content=render.queued_add_text(queued.job_id, state),
                                                 allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="remove")
    @app_commands.describe(article="The article to remove (start typing its title)")
    @admin_command
    async def remove(self, interaction: discord.Interaction, article: str) -> None:
        """Remove an article that was added in this server (admins)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        interaction.extras["private_pending"] = True
        collection = guild_collection(interaction.guild_id)
        try:
            info = await self.bot.blocking(self.bot.engine.find_article, article, [collection], strict=True)
        except ArticleNotFound as here:
            try:
                await self.bot.blocking(self.bot.engine.find_article, article, [GLOBAL], strict=True)
            except ArticleNotFound:
                raise here from None  # its suggestions are this server's articles: what /remove can remove
            raise QuotebotError("That article is one of the bot's shared articles, available in every server; "
                                "it can't be removed from one server. /remove removes articles added here "
                                "with /add.") from None  # no markdown: an error's text is shown escaped
        removed = await self.bot.blocking(self.bot.engine.remove, info.id, collection)
        self.bot.discussed.forget(removed.id)
        log.info("guild %s: removed %s %r", interaction.guild_id, removed.id, removed.title)
        title = render.escape(render.truncate(render.one_line(removed.title), 200))
        await interaction.edit_original_response(
            content=f"🗑️ Removed **{title}** (id `{removed.id}`): it will no longer be quoted here.",
            allowed_mentions=NO_MENTIONS)

    @remove.autocomplete("article")
    async def remove_article(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        return await article_choices(self.bot, [guild_collection(interaction.guild_id)], current)

    @app_commands.command(name="reindex")
    @admin_command
    async def reindex(self, interaction: discord.Interaction) -> None:
        """Rebuild the search index; answers keep working meanwhile (admins)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        interaction.extras["private_pending"] = True
        progress = ProgressMessage(interaction)
        progress.set(render.progress_text("Reindexing"))
        try:
            passages = await self.bot.blocking(self.bot.engine.reindex, progress.callback("Reindexing"))
        finally:
            await progress.close()
        await interaction.edit_original_response(content=f"✅ Reindexed {plural(passages, 'passage')}.",
                                                 allowed_mentions=NO_MENTIONS)


async def setup(bot: QuoteBot) -> None:
    await bot.add_cog(Admin(bot))
