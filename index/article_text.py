"""What every article parser shares: the article's id and the forms of its URL (a source
written as a URL, the normalised form ids and feeds compare, a metadata URL kept only when it
is http(s)), and the clean-up every text gets (newlines, blank lines at the ends, the word
minimum, sentences a copy-paste broke into paragraphs)."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import IngestError
from .fetch import URL_SCHEME_RE as _SCHEME_RE

MIN_WORDS = 20

_WORD_RE = re.compile(r"\w+")
_WS_RE = re.compile(r"\s+")
_TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl",
}


def is_url(source: str) -> bool:
    """True when `source` is written as a URL (``scheme://...``) rather than a path.

    Any scheme counts, so ``ftp://...`` or ``file://...`` go to `fetch_url`, which refuses
    them with a clear reason instead of a confusing "file not found".
    """
    return bool(_SCHEME_RE.match(source.strip()))


def article_id(*, url: str | None, text: str) -> str:
    """16 hex chars of sha256: of the normalised URL when there is one, else of the
    normalised content (whitespace collapsed, stripped, casefolded)."""
    if url:
        key = "url:" + normalize_url(url)
    else:
        key = "text:" + _WS_RE.sub(" ", normalise_newlines(text)).strip().casefold()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def normalize_url(url: str) -> str:
    """Lowercase scheme and host, drop the fragment, the default port, a trailing slash and
    tracking parameters (utm_*, fbclid, gclid, ...). Other query parameters keep their order."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and not (scheme == "http" and port == 80) and not (scheme == "https" and port == 443):
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host}" if userinfo else host
    path = parts.path.rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def normalise_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def trim_blank_lines(text: str) -> str:
    """Drop leading whitespace-only lines and trailing whitespace; nothing inside changes."""
    text = re.sub(r"\A(?:[ \t\f\v]*\n)+", "", text)
    return text.rstrip()


# A paragraph that ends as a sentence, a list item or a heading can end: nothing after it joins it.
_ENDING = frozenset(".!?:;…\"'”’)]»")
_LIST_OR_HEADING = re.compile(r"\s*(?:[-*+•·▸►]\s|\d+[.)]\s|#)")
# What cannot begin a paragraph: punctuation, or a word in lowercase ("eBay", "iPod" can).
_PUNCTUATION_FIRST = re.compile(r"\s*[.,;:)!?]")
_LOWERCASE_FIRST = re.compile(r"\s*[a-z]+(?![A-Za-z])")
_BLANK_RUN = re.compile(r"(\n[ \t]*\n\s*)")
FRAGMENT_WORDS = 4
# A line of more words than a fragment: a sentence under way, not a heading ("Reaction") whose
# next paragraph begins with a lowercase name ("von der Leyen said…").
_SENTENCE_UNDER_WAY = re.compile(rf"\s*(?:\S+\s+){{{FRAGMENT_WORDS}}}\S")


def _ends(paragraph: str) -> bool:
    tail = paragraph.rstrip()
    return not tail or tail[-1] in _ENDING


def _continues(paragraph: str) -> bool:
    return bool(_PUNCTUATION_FIRST.match(paragraph) or _LOWERCASE_FIRST.match(paragraph))


def rejoin_broken_paragraphs(text: str) -> str:
    """Sentences that a copied page broke into paragraphs made whole again.

    Text copied from a web page loses its links and italics to paragraphs of their own:
    "…McCreadie told the", "News Letter", ". ''We want an explanation." Each piece would be
    quoted as a sentence. A paragraph whose last line is a sentence under way (more words than a
    fragment, no end mark) joins the next one when that one cannot begin a paragraph
    (punctuation or a lowercase word), or when the next is a fragment of a few words followed
    by such a one; a paragraph beginning with punctuation joins whatever does not end. The
    first paragraph (the title, in a text without front matter) and list items or headings are
    never joined. Every other character stays as it was. Linear: only the start of the last
    line and the end of the paragraph being built are looked at."""
    parts = _BLANK_RUN.split(text)  # paragraph, separator, paragraph, …
    paragraphs, separators = parts[0::2], parts[1::2]
    out = [paragraphs[0]]
    open_end = False  # the paragraph being built ends no sentence (never the first)
    line_start = ""  # the start of its last line
    for i in range(1, len(paragraphs)):
        current = paragraphs[i]
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        under_way = _SENTENCE_UNDER_WAY.match(line_start) is not None
        fragment = ("\n" not in current.strip() and _SENTENCE_UNDER_WAY.match(current) is None
                    and not _ends(current) and _continues(following))
        joins = (open_end and not _LIST_OR_HEADING.match(line_start) and not _LIST_OR_HEADING.match(current)
                 and (_PUNCTUATION_FIRST.match(current) is not None
                      or (under_way and (_LOWERCASE_FIRST.match(current) is not None or fragment))))
        if joins:
            glue = "" if _PUNCTUATION_FIRST.match(current) else " "
            out[-1] = out[-1].rstrip()
            piece = current.lstrip()
            out.append(glue + piece)
            if "\n" in piece:
                line_start = piece[piece.rindex("\n") + 1:][:200]
            elif not under_way:
                line_start = (line_start + glue + piece)[:200]
        else:
            out.append(separators[i - 1] + current)
            line_start = current[current.rfind("\n") + 1:][:200]
        open_end = not _ends(current)
    return "".join(out)


def require_words(text: str, source: str, where: str = "") -> None:
    words = len(_WORD_RE.findall(text))
    if words < MIN_WORDS:
        raise IngestError(
            source,
            f"no article text found{where}: only {words} word{'s' if words != 1 else ''} "
            f"(an article needs at least {MIN_WORDS})",
        )


def clean_url(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value if re.match(r"^https?://", value, re.I) and value.isprintable() else None
