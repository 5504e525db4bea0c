"""Every model, imported in one place so that `Base.metadata` knows all tables (Alembic's
autogenerate and the tests use it)."""

from .auth.models import LoginThrottle, PasswordResetToken, RefreshToken
from .db import Base
from .items.models import Item
from .users.models import User

__all__ = ["Base", "Item", "LoginThrottle", "PasswordResetToken", "RefreshToken", "User"]
