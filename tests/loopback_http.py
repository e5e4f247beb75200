"""The request handler the loopback HTTP servers of the tests build on."""
from __future__ import annotations

import contextlib
import http.server
import threading


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


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler], server_class=http.server.ThreadingHTTPServer):
    """A loopback server with the handler in a thread; yields its base URL, stops on exit."""
    srv = server_class(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()
