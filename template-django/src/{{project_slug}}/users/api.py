"""JWT endpoints for API clients (djangorestframework-simplejwt), guarded by django-axes."""

from typing import Any

from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_simplejwt.views import TokenObtainPairView


class TokenObtainView(TokenObtainPairView):
    """Obtain an access + refresh token pair; 429 while the account is locked out.

    django-axes refuses locked-out credentials inside `authenticate()`, which simplejwt reports
    as a plain 401. Answering 429 like the login page tells clients to back off.
    """

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                raise Throttled(detail="Too many failed login attempts; try again later.") from None
            raise
