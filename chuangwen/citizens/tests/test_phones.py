"""One phone, however it is typed: every spelling of a number normalises to one value, and the
limits, the points and the points page count it as one phone on every channel."""

from __future__ import annotations

from urllib.parse import urlencode

import phonenumbers
import pytest
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens.models import Channel, PointsEntry, Report
from chuangwen.citizens.phones import InvalidPhone, normalize_phone
from chuangwen.citizens.services.intake import RateLimited
from chuangwen.citizens.services.settings import update_settings
from chuangwen.citizens.tests.open311_support import BASE, SPEC_POST_FIELDS, errors_of, make_key, make_service
from chuangwen.citizens.tests.public_support import REPORT_URL, accepted, form_data, public_category, submitted
from chuangwen.problems.tests.api_support import api_client, post_json

MOBILE_PREFIXES = ["130", "135", "139", "147", "150", "166", "173", "177", "181", "189", "191", "199"]
LANDLINES = [("010", 8), ("021", 8), ("0771", 7), ("0755", 8)]  # area code and subscriber digits
FULL_WIDTH = str.maketrans("0123456789+-() ", "０１２３４５６７８９＋－（）\u3000")

mobiles = st.builds(
    lambda p, rest: p + rest, st.sampled_from(MOBILE_PREFIXES), st.text("0123456789", min_size=8, max_size=8)
)
landlines = st.sampled_from(LANDLINES).flatmap(
    lambda a: st.builds(lambda first, rest: a[0] + first + rest, st.sampled_from("2345678"),
                        st.text("0123456789", min_size=a[1] - 1, max_size=a[1] - 1))
)  # fmt: skip
# The property is about spellings of valid numbers: libphonenumber's metadata decides which are.
mobiles = mobiles.filter(lambda n: phonenumbers.is_valid_number(phonenumbers.parse(n, "CN")))
landlines = landlines.filter(lambda n: phonenumbers.is_valid_number(phonenumbers.parse(n, "CN")))
separators = st.sampled_from(["", " ", "-", " - ", "  "])


def _grouped(digits: str, sep: str, cuts: list[int]) -> str:
    parts, start = [], 0
    for cut in sorted({c for c in cuts if 0 < c < len(digits)}):
        parts.append(digits[start:cut])
        start = cut
    return sep.join([*parts, digits[start:]])


@st.composite
def spellings(draw, national: st.SearchStrategy) -> tuple[str, str]:
    """(the canonical number, one way a person might type it)."""
    number = draw(national)
    body = number[1:] if number.startswith("0") else number  # after +86 a landline drops its 0
    prefix = draw(st.sampled_from(["", "+86", "0086", "86", "+86 ", "0086 ", "86-", "(+86)", "(+86) ", "+86-"]))
    if not prefix:
        body = number
    elif number.startswith("0") and draw(st.booleans()):
        body = "(0)" + body  # +86 (0)10 …, as printed on business cards
    if prefix == "86" and number.startswith("0"):
        prefix = "+86"  # 86 without + before a landline is ambiguous with a local number; people write +86
    typed = prefix + _grouped(body, draw(separators), draw(st.lists(st.integers(1, 10), max_size=3)))
    if draw(st.booleans()):
        typed = typed.translate(FULL_WIDTH)  # a Chinese input method's full-width digits
    return number, f"{draw(st.sampled_from(['', ' ']))}{typed}{draw(st.sampled_from(['', ' ']))}"


@settings(max_examples=300, deadline=None)
@given(spellings(mobiles))
@example(("13900001111", "008613900001111"))
@example(("13900001111", "+86 139-0000-1111"))
@example(("13900001111", "86 139 0000 1111"))
@example(("13900001111", "（＋８６）１３９ ００００ １１１１"))
def test_every_spelling_of_a_mobile_is_the_same_phone(case):
    number, typed = case
    assert normalize_phone(typed) == number


@settings(max_examples=200, deadline=None)
@given(spellings(landlines))
@example(("01012345678", "+86 (0)10 1234 5678"))
@example(("07711234567", "0771-1234567"))
def test_every_spelling_of_a_landline_is_the_same_phone(case):
    number, typed = case
    assert normalize_phone(typed) == number


@settings(max_examples=200, deadline=None)
@given(st.one_of(mobiles, landlines))
def test_the_canonical_form_is_a_fixed_point(number):
    assert normalize_phone(number) == number and normalize_phone(normalize_phone(number)) == number


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=25).filter(lambda t: sum(c.isdigit() for c in t) < 5))
def test_text_without_enough_digits_is_never_a_phone(text):
    if text.strip():
        with pytest.raises(InvalidPhone):
            normalize_phone(text)
    else:
        assert normalize_phone(text) == ""


@pytest.mark.parametrize(
    "typed", ["abc", "12345", "12345678", "1390000111", "139000011112", "23900001111", "+86 12345678901", "1" * 41]
)
def test_not_a_number_is_refused_with_a_clear_message(typed):
    with pytest.raises(InvalidPhone) as refused:
        normalize_phone(typed)
    assert refused.value.status == 400 and refused.value.field == "phone"
    assert "手机号格式不正确" in refused.value.message


def test_a_number_outside_the_mainland_keeps_its_international_form():
    assert normalize_phone("+852 9123 4567") == normalize_phone("00852-91234567") == "+85291234567"


# The channels: what a citizen or the office sends is stored in the canonical form.

SPELLINGS = ["13912345678", "+8613912345678", "008613912345678", "86 139 1234 5678", "139-1234-5678",
             "１３９１２３４５６７８"]  # fmt: skip


@pytest.mark.django_db
def test_the_per_phone_limit_counts_every_spelling_as_one_phone(world):
    update_settings(world.office_admin, per_phone_per_day=3, per_phone_per_minute=3)
    category = public_category(world)
    for index, phone in enumerate(SPELLINGS[:3]):
        submitted(category, phone=phone, client_address=f"10.0.1.{index}")
    assert set(Report.objects.values_list("reporter_phone", flat=True)) == {"13912345678"}
    with pytest.raises(RateLimited):
        submitted(category, phone="008613912345678", client_address="10.0.2.1")
    assert Report.objects.count() == 3


@pytest.mark.django_db
def test_points_follow_the_phone_not_its_spelling(world, client):
    category = public_category(world)
    first, _ = accepted(world, category, phone="+86 139 1234 5678")
    accepted(world, category, phone="008613912345678", description="井盖缺失")
    assert set(PointsEntry.objects.values_list("phone", flat=True)) == {"13912345678"}
    response = client.post("/report/points/", {"phone": "86-139-1234-5678", "code": first.tracking_code})
    assert response.status_code == 200 and 'data-balance="20"' in response.content.decode()


@pytest.mark.django_db
def test_the_public_form_stores_the_canonical_phone_and_refuses_a_bad_one(world, client):
    category = public_category(world)
    response = client.post(REPORT_URL, form_data(category, phone="(+86) 139-1234-5678"))
    assert response.status_code == 302 and Report.objects.get().reporter_phone == "13912345678"
    events = AuditEvent.objects.count()
    response = client.post(REPORT_URL, form_data(category, phone="139 1234"))
    assert response.status_code == 400 and "手机号格式不正确" in response.content.decode()
    assert Report.objects.count() == 1 and AuditEvent.objects.count() == events


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_open311_stores_the_canonical_phone_and_refuses_a_bad_one(world, client, fmt):
    make_service(world)
    _, secret = make_key(world)
    form = "application/x-www-form-urlencoded; charset=utf-8"
    url = f"{BASE}/requests.{fmt}"
    fields = SPEC_POST_FIELDS | {"api_key": secret, "phone": "0086 139 1234 5678"}
    assert client.post(url, urlencode(fields), content_type=form).status_code == 200
    assert Report.objects.get().reporter_phone == "13912345678"
    response = client.post(url, urlencode(fields | {"phone": "call me"}), content_type=form)
    assert response.status_code == 400 and "手机号格式不正确" in errors_of(response, fmt)[0]["description"]
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_the_office_intake_and_the_api_store_the_canonical_phone(world, client_for):
    staff = client_for(world.office_staff)
    data = {"channel": Channel.HOTLINE, "external_ref": "12345-9001", "description": "路灯不亮", "address": "东华路",
            "lat": "", "lng": "", "reporter_name": "", "reporter_phone": "0771-1234567"}  # fmt: skip
    assert staff.post(reverse("citizens:intake"), data).status_code == 302
    assert Report.objects.get(external_ref="12345-9001").reporter_phone == "07711234567"
    refused = staff.post(reverse("citizens:intake"), data | {"external_ref": "12345-9002", "reporter_phone": "1234"})
    assert refused.status_code == 400 and "手机号格式不正确" in refused.content.decode()
    api = api_client(world.office_staff)
    body = {"channel": "hotline", "external_ref": "12345-9003", "description": "井盖缺失", "address": "中山路",
            "reporter_phone": "+86 138 0000 0000"}  # fmt: skip
    answer = post_json(api, "/api/intake", body)
    assert answer.status_code == 201, answer.content
    assert answer.json()["reporter_phone"] == "13800000000"
    bad = post_json(api, "/api/intake", body | {"external_ref": "12345-9004", "reporter_phone": "0000"})
    assert bad.status_code == 400 and "手机号格式不正确" in bad.json()["detail"]
    assert not Report.objects.filter(external_ref__in=["12345-9002", "12345-9004"]).exists()


@pytest.mark.django_db
def test_the_migration_normalises_stored_phones_and_their_points(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("chuangwen.citizens.migrations.0003_phones_public_listing")
    category = public_category(world)
    first, _ = accepted(world, category, phone="13912345678")
    second, _ = accepted(world, category, phone="13912345679", description="井盖缺失")
    Report.objects.filter(pk=second.pk).update(reporter_phone="008613912345678")  # stored before the rule
    PointsEntry.objects.filter(report=second).update(phone="008613912345678")
    Report.objects.filter(pk=first.pk).update(reporter_phone="不详")  # no number at all: kept as it was
    migration.normalise_phones(apps, None)
    assert Report.objects.get(pk=second.pk).reporter_phone == "13912345678"
    assert Report.objects.get(pk=first.pk).reporter_phone == "不详"
    assert set(PointsEntry.objects.values_list("phone", flat=True)) == {"13912345678"}
