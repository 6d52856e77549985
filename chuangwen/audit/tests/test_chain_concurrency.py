"""Writers at the same time keep one chain: on PostgreSQL, threads with their own connections
append singly and in bulk; the chain verifies with no fork and no gap. (SQLite's IMMEDIATE
transactions let one writer at a time in; the unique seq refuses a fork on either database.)"""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from chuangwen.audit import services as audit
from chuangwen.audit.integrity import verify_database
from chuangwen.audit.models import AuditEvent

WRITERS = 6
ROUNDS = 8


def _writer(number: int, start: threading.Barrier, errors: list) -> None:
    try:
        start.wait()
        for i in range(ROUNDS):
            with transaction.atomic():
                audit.record(None, "test.single", object_type="test.thing", object_id=f"{number}-{i}")
                if i % 3 == 0:
                    events = [audit.build(None, "test.bulk", object_type="test.thing", object_id=f"{number}-{i}-{k}")
                              for k in range(4)]  # fmt: skip
                    audit.record_many(events)
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_consistent_chain():
    if connection.vendor != "postgresql":
        pytest.skip("threads with their own connections need a database server")
    start, errors = threading.Barrier(WRITERS), []
    threads = [threading.Thread(target=_writer, args=(n, start, errors)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = WRITERS * (ROUNDS + 4 * len(range(0, ROUNDS, 3)))
    assert AuditEvent.objects.count() == expected
    result = verify_database()
    assert result.ok, result.finding.message()
    assert result.length == expected


@pytest.mark.django_db
def test_a_second_event_at_the_same_place_is_refused(world):
    """Were the lock ever bypassed, two writers reading the same head could not both append."""
    from chuangwen.audit.tests.support import forge, head

    last = head()
    forge(seq=last.seq + 1, prev_hash=last.hash)
    with pytest.raises(IntegrityError), transaction.atomic():
        forge(seq=last.seq + 1, prev_hash=last.hash, reason="fork")


@pytest.mark.django_db
def test_a_rolled_back_append_does_not_leave_a_stale_head(world):
    with transaction.atomic():
        audit.record(None, "test.kept", object_type="test.thing")
        try:
            with transaction.atomic():
                audit.record(None, "test.dropped", object_type="test.thing")
                raise RuntimeError
        except RuntimeError:
            pass
        audit.record(None, "test.after", object_type="test.thing")
    assert verify_database().ok
    assert not AuditEvent.objects.filter(event_type="test.dropped").exists()


@pytest.mark.django_db
def test_appends_in_one_transaction_read_the_head_once(world, django_assert_num_queries):
    """A demo load appends thousands of events in one transaction: one INSERT each, after the first."""
    with transaction.atomic():
        audit.record(None, "test.first", object_type="test.thing")
        with django_assert_num_queries(5):
            for i in range(5):
                audit.record(None, "test.next", object_type="test.thing", object_id=str(i))
        with django_assert_num_queries(1):
            audit.record_many([audit.build(None, "test.bulk", object_type="test.thing") for _ in range(20)])
    assert verify_database().ok
