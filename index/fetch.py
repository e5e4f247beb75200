"""Guarded HTTP: fetch an http(s) URL without letting it reach what it must not, and
without letting it take longer than it may.

http and https only; every address a host resolves to must be public, unless the host is
named in QUOTEBOT_ALLOWED_HOSTS or private URLs are allowed altogether; redirects are
followed by hand and re-checked hop by hop; the connection goes to exactly the address that
was checked, so a DNS answer that changes between the check and the connect cannot slip
through.

One deadline (QUOTEBOT_FETCH_TIMEOUT) covers the whole fetch: DNS lookups, connects, the TLS
handshake, the request, the status line, headers, body and every redirect. A per-call
socket timeout would not do: it restarts with every byte, so a server trickling one byte a
second could hold a fetch for ever. Instead every blocking socket call gets the time left
before the deadline as its timeout, and DNS lookups (getaddrinfo has no timeout at all) run
in a worker thread waited on for the time left.
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Collection, Mapping
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


def check_url(url: str, *, allow_private_urls: bool, allowed_hosts: Collection[str] = (),
              timeout: float = DEFAULT_TIMEOUT) -> None:
    """Refuse what quotebot must not fetch: raise `UnsafeURLError` (scheme or address) or
    `IngestError` (malformed URL, host that does not resolve)."""
    deadline = _Deadline(timeout)
    try:
        reason = _url_refusal(url, allow_private_urls=allow_private_urls, allowed_hosts=allowed_hosts,
                              deadline=deadline)
    except TimeoutError:
        raise IngestError(url, deadline.message()) from None
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
    allowed_hosts: Collection[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    headers: Mapping[str, str] | None = None,
    accept: str = ARTICLE_ACCEPT,
    content_types: frozenset[str] | set[str] | None = None,
) -> Fetched:
    """GET an http(s) URL under the same rules as `fetch_url` (address checks hop by hop,
    redirects followed by hand, size cap, one deadline for everything) and return the raw
    response. `allowed_hosts` are host names that may resolve to private addresses even
    when `allow_private_urls` is off. `headers` are sent as well (e.g. If-None-Match);
    `content_types`, when given, are the only content types accepted. Raises `IngestError` /
    `UnsafeURLError`."""
    source = url.strip()
    current = source
    deadline = _Deadline(timeout)
    allowed = _host_set(allowed_hosts)
    try:
        for hop in range(MAX_REDIRECTS + 1):
            reason = _url_refusal(current, allow_private_urls=allow_private_urls, allowed_hosts=allowed,
                                  deadline=deadline, source=source)
            if reason is not None:
                if hop:
                    reason = f"it redirects to {current}, which is refused: {reason}"
                raise UnsafeURLError(source, reason)
            result = _request(current, source=source, allow_private_urls=allow_private_urls,
                              allowed_hosts=allowed, deadline=deadline, max_bytes=max_bytes, hop=hop,
                              headers=headers, accept=accept, content_types=content_types)
            if isinstance(result, str):  # a redirect target
                current = result
                continue
            return result
    except TimeoutError:  # a DNS lookup (in the check) that outlived the deadline
        raise IngestError(source, deadline.message()) from None
    raise IngestError(source, f"too many redirects (more than {MAX_REDIRECTS})")


def format_size(n: int) -> str:
    for unit, size in (("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)):
        if n >= size:
            value = f"{n / size:.1f}".rstrip("0").rstrip(".")
            return f"{value} {unit}"
    return f"{n} bytes"


# --------------------------------------------------------------------------------------
# the deadline
# --------------------------------------------------------------------------------------


class _DeadlinePassed(TimeoutError):
    pass


class _Deadline:
    """The moment a whole fetch must be over by."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.at = time.monotonic() + timeout

    def remaining(self) -> float:
        """Seconds left; raises `_DeadlinePassed` (a TimeoutError) when there are none."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise _DeadlinePassed
        return left

    def message(self) -> str:
        return f"it took longer than the {self.timeout:g} s download deadline (QUOTEBOT_FETCH_TIMEOUT)"


class _Armed:
    """Socket methods that re-arm the timeout with the time left before every blocking call
    (see the module docstring), for a plain and a TLS socket alike (CPython bounds one SSL
    read, handshake or write by the socket timeout as a whole, however the bytes trickle in)."""

    __slots__ = ()
    deadline: _Deadline

    def _arm(self) -> None:
        self.settimeout(self.deadline.remaining())

    def recv(self, *args):
        self._arm()
        return super().recv(*args)

    def recv_into(self, *args):  # what http.client's makefile reads through
        self._arm()
        return super().recv_into(*args)

    def send(self, *args):
        self._arm()
        return super().send(*args)

    def sendall(self, *args):
        self._arm()
        return super().sendall(*args)


class _DeadlineSocket(_Armed, socket.socket):
    """A TCP socket whose every blocking call times out at the deadline."""

    __slots__ = ("deadline",)

    def connect(self, address):
        self._arm()
        return super().connect(address)


class _DeadlineSSLSocket(_Armed, ssl.SSLSocket):
    """The TLS counterpart of `_DeadlineSocket`."""

    def do_handshake(self, *args):
        self._arm()
        return super().do_handshake(*args)

    def read(self, *args):
        self._arm()
        return super().read(*args)


def _lookup(host: str, port: int, deadline: _Deadline, source: str) -> list[tuple]:
    """`_resolve` bounded by the deadline. getaddrinfo cannot be interrupted, so it runs in a
    daemon thread that is left to finish on its own when the deadline passes first."""
    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["infos"] = _resolve(host, port)
        except BaseException as exc:  # handed to the waiting thread
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="quotebot-dns", daemon=True).start()
    if not done.wait(deadline.remaining()):
        raise _DeadlinePassed
    error = outcome.get("error")
    if isinstance(error, (socket.gaierror, UnicodeError)):
        raise IngestError(source, f"could not resolve the host {host!r} (DNS lookup failed: {_oserror_text(error)})")
    if error is not None:
        raise error  # type: ignore[misc]
    return outcome["infos"]  # type: ignore[return-value]


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


_PRIVATE_HINT = ("quotebot only fetches public addresses, except from hosts whoever runs it names in "
                 "QUOTEBOT_ALLOWED_HOSTS or when they allow private URLs (QUOTEBOT_ALLOW_PRIVATE_URLS)")


def _host_key(host: str) -> str:
    """A host name as compared with QUOTEBOT_ALLOWED_HOSTS: case-insensitive, without the
    root dot or IPv6 brackets."""
    return host.strip().strip("[]").rstrip(".").lower()


def _host_set(hosts: Collection[str]) -> frozenset[str]:
    return frozenset(_host_key(h) for h in hosts if h and h.strip())


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


def _url_refusal(url: str, *, allow_private_urls: bool, allowed_hosts: Collection[str] = (),
                 deadline: _Deadline | None = None, source: str | None = None) -> str | None:
    source = source or url
    m = URL_SCHEME_RE.match(url.strip())
    scheme = (m.group(1) if m else urlsplit(url).scheme).lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "a URL without a scheme"
        extra = " (to add a local file, give its path instead)" if scheme == "file" else ""
        return f"only http and https URLs can be fetched, not {shown}{extra}"
    _, host, port = _host_port(url, source)
    if allow_private_urls or _host_key(host) in _host_set(allowed_hosts):
        return None
    try:
        literal = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        literal = None
    if literal is not None:
        kind = _address_refusal(literal)
        return _refusal_text(host, literal, kind) if kind else None
    for info in _lookup(host, port, deadline or _Deadline(DEFAULT_TIMEOUT), source):
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        kind = _address_refusal(ip)
        if kind:
            return _refusal_text(host, ip, kind)
    return None


def _guarded_connect(allow_private_urls: bool, allowed_hosts: frozenset[str], deadline: _Deadline, source: str):
    """A replacement for socket.create_connection that refuses non-public addresses (unless
    the host is allowed) and connects to exactly the address it checked (no second,
    unchecked DNS lookup), within the deadline."""

    def create_connection(address, timeout=None, source_address=None, *args, **kwargs):
        host, port = address
        infos = _lookup(host, port, deadline, source)
        if not allow_private_urls and _host_key(host) not in allowed_hosts:
            for info in infos:
                ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
                kind = _address_refusal(ip)
                if kind:
                    raise UnsafeURLError(source, _refusal_text(host, ip, kind))
        last: OSError | None = None
        for family, socktype, proto, _, sockaddr in infos:
            sock = _DeadlineSocket(family, socktype, proto)
            sock.deadline = deadline
            try:
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                last = exc
        raise last if last is not None else OSError(f"no address found for {host}")

    return create_connection


class _Connection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, connect, deadline: _Deadline):
        super().__init__(host, port, timeout=deadline.remaining())
        self._create_connection = connect


class _TLSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, connect, deadline: _Deadline):
        context = _ssl_context()
        context.sslsocket_class = _DeadlineSSLSocket
        super().__init__(host, port, timeout=deadline.remaining(), context=context)
        self._create_connection = connect
        self._deadline = deadline

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        # The handshake is done by hand so that it too runs under the deadline.
        sock = self._context.wrap_socket(self.sock, server_hostname=self.host, do_handshake_on_connect=False)
        sock.deadline = self._deadline
        self.sock = sock
        sock.do_handshake()


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


def _request(url: str, *, source: str, allow_private_urls: bool, allowed_hosts: frozenset[str],
             deadline: _Deadline, max_bytes: int, hop: int, headers: Mapping[str, str] | None = None,
             accept: str = ARTICLE_ACCEPT, content_types: frozenset[str] | set[str] | None = None):
    """One GET. Returns the absolute redirect target (str) or a `Fetched`."""
    scheme, host, port = _host_port(url, source)
    where = url if hop else "the server"
    conn = resp = None
    try:
        connect = _guarded_connect(allow_private_urls, allowed_hosts, deadline, source)
        kind = _TLSConnection if scheme == "https" else _Connection
        conn = kind(host, port, connect=connect, deadline=deadline)
        conn.putrequest("GET", _request_target(url), skip_accept_encoding=True)
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Accept", accept)
        conn.putheader("Accept-Encoding", "identity")
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
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
        while chunk := resp.read1(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise IngestError(source, f"the download is over the {format_size(max_bytes)} size limit")
            chunks.append(chunk)
        return Fetched(url, status, content_type, charset, b"".join(chunks), response_headers)
    except IngestError:
        raise
    except (TimeoutError, socket.timeout):
        raise IngestError(source, deadline.message()) from None
    except ConnectionRefusedError:
        raise IngestError(source, f"could not connect: connection refused by {host}:{port}") from None
    except ssl.SSLError as exc:
        raise IngestError(source, f"secure connection to {host} failed: {getattr(exc, 'reason', None) or exc}") from None
    except (http.client.HTTPException, ConnectionError) as exc:
        raise IngestError(source, f"{where} sent a broken HTTP response ({type(exc).__name__})") from None
    except OSError as exc:
        raise IngestError(source, f"could not connect to {host}: {_oserror_text(exc)}") from None
    finally:
        # the response may own the socket (Connection: close), so close all of them
        if resp is not None:
            resp.close()
        if conn is not None:
            if conn.sock is not None:
                conn.sock.close()
            conn.close()
