"""The hash chain (chuangwen/audit/chain.py): every event gets seq, prev_hash and hash; the events
already stored are chained in id order, so that a database built before still verifies. The daily
anchors and the verification results get their tables; anchors are append-only like the events.

The append-only triggers are dropped while the existing rows are chained and created again after
(SQLite rebuilds the table to add a unique column, which drops its triggers anyway)."""

import importlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from chuangwen.audit import chain

triggers = importlib.import_module("chuangwen.audit.migrations.0003_append_only_triggers")

ANCHOR_SQLITE_UP = [
    """CREATE TRIGGER audit_auditanchor_no_update BEFORE UPDATE ON audit_auditanchor
       BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;""",
    """CREATE TRIGGER audit_auditanchor_no_delete BEFORE DELETE ON audit_auditanchor
       BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;""",
]
ANCHOR_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditanchor_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditanchor_no_delete;",
]
ANCHOR_POSTGRES_UP = [
    """CREATE TRIGGER audit_auditanchor_append_only BEFORE UPDATE OR DELETE ON audit_auditanchor
       FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_change();""",
]
ANCHOR_POSTGRES_DOWN = ["DROP TRIGGER IF EXISTS audit_auditanchor_append_only ON audit_auditanchor;"]


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    prev, rows = chain.GENESIS, []
    for seq, event in enumerate(AuditEvent.objects.order_by("id").iterator(chunk_size=2000), start=1):
        event.seq, event.prev_hash = seq, prev
        prev = chain.digest(chain.content_of(event))
        rows.append((seq, event.prev_hash, prev, event.pk))
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany("UPDATE audit_auditevent SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s", rows)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(
            triggers._run({"sqlite": triggers.SQLITE_DOWN, "postgresql": triggers.POSTGRES_DOWN[:1]}),
            triggers._run({"sqlite": triggers.SQLITE_UP, "postgresql": triggers.POSTGRES_UP[1:]}),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="auditevent", name="seq", field=models.BigIntegerField(null=True, verbose_name="序号")
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(max_length=64, null=True, verbose_name="前一事件校验值"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, null=True, verbose_name="校验值"),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent", name="seq", field=models.BigIntegerField(unique=True, verbose_name="序号")
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(max_length=64, verbose_name="前一事件校验值"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, verbose_name="校验值"),
        ),
        migrations.CreateModel(
            name="AuditAnchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="日期")),
                ("until", models.DateTimeField(verbose_name="截止时间")),
                ("seq", models.BigIntegerField(verbose_name="截至序号")),
                ("head_hash", models.CharField(max_length=64, verbose_name="当日校验值")),
                ("events", models.PositiveIntegerField(default=0, verbose_name="当日事件数")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="生成时间")),
            ],
            options={
                "verbose_name": "审计链每日校验值",
                "verbose_name_plural": "审计链每日校验值",
                "ordering": ["-day"],
            },
        ),
        migrations.CreateModel(
            name="ChainCheck",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("checked_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="校验时间")),
                ("ok", models.BooleanField(verbose_name="完好")),
                ("length", models.BigIntegerField(verbose_name="事件数")),
                ("head_hash", models.CharField(blank=True, max_length=64, verbose_name="链头校验值")),
                ("finding", models.JSONField(blank=True, null=True, verbose_name="首个断点")),
                ("seconds", models.FloatField(default=0, verbose_name="耗时（秒）")),
                (
                    "checked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="校验人",
                    ),
                ),
            ],
            options={
                "verbose_name": "审计链校验",
                "verbose_name_plural": "审计链校验",
                "ordering": ["-checked_at", "-id"],
            },
        ),
        migrations.RunPython(
            triggers._run({"sqlite": triggers.SQLITE_UP, "postgresql": triggers.POSTGRES_UP[1:]}),
            triggers._run({"sqlite": triggers.SQLITE_DOWN, "postgresql": triggers.POSTGRES_DOWN[:1]}),
        ),
        migrations.RunPython(
            triggers._run({"sqlite": ANCHOR_SQLITE_UP, "postgresql": ANCHOR_POSTGRES_UP}),
            triggers._run({"sqlite": ANCHOR_SQLITE_DOWN, "postgresql": ANCHOR_POSTGRES_DOWN}),
        ),
    ]
