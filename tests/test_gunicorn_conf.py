"""A body shorter than its Content-Length costs seconds, not a worker: gunicorn as shipped, on a real socket.

The server runs the project's ``gunicorn.conf.py`` with one worker process and one thread, so
a request that holds the thread holds the whole server; the test starts it on a free port and
stops it by PID.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BODY_TIMEOUT = 2


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, raw, timeout):
    """Send ``raw`` on a new connection and return the status line of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(raw)
        return conn.makefile("rb").readline().decode().strip()


ROBOTS = b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-gunicorn-body-limits-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": "locmem://",
        "NEWSROOM_FIELD_KEYS": "dGVzdC1ndW5pY29ybi1maWVsZC1rZXktMDEyMzQ1Njc=",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_BODY_TIMEOUT": str(BODY_TIMEOUT),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    # As in production: the pages (the CSRF refusal among them) name hashed static files.
    subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "--graceful-timeout", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(port, ROBOTS, timeout=5).startswith("HTTP/1.1 200"):
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_a_body_shorter_than_its_content_length_frees_the_worker_within_seconds(gunicorn):
    # A form POST Django must read (the CSRF check looks for the token in the body): 1000 bytes
    # promised, 11 sent, and the connection left open as a slow or hostile client would.
    liar = socket.create_connection(("127.0.0.1", gunicorn), timeout=30)
    liar.sendall(
        b"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n"
        b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n\r\nusername=a&"
    )
    time.sleep(0.5)  # let the only thread start reading that body

    started = time.monotonic()
    status = request(gunicorn, ROBOTS, timeout=30)
    waited = time.monotonic() - started

    assert status.startswith("HTTP/1.1 200")
    assert waited < BODY_TIMEOUT + 3, f"the second request waited {waited:.1f}s"
    # The liar got an answer (not a hung connection), and the connection was closed.
    with liar:
        answer = liar.makefile("rb").readline()
        assert answer.startswith(b"HTTP/1.1 4"), answer
