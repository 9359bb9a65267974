"""The shared cache: Redis (or Valkey) where TEILHABE_CACHE_URL names one, the database cache
otherwise. A real redis-server (core/tests/redis_server.py) proves that two separate processes,
each with its own data directory as two nodes have, see the same values and count together, and
that a district map's label placement made once is used from the shared cache, whichever cache
it is."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured

from teilhabe.core.tests.redis_server import RedisServer, available
from teilhabe.dburl import shared_cache
from teilhabe.regions import queries
from teilhabe.testing import require

# One process of a node: settings from its environment, then the given code with `cache`.
NODE = """
import json, os, sys, django
django.setup()
from django.core.cache import cache, caches
print(json.dumps({"backend": type(caches["default"]).__name__}), flush=True)
exec(sys.argv[1])
"""


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    require(available(), "redis-server")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _node(tmp_path: Path, name: str, cache_url: str, code: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEILHABE_")}
    env |= {
        "TEILHABE_ENV": "test",
        "TEILHABE_DATA_DIR": str(tmp_path / name),  # a data directory of its own, as a node's
        "TEILHABE_CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
    }
    return subprocess.Popen(
        [sys.executable, "-c", NODE, code], env=env, stdout=subprocess.PIPE, text=True
    )


def _output(process: subprocess.Popen[str]) -> list[Any]:
    out, _err = process.communicate(timeout=60)
    assert process.returncode == 0, out
    return [json.loads(line) for line in out.splitlines()]


def test_two_processes_see_the_same_values_and_count_together(redis, tmp_path):
    valkey = redis.url.replace("redis://", "valkey://")  # the same server by the other name
    setup = "cache.set('greeting', 'Guten Tag', 60); cache.set('hits', 0, 60)"
    assert _output(_node(tmp_path, "a", redis.url, setup)) == [{"backend": "RedisCache"}]
    # Both count at the same moment: Redis's INCR is atomic, so no increment is lost.
    count = "for _ in range(200): cache.incr('hits')"
    nodes = [_node(tmp_path, name, url, count) for name, url in (("a", redis.url), ("b", valkey))]
    for node in nodes:
        _output(node)
    read = "print(json.dumps([cache.get('greeting'), cache.get('hits')]))"
    assert _output(_node(tmp_path, "b", valkey, read)) == [
        {"backend": "RedisCache"},
        ["Guten Tag", 400],
    ]


def test_only_redis_and_valkey_urls_are_taken():
    assert shared_cache("valkey://h:6380/1", {"TIMEOUT": 5}) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://h:6380/1",
        "TIMEOUT": 5,
    }
    with pytest.raises(ImproperlyConfigured):
        shared_cache("memcached://h:11211", {"TIMEOUT": 5})


@pytest.fixture(params=["database", "redis"])
def shared(request, settings, db) -> Iterator[str]:
    """The default cache as the database cache (the test settings') or as Redis."""
    if request.param == "redis":
        server = request.getfixturevalue("redis")
        settings.CACHES = {**settings.CACHES, "default": shared_cache(server.url, {"TIMEOUT": 60})}
    cache.clear()
    yield request.param
    cache.clear()
    caches["default"].close()


def test_a_district_map_is_placed_once_for_every_process(shared, rotenburg, monkeypatch):
    queries._LAYOUTS.clear()
    layout = queries.district_map(rotenburg)
    assert layout is not None and len(layout.shapes) == rotenburg.municipalities.count()

    # Another process (nothing in its memory) must not place the labels again.
    def placed_again(*args: Any) -> None:
        raise AssertionError("the labels were placed again")

    queries._LAYOUTS.clear()
    monkeypatch.setattr(queries, "project", placed_again)
    assert queries.district_map(rotenburg) == layout
    assert (
        type(caches["default"]).__name__
        == {"database": "DatabaseCache", "redis": "RedisCache"}[shared]
    )
