"""The English screen: the compiled catalogue is loaded and labels are built in the screen language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from chuangwen.audit.labels import event_label
from chuangwen.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
CHINESE_UI = re.compile(r"工作台|审计日志|点位地图|退出登录|修改密码")


def test_the_english_catalogue_is_compiled():
    with translation.override("en"):
        assert translation.gettext("导入") == "Import"
        assert translation.pgettext("action", "启用") == "Activate"


@pytest.mark.parametrize(("language", "label"), [("zh-hans", "新建点位"), ("en", "Site created")])
def test_audit_event_labels_follow_the_screen_language(language, label):
    event = AuditEvent(event_type="site.created", object_type="sites.site")
    with translation.override(language):
        assert event_label(event) == label


def test_an_office_admin_sees_the_home_page_in_english(world, client_for):
    client = client_for(world.office_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("home")).content.decode()
    assert "Audit log" in html and "Index system" in html
    assert not CHINESE_UI.search(html)
