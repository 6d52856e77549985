"""The head of the audit chain: appends are serialized so that the chain never forks.

On PostgreSQL a writer takes a transaction-level advisory lock before reading the head; on SQLite
the settings open every transaction IMMEDIATE, so the writer already holds the database's write
lock. Either way the lock lasts until commit, and the unique `seq` makes a second writer that
somehow read the same head fail instead of forking the chain.

Within one transaction the head is remembered after each append (a load of the demo appends
thousands of events in one transaction: one query each, not three). The memory is only trusted
while a marker registered with transaction.on_commit() at the last append is still pending: Django
drops the callbacks of a savepoint that is rolled back, and all of them at commit or rollback, so
a rolled-back append (or a new transaction) always reads the head from the database again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from chuangwen.audit.chain import GENESIS

# pg_advisory_xact_lock key of the chain ("audit" in ASCII).
LOCK_KEY = 0x6175646974
_ATTRIBUTE = "_audit_chain_head"
_WINDOW = 8  # how far back among the pending callbacks the marker is looked for


class _Marker:
    """A no-op on_commit callback whose presence says the remembered head is still valid."""

    __slots__ = ()

    def __call__(self) -> None:
        return None


@dataclass
class _Head:
    marker: _Marker
    seq: int
    hash: str


def _pending(connection, marker: _Marker) -> bool:
    hooks = connection.run_on_commit
    return any(entry[1] is marker for entry in hooks[-_WINDOW:])


def lock_chain(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last event, with the chain locked for this transaction."""
    from chuangwen.audit.models import AuditEvent

    connection = transaction.get_connection()
    head = getattr(connection, _ATTRIBUTE, None)
    if head is not None and connection.in_atomic_block and _pending(connection, head.marker):
        return head.seq, head.hash
    lock_chain(connection)
    row = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return row or (0, GENESIS)


def remember_head(seq: int, hash_: str) -> None:
    """After an append: keep the new head for the rest of this transaction (see the module's doc)."""
    connection = transaction.get_connection()
    head = getattr(connection, _ATTRIBUTE, None)
    hooks = connection.run_on_commit
    if head is not None and hooks and hooks[-1][1] is head.marker:
        if hooks[-1][0] == set(connection.savepoint_ids):
            head.seq, head.hash = seq, hash_
            return
        hooks.pop()  # the new marker covers it: the savepoints it outlived were all released
    marker = _Marker()
    transaction.on_commit(marker)
    setattr(connection, _ATTRIBUTE, _Head(marker, seq, hash_))


def forget_head() -> None:
    """Read the head from the database at the next append (after writing to the table by hand)."""
    connection = transaction.get_connection()
    if hasattr(connection, _ATTRIBUTE):
        delattr(connection, _ATTRIBUTE)
