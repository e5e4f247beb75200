"""The request handler the loopback HTTP servers of the tests build on, and a way to send
bytes slowly (a server that trickles its answer)."""
from __future__ import annotations

import contextlib
import http.server
import itertools
import threading
from collections.abc import Iterable


class QuietHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=()):
        try:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except OSError:  # the client gave up (a timeout under test): nothing to answer
            pass


def trickle(wfile, data: bytes | Iterable[int], every: float, stop: threading.Event) -> None:
    """Write `data` one byte at a time, `every` seconds apart, until it is all sent, `stop` is
    set or the client hangs up. `data` may be endless (see `endless`)."""
    for byte in data:
        if stop.wait(every):
            return
        try:
            wfile.write(bytes([byte]))
            wfile.flush()
        except OSError:  # the client gave up
            return


def endless(prefix: bytes, filler: bytes = b"a") -> Iterable[int]:
    """`prefix`, then `filler` for ever: a line that never ends."""
    return itertools.chain(prefix, itertools.cycle(filler))


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler], server_class=http.server.ThreadingHTTPServer):
    """A loopback server with the handler in a thread; yields its base URL, stops on exit.
    `server.stopping` (an Event) is set first, so handlers trickling an answer end."""
    srv = server_class(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    srv.stopping = threading.Event()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.stopping.set()
        srv.shutdown()
        srv.server_close()
