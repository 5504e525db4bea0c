"""Outgoing e-mail over SMTP (the EMAIL_* settings).

Routers hand `send_mail` to FastAPI's `BackgroundTasks`, so mail goes out after the response,
in a worker thread: a slow or unreachable server delays no answer and fails no request. A
message that cannot be sent is logged, with the reason, and dropped.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from .settings import Settings

logger = logging.getLogger(__name__)


def send_mail(settings: Settings, *, to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; whether the server accepted it (failures are logged)."""
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(
            settings.email_host, settings.email_port, timeout=settings.email_timeout
        ) as smtp:
            if settings.email_use_tls:
                smtp.starttls()
            if settings.email_host_user:
                smtp.login(
                    settings.email_host_user, settings.email_host_password.get_secret_value()
                )
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # SMTPException is an OSError; named for the reader. Connection refused, timeouts,
        # refused logins and refused recipients alike.
        logger.error("Could not send %r to %s: %s", subject, to, exc)
        return False
    return True
