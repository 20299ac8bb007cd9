"""The Redis cache backend, with one Redis client per process instead of one per cache call.

Django's RedisCacheClient builds a new `redis.Redis` for every get or set. With the redis-py this
project installs (8.x), that costs more than the round trip itself (each client copies its table
of about 170 response callbacks), and a page-cache hit pays it on every request. A redis-py
client is safe to share between threads and holds no connection of its own: connections come
from the pool, which redis-py already resets in a forked gunicorn worker.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
