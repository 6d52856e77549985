import pytest
from django.db import DatabaseError, connection, transaction

from chuangwen.audit import services as audit
from chuangwen.audit.models import AuditEvent, AuditImmutableError

pytestmark = pytest.mark.django_db


def _event(world):
    with transaction.atomic():
        return audit.record(world.office_admin, "test.event", world.dept_a, after={"name": "x"}, reason="why")


def test_it_records_actor_object_and_payload(world):
    event = _event(world)
    assert event.actor == world.office_admin
    assert event.object_type == "units.unit"
    assert event.object_id == str(world.dept_a.pk)
    assert event.after == {"name": "x"}
    assert event.reason == "why"


def test_model_refuses_save_of_existing_row(world):
    event = _event(world)
    event.reason = "changed"
    with pytest.raises(AuditImmutableError):
        event.save()


def test_model_and_queryset_refuse_delete_and_update(world):
    event = _event(world)
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'tampered'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_database_trigger_refuses_raw_sql(world, sql):
    event = _event(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    event.refresh_from_db()
    assert event.reason == "why"
    assert AuditEvent.objects.filter(pk=event.pk).exists()
