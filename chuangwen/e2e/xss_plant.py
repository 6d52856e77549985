"""Plant script-injection payloads in the demo city, through the project's services, for the
browser sweep (test_xss_sweep.py), in a demo of the sweep's own.

    python -m chuangwen.e2e.xss_plant    # prints the planted objects' ids as JSON

Run with the demo's environment (VAR_DIR, SECRET_KEY, DJANGO_SETTINGS_MODULE=chuangwen.settings).
Every free-text field a user can set gets a payload that would set window.__xss if it ran: a
site, a district and a department, a problem's description, a citizen's report, a news post, a
round, a team, a problem category and an Open311 attribute."""

from __future__ import annotations

import json

# Short enough for 50-character names; the long one for free text.
SHORT = "\"'><img src=x onerror=__xss=1>"
LONG = SHORT + "<script>__xss=1</script><svg onload=__xss=1>"


def payload(label: str, limit: int = 50) -> str:
    text = label + (LONG if len(label) + len(LONG) <= limit else SHORT)
    assert len(text) <= limit, text
    return text


def _setup() -> None:
    import django

    django.setup()


def _demo_objects():
    from chuangwen.inspections.models import Round, RoundSite
    from chuangwen.problems.models import ProblemCategory
    from chuangwen.units.models import Unit, User

    admin = User.objects.get(username="admin")
    district = Unit.objects.get(code="JN")
    round_ = Round.objects.get(name="本周明察")
    team = round_.teams.order_by("sort_order").first()
    entries = RoundSite.objects.filter(round=round_, team=team).select_related("site").order_by("seq")
    # A site on the first team's route, in the district the `district` login sees if there is one.
    entry = entries.filter(site__territorial_unit__path__startswith=district.path).first() or entries.first()
    return {
        "admin": admin,
        "round": round_,
        "team": team,
        "site": entry.site,
        "district": district,
        "department": Unit.objects.get(code="D-CG"),
        "category": ProblemCategory.objects.filter(is_active=True).order_by("pk").first(),
    }


def plant() -> dict:
    from chuangwen.citizens.models import Channel
    from chuangwen.citizens.open311 import attribute_services
    from chuangwen.citizens.services.intake import submit_report
    from chuangwen.inspections.services.rounds import save_team, update_round
    from chuangwen.problems.config_services import update_category
    from chuangwen.problems.models import Source
    from chuangwen.problems.services.create import create_problem
    from chuangwen.problems.services.workflow import assign_problem
    from chuangwen.publicity.services import create_post, publish_post
    from chuangwen.sites.services import update_site
    from chuangwen.units.services import update_unit

    o = _demo_objects()
    admin, site, category = o["admin"], o["site"], o["category"]
    update_site(admin, site, reason="xss", name=payload("点位", 100), address=payload("地址", 200))
    update_unit(admin, o["district"], reason="xss", name=payload("区"))
    update_unit(admin, o["department"], reason="xss", name=payload("局"))
    update_category(admin, category, name=payload("类"))
    update_round(admin, o["round"], name=payload("轮次", 100))
    save_team(admin, o["round"], name=payload("组"), members=list(o["team"].members.all()), team=o["team"])
    problem = create_problem(
        admin, source=Source.LEADER, description=payload("问题", 500), category=category, site=site, address="xss"
    )
    assign_problem(admin, problem, unit=o["department"])
    report = submit_report(
        channel=Channel.WEB,
        description=payload("随手拍", 500),
        category=category,
        lat=site.lat,
        lng=site.lng,
        address=payload("地址", 200),
        name=payload("市民", 20) if len(SHORT) + 2 <= 20 else "",
        client_address="127.0.0.9",
        device_id="xss-sweep",
    )
    post = create_post(admin, title=payload("新闻", 100), summary=payload("摘要", 200), body=payload("正文", 2000))
    publish_post(admin, post)
    attribute = attribute_services.create_attribute(
        admin,
        category,
        code="xss",
        datatype="string",
        description=payload("附加", 500),
        datatype_description=payload("说明", 200),
    )
    return {
        "site": site.pk,
        "position": [float(site.lat), float(site.lng)],
        "district": o["district"].pk,
        "department": o["department"].pk,
        "category": category.pk,
        "round": o["round"].pk,
        "team": o["team"].pk,
        "problem": problem.pk,
        "report": report.pk,
        "news": post.pk,
        "attribute": attribute.pk,
    }


if __name__ == "__main__":
    _setup()
    print(json.dumps(plant()))
