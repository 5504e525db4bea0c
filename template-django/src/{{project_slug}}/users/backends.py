"""django-axes' lockout, and before it a progressive delay.

After a failed login for an account from a client, the next attempt at that account from that
client must wait AXES_DELAY_SECONDS, doubled with each further failure, until AXES_FAILURE_LIMIT
failures lock the pair out for AXES_COOLOFF_HOURS (django-axes' own lockout). An attempt made
during the delay is refused as a lockout is (429) without its password being checked, and is
not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT=False). Everything is per account
AND client address (AXES_LOCKOUT_PARAMETERS), so a stranger slows down and locks out only
themselves.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_username, get_credentials
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone


def seconds_to_wait(request: HttpRequest, credentials: dict[str, Any]) -> float:
    """How long this client must still wait before trying this account again."""
    delay = float(settings.AXES_DELAY_SECONDS)
    if not delay:
        return 0.0
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures, last = attempts["failures"], attempts["last"]
    if not failures or last is None:
        return 0.0
    waited = (timezone.now() - last).total_seconds()
    wait: float = delay * 2.0 ** (int(failures) - 1) - waited
    return max(0.0, wait)


class ProgressiveDelayAxesBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """AxesStandaloneBackend, which refuses locked-out credentials, plus the progressive delay.
    First in AUTHENTICATION_BACKENDS, as django-axes' backend must be."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        # Raises when locked out; records the client's address on the request.
        super().authenticate(request, username, password, **kwargs)
        if request is None:  # the parent refuses a missing request first
            return
        credentials = get_credentials(username=username, password=password, **kwargs)
        if seconds_to_wait(request, credentials) > 0:
            # Answered as a lockout (429) and, so flagged, not counted as another failure.
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("Too many failed logins; try again later.")
