"""`/status` (Manage Server): how this server's index is doing — its articles and passages and
the shared ones, its feeds and the shared ones with their last poll result, how long ago the
index was last written, the model in use, and (sharded) the shard this server is on and those
this process runs. Private reply; other servers never appear."""
from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from index import feeds

from .. import render
from ..app import NO_MENTIONS, QuoteBot
from .admin import admin_command


class Status(commands.Cog):
    def __init__(self, bot: QuoteBot):
        self.bot = bot

    @app_commands.command(name="status")
    @admin_command
    async def status(self, interaction: discord.Interaction) -> None:
        """Articles, feeds and their last check, index age and model for this server (admins)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        interaction.extras["private_pending"] = True
        info = await self.bot.blocking(feeds.status, self.bot.engine)
        embed = render.status_embed(info, interaction.guild_id)
        shards = self.bot.shard_text(interaction.guild_id)
        if shards and len(embed) + len(shards) + 1 <= render.EMBED_TOTAL_LIMIT:
            embed.description = f"{embed.description}\n{shards}"
        await interaction.edit_original_response(embed=embed, allowed_mentions=NO_MENTIONS)
        interaction.extras["private_pending"] = False


async def setup(bot: QuoteBot) -> None:
    await bot.add_cog(Status(bot))
