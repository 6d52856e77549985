"""Text at the input boundary: control characters and what XML 1.0 cannot hold are dropped.

A vertical tab or a NUL pasted into a citizen's report used to reach the database and then break
every XLSX export (openpyxl refuses them), the circular's Word document and its PDF. They are
removed where text comes in, silently: an anonymous reporter or an Open311 partner cannot fix
their input, and these characters carry nothing a reader could see.

- `clean_text`: the one function that does it (tab, line feed and carriage return are kept).
- `TextInputMiddleware`: every form field of every request (the query string, urlencoded and
  multipart bodies: Django forms, views reading request.GET or request.POST, Open311 and the
  form-encoded API), cleaned when first read; a path with a control character is a 404.
- `Text`: the pydantic string type of the JSON API's input schemas.
- `clean_data`: a decoded JSON body's strings, for views that read JSON themselves.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django.http import Http404
from pydantic import BeforeValidator

# C0 controls except \t \n \r, DEL, C1 controls, lone surrogates and the non-characters U+FFFE/U+FFFF
# (XML 1.0's Char production excludes all of these but DEL and C1, which it discourages; none shows
# anything to a reader, and PostgreSQL refuses NUL outright).
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """`value` without control characters (except tab, line feed, carriage return), lone surrogates
    and U+FFFE/U+FFFF."""
    return UNWANTED.sub("", value)


def clean_data(value: Any) -> Any:
    """Strings cleaned throughout a decoded JSON value or a document's context (dict keys and
    values, lists, tuples); anything else is returned as it is."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_data(v) for v in value)
    return value


# Cleaned before the string's own checks (a lone surrogate would fail them; min_length counts what is kept).
Text = Annotated[str, BeforeValidator(clean_data)]


def _clean_querydict(data):
    """A QueryDict with every key and value cleaned (the same object when there was nothing to do)."""
    if not any(UNWANTED.search(key) or any(UNWANTED.search(v) for v in values) for key, values in data.lists()):
        return data
    cleaned = data.copy()
    cleaned.clear()
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


class TextInputMiddleware:
    """Cleans the query string's fields, and request.POST when it is first read (a view that never
    reads it costs nothing, and a body the view reads itself, such as JSON, stays readable). A path
    with a control character names no page: 404 (it would otherwise reach a lookup, and PostgreSQL
    answers a NUL with an error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if UNWANTED.search(request.path_info):
            raise Http404
        request.GET = _clean_querydict(request.GET)
        load = request._load_post_and_files

        def load_clean() -> None:
            load()
            request._post = _clean_querydict(request._post)

        request._load_post_and_files = load_clean
        return self.get_response(request)
