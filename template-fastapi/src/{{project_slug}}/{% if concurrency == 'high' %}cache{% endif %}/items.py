"""The items' read-through cache in Redis, shared by every worker.

GET /items/{id} looks in Redis first; on a miss it reads the database and stores the answer.
PATCH and DELETE, after they commit and in whichever process serves them, replace the entry with
a short-lived fence: a read that began before the write (and so read the old row) finds the key
taken and cannot store its stale copy (answers are stored with SET NX). So no worker serves an
item a write has changed. Keys carry the owner's id as well as the item's, and a hit
is checked against the requesting user again: a cached item is only ever served to its owner.

Redis is an optimisation, never a dependency of a request: when it is down or slow, reads go to
the database (with a warning in the log) and the client reconnects on its own once it is back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from ..items.schemas import ItemPublic
from .settings import CacheSettings

logger = logging.getLogger(__name__)

Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]

# What a key holds for FENCE_SECONDS after a write (longer than a read takes, from its query to
# storing its answer): no answer is stored over it.
FENCE = b"written"
FENCE_SECONDS = 5


class ItemCache:
    """Cached `ItemPublic`s by owner and id; without a Redis client, every call does nothing."""

    def __init__(self, redis: Redis | None = None, *, prefix: str = "", ttl: int = 60) -> None:
        self.redis = redis
        self.prefix = prefix
        self.ttl = ttl

    def key(self, *, owner_id: int, item_id: int) -> str:
        return f"{self.prefix}items:{owner_id}:{item_id}"

    async def get(self, *, owner_id: int, item_id: int) -> ItemPublic | None:
        if self.redis is None:
            return None
        try:
            cached = await self.redis.get(self.key(owner_id=owner_id, item_id=item_id))
        except (RedisError, OSError) as exc:
            logger.warning("Cache read failed, reading the database instead: %s", exc)
            return None
        if cached is None or cached == FENCE:
            return None
        try:
            item = ItemPublic.model_validate_json(cached)
        except ValidationError:
            return None  # written by an older version of the schema: read it afresh
        return item if item.owner_id == owner_id and item.id == item_id else None

    async def put(self, item: ItemPublic) -> None:
        if self.redis is None:
            return
        key = self.key(owner_id=item.owner_id, item_id=item.id)
        try:
            await self.redis.set(key, item.model_dump_json(), ex=self.ttl, nx=True)
        except (RedisError, OSError) as exc:
            logger.warning("Cache write failed: %s", exc)

    async def forget(self, *, owner_id: int, item_id: int) -> None:
        """Clear an item after a write committed (fencing off older reads). If Redis cannot be
        reached, the cached copy lives until it expires (CACHE_TTL_SECONDS)."""
        if self.redis is None:
            return
        key = self.key(owner_id=owner_id, item_id=item_id)
        try:
            await self.redis.set(key, FENCE, ex=FENCE_SECONDS)
        except (RedisError, OSError) as exc:
            logger.warning("Cache clear failed, the item expires in its own time: %s", exc)


def connect(settings: CacheSettings) -> ItemCache:
    """An `ItemCache` on the Redis the settings name (connections are opened on first use)."""
    redis = Redis.from_url(
        settings.url,
        socket_timeout=settings.cache_timeout_seconds,
        socket_connect_timeout=settings.cache_timeout_seconds,
        # Checks a connection that sat idle before using it, so one the server closed is
        # replaced instead of failing the request's cache lookup.
        health_check_interval=30,
        # Names this app's connections in Redis's CLIENT LIST.
        client_name=f"{settings.cache_key_prefix}cache",
    )
    return ItemCache(redis, prefix=settings.cache_key_prefix, ttl=settings.cache_ttl_seconds)


def install(app: FastAPI, settings: CacheSettings | None = None) -> None:
    """Connect the cache for the app's lifetime (its lifespan); until then it does nothing."""
    app.state.item_cache = ItemCache()
    inner: Lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        cache = connect(settings or CacheSettings())
        app.state.item_cache = cache
        try:
            async with inner(app) as state:
                yield state
        finally:
            app.state.item_cache = ItemCache()
            if cache.redis is not None:
                await cache.redis.aclose()

    app.router.lifespan_context = lifespan


async def get_item_cache(request: Request) -> ItemCache:
    cache: ItemCache = request.app.state.item_cache
    return cache


ItemCacheDep = Annotated[ItemCache, Depends(get_item_cache)]
