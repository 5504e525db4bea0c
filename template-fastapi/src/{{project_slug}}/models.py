"""Every model, imported in one place so that `Base.metadata` knows all tables (Alembic's
autogenerate and the tests use it)."""

from .auth.models import LoginThrottle, RefreshToken
from .db import Base
from .items.models import Item
from .users.models import User

__all__ = ["Base", "Item", "LoginThrottle", "RefreshToken", "User"]
