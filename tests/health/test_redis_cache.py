"""The Redis cache backend reuses one client per pool instead of building one per call (a cached hit's biggest cost)."""

import shutil
import socket
import subprocess
import time

import pytest

from health.cache import ResilientRedisCache as RedisCache


@pytest.fixture(scope="module")
def redis_url():
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 (our own throw-away server)
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cache_calls_share_one_client_and_still_store_and_read(redis_url):
    cache = RedisCache(redis_url, {"KEY_PREFIX": "test"})

    cache.set("page", {"html": "<p>cached</p>"}, 30)

    assert cache.get("page") == {"html": "<p>cached</p>"}
    assert cache.get_many(["page", "missing"]) == {"page": {"html": "<p>cached</p>"}}
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
