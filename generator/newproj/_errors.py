"""Errors meant for a person. The CLI prints their message on one line and exits with their code."""

from __future__ import annotations


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
