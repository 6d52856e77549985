"""Open311 errors: a list of {code, description} in the requested format, with the HTTP status the
spec gives (404 for what does not exist, 403 for a missing or wrong api_key, 400 for the rest; and
429 when a key is over its hourly limit or a citizen over theirs)."""

from __future__ import annotations

from chuangwen.citizens.open311.render import respond


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(str(d) for d in descriptions))
        self.status = status
        self.descriptions = [str(d) for d in descriptions]

    def response(self, fmt: str):
        return error_response(fmt, self.status, *self.descriptions)


def error_response(fmt: str, status: int, *descriptions: str):
    errors = [{"code": status, "description": str(text)} for text in descriptions]
    return respond(fmt, "errors", errors, status=status)


def bad_request(*descriptions: str) -> Open311Error:
    return Open311Error(400, *descriptions)


def not_found(description: str) -> Open311Error:
    return Open311Error(404, description)


def forbidden(description: str) -> Open311Error:
    return Open311Error(403, description)
