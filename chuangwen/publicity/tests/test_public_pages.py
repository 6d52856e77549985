"""The public pages, anonymous: this year's figures, the red and black lists of published rounds
only, published news only; nothing personal; cacheable by the visitor's browser only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.assessment.tests.pages_fixtures import _run_round
from chuangwen.citizens.tests.public_support import PHONE, accepted, close, public_category, submitted
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import Kind
from chuangwen.publicity import services
from chuangwen.publicity.tests.support import cover, draft, one_place_lists, published, scored_round

pytestmark = pytest.mark.django_db
PUBLIC_URLS = ("/public/", "/public/news/")


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _board(page: str, group: str, board: str) -> list[str]:
    """The unit names on one list of one peer group, in order."""
    card = re.search(rf'data-group="{group}".*?</div></div>\s*</div>', page, re.S).group(0)
    block = re.search(rf'data-board="{board}".*?</ol>', card, re.S).group(0)
    return re.findall(r'class="board-name">([^<]+)<', block)


def test_the_pages_need_no_login_and_link_to_the_citizens_channel(world, client):
    for url in PUBLIC_URLS:
        response = client.get(url)
        page = _text(response)
        assert 'href="/report/"' in page
        assert "private" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
        assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    page = _text(client.get("/public/"))
    assert "暂无已发布的督查结果" in page and "暂无新闻" in page and "示范市创文" in page


def test_the_pages_speak_english_too(world, client):
    page = _text(client.get("/public/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in page


def test_only_published_posts_are_public(world, client):
    live = published(world, "公开的新闻", cover=cover())
    hidden = draft(world, "还在草稿的新闻", cover=cover())
    gone = services.withdraw_post(world.office_staff, published(world, "撤回的新闻", cover=cover()), reason="更正")
    for url in PUBLIC_URLS:
        page = _text(client.get(url))
        assert "公开的新闻" in page and "还在草稿的新闻" not in page and "撤回的新闻" not in page
    page = _text(client.get(f"/public/news/{live.pk}/"))
    assert "公开的新闻" in page and "来源：示范市" in page
    for post in (hidden, gone):
        assert client.get(f"/public/news/{post.pk}/").status_code == 404
        assert client.get(reverse("publicity:news_cover", args=[post.pk])).status_code == 404
    image = client.get(reverse("publicity:news_cover", args=[live.pk]) + "?size=thumb")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert "public" in image["Cache-Control"]
    assert client.get("/public/news/999999/").status_code == 404


def test_a_post_shows_its_paragraphs_escaped(world, client):
    post = published(world, "<b>粗体</b>标题", body="第一段<script>alert(1)</script>\n第二段 <a href='x'>链接</a>")
    page = _text(client.get(f"/public/news/{post.pk}/"))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>粗体</b>" not in page and "&lt;b&gt;粗体&lt;/b&gt;标题" in page
    assert "<p>第一段&lt;script&gt;" in page and "<p>第二段 &lt;a href=" in page


def test_news_list_pages(world, client):
    for n in range(12):
        published(world, f"新闻{n:02d}")
    first, second = _text(client.get("/public/news/")), _text(client.get("/public/news/?page=2"))
    assert "新闻11" in first and "新闻02" in first and "新闻01" not in first
    assert "新闻01" in second and "新闻00" in second and "新闻11" not in second
    home = _text(client.get("/public/"))
    assert [t for t in ("新闻11", "新闻10", "新闻09", "新闻08") if t in home] == [
        "新闻11",
        "新闻10",
        "新闻09",
        "新闻08",
    ]
    assert "新闻07" not in home


def test_the_lists_are_those_of_published_rounds_only(place, client):
    """District A fails in the published round (西城区 red, 东城区 black); in a later round, closed and
    scored but not published, district B fails everywhere (东城区 would be red)."""
    one_place_lists()
    w = place.world
    shown = scored_round(place, failing={place.sites_a[0].pk, place.sites_a[1].pk}, publish=True)
    hidden = scored_round(place, failing={s.pk for s in place.sites_b})
    page = _text(client.get("/public/"))
    assert f'data-round="{shown.pk}"' in page
    assert _board(page, "districts", "red") == [w.district_b.name]
    assert _board(page, "districts", "black") == [w.district_a.name]
    assert reverse("publicity:public_round", args=[hidden.pk]) not in page
    assert client.get(reverse("publicity:public_round", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("publicity:public_round", args=[shown.pk])).status_code == 200


def test_a_covert_round_appears_only_once_published(place, client):
    one_place_lists()
    w = place.world
    shown = scored_round(place, failing={place.sites_a[0].pk}, publish=True)
    secret = scored_round(place, kind=Kind.COVERT, failing={s.pk for s in place.sites_b})
    before = _text(client.get("/public/"))
    assert f'data-round="{shown.pk}"' in before and f'data-round="{secret.pk}"' not in before
    assert secret.code not in before and reverse("publicity:public_round", args=[secret.pk]) not in before
    assert client.get(reverse("publicity:public_round", args=[secret.pk])).status_code == 404
    inspections.publish_round(w.office_staff, secret)
    after = _text(client.get("/public/"))
    assert f'data-round="{secret.pk}"' in after and "暗访" in after
    assert _board(after, "districts", "red") == [w.district_a.name]
    assert _board(after, "districts", "black") == [w.district_b.name]
    assert reverse("publicity:public_round", args=[shown.pk]) in after  # the earlier one is under 往期


def test_the_figures_count_this_years_problems_and_reports_without_anyone_in_them(world, client):
    category = public_category(world)
    submitted(category)  # pending
    report, problem = accepted(world, category)
    close(world, problem)
    page = _text(client.get("/public/"))

    def figure(name: str) -> str:
        return re.search(rf'id="figure-{name}"><div class="figure-value">([^<]+)<', page).group(1)

    assert (figure("found"), figure("fixed"), figure("reports"), figure("handled")) == ("1", "1", "2", "1")
    assert figure("on-time") == "100.0"
    for url in ("/public/", "/public/news/"):
        text = _text(client.get(url))
        for private in (PHONE, "139****5678", "王先生", "内部备注", report.tracking_code, problem.code, "人行道上堆放"):
            assert private not in text, f"{private} at {url}"


def test_the_home_page_reads_a_fixed_number_of_queries(place, client, django_assert_num_queries):
    one_place_lists()
    for n in range(3):
        scored_round(place, failing={place.sites_a[n].pk}, publish=True)
    for n in range(5):
        published(place.world, f"新闻{n}", cover=cover())
    with django_assert_num_queries(9):  # the last line: the audit chain's daily hashes
        client.get("/public/")


def test_a_citizens_problem_registered_by_the_office_counts_as_a_report(world, client):
    from chuangwen.problems import services as problem_services
    from chuangwen.problems.models import Source

    category = public_category(world)
    problem_services.create_problem(
        world.office_staff, source=Source.CITIZEN, category=category, description="市民来电反映路灯不亮",
        address="东华路 12 号", reporter_name="李女士", reporter_phone="13700001111",
    )  # fmt: skip
    accepted(world, category)
    page = _text(client.get("/public/"))
    assert re.search(r'id="figure-reports"><div class="figure-value">2<', page)
    assert re.search(r'id="figure-handled"><div class="figure-value">2<', page)
    assert "李女士" not in page and "13700001111" not in page and "路灯不亮" not in page


def test_a_published_round_not_yet_scored_dates_the_latest_report_but_has_no_lists(place, client):
    one_place_lists()
    scored = scored_round(place, failing={place.sites_a[0].pk}, publish=True)
    unscored = inspections.publish_round(place.world.office_staff, _run_round(place))
    page = _text(client.get("/public/"))
    assert f'data-round="{scored.pk}"' in page
    date = re.search(r'id="figure-latest-round">\s*<div class="figure-value figure-date">([^<]+)<', page).group(1)
    published_at = timezone.localtime(unscored.published_at)
    assert date == f"{published_at.month}月{published_at.day}日"


def test_the_home_page_publishes_the_audit_chains_daily_hashes(world, client):
    from chuangwen.audit.models import AuditAnchor
    from chuangwen.audit.tests.support import close_today

    assert 'id="audit-anchors"' not in client.get("/public/").content.decode()
    close_today()
    anchor = AuditAnchor.objects.get()
    body = client.get("/public/").content.decode()
    assert "审计链每日校验值" in body
    assert f"{anchor.day:%Y-%m-%d}" in body and anchor.head_hash in body
