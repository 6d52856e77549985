"""Domain errors raised by services; views turn them into 4xx answers in the user's language."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken. The message is translated and shown to the user; nothing changed."""

    status = 400

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409
