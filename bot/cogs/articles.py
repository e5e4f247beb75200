"""`/articles`: the articles this server can quote from, paginated with Previous/Next buttons.
Only the user who ran the command can turn its pages (others get a private hint); the
buttons stop after a few minutes of inactivity."""
from __future__ import annotations

import logging
from typing import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from index.models import ArticleInfo

from .. import render
from ..app import NO_MENTIONS, QuoteBot, collections_for

log = logging.getLogger(__name__)

PAGER_TIMEOUT = 300.0


class ArticlePager(discord.ui.View):
    def __init__(self, infos: Sequence[ArticleInfo], owner_id: int, *, per_page: int = render.ARTICLES_PER_PAGE,
                 timeout: float = PAGER_TIMEOUT):
        super().__init__(timeout=timeout)
        self.infos = list(infos)
        self.owner_id = owner_id
        self.per_page = per_page
        self.page = 0
        self.pages = render.page_count(len(self.infos), per_page)
        self.interaction: discord.Interaction | None = None  # the /articles one, to disable on timeout
        self._sync_buttons()

    def embed(self) -> discord.Embed:
        return render.articles_page(self.infos, self.page, self.per_page)

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("Only the person who ran `/articles` can turn these pages; "
                                                "run `/articles` yourself to browse.", ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)
        return False

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.page = min(max(self.page + step, 0), self.pages - 1)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.embed(), view=self, allowed_mentions=NO_MENTIONS)

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, +1)

    async def on_timeout(self) -> None:
        if self.interaction is None:
            return
        try:
            await self.interaction.edit_original_response(view=None, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            pass  # deleted, or the token expired: nothing to tidy

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        log.error("pager error", exc_info=(type(error), error, error.__traceback__))
        if not interaction.response.is_done():
            await interaction.response.send_message(render.GENERIC_ERROR, ephemeral=True, allowed_mentions=NO_MENTIONS)


class Articles(commands.Cog):
    def __init__(self, bot: QuoteBot):
        self.bot = bot

    @app_commands.command(name="articles")
    async def articles(self, interaction: discord.Interaction) -> None:
        """List the articles I can quote from here (title, source, date added, id)."""
        # A public post like an answer: a per-user cooldown of the same length keeps one member
        # from filling the channel with lists (its own, so a list right after a question is fine).
        wait = self.bot.list_cooldown.hit(interaction.user.id)
        if wait:
            await interaction.response.send_message(render.cooldown_text(wait, "listing the articles again"),
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.defer(thinking=True)
        interaction.extras["public_pending"] = True
        infos = await self.bot.blocking(self.bot.engine.articles, collections_for(interaction.guild_id))
        pager = ArticlePager(infos, interaction.user.id)
        extra = {"view": pager} if pager.pages > 1 else {}
        await interaction.followup.send(embed=pager.embed(), allowed_mentions=NO_MENTIONS, wait=True, **extra)
        interaction.extras["public_pending"] = False
        if pager.pages > 1:
            pager.interaction = interaction
        else:
            pager.stop()


async def setup(bot: QuoteBot) -> None:
    await bot.add_cog(Articles(bot))
