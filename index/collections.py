"""Collections: which articles a question searches. The bundled articles, the CLI's and those
the bot's watcher and shared feeds add live in `GLOBAL`, searched from everywhere; what a
Discord server adds lives in its own collection, searched from that server only (with
`GLOBAL`). A collection is only a name stored with each row; nothing else is kept per one."""
from __future__ import annotations

GLOBAL = "global"


def guild_collection(guild_id: int) -> str:
    """The collection of the Discord server (guild) `guild_id`."""
    return f"guild:{guild_id}"


def guild_of(collection: str) -> int | None:
    """The server whose collection this is; None for GLOBAL (or any name not a server's)."""
    prefix, _, number = collection.partition(":")
    return int(number) if prefix == "guild" and number.isdigit() else None


__all__ = ["GLOBAL", "guild_collection", "guild_of"]
