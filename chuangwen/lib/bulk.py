"""Inserting many rows of one model fast: COPY on PostgreSQL, executemany on SQLite.

`QuerySet.bulk_create` builds a model instance and prepares every value through its field, which
costs about 100 µs a row; a score run writes tens of thousands of rows, so the scoring services
write them here instead. The caller passes plain Python values of the right types (ints, str,
bool, Decimal quantized to the field's places, aware datetimes) for the named concrete fields;
no defaults, no signals, no instances. Runs on the default connection, inside the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 5000


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in fields]


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert the rows (one value per field, in order); returns how many."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, fields))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
