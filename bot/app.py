"""The Discord bot: `QuoteBot` (one cog per feature, in bot/cogs) and `run_bot`.

Everything the engine does blocks (model inference, SQLite, HTTP fetches), so the bot only ever
calls it through `QuoteBot.blocking` (a worker thread): the gateway heartbeat never stalls and
every interaction is acknowledged (deferred) before any slow work starts.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from typing import Any, Callable, Sequence, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from index.ask_pool import AskPool
from index.collections import GLOBAL, guild_collection, guild_of
from index.engine import Engine
from index.errors import ArticleNotFound, QuotebotError
from index.feeds import FeedPoller, NewArticle
from index.settings import Settings
from index.watch import FolderWatcher

from . import render
from .context import DiscussedArticles
from .endpoints import point_discord_at
from .feedback import FeedbackStore
from .render import NO_MENTIONS

log = logging.getLogger(__name__)
T = TypeVar("T")

# What the bot needs in a channel: see it, answer (also in threads), embed, reply to messages
# (replies need Read Message History), and slash commands.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, send_messages_in_threads=True, embed_links=True,
    read_message_history=True, use_application_commands=True,
)  # 277025475584
INVITE_SCOPES = ("bot", "applications.commands")
COGS = (
    "bot.cogs.ask",
    "bot.cogs.summary",
    "bot.cogs.articles",
    "bot.cogs.admin",
    "bot.cogs.help",
    "bot.cogs.feedback",
    "bot.cogs.feeds",
    "bot.cogs.status",
)
UPDATES_STOP_TIMEOUT = 10.0  # seconds close() waits for the folder watcher and the feed poller
# With QUOTEBOT_QUEUE_FEEDS: seconds between two looks for news the workers' polls left, when no
# change notification came (one may be lost while the listener reconnects).
NEWS_CHECK = 30.0


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES)


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard whose connection receives a server's events: Discord's own formula."""
    return (guild_id >> 22) % shard_count


def collections_for(guild_id: int | None) -> list[str]:
    """What a question may be answered from: the server's own articles and the global ones;
    outside a server (DMs), the global ones only."""
    return [guild_collection(guild_id), GLOBAL] if guild_id else [GLOBAL]


def intents_for(settings: Settings) -> discord.Intents:
    """The least the bot needs: guilds (the cache interactions refer to), guild and DM messages
    (mention questions; Discord delivers the content of a message that mentions the bot, and of
    DMs, without the privileged intent), and message content only when whole channels are
    question channels."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = bool(settings.ask_channels)
    return intents


def user_message(error: BaseException) -> str | None:
    """The text a user may see for an error, or None when it must stay in the log."""
    if isinstance(error, ArticleNotFound):
        near = " or ".join(f"“{render.escape(' '.join(title.split())[:80])}”" for _, title in error.suggestions)
        return (f"No indexed article matches {render.escape(repr(error.article))}. "
                + (f"It is mentioned in the text of {near}. " if near and error.mentioned else
                   f"Did you mean {near}? " if near else "")
                + "Pick one from the suggestions, or see `/articles`.")
    if isinstance(error, QuotebotError):
        # the message quotes paths, file names and servers' reason phrases: markdown stays literal
        return render.escape(str(error))
    return None


class Cooldown:
    """Per-user question cooldown shared by /ask and message questions."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self._last: dict[int, float] = {}
        self._warned: set[int] = set()

    def hit(self, user_id: int) -> float:
        """0 when the user may ask now (and the cooldown restarts), else the seconds to wait."""
        if self.seconds <= 0:
            return 0.0
        now = self.clock()
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[user_id] = now
        self._warned.discard(user_id)
        if len(self._last) > 10_000:  # forget users whose cooldown is long over
            self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}
        return 0.0

    def warn_once(self, user_id: int) -> bool:
        """True the first time a user is told to wait in this cooldown window."""
        if user_id in self._warned:
            return False
        self._warned.add(user_id)
        return True


class QuoteTree(app_commands.CommandTree):
    """Turns every command error into an ephemeral reply: refusals say what to do, engine
    errors are shown as written (they are meant for users), anything unexpected is logged
    with its traceback and the user only gets a generic message."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        command = interaction.command.qualified_name if interaction.command else "?"
        original = getattr(error, "original", error)
        text = user_message(original)
        if isinstance(error, app_commands.MissingPermissions):
            text = (f"You need the **Manage Server** permission to use `/{command}`. "
                    "Ask a server admin to do it.")
        elif isinstance(error, app_commands.BotMissingPermissions):
            text = ("I'm missing permissions here: " + ", ".join(error.missing_permissions)
                    + ". Ask a server admin to grant them.")
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = f"`/{command}` only works in a server, not in direct messages."
        elif isinstance(error, app_commands.CommandOnCooldown):
            text = render.cooldown_text(error.retry_after)
        elif isinstance(error, app_commands.CheckFailure) and text is None:
            text = f"You can't use `/{command}` here."
        elif isinstance(error, app_commands.TransformerError):
            text = f"That value isn't valid for `/{command}`: {error.value!r}."
        if text is None:
            log.error("unexpected error in /%s (guild %s, user %s)", command, interaction.guild_id,
                      interaction.user.id, exc_info=(type(original), original, original.__traceback__))
            text = render.GENERIC_ERROR
        else:
            log.info("/%s refused or failed for user %s: %s", command, interaction.user.id, text)
        await send_error(interaction, text)


async def send_error(interaction: discord.Interaction, text: str) -> None:
    """Tell the user privately, whatever state the interaction is in."""
    text = render.content(text)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        if interaction.extras.get("private_pending"):
            # A private reply being edited (progress): the error takes its place.
            await interaction.edit_original_response(content=text, embeds=[], view=None, allowed_mentions=NO_MENTIONS)
            return
        if interaction.extras.get("public_pending"):
            # A public "thinking…" placeholder would be replaced by the error for everyone to
            # see: remove it, then answer privately.
            interaction.extras["public_pending"] = False
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                pass
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.exception("could not report an error to user %s", interaction.user.id)


class QuoteBot(commands.Bot):
    """The quotebot Discord client. `engine` answers; `settings` holds the Discord settings
    (token, dev guild, question channels, cooldown...) and the keeping-up-to-date ones (watch,
    feeds, feed interval, announce channel); other keyword arguments go to `commands.Bot`
    (e.g. `guild_ready_timeout`).

    While it runs, the bot keeps the index up to date in the background (`updates=False`
    turns that off, e.g. in tests): the feed poller polls QUOTEBOT_FEEDS (global) and every
    server's `/feeds`, announcing new articles in QUOTEBOT_ANNOUNCE_CHANNEL; with
    QUOTEBOT_WATCH, the articles folder is followed into the global collection.

    With QUOTEBOT_SHARD_COUNT the bot is one of several processes sharing the work by shard
    (`create_bot` makes the sharded class): each answers the servers of its own shards and
    polls their feeds; only the process running shard 0 syncs the slash commands, watches the
    articles folder and polls the shared feeds, so none of that happens twice."""

    def __init__(self, engine: Engine, settings: Settings, *, feedback: FeedbackStore | None = None,
                 cogs: Sequence[str] = COGS, updates: bool = True, **kwargs: Any):
        kwargs.setdefault("intents", intents_for(settings))
        kwargs.setdefault("allowed_mentions", NO_MENTIONS)
        kwargs.setdefault("help_command", None)
        kwargs.setdefault("tree_cls", QuoteTree)
        # No text commands: a message is a question, never a command (see on_message).
        if settings.shard_count is not None and not isinstance(self, commands.AutoShardedBot):
            raise TypeError("sharded settings need the sharded bot: make it with create_bot()")
        super().__init__(command_prefix=commands.when_mentioned, **kwargs)
        self.engine = engine
        self.settings = settings
        self.feedback = feedback or FeedbackStore.in_dir(settings.data_dir, settings.database_url,
                                                         engine.store.read_only)
        self.cooldown = Cooldown(settings.ask_cooldown)
        # Lists have their own: a declined answer suggests `/articles`, which must not have to wait.
        self.list_cooldown = Cooldown(settings.ask_cooldown)
        self.discussed = DiscussedArticles(settings.context_minutes)
        self._following: threading.Event | None = None  # set to stop following other processes' writes
        # QUOTEBOT_ASK_PROCESSES: questions answered in worker processes (started by _warm_up).
        self.ask_pool: AskPool | None = None
        self.cog_modules = tuple(cogs)
        self.synced: list[app_commands.AppCommand] = []
        self._background: set[asyncio.Task] = set()
        self.updates = updates
        # Set up in setup_hook. The poller is shared with /feeds (add, remove, list), which
        # works whether or not the background polling runs.
        self.poller: FeedPoller | None = None
        self.watcher: FolderWatcher | None = None
        self._stop_updates: asyncio.Event | None = None
        self._updaters: list[asyncio.Task] = []
        # Set by the change listener's thread (QUOTEBOT_QUEUE_FEEDS: a worker may have left news).
        self._news_wake: asyncio.Event | None = None
        self._news_loop: asyncio.AbstractEventLoop | None = None

    async def blocking(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking call (engine, SQLite, fetch) in a worker thread."""
        return await asyncio.to_thread(functools.partial(func, *args, **kwargs))

    # sharding -------------------------------------------------------------------------------
    @property
    def shards_run(self) -> tuple[int, ...] | None:
        """The shards this process runs (QUOTEBOT_SHARD_IDS, else all of QUOTEBOT_SHARD_COUNT),
        or None when the bot is not sharded."""
        count = self.settings.shard_count
        if count is None:
            return None
        return tuple(self.settings.shard_ids or range(count))

    @property
    def runs_first_shard(self) -> bool:
        """Whether this process does the once-per-bot work (command sync, folder, shared feeds)."""
        return self.shards_run is None or 0 in self.shards_run

    def serves_guild(self, guild_id: int) -> bool:
        """Whether this process receives the server's events (its shard is one of ours)."""
        shards, count = self.shards_run, self.settings.shard_count
        return shards is None or count is None or shard_of(guild_id, count) in shards

    def owns_collection(self, collection: str) -> bool:
        """Whether this process polls a collection's feeds: a server's when it serves that
        server, the shared ones when it runs shard 0."""
        guild_id = guild_of(collection)
        return self.runs_first_shard if guild_id is None else self.serves_guild(guild_id)

    def shard_text(self, guild_id: int | None = None) -> str | None:
        """`/status`'s line on sharding, or None when the bot is not sharded."""
        shards, count = self.shards_run, self.settings.shard_count
        if shards is None or count is None:
            return None
        ran = ", ".join(map(str, shards[:8])) + (f" … ({len(shards)} in all)" if len(shards) > 8 else "")
        where = f"This server is on shard {shard_of(guild_id, count)} of {count}" if guild_id else f"{count} shards"
        return f"{where}; this process runs shard{'s' if len(shards) != 1 else ''} {ran}."

    def spawn(self, coro) -> asyncio.Task:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    @property
    def asker(self) -> Engine | AskPool:
        """What answers questions: the ask pool's worker processes, else the engine."""
        return self.ask_pool or self.engine

    async def setup_hook(self) -> None:
        self.poller = await self.blocking(FeedPoller, self.engine, self.settings, owns=self.owns_collection)
        # One extension per feature; bot.cogs.feedback registers the vote buttons (dynamic items:
        # their custom_ids carry the answer id, so they keep working after a restart).
        for module in self.cog_modules:
            await self.load_extension(module)
        if not self.runs_first_shard:
            # Commands belong to the application, not to a shard: one process syncs them rather
            # than every shard's process rewriting the same list at every start.
            log.info("slash commands are synced by the process running shard 0")
        elif self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            self.synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %s", len(self.synced), self.settings.dev_guild_id)
        else:
            self.synced = await self.tree.sync()
            log.info("synced %d global commands (they may take a while to appear)", len(self.synced))
        self.spawn(self._warm_up())
        # Articles other processes add (a shared PostgreSQL store) reach this one's FAISS
        # indexes when committed, not at the next question; on SQLite this ends at once.
        self._following = threading.Event()
        self._news_loop, self._news_wake = asyncio.get_running_loop(), asyncio.Event()
        threading.Thread(target=self.engine.follow_changes, args=(self._following, self._changed), daemon=True,
                         name="quotebot-changes").start()
        if self.updates:
            await self.start_updates()

    def _changed(self) -> None:
        """From the change listener's thread, after each write another process committed."""
        loop, wake = self._news_loop, self._news_wake
        if loop is None or wake is None:
            return
        try:
            loop.call_soon_threadsafe(wake.set)
        except RuntimeError:  # the loop is gone (shutting down)
            pass

    async def _warm_up(self) -> None:
        """Load the model and the vector index now rather than on the first question."""
        try:
            # First: an index built with another model (or by an older quotebot) is brought up to
            # date here, by the one process that writes, before any question worker opens it.
            await self.blocking(lambda: self.engine.vectors)
            if self.settings.ask_processes:
                # Questions go to the workers once one is ready (this process answers until then);
                # this process's model waits for the first add.
                pool = await self.blocking(AskPool, self.engine, self.settings.ask_processes)
                try:
                    await self.blocking(pool.warm)
                finally:
                    self.ask_pool = pool
                return
            await self.blocking(self.engine.embedder.embed_query, "warm up")
        except Exception:  # noqa: BLE001 - the first question will report it
            log.exception("warm-up failed")

    # keeping up to date ---------------------------------------------------------------------
    async def start_updates(self) -> None:
        """Start the feed poller and (with QUOTEBOT_WATCH) the articles folder watcher as
        background tasks; `stop_updates` (called by `close`) ends them."""
        if self._updaters:
            return
        assert self.poller is not None, "setup_hook creates the poller"
        self._stop_updates = asyncio.Event()
        if self.settings.queue_feeds:
            # The workers poll the feeds (index/jobs.py); this process announces what they added.
            self._updaters.append(asyncio.create_task(
                self._supervise("feed news follower", self._announce_news(self._stop_updates)),
                name="quotebot-feed-news"))
        else:
            self._updaters.append(asyncio.create_task(
                self._supervise("feed poller", self.poller.run(self._stop_updates, self.announce)),
                name="quotebot-feeds"))
        if self.settings.watch and self.runs_first_shard:
            folder = await self.blocking(self.engine.articles_folder)
            self.watcher = await self.blocking(FolderWatcher, self.engine, folder, GLOBAL)
            self._updaters.append(asyncio.create_task(
                self._supervise("folder watcher", self.watcher.run(self._stop_updates)), name="quotebot-watch"))
        log.info("keeping up to date: %d feeds%s%s", len(await self.blocking(self.poller.feeds)),
                 " (polled by the workers: QUOTEBOT_QUEUE_FEEDS)" if self.settings.queue_feeds else "",
                 f", watching {self.watcher.folder}" if self.watcher else "")

    async def _announce_news(self, stop: asyncio.Event) -> None:
        """Announce the articles the workers' feed polls added to the collections this process
        owns, as soon as a change is notified, until `stop` is set."""
        assert self.poller is not None and self._news_wake is not None
        wake = self._news_wake
        while not stop.is_set():
            wake.clear()
            try:
                news = await self.blocking(self.poller.take_news, self.owns_collection)
            except Exception:  # noqa: BLE001 - the database may be back at the next look
                log.exception("could not read the feed news")
                news = []
            for item in news:
                try:
                    await self.announce(item)
                except Exception:  # noqa: BLE001 - one failed announcement stops no other
                    log.exception("announcing %s failed", item.article.id)
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())]
            try:
                await asyncio.wait(waiters, timeout=NEWS_CHECK, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()

    async def stop_updates(self, timeout: float = UPDATES_STOP_TIMEOUT) -> None:
        """Ask the poller and the watcher to stop, wait for them up to `timeout` seconds, then
        cancel what is left. The poller stops at once, abandoning downloads in progress to
        their daemon threads; a folder sync in progress finishes first."""
        if self._stop_updates is not None:
            self._stop_updates.set()
        tasks, self._updaters = [t for t in self._updaters if not t.done()], []
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            log.warning("%s did not stop within %.0f s; cancelling it", task.get_name(), timeout)
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=1.0)

    @staticmethod
    async def _supervise(what: str, job) -> None:
        try:
            await job
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the bot goes on answering without it
            log.exception("the %s stopped with an error", what)

    async def announce(self, new: NewArticle) -> None:
        """Post a feed's new article in QUOTEBOT_ANNOUNCE_CHANNEL: its title linked to the
        article and a two-sentence cited digest. A global article is posted there; a server's
        article only when that channel belongs to that server, so no server's articles ever
        show in another server."""
        channel_id = self.settings.announce_channel
        if not channel_id:
            return
        await self.wait_until_ready()
        channel = self.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.fetch_channel(channel_id)
            except (discord.HTTPException, discord.InvalidData) as error:
                log.warning("announce channel %s cannot be found (%s); %s not announced",
                            channel_id, error, new.article.id)
                return
        guild = getattr(channel, "guild", None)
        if new.collection != GLOBAL and (guild is None or guild_collection(guild.id) != new.collection):
            log.debug("%s belongs to %s, not to the announce channel's server: not announced",
                      new.article.id, new.collection)
            return
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("announce channel %s is not a channel messages can be sent to", channel_id)
            return
        embeds = render.announcement_embeds(new.article, new.brief, new.feed_title)
        try:
            for group in render.message_groups(embeds):
                await channel.send(embeds=group, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as error:
            log.warning("could not announce %s in channel %s: %s", new.article.id, channel_id, error)
            return
        self.discussed.note(channel_id, new.article.id)
        log.info("announced %s %r in channel %s", new.article.id, new.article.title, channel_id)

    async def on_ready(self) -> None:
        log.info("logged in as %s (%s) in %d servers", self.user, getattr(self.user, "id", "?"), len(self.guilds))
        if self.shards_run is not None:
            shards = self.shards_run
            log.info("this process runs shard%s %s of %d", "s" if len(shards) != 1 else "",
                     ",".join(map(str, shards)), self.settings.shard_count)
        if self.application_id:
            log.info("invite link: %s", invite_url(self.application_id))

    async def on_message(self, message: discord.Message) -> None:
        """Questions are handled by the ask cog's listener; text commands don't exist."""

    async def close(self) -> None:
        if self._following is not None:
            self._following.set()
        await self.stop_updates()
        for task in list(self._background):
            task.cancel()
        if self.ask_pool is not None:
            await self.blocking(self.ask_pool.close)
        await super().close()


class ShardedQuoteBot(QuoteBot, commands.AutoShardedBot):
    """QuoteBot over discord.py's AutoShardedBot: one gateway connection for each shard of
    QUOTEBOT_SHARD_IDS (all of QUOTEBOT_SHARD_COUNT when unset), one cache and one engine for all."""

    def __init__(self, engine: Engine, settings: Settings, **kwargs: Any):
        kwargs.setdefault("shard_count", settings.shard_count)
        kwargs.setdefault("shard_ids", list(settings.shard_ids) if settings.shard_ids else None)
        super().__init__(engine, settings, **kwargs)


def create_bot(engine: Engine, settings: Settings, **kwargs: Any) -> QuoteBot:
    """The bot the settings ask for: sharded with QUOTEBOT_SHARD_COUNT, a single connection
    otherwise (as before sharding existed)."""
    cls = ShardedQuoteBot if settings.shard_count is not None else QuoteBot
    return cls(engine, settings, **kwargs)


LOGGERS = ("bot", "index", "discord")


def configure_logging(level: int = logging.INFO) -> None:
    """The bot's, the engine's and discord.py's own messages at `level` (INFO: connects,
    command syncs, articles added, errors with tracebacks); other libraries stay quiet."""
    root = logging.getLogger()
    if not root.handlers:
        discord.utils.setup_logging(level=logging.WARNING, root=True)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level > level:
            logger.setLevel(level)


def run_bot(engine: Engine, settings: Settings) -> None:
    """Run the bot until interrupted: point discord.py at QUOTEBOT_DISCORD_API_BASE /
    QUOTEBOT_DISCORD_GATEWAY_URL when set, log in with the token, connect."""
    if not settings.discord_token:
        raise QuotebotError("No Discord token: set DISCORD_TOKEN to start the bot.")
    configure_logging()
    point_discord_at(settings.discord_api_base, settings.discord_gateway_url)
    bot = create_bot(engine, settings)
    bot.run(settings.discord_token, log_handler=None)


# sending -----------------------------------------------------------------------------------
async def followup_embeds(interaction: discord.Interaction, embeds: Sequence[discord.Embed],
                          view: discord.ui.View | None = None, *, ephemeral: bool = False) -> None:
    """Send embeds after a defer: as many messages as Discord's limits need (the first
    replaces the "thinking…" placeholder), `view` under the last one."""
    groups = render.message_groups(embeds)
    for i, group in enumerate(groups):
        extra: dict[str, Any] = {"view": view} if view is not None and i == len(groups) - 1 else {}
        await interaction.followup.send(embeds=group, allowed_mentions=NO_MENTIONS, ephemeral=ephemeral,
                                        wait=True, **extra)
        interaction.extras["public_pending"] = False


async def reply_embeds(message: discord.Message, embeds: Sequence[discord.Embed],
                       view: discord.ui.View | None = None) -> None:
    """Reply to a message (without pinging its author) with embeds, `view` under the last."""
    groups = render.message_groups(embeds)
    for i, group in enumerate(groups):
        extra: dict[str, Any] = {"view": view} if view is not None and i == len(groups) - 1 else {}
        # AllowedMentions.none() also keeps the replied-to author from being pinged.
        await message.reply(embeds=group, allowed_mentions=NO_MENTIONS, **extra)


def matching_choices(infos, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete choices (title → article id) for what the user typed: title words or an
    id prefix; at most 25, names within 100 characters."""
    typed = " ".join((current or "").casefold().split())
    if typed:
        starts = [i for i in infos if i.title.casefold().startswith(typed) or i.id.startswith(typed)]
        within = [i for i in infos if i not in starts and typed in " ".join(i.title.casefold().split())]
        words = [i for i in infos if i not in starts and i not in within
                 and all(w in i.title.casefold() for w in typed.split())]
        infos = starts + within + words
    seen: set[str] = set()
    choices = []
    for info in infos:
        if info.id in seen:
            continue
        seen.add(info.id)
        choices.append(app_commands.Choice(name=render.choice_name(info), value=info.id))
        if len(choices) >= render.CHOICES_LIMIT:
            break
    return choices


async def article_choices(bot: "QuoteBot", collections: Sequence[str], current: str) -> list[app_commands.Choice[str]]:
    try:
        infos = await bot.blocking(bot.engine.articles, collections)
    except Exception:  # noqa: BLE001 - no suggestions rather than an error
        log.exception("autocomplete failed")
        return []
    return matching_choices(infos, current)
