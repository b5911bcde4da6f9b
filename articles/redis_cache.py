"""Django's Redis cache, reusing one client per connection pool instead of building one per call.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` makes a new ``redis.Redis``
object on every cache call, and redis-py rebuilds its response-callback table each time: on a
cached page hit that was ~40 % of the request. The pools were already shared; now the client
over each pool is too (a ``redis.Redis`` is safe to share between threads).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
