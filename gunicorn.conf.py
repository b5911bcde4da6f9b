"""Gunicorn settings for production: ``gunicorn newsroom.wsgi`` reads this file from the project root.

A client that lies about its body (a ``Content-Length`` larger than what it sends, or a body
trickled a byte at a time) costs seconds, not a worker:

* threaded workers (``gthread``) wait for a request's first bytes in the event loop, not in a
  thread, and bound the drain of an unread body, so slow headers and idle keep-alives hold
  no thread;
* gunicorn has no setting for how long reading a body may take, so ``pre_request`` below gives
  every body a deadline (``GUNICORN_BODY_TIMEOUT``, whole body, not per read): past it the read
  fails, Django answers without the data, and the connection is closed;
* request line and headers are capped (``limit_request_*``); Django caps body sizes
  (``DATA_UPLOAD_MAX_MEMORY_SIZE``) and the proxy in front buffers bodies (docs/deployment.md).

Every value can be overridden by the environment (twelve-factor) or on the command line.
"""

import multiprocessing
import os
import time

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Longest URL, number of headers and longest header a request may have (gunicorn answers 400 past them).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# Seconds a whole request body may take to arrive.
body_timeout = float(os.environ.get("GUNICORN_BODY_TIMEOUT", "10"))
# Recycle workers now and then so a slow leak in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Logs to stdout/stderr; the platform collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a proxy that sets X-Forwarded-For/-Proto (see DJANGO_BEHIND_PROXY); comma-separated IPs.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


class BodyDeadline:
    """Wraps gunicorn's body reader: every read waits only for what is left of one deadline."""

    def __init__(self, reader, sock, seconds):
        self.reader = reader
        self.sock = sock
        self.deadline = time.monotonic() + seconds

    def read(self, size=None):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request body did not arrive in time")
        previous = self.sock.gettimeout()
        self.sock.settimeout(remaining)
        try:
            return self.reader.read(size)
        finally:
            self.sock.settimeout(previous)


def pre_request(worker, req):
    """Give the request's body a deadline before the application starts reading it."""
    body = getattr(req, "body", None)
    sock = getattr(getattr(req, "unreader", None), "sock", None)
    if body is not None and sock is not None and hasattr(sock, "settimeout"):
        body.reader = BodyDeadline(body.reader, sock, body_timeout)
    worker.log.debug("%s %s", req.method, req.path)
