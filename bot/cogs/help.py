"""`/help`: what the bot does and how to use it."""
from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from .. import render
from ..app import QuoteBot
from ..render import NO_MENTIONS


class Help(commands.Cog):
    def __init__(self, bot: QuoteBot):
        self.bot = bot

    @app_commands.command(name="help")
    async def help_command(self, interaction: discord.Interaction) -> None:
        """What this bot does and how to use it."""
        await interaction.response.send_message(embed=render.help_embed(self.bot.settings.ask_channels),
                                                ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: QuoteBot) -> None:
    await bot.add_cog(Help(bot))
