"""Errors meant for a person. The CLI prints their message on one line and exits with their code."""

from __future__ import annotations

# Exit codes, the same for every command (README, "Exit codes"): 0 ok, 1 failed (one line says
# why), 2 usage (typer's), 3 the project was made but its setup or tests failed (kept),
# 10 check-update found a newer template, 130 cancelled.
EXIT_UPDATE_AVAILABLE = 10


class NewprojError(Exception):
    """Base class: a failure whose message is written for the user, not a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAnswerError(NewprojError):
    """An answer fails validation (bad slug, unknown choice, unreadable answers file...)."""


class MissingAnswersError(NewprojError):
    """Answers are missing and there is no terminal to ask them on."""


class DestinationError(NewprojError):
    """The destination cannot be written to (not empty, not a directory, ...)."""


class TemplateError(NewprojError):
    """The template cannot be found, read or rendered."""


class SetupFailedError(NewprojError):
    """The project was rendered, but setting it up or running its tests failed."""

    exit_code = 3


class CancelledError(NewprojError):
    """The user pressed Ctrl-C; the message says what was left and how to go on."""

    exit_code = 130
