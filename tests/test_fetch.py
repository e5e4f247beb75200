"""index.fetch: one deadline bounds a whole download however slowly a server answers, and
QUOTEBOT_ALLOWED_HOSTS lets named internal hosts through while every other host must still be
public.

The slow servers are loopback servers that trickle their answer a byte at a time; every fetch
runs in a watched thread, so a regression fails the test instead of hanging the suite.
"""
from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest
from click.testing import CliRunner

from bot.cli import cli
from index import fetch
from index.engine import GLOBAL
from index.errors import IngestError, UnsafeURLError
from index.ingest import fetch_url

from .conftest import FAKE_THRESHOLD, REPO, make_settings, pinned_engine
from .loopback_http import QuietHandler, endless, serving, trickle

PARAGRAPH = ("The harbour bridge reopened on Monday after eighteen months of repairs that cost the "
             "port authority twelve million euros, and heavy lorries may cross it again.")
PAGE = (f"<!doctype html><html><head><title>Harbour bridge reopens</title></head><body><article>"
        f"<h1>Harbour bridge reopens</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>").encode()
EVERY = 0.2  # seconds between two trickled bytes


class _Handler(QuietHandler):
    def do_GET(self):
        stop = self.server.stopping
        path, _, query = self.path.partition("?")
        every = float(query.removeprefix("every=")) if query.startswith("every=") else EVERY
        if path == "/page.html":
            return self._send(200, PAGE, "text/html; charset=utf-8")
        if path == "/status-trickle":  # a status line that never ends
            return trickle(self.wfile, endless(b"HTTP/1.1 200 O", b"K"), EVERY, stop)
        if path == "/header-trickle":  # the status at once, then a header that never ends
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            self.wfile.flush()
            return trickle(self.wfile, endless(b"X-Slow: ", b"a"), every, stop)
        if path == "/chunk-trickle":  # a first chunk, then a chunk-size line that never ends
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"5\r\n<html\r\n")
            self.wfile.flush()
            return trickle(self.wfile, endless(b"", b"0"), EVERY, stop)
        if path == "/body-trickle":  # an honest length, sent a byte at a time
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE))
            self.wfile.flush()
            return trickle(self.wfile, PAGE, EVERY, stop)
        if path == "/to-trickle":  # a quick redirect to a server that never finishes
            return self._send(302, b"", None, [("Location", "/header-trickle")])
        if path.startswith("/hop/"):  # each hop takes about a second; five of them
            n = int(path.rsplit("/", 1)[1])
            target = f"/hop/{n + 1}" if n < 5 else "/page.html"
            answer = f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode()
            return trickle(self.wfile, answer, 1.0 / len(answer), stop)
        if path == "/to-loopback":  # from an allowed host to one that is not
            port = self.server.server_address[1]
            return self._send(302, b"", None, [("Location", f"http://127.0.0.1:{port}/page.html")])
        if path == "/escape-reason":  # a reason phrase that would retitle the terminal
            self.wfile.write(b"HTTP/1.1 404 Gone \x1b]0;PWNED\x07away\r\nContent-Length: 0\r\n\r\n")
            return None
        return self._send(404, b"no route")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the client hung up on a trickle: expected
        pass


@pytest.fixture(scope="module")
def server():
    with serving(_Handler, _Server) as url:
        yield url


def within(seconds: float, func, *args, **kwargs):
    """Run `func` in a daemon thread and return what it returned or raised, failing the test
    when it is still running after `seconds` (the bar: nothing hangs)."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = func(*args, **kwargs)
        except BaseException as exc:  # handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


DEADLINE_TEXT = "longer than the 1 s download deadline (QUOTEBOT_FETCH_TIMEOUT)"


# the deadline ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/status-trickle", "/header-trickle", "/chunk-trickle", "/body-trickle",
                                  "/to-trickle"])
def test_a_trickling_server_cannot_outlast_the_deadline(server, path):
    with pytest.raises(IngestError) as e:
        within(4, fetch.fetch, server + path, allow_private_urls=True, timeout=1)
    assert DEADLINE_TEXT in e.value.reason and server + path in str(e.value)


def test_redirects_share_one_deadline(server):
    """Five hops of about a second each: every hop alone is within 2 s, the chain is not."""
    started = time.monotonic()
    with pytest.raises(IngestError) as e:
        within(6, fetch_url, server + "/hop/1", allow_private_urls=True, timeout=2)
    assert "longer than the 2 s download deadline" in e.value.reason
    assert time.monotonic() - started < 4  # not five seconds: the deadline covers the chain


def test_a_dns_lookup_that_never_answers_ends_at_the_deadline(monkeypatch):
    released = threading.Event()

    def hung_resolver(host, port):  # getaddrinfo has no timeout of its own
        released.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(fetch, "_resolve", hung_resolver)
    try:
        for allow in (False, True):  # the check's lookup, then the connect's
            with pytest.raises(IngestError) as e:
                within(4, fetch.fetch, "http://slow-dns.test/a", allow_private_urls=allow, timeout=1)
            assert DEADLINE_TEXT in e.value.reason
    finally:
        released.set()


def test_a_tls_handshake_trickled_by_the_server_ends_at_the_deadline():
    """A server that announces a large TLS record and then sends it a byte at a time."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve():
        conn, _ = listener.accept()
        with conn, conn.makefile("wb") as out:
            trickle(out, endless(b"\x16\x03\x03\x40\x00", b"\x00"), EVERY, stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with pytest.raises(IngestError) as e:
            within(4, fetch.fetch, f"https://127.0.0.1:{port}/", allow_private_urls=True, timeout=1)
        assert DEADLINE_TEXT in e.value.reason
    finally:
        stop.set()
        listener.close()


def test_a_normal_page_is_unaffected(server):
    got = within(4, fetch.fetch, server + "/page.html", allow_private_urls=True, timeout=1)
    assert got.status == 200 and got.data == PAGE


def test_quotebot_add_of_a_trickling_url_ends_within_the_deadline(server, tmp_path, monkeypatch):
    """The issue's bar: headers trickled a byte every 0.5 s, QUOTEBOT_FETCH_TIMEOUT=5: `quotebot
    add` ends within 10 s with a message naming the deadline, and the next source is added."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUOTEBOT_MODEL", "hashing:256")
    monkeypatch.setenv("QUOTEBOT_ANSWER_THRESHOLD", str(FAKE_THRESHOLD))
    monkeypatch.setenv("QUOTEBOT_ARTICLES_DIR", str(REPO / "articles"))
    monkeypatch.setenv("QUOTEBOT_FETCH_TIMEOUT", "5")
    monkeypatch.setenv("QUOTEBOT_ALLOW_PRIVATE_URLS", "true")
    url = server + "/header-trickle?every=0.5"
    result = within(10, CliRunner().invoke, cli, ["--data-dir", str(tmp_path / "data"), "add", url,
                                                  server + "/page.html"], obj={})
    output = " ".join(result.output.split())  # the console wraps long lines
    assert result.exit_code == 1
    assert f"Error: {url}: it took longer than the 5 s download deadline (QUOTEBOT_FETCH_TIMEOUT)" in output
    assert "added" in output and "Harbour bridge reopens" in output  # the next source still went in


# allowed hosts -----------------------------------------------------------------------------


def _named(url: str, host: str) -> str:
    return url.replace("127.0.0.1", host)


def test_an_allowed_host_may_be_private_and_only_that_host(server):
    local = _named(server, "localhost")
    with pytest.raises(UnsafeURLError) as e:
        fetch.fetch(local + "/page.html")
    assert "loopback" in e.value.reason and "QUOTEBOT_ALLOWED_HOSTS" in e.value.reason
    assert fetch.fetch(local + "/page.html", allowed_hosts=["localhost"]).data == PAGE
    assert fetch.fetch(local + "/page.html", allowed_hosts=["LocalHost."]).data == PAGE  # case, root dot
    with pytest.raises(UnsafeURLError):
        fetch.fetch(local + "/page.html", allowed_hosts=["feeds.internal", "localhost.example"])
    with pytest.raises(UnsafeURLError):  # the name is allowed, not what it resolves to
        fetch.fetch(server + "/page.html", allowed_hosts=["localhost"])
    fetch.check_url(local + "/feed.xml", allow_private_urls=False, allowed_hosts=["localhost"])


def test_a_redirect_from_an_allowed_host_to_another_private_host_is_refused(server):
    with pytest.raises(UnsafeURLError) as e:
        fetch.fetch(_named(server, "localhost") + "/to-loopback", allowed_hosts=["localhost"])
    assert "redirects to http://127.0.0.1" in e.value.reason and "loopback" in e.value.reason


def test_allowed_hosts_do_not_open_dns_rebinding_for_other_hosts(server, monkeypatch):
    """A host not on the list whose DNS answer turns private between the check and the
    connect is still refused: the check applies to the address connected to."""
    port = int(server.rsplit(":", 1)[1])
    answers = iter(["93.184.216.34", "127.0.0.1"])

    def resolve(host, p):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), p))]

    monkeypatch.setattr(fetch, "_resolve", resolve)
    with pytest.raises(UnsafeURLError) as e:
        fetch.fetch(f"http://rebind.test:{port}/page.html", allowed_hosts=["localhost", "feeds.internal"])
    assert "loopback" in e.value.reason


def test_engine_add_honours_allowed_hosts(server, tmp_path, embedder):
    url = _named(server, "localhost") + "/page.html"
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        with pytest.raises(UnsafeURLError):
            engine.add(url)
    with pinned_engine(make_settings(tmp_path, allowed_hosts=["localhost"]), embedder) as engine:
        [result] = engine.add(url)
        assert result.status == "added" and result.article.title == "Harbour bridge reopens"
        assert engine.articles([GLOBAL])[0].url == url


def test_a_reason_phrase_with_terminal_escapes_reaches_no_error_message(server):
    """A server's reason phrase ends up in the error the CLI prints, the poller logs and Discord
    shows: its escape sequences (here one that would retitle the terminal) are dropped."""
    with pytest.raises(IngestError) as caught:
        fetch.fetch(server + "/escape-reason", allow_private_urls=True, timeout=5)
    assert "Gone away" in str(caught.value) and "\x1b" not in str(caught.value)
