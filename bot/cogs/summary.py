"""`/summary [article]`: a cited extractive summary of one article (picked by autocomplete),
or a digest of the most recently added articles."""
from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from .. import render
from ..app import QuoteBot, article_choices, collections_for, followup_embeds


class SummaryCog(commands.Cog):
    def __init__(self, bot: QuoteBot):
        self.bot = bot

    @app_commands.command(name="summary")
    @app_commands.describe(article="The article to summarise (start typing its title); leave empty for the latest articles")
    async def summary(self, interaction: discord.Interaction, article: str | None = None) -> None:
        """Summarise an article in its own words, with citations (or the latest articles)."""
        # A public post like an answer: the same per-user cooldown keeps one member from
        # filling the channel with them.
        wait = self.bot.cooldown.hit(interaction.user.id)
        if wait:
            await interaction.response.send_message(render.cooldown_text(wait), ephemeral=True,
                                                    allowed_mentions=render.NO_MENTIONS)
            return
        await interaction.response.defer(thinking=True)
        interaction.extras["public_pending"] = True
        ref = (article or "").strip() or None
        result = await self.bot.blocking(self.bot.engine.summary, ref, collections_for(interaction.guild_id))
        discussing = self.bot.discussed.current(interaction.channel_id)
        if result.article_id is not None and (discussing is None or discussing.article_id != result.article_id):
            # The story summarised is the one the channel talks about next ("when was it
            # published?"), as after `/ask article:`; the one discussed already keeps its last
            # question and quote ("when will it go on sale?" after "what is the Mac mini?").
            self.bot.discussed.note(interaction.channel_id, result.article_id)
        await followup_embeds(interaction, render.summary_embeds(result))

    @summary.autocomplete("article")
    async def summary_article(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await article_choices(self.bot, collections_for(interaction.guild_id), current)


async def setup(bot: QuoteBot) -> None:
    await bot.add_cog(SummaryCog(bot))
