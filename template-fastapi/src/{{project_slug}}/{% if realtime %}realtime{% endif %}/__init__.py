"""Real-time rooms: authenticated websockets whose messages reach every process.

A client joins a *room* (a short name) with `WS /ws/rooms/{room}` and the access token of
`POST /auth/token`; what it sends there, or what anyone posts with `POST /rooms/{room}/messages`,
reaches every socket in that room, whichever web process holds it: each process publishes to
Redis and runs one subscriber that hands Redis's messages to its own sockets (the *hub*).

`install(app)` is the only name the rest of the project uses (see main.py).
"""

from .router import install

__all__ = ["install"]
