"""The chain's state on the audit page, and the office admin's 立即校验."""

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent, ChainCheck
from chuangwen.audit.tests.support import drop_triggers, head, sql

pytestmark = pytest.mark.django_db
PAGE = reverse("audit:list")
VERIFY = reverse("audit:chain_verify")
DENIED = ["office_staff", "district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def test_the_page_shows_length_and_head_before_any_check(world, client_for):
    response = client_for(world.office_staff).get(PAGE)
    body = response.content.decode()
    assert f"共 {head().seq} 条事件" in body and head().hash in body
    assert "尚未校验" in body and "尚无每日校验值" in body
    assert 'id="chain-verify"' not in body  # office staff read; only the admin verifies and exports


def test_the_admin_verifies_and_the_page_keeps_the_result(world, client_for):
    client = client_for(world.office_admin)
    length = head().seq
    response = client.post(VERIFY, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    body = response.content.decode()
    assert f"审计链完好：共 {length} 条事件，均与校验值相符" in body
    assert 'id="chain-status">完好' in body.replace("\n", "")
    check = ChainCheck.objects.get()
    assert (check.ok, check.length, check.checked_by) == (True, length, world.office_admin)
    assert AuditEvent.objects.filter(event_type="audit.chain_checked", actor=world.office_admin).exists()


def test_a_broken_chain_is_shown_with_its_first_broken_link(world, client_for):
    drop_triggers()
    sql("DELETE FROM audit_auditevent WHERE seq = 3")
    client = client_for(world.office_admin)
    response = client.post(VERIFY, follow=True)
    body = response.content.decode()
    assert "审计链断裂：序号不连续：应为第 3 条，实为第 4 条" in body
    assert 'id="chain-finding"' in body
    assert client.get(PAGE).context["chain_finding"].startswith("序号不连续")


def test_verify_is_post_only(world, client_for):
    assert client_for(world.office_admin).get(VERIFY).status_code == 405
    assert not ChainCheck.objects.exists()


@pytest.mark.parametrize("persona", DENIED)
def test_others_may_not_verify(world, client_for, persona):
    assert client_for(world.personas[persona]).post(VERIFY).status_code == 403
    assert not ChainCheck.objects.exists()
