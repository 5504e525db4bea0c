"""Server-rendered pages: signup, login, logout and the signed-in user's items.

`install(app)` is the one call the application factory makes. People sign in with a session
cookie (Starlette's SessionMiddleware: signed, HttpOnly) and every form carries a per-session
CSRF token. The pages call the same services as the API: the rules live there, once.
"""

from .app import install

__all__ = ["install"]
