"""Neighbours that fail, for the fault tests: closed ports and throwaway servers, ended by PID.

Nothing here touches the machine's own PostgreSQL (5432) or Redis (6379): a fault test either
points a dependency at a port nobody listens on, or starts its own server on a free port and
kills that process (and only that one) when it is done.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest


def free_port():
    """A local TCP port that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port():
    """A port on 127.0.0.1 that refuses connections."""
    port = free_port()
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        pytest.fail(f"port {port} unexpectedly accepts connections")
    return port


class RedisServer:
    """A throwaway ``redis-server`` on a free port, in memory only; ``stop()`` kills it by PID."""

    def __init__(self, tmp_path):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        assert self.port != 6379
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_listening()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def _wait_until_listening(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        self.stop()
        pytest.fail("the throwaway redis-server did not start")

    def stop(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def cache_settings(url):
    """A CACHES value as settings.py builds it for ``CACHE_URL=url``."""
    return {
        "default": {
            "BACKEND": "health.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsroom-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


@contextlib.contextmanager
def database_unreachable(alias="default"):
    """Point connection ``alias`` at a PostgreSQL port nobody listens on, then put the real one back.

    Works whatever the suite's database: every query in the block raises ``OperationalError``,
    as it does when the server is down. Only this thread's connection is replaced.
    """
    from django.db import connections
    from django.db.backends.postgresql.base import DatabaseWrapper

    real = connections[alias]
    settings_dict = {
        **real.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "NAME": "newsroom_unreachable",
        "USER": "nobody",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 2},
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TEST": {},
    }
    broken = DatabaseWrapper(settings_dict, alias)
    connections[alias] = broken
    try:
        yield broken
    finally:
        connections[alias] = real
        with contextlib.suppress(Exception):
            broken.close()
