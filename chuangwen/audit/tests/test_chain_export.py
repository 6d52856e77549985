"""The chain's JSON Lines export: the office admin downloads it, anyone checks it (here with a
verifier written from the documented algorithm alone, and with `verify_audit --export`)."""

import datetime
import hashlib
import json

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.audit.tests.support import close_today, head, verify
from chuangwen.units import services as unit_services

pytestmark = pytest.mark.django_db
URL = reverse("audit:chain_export")
DENIED = ["office_staff", "district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def independent_check(lines: list[str]) -> str:
    """The algorithm of chain.py's docstring, re-implemented with hashlib and json only."""
    records = [json.loads(line) for line in lines]
    prev, seq, last_before = "0" * 64, 0, {}
    for r in (r for r in records if r["kind"] == "event"):
        seq += 1
        content = {k: v for k, v in r.items() if k not in ("kind", "id", "hash")}
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        if r["seq"] != seq or r["prev_hash"] != prev or hashlib.sha256(text.encode()).hexdigest() != r["hash"]:
            return f"broken at {r['id']}"
        prev = r["hash"]
        for a in (a for a in records if a["kind"] == "anchor"):
            if datetime.datetime.fromisoformat(r["at"]) < datetime.datetime.fromisoformat(a["until"]):
                last_before[a["day"]] = r
    for a in (a for a in records if a["kind"] == "anchor"):
        if last_before[a["day"]]["seq"] != a["seq"] or last_before[a["day"]]["hash"] != a["hash"]:
            return f"anchor {a['day']} differs"
    return f"ok {seq} {prev}"


@pytest.fixture
def anchored(world):
    unit_services.update_unit(world.office_admin, world.dept_a, reason="换联络员", liaison_name="赵联络")
    close_today()
    return world


def _download(client) -> list[str]:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert "filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E9%93%BE-" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode().splitlines()


def test_the_admin_downloads_a_chain_anyone_can_check(anchored, client_for):
    lines = _download(client_for(anchored.office_admin))
    kinds = [json.loads(line)["kind"] for line in lines]
    assert kinds[0] == "chain" and kinds[1] == "anchor" and set(kinds[2:]) == {"event"}
    assert len(kinds) - 2 == AuditEvent.objects.count()
    assert independent_check(lines) == f"ok {head().seq} {head().hash}"


def test_verify_audit_checks_an_export_and_names_a_tampered_line(anchored, client_for, tmp_path):
    lines = _download(client_for(anchored.office_admin))
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(lines), encoding="utf-8")
    assert verify("--export", str(good)).startswith(f"OK: {head().seq} events, head {head().hash}, 1 daily anchors")

    records = [json.loads(line) for line in lines]
    victim = next(r for r in records if r["kind"] == "event" and r["reason"] == "换联络员")
    victim["reason"] = "无"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    assert f"事件 #{victim['id']}（第 {victim['seq']} 条）的内容与校验值不符" in verify("--export", str(bad))
    assert independent_check(bad.read_text(encoding="utf-8").splitlines()) == f"broken at {victim['id']}"


def test_an_export_missing_a_line_is_named(anchored, client_for, tmp_path):
    lines = _download(client_for(anchored.office_admin))
    gapped = tmp_path / "gapped.jsonl"
    gapped.write_text("\n".join(lines[:4] + lines[5:]), encoding="utf-8")
    assert "序号不连续：应为第 3 条，实为第 4 条" in verify("--export", str(gapped))


@pytest.mark.parametrize(
    ("text", "message"),
    [("not json", "第 1 行不是 JSON"), ('{"kind": "event", "seq": 1}', "第 1 行缺少字段"), ("[1]", "不是审计链的记录")],
)
def test_an_unreadable_export_is_an_error_not_a_verdict(db, tmp_path, text, message):
    from django.core.management import CommandError, call_command

    path = tmp_path / "x.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("verify_audit", "--export", str(path))


def test_a_missing_file_is_an_error(db, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("verify_audit", "--export", str(tmp_path / "nope.jsonl"))


def test_wrong_method_is_405(world, client_for):
    assert client_for(world.office_admin).post(URL).status_code == 405


@pytest.mark.parametrize("persona", DENIED)
def test_others_are_denied(world, client_for, persona):
    assert client_for(world.personas[persona]).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    assert client.get(URL).status_code == 302
