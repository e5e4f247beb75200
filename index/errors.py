"""User-facing errors: each message says what went wrong and with which source, so the edge
(CLI or Discord) can show it as is."""
from .text import without_controls


class QuotebotError(Exception):
    """Base of every error a user may see."""

    def __reduce__(self):
        # Rebuilt from its message and attributes, not by calling __init__ again with the message
        # (most take the parts it was made of): a question worker process (ask_pool) sends it back.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type[QuotebotError], args: tuple, attributes: dict) -> QuotebotError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(attributes)
    return error


class IngestError(QuotebotError):
    """An article source could not be read or holds no article text."""

    def __init__(self, source: str, reason: str):
        # Both may carry a server's words (a reason phrase, a redirect target) or a file name:
        # no terminal escape reaches a log, a terminal or Discord through an error message.
        self.source = without_controls(source)
        self.reason = without_controls(reason)
        super().__init__(f"{self.source}: {self.reason}")


class UnsafeURLError(IngestError):
    """A URL points at a scheme or address quotebot refuses to fetch."""


class FeedError(IngestError):
    """A feed that cannot be followed: not a feed, no usable entries, too many feeds."""


class FeedNotFound(QuotebotError):
    def __init__(self, collection: str, url: str):
        self.collection = collection
        self.url = url
        super().__init__(f"No feed {url} is followed here.")


class ArticleNotFound(QuotebotError):
    """`suggestions`: (id, title) of articles whose titles nearly hold the name (a typo), best
    first, or (`mentioned`) whose text uses it; shown, never picked (`remove` must not delete a
    guess)."""

    def __init__(self, article: str, suggestions: list[tuple[str, str]] | None = None, vague: bool = False,
                 mentioned: bool = False):
        self.article = article
        self.suggestions = suggestions or []
        self.mentioned = mentioned
        near = "; ".join(f"{id_[:12]} “{without_controls(' '.join(title.split()))[:60]}”"
                         for id_, title in self.suggestions)
        if vague:  # `remove`'s refusal of a common word or a short piece of a title
            super().__init__(f"{article!r} is too common a word or too short a part of a title to remove an article "
                             "by: give whole words of its title, 5 or more letters beginning one, or its id"
                             + (f"; it is part of {near}." if near else "."))
        elif not article.strip():
            super().__init__("Name an article: its id, the first 4 or more characters of its id, or its title.")
        elif len(article.strip()) < 3 and not self.suggestions:
            super().__init__(f"{article!r} is too short to name an article: give 3 or more characters of its title, "
                             "or its id.")
        else:
            super().__init__(f"No indexed article matches {article!r} (by id, an id prefix of 4 or more characters,"
                             " the file or URL it was added from, its URL, or 3 or more characters of its title); "
                             + (f"it is mentioned in the text of {near}." if near and mentioned else
                                f"did you mean {near}?" if near else "the article list shows the ids."))


class AmbiguousArticle(QuotebotError):
    """A name that fits several articles: nothing is picked (least of all removed) by guessing."""

    def __init__(self, article: str, matches: list[tuple[str, str]]):
        self.article = article
        self.matches = matches  # (id, title), all of them
        shown = "; ".join(f"{id_[:12]} “{without_controls(' '.join(title.split()))[:60]}”" for id_, title in matches[:5])
        more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
        same = len({" ".join(title.split()).casefold() for _, title in matches}) == 1
        then = "They share that title: give the id." if same else "Give more of the title or the id."
        super().__init__(f"{article!r} matches {len(matches)} articles: {shown}{more}. {then}")


class InvalidQuestion(QuotebotError):
    """The question is empty or too long to be a question."""


class IndexBusy(QuotebotError):
    """Another write (reindex) is in progress."""


class StorageError(QuotebotError):
    """The index's files cannot be read or written; the message names the file and the way out."""


class DatabaseCorrupt(StorageError):
    """The SQLite database is damaged (`quotebot doctor` checks it and rebuilds what is intact)."""

    def __init__(self, path, detail: str):
        self.path = path
        super().__init__(
            f"The index database {path} is damaged ({detail}). Run `quotebot doctor` to see what is "
            f"intact, then `quotebot doctor --repair` to rebuild the index from it (the damaged file "
            f"is kept beside it, renamed)."
        )


class ReadOnlyData(StorageError):
    """A write was asked of a data dir (or database) this process may only read."""

    def __init__(self, data_dir, message: str | None = None):
        self.path = data_dir
        super().__init__(message or (
            f"{data_dir} is read-only here, so the index cannot be changed; list, status, ask, "
            f"summary, feedback and doctor (without --repair) still work. Give quotebot write access "
            f"to {data_dir} to add, remove or reindex."
        ))


class DiskFull(StorageError):
    """A write failed because the disk (or the user's quota) is full; nothing half-written is left."""

    def __init__(self, path, detail: str):
        self.path = path
        super().__init__(
            f"The disk is full: could not write {path} ({detail}). Nothing half-written was kept; "
            f"free some space and try again."
        )


class WeightsMissing(QuotebotError):
    """The fitted answer model that ships with quotebot cannot be read: an installation
    problem, never silently replaced by hand-set weights (answers would quietly get worse)."""

    def __init__(self, path, reason: str):
        super().__init__(f"The answer model {path} cannot be read ({reason}). Check QUOTEBOT_ANSWER_WEIGHTS if "
                         f"it names this file; otherwise reinstall quotebot, or refit it with `python bench/fit_answer.py`.")
        self.path = path


class ModelUnavailable(QuotebotError):
    """The embedding model QUOTEBOT_MODEL names cannot be loaded: not on this machine (nothing
    is downloaded while HF_HUB_OFFLINE is set), or not a sentence-transformers model."""

    def __init__(self, model: str, reason: str):
        super().__init__(f"The embedding model {model!r} cannot be loaded ({reason}). Set QUOTEBOT_MODEL to a model "
                         f"folder on this machine, or leave it unset for the bundled all-MiniLM-L6-v2.")
        self.model = model


class InvalidSettings(QuotebotError):
    """A QUOTEBOT_* setting (environment or .env) that cannot be used; the message names each one."""


class RepairUnavailable(QuotebotError):
    """`quotebot doctor --repair` on an index it cannot rebuild (PostgreSQL's)."""
