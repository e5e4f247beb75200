"""User-facing errors: each message says what went wrong and with which source, so the edge
(CLI or Discord) can show it as is."""


class QuotebotError(Exception):
    """Base of every error a user may see."""


class IngestError(QuotebotError):
    """An article source could not be read or holds no article text."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


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
    def __init__(self, article: str):
        self.article = article
        super().__init__(f"No indexed article matches {article!r}. `quotebot list` shows the ids.")


class InvalidQuestion(QuotebotError):
    """The question is empty or too long to be a question."""


class IndexBusy(QuotebotError):
    """Another write (reindex) is in progress."""
