"""A Redis cache that reads as a miss when Redis is down, so pages render uncached instead of failing,
and that reuses one client per connection pool.

Every call has a short connect and socket timeout (``OPTIONS`` in settings). After a failure the
cache stays "open" (every call answers at once as a miss, without touching the network) for
``retry_interval`` seconds, then tries Redis again; a request never waits on a dead server more
than once per interval per process. The outage is logged once per ``log_interval``.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` object on every cache call,
and redis-py rebuilds its response-callback table each time: on a cached page hit that was
~40 % of the request. The pools were already shared; here the client over each pool is too
(a ``redis.Redis`` is safe to share between threads).
"""

import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from health.throttle import warn_once_per

#: When each Redis location last failed (shared by the threads of a process).
_down_until = {}


class CacheUnavailable(Exception):
    """The cache could not be reached; callers of ``probe()`` see this, everyone else a miss."""


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    retry_interval = 5
    log_interval = 60

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    @property
    def _location(self):
        return ",".join(self._servers)

    def _call(self, fallback, method, *args, **kwargs):
        if _down_until.get(self._location, 0) > time.monotonic():
            return fallback
        try:
            return method(*args, **kwargs)
        except (RedisError, OSError) as error:
            _down_until[self._location] = time.monotonic() + self.retry_interval
            warn_once_per(
                f"cache:{self._location}",
                self.log_interval,
                "Cache unreachable (%s: %s); serving without it and retrying every %ss.",
                type(error).__name__,
                error,
                self.retry_interval,
            )
            return fallback

    def probe(self):
        """Round-trip to Redis now, whatever the recent failures; raise ``CacheUnavailable`` if it fails."""
        try:
            self._cache.get_client(None, write=True).ping()
        except (RedisError, OSError) as error:
            raise CacheUnavailable(type(error).__name__) from error
        _down_until.pop(self._location, None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call(None, super().incr, key, delta, version)
        if result is None:
            # As if the key were missing: the caller's own fallback for a missing counter applies.
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = self._call(None, super().set_many, data, timeout, version)
        return list(data) if failed is None else failed

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)
