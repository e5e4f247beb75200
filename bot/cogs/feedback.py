"""👍/👎 buttons under every answer. Their custom_ids carry the answer id
(`qb:vote:up:<id>`), and they are registered as dynamic items when the bot starts, so they keep
working on old answers after a restart."""
from __future__ import annotations

import logging
import re

import discord
from discord.ext import commands

from ..render import NO_MENTIONS

log = logging.getLogger(__name__)

TEMPLATE = r"qb:vote:(?P<vote>up|down):(?P<answer>[0-9a-f]{8,32})"
THANKS = "Thanks for the feedback!"


class VoteButton(discord.ui.DynamicItem[discord.ui.Button], template=TEMPLATE):
    def __init__(self, vote: str, answer_id: str):
        super().__init__(discord.ui.Button(
            style=discord.ButtonStyle.secondary,
            emoji="👍" if vote == "up" else "👎",
            custom_id=f"qb:vote:{vote}:{answer_id}",
        ))
        self.vote = vote
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> "VoteButton":
        return cls(match["vote"], match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        try:
            previous = await bot.blocking(bot.feedback.vote, self.answer_id, interaction.user.id, self.vote,
                                          interaction.guild_id)
        except Exception:  # noqa: BLE001 - the user still gets an answer
            log.exception("could not store a vote on answer %s", self.answer_id)
            await interaction.response.send_message("Sorry, your vote could not be saved; the error was logged.",
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        text = THANKS
        if previous and previous != self.vote:
            text += f" Your vote is now {'👍' if self.vote == 'up' else '👎'}."
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


def vote_view(answer_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(VoteButton("up", answer_id))
    view.add_item(VoteButton("down", answer_id))
    return view


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(VoteButton)
