"""Substring search over Chinese text, one side table per "index", on SQLite and PostgreSQL.

Word segmenters (jieba) cut domain words such as 占道经营 or 门前三包 wrongly, so this module
does not segment at all: it finds substrings, accelerated by trigrams.

* SQLite: an FTS5 virtual table ``search_<name>(body)`` with ``tokenize='trigram'`` (SQLite
  3.34+). The FTS5 ``rowid`` *is* the object id: it is the table's key, so upsert and remove
  are indexed lookups (an ``UNINDEXED`` object_id column would make both a full scan).
* PostgreSQL: a table ``search_<name>(object_id bigint primary key, body text)`` with a GIN
  ``gin_trgm_ops`` index (extension pg_trgm). pg_trgm only makes trigrams of characters the
  database's LC_CTYPE calls letters: with ``C.UTF-8`` or ``zh_CN.UTF-8`` Chinese is indexed; with
  plain ``C`` the answers stay right but every search reads the whole index.

An app adds its index in a migration::

    from chuangwen.lib.search import CreateSearchIndex

    operations = [CreateSearchIndex("problems")]

and keeps it current from its services (same connection, so same transaction)::

    search.index("problems", problem.pk, f"{problem.description} {problem.address}")
    search.remove("problems", problem.pk)

and searches with one SQL query::

    Problem.objects.filter(pk__in=search.matching_ids("problems", q))
    search.filter_queryset(Problem.objects.all(), "problems", q)  # no filter at all for an empty q

Query semantics: the query is normalized like the indexed text (:func:`normalize`), split on
whitespace, and every term must occur as a substring (AND). Terms of 3+ characters use the
trigram index (FTS5 ``MATCH`` of a quoted phrase on SQLite, ``LIKE '%term%'`` on PostgreSQL);
terms of 1-2 characters are ``LIKE '%term%'`` on the same table (on SQLite after the MATCH has
narrowed the rows, if there is a long term). ``%``, ``_``, ``\\`` and ``"`` are literal.

Index tables are not Django models: ``flush`` (TransactionTestCase, ``transaction=True`` tests)
does not empty them; such tests should call :func:`clear`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections, router
from django.db.migrations.operations.base import Operation
from django.db.models import BigIntegerField, QuerySet
from django.db.models.expressions import RawSQL

__all__ = [
    "CreateSearchIndex",
    "clear",
    "create_index",
    "drop_index",
    "filter_queryset",
    "index",
    "index_many",
    "matching_ids",
    "normalize",
    "remove",
    "split_terms",
]

MIN_TRIGRAM_TERM = 3  # shorter terms cannot use a trigram index
MAX_TERMS = 20  # distinct terms used from one query; the rest are ignored (bounds the SQL)
BATCH_SIZE = 1000
MIN_SQLITE_VERSION = (3, 34, 0)  # the FTS5 trigram tokenizer

_NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# --- text -----------------------------------------------------------------------------------


def normalize(text: str | None) -> str:
    """NFKC (full-width letters and digits, ideographic space), control characters to spaces,
    runs of whitespace to one space, ASCII lowercase. Applied to indexed text and to queries."""
    if not text:
        return ""
    text = _CONTROL_RE.sub(" ", unicodedata.normalize("NFKC", text))
    return " ".join(text.split()).translate(_ASCII_LOWER)


def split_terms(query: str | None) -> list[str]:
    """The distinct terms of a query, normalized, in order, at most MAX_TERMS."""
    return list(dict.fromkeys(normalize(query).split()))[:MAX_TERMS]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


# --- tables ---------------------------------------------------------------------------------


def _table(name: str) -> str:
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise ValueError(f"bad search index name {name!r}: lowercase letters, digits, _ (max 40)")
    return f"search_{name}"


def _vendor(connection) -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotSupportedError(f"chuangwen.lib.search does not support {connection.vendor}")
    return connection.vendor


def _key(connection) -> str:
    """The column holding the object id."""
    return "rowid" if _vendor(connection) == "sqlite" else "object_id"


def create_sql(name: str, connection) -> list[str]:
    """The statements that create index ``name`` on this connection's database."""
    table = _table(name)
    qn = connection.ops.quote_name
    if _vendor(connection) == "sqlite":
        version = connection.Database.sqlite_version_info
        if version < MIN_SQLITE_VERSION:
            raise NotSupportedError(f"SQLite {version} has no FTS5 trigram tokenizer (needs 3.34+)")
        return [f"CREATE VIRTUAL TABLE {qn(table)} USING fts5(body, tokenize='trigram')"]
    return [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE TABLE {qn(table)} (object_id bigint PRIMARY KEY, body text NOT NULL)",
        f"CREATE INDEX {qn(table + '_body_trgm')} ON {qn(table)} USING gin (body gin_trgm_ops)",
    ]


def drop_sql(name: str, connection) -> list[str]:
    """The statements that drop index ``name`` (the pg_trgm extension stays)."""
    _vendor(connection)
    return [f"DROP TABLE IF EXISTS {connection.ops.quote_name(_table(name))}"]


def _execute_all(statements: list[str], using: str) -> None:
    with connections[using].cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_index(name: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create index ``name`` now (outside migrations: tests, scripts)."""
    _execute_all(create_sql(name, connections[using]), using)


def drop_index(name: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    _execute_all(drop_sql(name, connections[using]), using)


class CreateSearchIndex(Operation):
    """Migration operation: ``CreateSearchIndex("problems")`` creates ``search_problems``;
    unapplying drops it. It changes no model state."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, name: str):
        _table(name)
        self.name = name

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.name], {})

    def state_forwards(self, app_label, state):
        pass

    def _run(self, app_label, schema_editor, make_sql) -> None:
        connection = schema_editor.connection
        if not router.allow_migrate(connection.alias, app_label, search_index=self.name):
            return
        for sql in make_sql(self.name, connection):
            schema_editor.execute(sql, None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, create_sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, drop_sql)

    def describe(self) -> str:
        return f"Create search index search_{self.name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"search_{self.name}"


# --- writing --------------------------------------------------------------------------------


def _upsert_sql(name: str, connection) -> str:
    table = connection.ops.quote_name(_table(name))
    if _vendor(connection) == "sqlite":
        return f"INSERT OR REPLACE INTO {table} (rowid, body) VALUES (%s, %s)"
    return (
        f"INSERT INTO {table} (object_id, body) VALUES (%s, %s) "
        "ON CONFLICT (object_id) DO UPDATE SET body = EXCLUDED.body"
    )


def index(name: str, object_id: int, text: str | None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Index (or re-index, replacing the old text) one object's text."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(name, connection), [int(object_id), normalize(text)])


def _batches(pairs: Iterable[tuple[int, str | None]], size: int) -> Iterator[list[tuple[int, str]]]:
    iterator = iter(pairs)
    while batch := [(int(pk), normalize(text)) for pk, text in islice(iterator, size)]:
        yield batch


def index_many(
    name: str,
    pairs: Iterable[tuple[int, str | None]],
    *,
    using: str = DEFAULT_DB_ALIAS,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Upsert many ``(object_id, text)`` pairs (imports, the demo); returns how many.
    Run it inside ``transaction.atomic()`` for speed and all-or-nothing."""
    connection = connections[using]
    sql = _upsert_sql(name, connection)
    count = 0
    with connection.cursor() as cursor:
        for batch in _batches(pairs, batch_size):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def remove(name: str, object_id: int, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remove one object from the index (nothing happens if it is not there)."""
    connection = connections[using]
    table = connection.ops.quote_name(_table(name))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {_key(connection)} = %s", [int(object_id)])


def clear(name: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Empty the index (before a full rebuild, or after ``flush`` in tests)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(_table(name))}")


# --- searching ------------------------------------------------------------------------------


def _where(terms: list[str], connection) -> tuple[list[str], list[str]]:
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM_TERM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM_TERM]
    clauses: list[str] = []
    params: list[str] = []
    if connection.vendor == "sqlite":
        if long_terms:  # FTS5: space-separated phrases are ANDed
            clauses.append("body MATCH %s")
            params.append(" ".join(_fts_phrase(t) for t in long_terms))
        like_terms = short_terms
    else:  # pg_trgm's GIN index serves LIKE '%...%' (backslash is the default escape)
        like_terms = long_terms + short_terms
    like = "body LIKE %s ESCAPE '\\'" if connection.vendor == "sqlite" else "body LIKE %s"
    for term in like_terms:
        clauses.append(like)
        params.append(f"%{_escape_like(term)}%")
    return clauses, params


def matching_ids(name: str, query: str | None, *, using: str = DEFAULT_DB_ALIAS) -> RawSQL:
    """A subquery ``(SELECT <id> FROM search_<name> WHERE ...)`` of the ids whose text contains
    every term of ``query``; use it as ``filter(pk__in=...)`` to stay a single SQL query.

    It is an expression, not a list: nothing runs until the queryset does. For an empty query
    it selects every indexed id; use :func:`filter_queryset` to apply no filter at all."""
    connection = connections[using]
    table = connection.ops.quote_name(_table(name))
    sql = f"SELECT {_key(connection)} FROM {table}"
    clauses, params = _where(split_terms(query), connection)
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return RawSQL(sql, params, output_field=BigIntegerField())


def filter_queryset(queryset: QuerySet, name: str, query: str | None, *, field: str = "pk") -> QuerySet:
    """``queryset`` narrowed to objects whose indexed text matches ``query`` (``field`` holds
    the indexed id); unchanged when the query has no terms."""
    if not split_terms(query):
        return queryset
    return queryset.filter(**{f"{field}__in": matching_ids(name, query, using=queryset.db)})
