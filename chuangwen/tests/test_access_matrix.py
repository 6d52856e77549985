"""Every page, every persona: who may open it, and that everyone else is refused.

A new page must be added to PAGES, or test_every_page_is_in_the_matrix fails.
"""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver, reverse

from chuangwen.apitokens.services import issue_token
from chuangwen.assessment.tests import matrix as matrix_assessment
from chuangwen.assessment.tests.pages_support import scored_objects
from chuangwen.audit.models import AuditEvent
from chuangwen.circulars.tests import matrix as matrix_circulars
from chuangwen.citizens.tests import matrix as matrix_citizens
from chuangwen.citizens.tests.pages_support import citizen_objects
from chuangwen.dashboard.tests import matrix as matrix_dashboard
from chuangwen.indicators.models import ChecklistItem, IndexNode, NodeLevel
from chuangwen.inspections.tests import matrix_field, matrix_office
from chuangwen.inspections.tests.pages_support import inspection_objects
from chuangwen.problems.inbox import Notification
from chuangwen.problems.tests.pages_support import problem_objects
from chuangwen.publicity.tests import matrix as matrix_publicity
from chuangwen.testing import make_edition, make_site, make_site_type, make_standard
from chuangwen.tests import matrix_exports

pytestmark = pytest.mark.django_db

ALL = frozenset(
    [
        "office_admin",
        "office_staff",
        "district_officer",
        "handler",
        "unit_head",
        "outsider",
        "inspector",
        "leader",
        "grid_worker",
    ]
)
OFFICE = frozenset(["office_admin", "office_staff"])
ADMIN = frozenset(["office_admin"])
INDEX_READERS = ALL - {"grid_worker"}
# Readers of unit A's standard and of a site in community A answered for by unit A.
STANDARD_A = OFFICE | {"leader", "inspector", "district_officer", "handler", "unit_head"}
SITE_A = STANDARD_A | {"grid_worker"}

# (url name, object the url takes, personas allowed, method)
PAGES = [
    ("home", None, ALL, "get"),
    ("password_change", None, ALL, "get"),
    ("units:unit_list", None, ADMIN, "get"),
    ("units:unit_create", None, ADMIN, "get"),
    ("units:unit_detail", "unit", ADMIN, "get"),
    ("units:unit_edit", "unit", ADMIN, "get"),
    ("units:unit_options", None, ADMIN, "get"),
    ("units:user_list", None, ADMIN, "get"),
    ("units:user_create", None, ADMIN, "get"),
    ("units:user_edit", "user", ADMIN, "get"),
    ("units:user_reset_password", "user", ADMIN, "post"),
    ("units:user_reset_two_factor", "user", ADMIN, "post"),
    ("audit:list", None, OFFICE, "get"),
    ("audit:detail", "event", OFFICE, "get"),
    ("audit:chain_verify", None, ADMIN, "post"),
    ("audit:chain_export", None, ADMIN, "get"),
    ("indicators:tree", None, INDEX_READERS, "get"),
    ("indicators:standard_detail", "standard", STANDARD_A, "get"),
    ("indicators:edition_list", None, OFFICE, "get"),
    ("indicators:edition_create", None, OFFICE, "get"),
    ("indicators:edition_edit", "edition", OFFICE, "get"),
    ("indicators:edition_activate", "edition", OFFICE, "post"),
    ("indicators:edition_export", "edition", OFFICE, "get"),
    ("indicators:edition_import", None, OFFICE, "get"),
    ("indicators:import_template", None, OFFICE, "get"),
    ("indicators:node_create", "edition", OFFICE, "get"),
    ("indicators:node_edit", "node", OFFICE, "get"),
    ("indicators:node_delete", "node", OFFICE, "post"),
    ("indicators:standard_create", "content", OFFICE, "get"),
    ("indicators:standard_edit", "standard", OFFICE, "get"),
    ("indicators:standard_responsibility", "standard", OFFICE, "get"),
    ("indicators:standard_delete", "standard", OFFICE, "post"),
    ("indicators:item_create", "standard", OFFICE, "get"),
    ("indicators:item_edit", "item", OFFICE, "get"),
    ("indicators:item_delete", "item", OFFICE, "post"),
    ("sites:list", None, ALL, "get"),
    ("sites:map", None, ALL, "get"),
    ("sites:geojson", None, ALL, "get"),
    ("sites:export", None, ALL, "get"),
    ("sites:types", None, ALL, "get"),
    ("sites:detail", "site", SITE_A, "get"),
    ("sites:create", None, OFFICE, "get"),
    ("sites:edit", "site", OFFICE, "get"),
    ("sites:deactivate", "site", OFFICE, "post"),
    ("sites:import", None, OFFICE, "get"),
    ("sites:template", None, OFFICE, "get"),
    ("sites:type_create", None, OFFICE, "get"),
    ("sites:type_edit", "site_type", OFFICE, "get"),
    ("sites:type_deactivate", "site_type", OFFICE, "post"),
    ("notifications", None, ALL, "get"),
    ("notification_open", "notification", frozenset(["handler"]), "post"),
    ("notification_read_all", None, ALL, "post"),
]
PAGES += [
    ("apitokens:list", None, ALL, "get"),
    ("apitokens:revoke", "api_token", frozenset(["handler"]), "post"),
]
# Problems (issue 3): a problem in unit A's hands in district A, its photo, and the office's settings.
PROBLEM_A = OFFICE | {"district_officer", "handler", "unit_head", "leader"}
MANAGERS_A = OFFICE | {"district_officer"}
UNIT_A = frozenset(["handler", "unit_head"])
UNIT_PEOPLE = frozenset(["handler", "unit_head", "outsider"])
CREATORS = ALL - UNIT_PEOPLE
PAGES += [
    ("problems:list", None, ALL, "get"),
    ("problems:export", None, ALL, "get"),
    ("problems:queue", None, MANAGERS_A, "get"),
    ("problems:inbox", None, UNIT_PEOPLE, "get"),
    ("problems:create", None, CREATORS, "get"),
    ("problems:site_options", None, CREATORS, "get"),
    ("problems:detail", "problem", PROBLEM_A, "get"),
    ("problems:photo", "problem_photo", PROBLEM_A, "get"),
    ("problems:bulk_assign", None, MANAGERS_A, "post"),
    ("problems:bulk_approve", None, MANAGERS_A, "post"),
    *[(f"problems:{name}", "problem", UNIT_A, "post") for name in ("accept", "submit", "request_extension", "dispute")],
    *[
        (f"problems:{name}", "problem", MANAGERS_A, "post")
        for name in ("assign", "approve", "reject", "decide_extension", "decide_dispute")
        + ("mark_invalid", "mark_duplicate", "reopen")
    ],
    ("problems:settings", None, OFFICE, "get"),
    ("problems:category_list", None, OFFICE, "get"),
    ("problems:category_create", None, OFFICE, "get"),
    ("problems:category_edit", "problem_category", OFFICE, "get"),
    ("problems:deadline_list", None, OFFICE, "get"),
    ("problems:deadline_create", None, OFFICE, "get"),
    ("problems:deadline_edit", "deadline_policy", OFFICE, "get"),
    ("problems:deadline_delete", "deadline_policy", OFFICE, "post"),
    ("problems:holiday_list", None, OFFICE, "get"),
    ("problems:holiday_create", None, OFFICE, "post"),
    ("problems:holiday_edit", "holiday", OFFICE, "get"),
    ("problems:holiday_delete", "holiday", OFFICE, "post"),
    ("problems:escalation_policy", None, OFFICE, "get"),
    ("problems:followups", None, OFFICE, "get"),
    ("problems:followup_detail", "followup_sample", OFFICE, "get"),
    ("problems:followup_check", "followup_check", OFFICE, "post"),
    ("problems:summons", None, MANAGERS_A | {"leader"}, "get"),
]
PAGES += matrix_office.PAGES + matrix_field.PAGES
PAGES += matrix_assessment.PAGES
PAGES += matrix_citizens.PAGES
PUBLIC = {"healthz", "set_language", "login", "logout"} | matrix_citizens.PUBLIC
# The person's own second-factor pages: any role may open them (or is told it needs none); the
# units' test_two_factor_* modules check who gets what.
PUBLIC |= {"two_factor_manage", "two_factor_setup", "two_factor_verify", "two_factor_regenerate"}
# Issue 7's pages: each module lists its rows and builds its own objects.
EXTRA = (matrix_circulars, matrix_dashboard, matrix_publicity, matrix_exports)
for _module in EXTRA:
    PAGES += _module.PAGES
    PUBLIC |= _module.PUBLIC


@pytest.fixture
def objects(world):
    edition = make_edition(active=False)
    road = make_site_type(name="主次干道")
    standard = make_standard(edition, lead_unit=world.dept_a, site_types=[road])
    site = make_site(road, world.community_a, responsible=[world.dept_a], name="东华路")
    content = standard.content
    api_token, _secret = issue_token(world.handler, name="手机")
    found = {
        "api_token": api_token,
        "unit": world.dept_a,
        "user": world.handler,
        "event": AuditEvent.objects.filter(object_id=str(world.handler.pk)).first(),
        "edition": edition,
        "node": IndexNode.objects.get(edition=edition, level=NodeLevel.CATEGORY),
        "content": content,
        "standard": standard,
        "item": ChecklistItem.objects.get(standard=standard),
        "site": site,
        "site_type": road,
        "notification": Notification.objects.create(recipient=world.handler, kind="test", title="新交办问题"),
        **_with_followup(world, problem_objects(world, site, standard)),
        **inspection_objects(world, site, standard),
        **citizen_objects(world),
    }
    found = {**found, **scored_objects(world, found), **matrix_citizens.open311_objects(world, found)}
    for module in EXTRA:
        found.update(module.objects(world, found))
    return found


def _with_followup(world, problems: dict) -> dict:
    from django.utils import timezone

    from chuangwen.problems.followup_models import FollowUpCheck, FollowUpSample

    sample = FollowUpSample.objects.create(created_by=world.office_admin, created_at=timezone.now(), seed=7, size=1)
    check = FollowUpCheck.objects.create(sample=sample, problem=problems["problem"])
    return {**problems, "followup_sample": sample, "followup_check": check}


def _url(name, key, objects) -> str:
    return reverse(name, args=[objects[key].pk] if key else [])


@pytest.mark.parametrize(("name", "key", "allowed", "method"), PAGES, ids=[p[0] for p in PAGES])
def test_page_answers_each_persona_as_its_role_allows(world, objects, client_for, name, key, allowed, method):
    url = _url(name, key, objects)
    for persona in sorted(ALL):
        client = client_for(world.personas[persona])
        if persona in allowed:
            if method == "get":
                assert client.get(url).status_code == 200, f"{persona} refused at {url}"
            continue
        events = AuditEvent.objects.count()
        response = getattr(client, method)(url)
        assert response.status_code in (403, 404), f"{persona} got {response.status_code} at {url}"
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(("name", "key", "allowed", "method"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_is_sent_to_login(world, objects, client, name, key, allowed, method):
    response = getattr(client, method)(_url(name, key, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in ("admin", "api", "open311"):  # the JSON and Open311 APIs have their own tests
                yield from _names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_page_is_in_the_matrix():
    listed = {page[0] for page in PAGES}
    assert set(_names(get_resolver().url_patterns)) - PUBLIC == listed
