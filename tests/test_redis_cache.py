"""The Redis backend shares one client per connection pool instead of building one per call."""

import pytest
import redis

from config.cache import SharedClientRedisCache


def make_cache(location):
    # Nothing connects until a command runs, so no Redis server is needed here.
    return SharedClientRedisCache(location, {"OPTIONS": {"socket_connect_timeout": 0.2}})


def test_every_call_reuses_the_client_of_its_pool():
    client = make_cache("redis://127.0.0.1:6390/0")._cache
    first = client.get_client("a")
    assert first is client.get_client("b")
    assert first is client.get_client("c", write=True)
    assert first.connection_pool.connection_kwargs["port"] == 6390


def test_reads_and_writes_keep_their_own_servers():
    client = make_cache("redis://127.0.0.1:6390/0,redis://127.0.0.1:6391/0")._cache
    writer = client.get_client(write=True)
    reader = client.get_client()
    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 6390
    assert reader.connection_pool.connection_kwargs["port"] == 6391
    assert reader is client.get_client()


def test_a_shared_client_still_reports_an_unreachable_server():
    cache = make_cache("redis://127.0.0.1:9/0")
    with pytest.raises(redis.ConnectionError):
        cache.get("key")
