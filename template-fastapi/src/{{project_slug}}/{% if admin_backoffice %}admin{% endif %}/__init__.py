"""The back-office at /admin/: sqladmin's views of the users and items, for superusers only.

`install(app)` is the one call the application factory makes. Everything here talks to the
database through its own sessions, made by a session factory bound to the app's engine when
the app starts.
"""

from .app import install

__all__ = ["install"]
