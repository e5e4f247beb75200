"""Guarded HTTP: fetch an http(s) URL without letting it reach what it must not.

http and https only; every address a host resolves to must be public (unless private URLs
are allowed); redirects are followed by hand and re-checked hop by hop; the connection goes
to exactly the address that was checked, so a DNS answer that changes between the check and
the connect cannot slip through.
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from .errors import IngestError, UnsafeURLError

USER_AGENT = "quotebot/0.1"
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_BYTES = 5_000_000
ARTICLE_ACCEPT = "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.1"
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024

URL_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]+)://")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def check_url(url: str, *, allow_private_urls: bool) -> None:
    """Refuse what quotebot must not fetch: raise `UnsafeURLError` (scheme or address) or
    `IngestError` (malformed URL, host that does not resolve)."""
    reason = _url_refusal(url, allow_private_urls=allow_private_urls)
    if reason is not None:
        raise UnsafeURLError(url, reason)


@dataclass(frozen=True)
class Fetched:
    """One HTTP response, after redirects."""

    url: str  # the final address
    status: int  # 200, or 304 when a conditional request found nothing new
    content_type: str | None  # e.g. "text/html", None when the server sent none
    charset: str | None
    data: bytes  # the body (empty for a 304)
    headers: Mapping[str, str]  # response headers, names lower-cased


def fetch(
    url: str,
    *,
    allow_private_urls: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    headers: Mapping[str, str] | None = None,
    accept: str = ARTICLE_ACCEPT,
    content_types: frozenset[str] | set[str] | None = None,
) -> Fetched:
    """GET an http(s) URL under the same rules as `fetch_url` (address checks hop by hop,
    redirects followed by hand, size cap, one deadline for everything) and return the raw
    response. `headers` are sent as well (e.g. If-None-Match); `content_types`, when given,
    are the only content types accepted. Raises `IngestError` / `UnsafeURLError`."""
    source = url.strip()
    current = source
    deadline = time.monotonic() + timeout
    for hop in range(MAX_REDIRECTS + 1):
        reason = _url_refusal(current, allow_private_urls=allow_private_urls, source=source)
        if reason is not None:
            if hop:
                reason = f"it redirects to {current}, which is refused: {reason}"
            raise UnsafeURLError(source, reason)
        result = _request(current, source=source, allow_private_urls=allow_private_urls,
                          deadline=deadline, timeout=timeout, max_bytes=max_bytes, hop=hop,
                          headers=headers, accept=accept, content_types=content_types)
        if isinstance(result, str):  # a redirect target
            current = result
            continue
        return result
    raise IngestError(source, f"too many redirects (more than {MAX_REDIRECTS})")


def format_size(n: int) -> str:
    for unit, size in (("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)):
        if n >= size:
            value = f"{n / size:.1f}".rstrip("0").rstrip(".")
            return f"{value} {unit}"
    return f"{n} bytes"


# --------------------------------------------------------------------------------------
# URL safety
# --------------------------------------------------------------------------------------


def _resolve(host: str, port: int) -> list[tuple]:
    """getaddrinfo for TCP; a seam tests can replace."""
    return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)


def _address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of non-public address `ip` is ("a loopback address"), or None when public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = _address_refusal(embedded)
            return f"{inner} (it embeds {embedded})" if inner else None
    for test, kind in (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            return kind
    return None


def _refusal_text(host: str, ip, kind: str) -> str:
    if _is_ip(host):
        return f"{ip} is {kind}; {_PRIVATE_HINT}"
    which = "which is " if kind.startswith("not ") else ""
    return f"{host} resolves to {ip}, {which}{kind}; {_PRIVATE_HINT}"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return True
    except ValueError:
        return False


_PRIVATE_HINT = "quotebot only fetches public addresses unless private URLs are allowed (QUOTEBOT_ALLOW_PRIVATE_URLS)"


def _host_port(url: str, source: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise IngestError(source, f"invalid URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    host = parts.hostname
    if not host:
        raise IngestError(source, f"invalid URL {url!r}: it has no host name")
    return scheme, host, port or (443 if scheme == "https" else 80)


def _url_refusal(url: str, *, allow_private_urls: bool, source: str | None = None) -> str | None:
    source = source or url
    m = URL_SCHEME_RE.match(url.strip())
    scheme = (m.group(1) if m else urlsplit(url).scheme).lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "a URL without a scheme"
        extra = " (to add a local file, give its path instead)" if scheme == "file" else ""
        return f"only http and https URLs can be fetched, not {shown}{extra}"
    _, host, port = _host_port(url, source)
    if allow_private_urls:
        return None
    try:
        literal = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        literal = None
    if literal is not None:
        kind = _address_refusal(literal)
        return _refusal_text(host, literal, kind) if kind else None
    try:
        infos = _resolve(host, port)
    except (socket.gaierror, UnicodeError) as exc:
        raise IngestError(source, f"could not resolve the host {host!r} (DNS lookup failed: {_oserror_text(exc)})") from None
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        kind = _address_refusal(ip)
        if kind:
            return _refusal_text(host, ip, kind)
    return None


def _guarded_connect(allow_private_urls: bool, source: str):
    """A replacement for socket.create_connection that refuses non-public addresses and
    connects to exactly the address it checked (no second, unchecked DNS lookup)."""

    def create_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, *args, **kwargs):
        host, port = address
        try:
            infos = _resolve(host, port)
        except (socket.gaierror, UnicodeError) as exc:
            raise IngestError(source, f"could not resolve the host {host!r} (DNS lookup failed: {_oserror_text(exc)})") from None
        if not allow_private_urls:
            for info in infos:
                ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
                kind = _address_refusal(ip)
                if kind:
                    raise UnsafeURLError(source, _refusal_text(host, ip, kind))
        last: OSError | None = None
        for family, socktype, proto, _, sockaddr in infos:
            sock = socket.socket(family, socktype, proto)
            try:
                if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                last = exc
        raise last if last is not None else OSError(f"no address found for {host}")

    return create_connection


def _ssl_context() -> ssl.SSLContext:
    try:
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    except Exception:  # pragma: no cover - certifi missing or broken
        return ssl.create_default_context()


def _oserror_text(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc or type(exc).__name__)


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return path + (f"?{query}" if query else "")


def _request(url: str, *, source: str, allow_private_urls: bool, deadline: float, timeout: float,
             max_bytes: int, hop: int, headers: Mapping[str, str] | None = None,
             accept: str = ARTICLE_ACCEPT, content_types: frozenset[str] | set[str] | None = None):
    """One GET. Returns the absolute redirect target (str) or a `Fetched`."""
    scheme, host, port = _host_port(url, source)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise IngestError(source, f"timed out after {timeout:g} s")
    if scheme == "https":
        conn = http.client.HTTPSConnection(host, port, timeout=remaining, context=_ssl_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=remaining)
    conn._create_connection = _guarded_connect(allow_private_urls, source)
    where = url if hop else "the server"
    sock = resp = None
    try:
        conn.putrequest("GET", _request_target(url), skip_accept_encoding=True)
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Accept", accept)
        conn.putheader("Accept-Encoding", "identity")
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        sock = conn.sock
        resp = conn.getresponse()
        status = resp.status
        if status in _REDIRECT_STATUSES:
            location = resp.getheader("Location")
            if not location:
                raise IngestError(source, f"the server answered HTTP {status} (a redirect) without a Location")
            return urljoin(url, location.strip())
        if status >= 400:
            reason = f" {resp.reason}" if resp.reason else ""
            at = f" for {url}" if hop else ""
            raise IngestError(source, f"the server answered HTTP {status}{reason}{at}")
        response_headers = {k.lower(): v for k, v in resp.getheaders()}
        if status == 304:  # a conditional request (If-None-Match / If-Modified-Since): unchanged
            return Fetched(url, status, None, None, b"", response_headers)
        if status != 200:
            raise IngestError(source, f"unexpected HTTP status {status} {resp.reason or ''}".rstrip())
        ctype = resp.getheader("Content-Type")
        content_type = resp.headers.get_content_type() if ctype else None
        charset = resp.headers.get_content_charset() if ctype else None
        if content_type is not None and content_types is not None and content_type not in content_types:
            raise IngestError(
                source,
                f"unsupported content type {content_type}: quotebot reads HTML pages and plain-text or Markdown files",
            )
        length = resp.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise IngestError(
                source, f"the download is {format_size(int(length))}, over the {format_size(max_bytes)} size limit"
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if sock is not None:
                sock.settimeout(remaining)
            chunk = resp.read1(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise IngestError(source, f"the download is over the {format_size(max_bytes)} size limit")
            chunks.append(chunk)
        return Fetched(url, status, content_type, charset, b"".join(chunks), response_headers)
    except IngestError:
        raise
    except (TimeoutError, socket.timeout):
        raise IngestError(source, f"timed out after {timeout:g} s") from None
    except ConnectionRefusedError:
        raise IngestError(source, f"could not connect: connection refused by {host}:{port}") from None
    except ssl.SSLError as exc:
        raise IngestError(source, f"secure connection to {host} failed: {getattr(exc, 'reason', None) or exc}") from None
    except (http.client.HTTPException, ConnectionError) as exc:
        raise IngestError(source, f"{where} sent a broken HTTP response ({type(exc).__name__})") from None
    except OSError as exc:
        raise IngestError(source, f"could not connect to {host}: {_oserror_text(exc)}") from None
    finally:
        # the response may own the socket (Connection: close), so close all three
        if resp is not None:
            resp.close()
        if sock is not None:
            sock.close()
        conn.close()
