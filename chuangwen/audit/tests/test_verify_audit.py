"""`manage.py verify_audit` on the database: a good chain, a forged INSERT, a deleted row, a
reordered pair, a late insert into an anchored day, missing triggers."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from chuangwen.audit import chain
from chuangwen.audit import services as audit
from chuangwen.audit.models import AuditEvent
from chuangwen.audit.tests.support import close_today, drop_triggers, forge, head, sql, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(world):
    """The world's creation events plus a few edits, with JSON numbers of every kind."""
    with transaction.atomic():
        for i in range(5):
            audit.record(
                world.office_admin, "unit.updated", world.dept_a, before={"score": 1.5 * i, "n": i},
                after={"score": 1e20, "ratio": 0.1, "ok": True, "tags": ["甲", i], 3: "int key"}, reason=f"第{i}次",
            )  # fmt: skip
    return world


def test_a_good_chain_verifies(trail):
    count = AuditEvent.objects.count()
    assert verify() == f"OK: {count} events, head {head().hash}, 0 daily anchors checked\n"
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, count + 1))
    assert events[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))


def test_each_event_hash_is_reproducible_from_what_is_stored(trail):
    event = AuditEvent.objects.get(pk=head().pk)  # read back: jsonb on PostgreSQL, text on SQLite
    assert event.after["score"] == 1e20 and event.after["3"] == "int key"
    assert chain.digest(chain.content_of(event)) == event.hash


def test_a_forged_insert_with_a_made_up_hash_is_named(trail):
    last = head()
    forged = forge(seq=last.seq + 1, prev_hash=last.hash, hash_="f" * 64)
    message = verify()
    assert message.startswith("BROKEN: ")
    assert f"事件 #{forged}（第 {last.seq + 1} 条）的内容与校验值不符" in message
    assert f"记录为 {'f' * 64}" in message


def test_a_forged_insert_with_a_computed_hash_off_the_head_is_a_gap(trail):
    last = head()
    forge(seq=last.seq + 2, prev_hash=last.hash)
    assert f"序号不连续：应为第 {last.seq + 1} 条，实为第 {last.seq + 2} 条" in verify()


def test_a_forged_insert_chained_at_the_head_but_dated_into_an_anchored_day_is_caught(trail):
    today = timezone.localdate()
    close_today()
    anchored = head()  # the close_days run appended its own events after the anchor
    assert verify().startswith("OK: ")
    forged_at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    forge(seq=anchored.seq + 1, prev_hash=anchored.hash, at=forged_at)
    message = verify()
    assert f"{today} 公布的链头是第" in message and f"该日结束前的最后一条是第 {anchored.seq + 1} 条" in message


def test_a_deleted_row_is_named(trail):
    drop_triggers()
    sql("DELETE FROM audit_auditevent WHERE seq = 5")
    after = AuditEvent.objects.get(seq=6)
    message = verify()
    assert "序号不连续：应为第 5 条，实为第 6 条" in message
    assert after.pk  # the next event is still there: the gap is what shows


def test_a_deleted_row_renumbered_still_breaks_the_link(trail):
    drop_triggers()
    sql("DELETE FROM audit_auditevent WHERE seq = 5")
    sql("UPDATE audit_auditevent SET seq = seq - 1 WHERE seq > 5")
    moved = AuditEvent.objects.get(seq=5)
    assert f"事件 #{moved.pk}（第 5 条）与上一条事件的链接断裂" in verify()


def test_a_reordered_pair_of_rows_is_named(trail):
    drop_triggers()
    sql("UPDATE audit_auditevent SET seq = -1 WHERE seq = 5")
    sql("UPDATE audit_auditevent SET seq = 5 WHERE seq = 6")
    sql("UPDATE audit_auditevent SET seq = 6 WHERE seq = -1")
    now_fifth = AuditEvent.objects.get(seq=5)
    assert f"事件 #{now_fifth.pk}（第 5 条）与上一条事件的链接断裂" in verify()


def test_a_reordered_pair_of_contents_is_named(trail):
    """Swapping what two events say while each keeps its place and hash."""
    drop_triggers()
    fifth, sixth = AuditEvent.objects.get(seq=5), AuditEvent.objects.get(seq=6)
    sql(
        "UPDATE audit_auditevent SET object_repr = %s, event_type = %s WHERE seq = 5",
        [sixth.object_repr, sixth.event_type],
    )
    sql(
        "UPDATE audit_auditevent SET object_repr = %s, event_type = %s WHERE seq = 6",
        [fifth.object_repr, fifth.event_type],
    )
    assert f"事件 #{fifth.pk}（第 5 条）的内容与校验值不符" in verify()


def test_an_edited_json_value_is_named(trail):
    drop_triggers()
    last = head()
    sql("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["改写的原因", last.seq])
    assert f"事件 #{last.pk}（第 {last.seq} 条）的内容与校验值不符" in verify()


def test_missing_triggers_are_reported_even_on_an_intact_chain(trail):
    drop_triggers()
    message = verify()
    assert "禁止修改和删除审计事件的数据库触发器缺失" in message and "audit_auditevent" in message


def test_a_truncated_tail_is_caught_by_the_anchor(trail):
    run = close_today()
    anchor = run.anchors[-1]
    drop_triggers()
    sql("DELETE FROM audit_auditevent WHERE seq >= %s", [anchor.seq])
    assert f"{anchor.day} 公布的链头（第 {anchor.seq} 条事件）已不存在" in verify()


def test_an_empty_chain_verifies(db):
    assert verify() == f"OK: 0 events, head {chain.GENESIS}, 0 daily anchors checked\n"


def test_a_rewritten_history_is_caught_by_the_hash_kept_outside(trail, tmp_path):
    """Rehashing the whole chain and the stored anchors fools the database alone, not the 纪检's copy."""
    from chuangwen.audit.integrity import export_lines
    from chuangwen.audit.tests.support import rewrite_history

    anchor = close_today().anchors[-1]
    kept = f"{anchor.day}:{anchor.head_hash}"
    rewrite_history(3, reason="改写的历史")
    assert verify().startswith("OK: ")  # consistent again, but not the history that was published
    message = f"{anchor.day} 的校验值 {anchor.head_hash} 在审计链中找不到（该日之前的日志已被改写）"
    assert message in verify("--anchor", kept)
    export = tmp_path / "chain.jsonl"
    export.write_text("".join(export_lines()), encoding="utf-8")
    assert message in verify("--export", str(export), "--anchor", kept)


def test_a_kept_hash_that_matches_verifies(trail, tmp_path):
    anchor = close_today().anchors[-1]
    assert verify("--anchor", f"{anchor.day}:{anchor.head_hash}").startswith("OK: ")


@pytest.mark.parametrize("bad", ["2026-13-01:" + "a" * 64, "2026-12-01:xyz", "nonsense"])
def test_a_malformed_kept_hash_is_refused(db, bad):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="anchor"):
        call_command("verify_audit", "--anchor", bad)
