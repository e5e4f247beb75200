"""Questions: `/ask`, a message that mentions the bot, any message in a question channel
(QUOTEBOT_ASK_CHANNELS) and direct messages. Answers are embeds of verbatim quotes with
citations and 👍/👎 buttons; a per-user cooldown (QUOTEBOT_ASK_COOLDOWN) covers all of them."""
from __future__ import annotations

import asyncio
import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor

import discord
from discord import app_commands
from discord.ext import commands

from index.engine import MAX_QUESTION_CHARS
from index.models import Answer
from index.text import is_chatter, plain_question

from .. import render
from ..app import NO_MENTIONS, QuoteBot, article_choices, collections_for, followup_embeds, reply_embeds, user_message
from .feedback import vote_view

log = logging.getLogger(__name__)

EMPTY_MENTION = ("Ask me a question after the mention, e.g. “@{name} what did the article say about prices?” "
                 "— or use `/ask`. `/help` explains the rest.")


def strip_mentions_of(content: str, user_id: int) -> str:
    return re.sub(rf"<@!?{user_id}>", " ", content).strip()


def question_workers(processes: int = 0) -> int:
    """Threads answering questions: about one per core (the model already uses every core for
    one question, so more would only take the GIL from the event loop that acknowledges), or
    one per ask process (QUOTEBOT_ASK_PROCESSES), each waiting on its worker."""
    return max(processes, 1, min(4, os.cpu_count() or 1))


class Ask(commands.Cog):
    def __init__(self, bot: QuoteBot):
        self.bot = bot
        # Questions have workers of their own: a burst of them queues here, never in front of
        # the short blocking calls other interactions make in the shared pool (autocomplete,
        # votes), which must answer within Discord's 3 s as well.
        self.workers = ThreadPoolExecutor(question_workers(bot.settings.ask_processes),
                                          thread_name_prefix="quotebot-question")

    async def cog_unload(self) -> None:
        self.workers.shutdown(wait=False, cancel_futures=True)

    def _answer_and_record(self, question: str, guild_id: int | None, channel_id: int | None,
                           user_id: int, article: str | None = None) -> tuple[Answer, str | None]:
        """In a question worker: the answer, and its id for the vote buttons (None when it could
        not be stored). One trip to the worker: the answer is sent as soon as it is ready, not
        after every question queued behind it has been answered too. `article`: the one the
        asker picked (an id or the start of a title); else the channel's article is the context."""
        collections = collections_for(guild_id)
        discussed = self.bot.discussed
        if article is not None:
            picked = self.bot.engine.find_article(article, collections).id
            answer = self.bot.asker.ask(question, collections, article_id=picked)
            discussed.note(channel_id, picked)
        else:
            answer = self.bot.asker.ask(question, collections, context=discussed.current(channel_id))
        discussed.note_answer(channel_id, answer)
        try:
            answer_id = self.bot.feedback.record_answer(answer, guild_id=guild_id, channel_id=channel_id,
                                                        user_id=user_id)
        except Exception:  # noqa: BLE001 - an answer without vote buttons beats no answer
            log.exception("could not record an answer for feedback")
            answer_id = None
        return answer, answer_id

    async def _answer(self, question: str, *, guild_id: int | None, channel_id: int | None,
                      user_id: int, article: str | None = None) -> tuple[Answer, discord.ui.View | None]:
        answer, answer_id = await asyncio.get_running_loop().run_in_executor(
            self.workers, self._answer_and_record, question, guild_id, channel_id, user_id, article)
        return answer, (vote_view(answer_id) if answer_id is not None else None)

    @app_commands.command(name="ask")
    @app_commands.describe(question="Your question about the indexed news articles",
                           article="Answer from this article only (start typing its title); it becomes "
                                   "the article this channel is discussing")
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, MAX_QUESTION_CHARS], article: str | None = None) -> None:
        """Ask a question: the answer quotes the articles word for word, with citations."""
        wait = self.bot.cooldown.hit(interaction.user.id)
        if wait:
            await interaction.response.send_message(render.cooldown_text(wait), ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.defer(thinking=True)  # first, before anything slow
        interaction.extras["public_pending"] = True
        picked = (article or "").strip() or None
        answer, view = await self._answer(plain_question(question), guild_id=interaction.guild_id,
                                          channel_id=interaction.channel_id, user_id=interaction.user.id,
                                          article=picked)
        await followup_embeds(interaction, render.answer_embeds(answer, picked=picked is not None), view)

    @ask.autocomplete("article")
    async def ask_article(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await article_choices(self.bot, collections_for(interaction.guild_id), current)

    # message questions -----------------------------------------------------------------
    def question_in(self, message: discord.Message) -> tuple[str | None, bool]:
        """(the question in `message` or None, whether the bot was addressed explicitly)."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None or message.author.id == me.id:
            return None, False
        content = message.content or ""
        addressed = bool(re.search(rf"<@!?{me.id}>", content))
        if message.guild is None:
            addressed = True  # a direct message is a question
        channels = set(self.bot.settings.ask_channels)
        in_channel = message.channel.id in channels or getattr(message.channel, "parent_id", None) in channels
        if not addressed and not in_channel:
            return None, False
        question = plain_question(strip_mentions_of(content, me.id))
        return (question or None), addressed

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        question, addressed = self.question_in(message)
        if question is None:
            if addressed:
                await self._reply_text(message, EMPTY_MENTION.format(name=self.bot.user.name))
            return
        if is_chatter(question):
            return
        wait = self.bot.cooldown.hit(message.author.id)
        if wait:
            if self.bot.cooldown.warn_once(message.author.id):
                await self._reply_text(message, render.cooldown_text(wait))
            return
        guild_id = message.guild.id if message.guild else None
        try:
            async with message.channel.typing():
                answer, view = await self._answer(question, guild_id=guild_id, channel_id=message.channel.id,
                                                  user_id=message.author.id)
                await reply_embeds(message, render.answer_embeds(answer), view)
        except Exception as error:  # noqa: BLE001 - always answer something
            text = user_message(error)
            if text is None:
                log.exception("unexpected error answering message %s", message.id)
                text = render.GENERIC_ERROR
            await self._reply_text(message, text)

    async def _reply_text(self, message: discord.Message, text: str) -> None:
        try:
            await message.reply(render.content(text), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.exception("could not reply to message %s", message.id)


async def setup(bot: QuoteBot) -> None:
    await bot.add_cog(Ask(bot))
