"""One web process's side of the rooms: its sockets' outboxes by room, and its one subscriber.

Every message goes through Redis, even between two sockets of the same process: each process
publishes to the room's channel and listens to all rooms' channels with one pattern
subscription, so that a message reaches the room's sockets wherever they are connected. When
Redis goes away the subscriber tries again with a growing delay, and the process recovers by
itself once Redis is back; messages published meanwhile are lost (Redis pub/sub keeps nothing).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress

from redis.asyncio import Redis
from redis.exceptions import RedisError

from .schemas import MessagePublic
from .settings import RealtimeSettings

logger = logging.getLogger(__name__)

# Seconds between two attempts to subscribe again, doubling from the first to the last.
RETRY_FIRST = 0.1
RETRY_MAX = 5.0
# How long shutdown waits for the subscriber to unsubscribe and for Redis to close: a Redis that
# stopped answering must not keep the process from exiting.
SHUTDOWN_WAIT = 5.0


class Outbox:
    """What one socket has yet to send. A socket whose outbox overflows is too slow to follow
    its room: `too_slow` is set, and its connection closes it."""

    def __init__(self, size: int) -> None:
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=size)
        self.too_slow = asyncio.Event()

    def offer(self, data: str) -> bool:
        try:
            self.queue.put_nowait(data)
        except asyncio.QueueFull:
            self.too_slow.set()
            return False
        return True


class Hub:
    def __init__(self, settings: RealtimeSettings) -> None:
        self.settings = settings
        self.redis = Redis.from_url(
            settings.redis_url,
            # Each process's connections carry a name of their own (`CLIENT LIST` shows it).
            client_name=f"{settings.realtime_channel_prefix}-realtime-{socket.gethostname()}-"
            f"{os.getpid()}",
            decode_responses=True,
            socket_connect_timeout=3,
            socket_keepalive=True,
            # The subscriber's connection is silent when no one talks: ping it now and then, so
            # that a connection lost without a word is noticed.
            health_check_interval=15,
        )
        self._prefix = f"{settings.realtime_channel_prefix}:room:"
        self._rooms: defaultdict[str, set[Outbox]] = defaultdict(set)
        self.subscribed = asyncio.Event()

    def channel(self, room: str) -> str:
        return self._prefix + room

    @contextmanager
    def join(self, room: str) -> Iterator[Outbox]:
        """An outbox that receives the room's messages for as long as the block lasts."""
        outbox = Outbox(self.settings.realtime_outbox_size)
        self._rooms[room].add(outbox)
        try:
            yield outbox
        finally:
            members = self._rooms[room]
            members.discard(outbox)
            if not members:
                del self._rooms[room]

    def members(self, room: str) -> int:
        """How many of this process's sockets are in the room."""
        return len(self._rooms.get(room, ()))

    async def publish(self, message: MessagePublic) -> None:
        """Send a message to its room in every process; raises RedisError when Redis is away."""
        await self.redis.publish(self.channel(message.room), message.model_dump_json())

    def deliver(self, channel: str, data: str) -> None:
        for outbox in list(self._rooms.get(channel.removeprefix(self._prefix), ())):
            outbox.offer(data)

    async def listen(self) -> None:
        """Hand every room message Redis carries to this process's sockets, forever."""
        delay = RETRY_FIRST
        while True:
            try:
                async with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.psubscribe(self.channel("*"))
                    self.subscribed.set()
                    delay = RETRY_FIRST
                    async for message in pubsub.listen():
                        if message["type"] == "pmessage":
                            self.deliver(message["channel"], message["data"])
            except (RedisError, OSError) as exc:
                self.subscribed.clear()
                logger.warning("Real-time rooms lost Redis (%s); retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The subscriber runs while the block lasts (the app's lifespan)."""
        listener = asyncio.create_task(self.listen(), name="realtime-subscriber")
        try:
            yield
        finally:
            listener.cancel()
            await asyncio.wait({listener}, timeout=SHUTDOWN_WAIT)
            with suppress(TimeoutError, RedisError, OSError):
                async with asyncio.timeout(SHUTDOWN_WAIT):
                    await self.redis.aclose()
