"""The office replaces the Word template: a good one is kept and used, a broken one is refused with a
Chinese message and nothing changes, and the default comes back on request."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from chuangwen.audit.models import AuditEvent
from chuangwen.circulars import docx_render, services
from chuangwen.circulars.models import CircularSettings, CircularTemplate

pytestmark = pytest.mark.django_db
DOCX = docx_render.DOCX_TYPE


def _template(*extra: str) -> bytes:
    """The default template with paragraphs added at the end, as Word would save it."""
    document = Document(io.BytesIO(docx_render.default_template()))
    for text in extra:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, data: bytes, name: str = "本市模板.docx"):
    return client.post(
        reverse("circulars:template_upload"), {"template": SimpleUploadedFile(name, data, DOCX), "name": "本市模板"}
    )


def _stored_files() -> list[str]:
    try:
        return default_storage.listdir("circulars/templates")[1]
    except FileNotFoundError:
        return []


def test_a_good_template_is_kept_made_current_and_used(world, scored, client_for):
    response = _upload(
        client_for(world.office_staff), _template("本市自定义：{{ round.code }}，{{ figures.sites }} 个点位")
    )
    assert response.status_code == 302
    template = CircularTemplate.objects.get()
    assert CircularSettings.current().template == template and template.name == "本市模板"
    event = AuditEvent.objects.get(event_type="circular_template.uploaded")
    assert event.after["template"] == template.pk and event.actor == world.office_staff
    circular = services.issue_circular(world.office_staff, scored.round)
    assert circular.template == template and circular.template_name == "本市模板"
    with default_storage.open(circular.docx, "rb") as handle:
        text = "\n".join(p.text for p in Document(handle).paragraphs)
    assert f"本市自定义：{scored.round.code}，1 个点位" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a word file", "不是有效的 Word 文档"),
        (b"PK\x03\x04broken zip", "不是有效的 Word 文档"),
        ("{{ number ", "占位符语法错误"),
        ("{% for x in groups %}", "占位符语法错误"),
        ("{{ no_such_thing }}", "无法识别的占位符：no_such_thing"),
        ("{{ round.secret_field }}", "无法识别的占位符：secret_field"),
        ("{{ ''.__class__.__mro__ }}", "不允许的操作"),
    ],
    ids=["text", "zip", "unclosed", "unended-block", "unknown", "unknown-attribute", "sandbox"],
)
def test_a_broken_template_gets_a_400_in_chinese_and_changes_nothing(world, client_for, data, message):
    if isinstance(data, str):
        data = _template(data)
    events = AuditEvent.objects.count()
    response = _upload(client_for(world.office_staff), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CircularTemplate.objects.exists() and CircularSettings.current().template is None
    assert AuditEvent.objects.count() == events
    assert _stored_files() == []


def test_an_upload_without_a_file_is_refused(world, client_for):
    response = client_for(world.office_staff).post(reverse("circulars:template_upload"), {"name": "x"})
    assert response.status_code == 400 and "请选择要上传的 Word 模板" in response.content.decode()


def test_only_the_office_replaces_the_template(world, client_for):
    for persona in ("leader", "district_officer", "handler", "outsider"):
        response = _upload(client_for(world.personas[persona]), _template())
        assert response.status_code == 403
    assert not CircularTemplate.objects.exists()


def test_the_office_goes_back_to_the_default(world, client_for):
    client = client_for(world.office_admin)
    _upload(client, _template())
    template = CircularTemplate.objects.get()
    assert client.post(reverse("circulars:template_revert")).status_code == 302
    assert CircularSettings.current().template is None
    assert CircularTemplate.objects.filter(pk=template.pk).exists()  # kept: issued circulars may name it
    event = AuditEvent.objects.get(event_type="circular_template.reverted")
    assert event.before == {"template": template.pk}
    response = client.post(reverse("circulars:template_revert"))
    assert response.status_code == 409 and "默认模板" in response.content.decode()


def test_the_default_and_current_templates_download(world, client_for):
    client = client_for(world.office_staff)
    response = client.get(reverse("circulars:template_default"))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"]
    assert response.content == docx_render.default_template()
    _upload(client, _template("我们的版本"))
    current = client.get(reverse("circulars:template_current")).content
    assert "我们的版本" in "\n".join(p.text for p in Document(io.BytesIO(current)).paragraphs)
