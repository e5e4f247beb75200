"""What every article parser shares: the article's id and the forms of its URL (a source
written as a URL, the normalised form ids and feeds compare, a metadata URL kept only when it
is http(s)), and the clean-up every text gets (newlines, blank lines at the ends, the word
minimum)."""
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
