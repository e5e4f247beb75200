"""`/feeds add url`, `/feeds remove feed`, `/feeds list` (Manage Server): the RSS and Atom feeds
a server follows. Their new entries are indexed into the server's own collection by the bot's
feed poller (`bot.poller`, running in the background), so they can be asked about there and
only there. Hidden from other members by default and checked again when run; replies are
private. Every poller call (SQLite, the check fetch of a new feed) runs in a worker thread."""
from __future__ import annotations

import hashlib
import logging

import discord
from discord import app_commands
from discord.ext import commands

from index import ingest
from index.collections import guild_collection
from index.errors import FeedError, FeedNotFound, IngestError, QuotebotError, UnsafeURLError
from index.feeds import MAX_FEEDS_PER_COLLECTION, FeedInfo, FeedPoller

from .. import render
from ..app import QuoteBot
from ..render import NO_MENTIONS
from .admin import admin_checks

log = logging.getLogger(__name__)

CHOICE_VALUE_LIMIT = 100  # Discord's limit on a string choice's value
FEED_HINT = "Give the address of the site's RSS or Atom feed (it often ends in `/feed`, `/rss` or `.xml`)."


def feed_key(url: str) -> str:
    """What an autocomplete choice carries for a feed: its URL, or a short key when the URL is
    longer than a choice value may be."""
    if len(url) <= CHOICE_VALUE_LIMIT:
        return url
    return "feed#" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def find_feed(feeds: list[FeedInfo], ref: str) -> FeedInfo | None:
    """The feed `ref` names: a choice's value (URL or key), the URL as typed (normalised), or
    the feed's exact title."""
    ref = (ref or "").strip()
    if not ref:
        return None
    for test in (
        lambda f: f.url == ref or feed_key(f.url) == ref,
        lambda f: ingest.normalize_url(f.url) == ingest.normalize_url(ref),
        lambda f: (f.title or "").casefold() == ref.casefold(),
    ):
        found = [f for f in feeds if test(f)]
        if len(found) == 1:
            return found[0]
    return None


def feed_choices(feeds: list[FeedInfo], current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: the feeds whose title or URL contains what was typed (all when nothing
    was), at most 25, labels within 100 characters."""
    typed = " ".join((current or "").casefold().split())
    if typed:
        feeds = [f for f in feeds if typed in (f.title or "").casefold() or typed in f.url.casefold()]
    choices = []
    for feed in feeds[: render.CHOICES_LIMIT]:
        label = f"{render.one_line(feed.title)} — {feed.url}" if feed.title else feed.url
        choices.append(app_commands.Choice(name=render.truncate(label, render.CHOICE_NAME_LIMIT),
                                           value=feed_key(feed.url)))
    return choices


def refusal_text(url: str, error: IngestError) -> str:
    """Why a feed could not be added, and what to do instead."""
    shown = render.feed_link(url, 200)
    reason = render.escape(render.truncate(render.one_line(error.reason), 800))
    if isinstance(error, UnsafeURLError):
        return (f"⛔ I can't follow {shown}: {reason}.\n"
                "Only public web addresses (http or https) can be followed. " + FEED_HINT)
    if isinstance(error, FeedError):
        if "remove one first" in error.reason:
            return f"⚠️ {reason}: see `/feeds list`, then `/feeds remove`."
        return f"⚠️ {shown} is not a feed I can follow: {reason}.\n{FEED_HINT}"
    return (f"⚠️ I couldn't read {shown}: {reason}.\n"
            "Check the address (open it in a browser: a feed shows as XML) and that the site is up, "
            "then try `/feeds add` again.")


def added_text(info: FeedInfo, interval: float) -> str:
    name = render.escape(render.truncate(render.one_line(info.title or info.url), 200))
    return render.content(
        f"✅ Following **{name}** ({render.feed_link(info.url, 300)}).\n"
        f"Its articles are being indexed now, then its new ones every {render.human_duration(interval)}; "
        "ask about them with `/ask`. `/feeds list` shows how each feed is doing.")


class Feeds(commands.Cog):
    feeds = app_commands.Group(
        name="feeds", description="Follow RSS/Atom feeds: their new articles are indexed here (admins)",
        guild_only=True, allowed_contexts=app_commands.AppCommandContext(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: QuoteBot):
        self.bot = bot

    @property
    def poller(self) -> FeedPoller:
        if self.bot.poller is None:
            raise QuotebotError("Feeds are not available yet; try again in a moment.")
        return self.bot.poller

    async def _reply(self, interaction: discord.Interaction, text: str | None = None, *,
                     embed: discord.Embed | None = None) -> None:
        await interaction.edit_original_response(content=render.content(text) if text else None,
                                                 embed=embed, allowed_mentions=NO_MENTIONS)
        interaction.extras["private_pending"] = False

    async def _defer(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        interaction.extras["private_pending"] = True

    @feeds.command(name="add")
    @app_commands.describe(url="The address of an RSS or Atom feed (https://…/feed.xml)")
    @admin_checks
    async def add(self, interaction: discord.Interaction, url: app_commands.Range[str, 1, 2000]) -> None:
        """Follow an RSS or Atom feed: its articles are indexed in this server (admins)."""
        await self._defer(interaction)
        collection = guild_collection(interaction.guild_id)
        url = url.strip()
        try:
            info = await self.bot.blocking(self.poller.add_feed, collection, url)
        except IngestError as error:  # UnsafeURLError and FeedError too
            log.info("guild %s: feed %s refused: %s", interaction.guild_id, url, error.reason)
            await self._reply(interaction, refusal_text(url, error))
            return
        log.info("guild %s: following feed %s", interaction.guild_id, info.url)
        if self.bot.settings.queue_feeds:
            # A worker polls it now rather than at its next tick (nothing when a poll is already queued).
            from index import jobs

            await self.bot.blocking(jobs.enqueue_feed_poll, self.bot.settings.database_url)
        await self._reply(interaction, added_text(info, self.poller.interval))

    @feeds.command(name="remove")
    @app_commands.describe(feed="The feed to stop following (start typing its title or address)")
    @admin_checks
    async def remove(self, interaction: discord.Interaction, feed: str) -> None:
        """Stop following a feed; the articles already indexed from it stay (admins)."""
        await self._defer(interaction)
        collection = guild_collection(interaction.guild_id)
        known = await self.bot.blocking(self.poller.feeds, collection)
        info = find_feed(known, feed)
        if info is None:
            shown = render.escape(render.truncate(render.one_line(feed), 200))
            await self._reply(interaction, f"This server follows no feed {shown}. Pick one from the suggestions, "
                                           "or see `/feeds list`.")
            return
        try:
            removed = await self.bot.blocking(self.poller.remove_feed, collection, info.url)
        except FeedNotFound:  # removed meanwhile
            removed = info
        log.info("guild %s: no longer following feed %s", interaction.guild_id, removed.url)
        name = render.escape(render.truncate(render.one_line(removed.title or removed.url), 200))
        kept = ""
        if removed.articles:
            kept = (f" The {removed.articles} article{'s' if removed.articles != 1 else ''} already indexed "
                    f"from it {'stay' if removed.articles != 1 else 'stays'}; `/remove` removes one.")
        await self._reply(interaction, f"🗑️ No longer following **{name}**.{kept}")

    @remove.autocomplete("feed")
    async def remove_feed(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or self.bot.poller is None:
            return []
        try:
            known = await self.bot.blocking(self.bot.poller.feeds, guild_collection(interaction.guild_id))
        except Exception:  # noqa: BLE001 - no suggestions rather than an error
            log.exception("feed autocomplete failed")
            return []
        return feed_choices(known, current)

    @feeds.command(name="list")
    @admin_checks
    async def list_feeds(self, interaction: discord.Interaction) -> None:
        """The feeds this server follows: address, last check, failures, articles (admins)."""
        await self._defer(interaction)
        known = await self.bot.blocking(self.poller.feeds, guild_collection(interaction.guild_id))
        embed = render.feeds_embed([f.to_json() for f in known], self.poller.interval)
        if len(known) >= MAX_FEEDS_PER_COLLECTION:
            embed.set_footer(text=f"A server can follow at most {MAX_FEEDS_PER_COLLECTION} feeds.")
        await self._reply(interaction, embed=embed)


async def setup(bot: QuoteBot) -> None:
    await bot.add_cog(Feeds(bot))
