"""The circular pages per persona: the list, issuing from it, a circular, its downloads and preview,
the settings; who reads what (a circular is for the units it names), and secrecy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.circulars import services
from chuangwen.circulars.models import Circular, CircularSettings
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import Round

pytestmark = pytest.mark.django_db
READERS = ["office_admin", "office_staff", "leader", "district_officer", "handler", "unit_head"]
PAGES = ["circulars:detail", "circulars:docx", "circulars:pdf", "circulars:preview", "circulars:page"]


@pytest.fixture
def circular(world, scored):
    return services.issue_circular(world.office_staff, scored.round)


def test_the_office_issues_from_the_list(world, scored, client_for):
    client = client_for(world.office_staff)
    page = client.get(reverse("circulars:list")).content.decode()
    assert 'id="issue-form"' in page and scored.round.code in page
    response = client.post(reverse("circulars:issue"), {"round": scored.round.pk, "title": ""})
    circular = Circular.objects.get()
    assert response.status_code == 302 and response.url == reverse("circulars:detail", args=[circular.pk])
    listed = client.get(reverse("circulars:list")).content.decode()
    assert circular.number in listed and circular.title in listed


def test_issuing_again_without_a_reason_is_refused_on_the_page(world, circular, client_for):
    response = client_for(world.office_staff).post(reverse("circulars:issue"), {"round": circular.round_id})
    assert response.status_code == 400
    assert "重新印发请说明理由" in response.content.decode()
    assert Circular.objects.count() == 1


def test_a_round_that_cannot_have_a_circular_is_a_400(world, scored, client_for):
    Round.objects.filter(pk=scored.round.pk).update(is_covert=True)
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(reverse("circulars:issue"), {"round": scored.round.pk})
    assert response.status_code == 400 and "请选择可以印发通报的轮次" in response.content.decode()
    assert not Circular.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", READERS)
def test_readers_open_the_circular_and_its_files(world, circular, client_for, persona):
    client = client_for(world.personas[persona])
    assert circular.number in client.get(reverse("circulars:list")).content.decode()
    detail = client.get(reverse("circulars:detail", args=[circular.pk])).content.decode()
    assert circular.title in detail and reverse("circulars:pdf", args=[circular.pk]) in detail
    docx = client.get(reverse("circulars:docx", args=[circular.pk]))
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
    assert "attachment" in docx["Content-Disposition"] and ".docx" in docx["Content-Disposition"]
    pdf = client.get(reverse("circulars:pdf", args=[circular.pk]))
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    preview = client.get(reverse("circulars:preview", args=[circular.pk])).content.decode()
    assert preview.count('class="page-image') == circular.pages
    image = client.get(reverse("circulars:page", args=[circular.pk]) + "?page=1")
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")


def test_a_page_beyond_the_last_is_a_404(world, circular, client_for):
    client = client_for(world.leader)
    for page in (0, circular.pages + 1, "x"):
        assert client.get(reverse("circulars:page", args=[circular.pk]) + f"?page={page}").status_code == 404


def test_a_unit_the_circular_does_not_name_reads_nothing(world, circular, client_for):
    client = client_for(world.outsider)
    listed = client.get(reverse("circulars:list")).content.decode()
    assert circular.number not in listed and 'id="circulars-empty"' in listed
    for name in PAGES:
        assert client.get(reverse(name, args=[circular.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["inspector", "grid_worker"])
def test_inspectors_and_grid_workers_are_not_addressees(world, circular, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(reverse("circulars:list")).status_code == 403
    assert client.get(reverse("circulars:detail", args=[circular.pk])).status_code == 403


def test_only_the_office_sees_the_issue_form_and_settings(world, circular, client_for):
    leader = client_for(world.leader)
    assert 'id="issue-form"' not in leader.get(reverse("circulars:list")).content.decode()
    assert leader.get(reverse("circulars:settings")).status_code == 403
    assert leader.post(reverse("circulars:issue"), {"round": circular.round_id, "reason": "x"}).status_code == 403
    assert Circular.objects.count() == 1


def test_a_published_covert_round_circular_is_read_by_the_named_units(world, scored, client_for):
    Round.objects.filter(pk=scored.round.pk).update(is_covert=True)
    scored.round.refresh_from_db()
    handler = client_for(world.handler)
    inspections.publish_round(world.office_staff, scored.round)
    circular = services.issue_circular(world.office_staff, scored.round)
    assert handler.get(reverse("circulars:detail", args=[circular.pk])).status_code == 200


def test_the_office_saves_the_settings(world, client_for):
    client = client_for(world.office_staff)
    data = {
        "office_name": "", "number_prefix": "示文明督", "addressees": "各区县：", "requirements": "按期整改。\n举一反三。",
        "copy_to": "",
    }  # fmt: skip
    assert client.post(reverse("circulars:settings"), data).status_code == 302
    config = CircularSettings.current()
    assert config.number_prefix == "示文明督" and config.issuing_office == "示范市精神文明建设指导委员会办公室"
    bad = client.post(reverse("circulars:settings"), {**data, "number_prefix": "文明督〔"})
    assert bad.status_code == 400 and "发文字号前缀" in bad.content.decode()
    assert CircularSettings.current().number_prefix == "示文明督"


def test_the_list_pins_its_queries(world, scored, client_for, django_assert_max_num_queries):
    services.issue_circular(world.office_staff, scored.round)
    services.issue_circular(world.office_staff, scored.round, reason="更正")
    client = client_for(world.leader)
    with django_assert_max_num_queries(12):
        client.get(reverse("circulars:list"))
