"""The overview (态势) in chromium against `make run`: a leader reads the figures and charts, the
map of the city with its coloured sites and clustered problems, drills into a district, and opens
the big screen (大屏) at 1920×1080, which refreshes itself."""

from __future__ import annotations

import re

import pytest

from chuangwen.e2e.fixtures import SCREENSHOTS, login, shot, wait_until

pytestmark = pytest.mark.browser

PAINTED = """id => {
  const canvas = document.querySelector('#' + id + ' canvas');
  if (!canvas || !canvas.width) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}"""

# Pixels of the map's canvases near a colour: green (passed), red (failed) sites.
COLOURED = """([r, g, b]) => {
  let found = 0;
  document.querySelectorAll('#overview-map .leaflet-overlay-pane canvas').forEach(canvas => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24 && Math.abs(data[i + 2] - b) < 24) found++;
    }
  });
  return found;
}"""


def _number(text: str) -> int:
    return int(re.search(r"\d+", text.replace(",", "")).group())


def _wait_for_charts(page, ids) -> None:
    for chart in ids:
        wait_until(page, f"() => ({PAINTED})('{chart}') > 500", timeout=15_000)


def test_the_leader_reads_the_overview_maps_the_city_and_drills_into_a_district(new_page):
    page = new_page(1440, 900)
    login(page, "leader")
    page.click("#mainnav >> text=态势")
    assert page.url.endswith("/overview/")
    assert page.locator("#scope-name").inner_text() == "示范市"
    for key in ("open", "overdue", "new_week", "closed_week"):
        assert _number(page.locator(f'#figures [data-figure="{key}"]').inner_text()) >= 0
    assert _number(page.locator('#figures [data-figure="open"]').inner_text()) > 0
    assert "%" in page.locator('#figures [data-figure="on_time_rate"]').inner_text()
    _wait_for_charts(page, ("chart-trend", "chart-scores", "chart-sources", "chart-ranking", "chart-departments"))

    page.wait_for_selector("#overview-map[data-loaded='1']")
    assert int(page.get_attribute("#overview-map", "data-sites")) >= 1000
    assert int(page.get_attribute("#overview-map", "data-problems")) > 0
    assert page.locator("#overview-map .leaflet-tile").count() == 0  # no tile server
    assert page.locator("#overview-map .problem-cluster").count() > 0
    assert page.evaluate(COLOURED, [0x2E, 0x9D, 0x57]) > 0  # passed sites
    assert page.evaluate(COLOURED, [0xD9, 0x41, 0x2F]) > 0  # failed sites
    legend = page.locator("#overview-map .overview-legend").inner_text()
    assert "合格点位" in legend and "不合格点位" in legend and "未检查点位" in legend
    page.wait_for_timeout(600)
    shot(page, "70-overview")

    # The layer switch hides and shows the problems' clusters.
    problems = page.locator("#overview-map .leaflet-control-layers-overlays label", has_text="待整改问题")
    problems.locator("input").uncheck()
    assert page.locator("#overview-map .problem-cluster").count() == 0
    problems.locator("input").check()
    assert page.locator("#overview-map .problem-cluster").count() > 0
    page.locator("#overview-map").scroll_into_view_if_needed()
    page.locator("#overview-map .leaflet-control-zoom-in").click()
    page.wait_for_timeout(800)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#overview-map").screenshot(path=str(SCREENSHOTS / "71-map.png"))

    # Drill down from the map's district label.
    label = page.locator("#overview-map a.group-link").first
    name = label.inner_text()
    with page.expect_navigation():
        label.click()
    assert "/overview/districts/" in page.url
    assert page.locator("#scope-name").inner_text() == name
    assert page.locator("#overview-breadcrumb").is_visible()
    page.wait_for_selector("#overview-map[data-loaded='1']")
    assert 0 < int(page.get_attribute("#overview-map", "data-sites")) < 1000
    _wait_for_charts(page, ("chart-trend", "chart-ranking"))
    assert "区县第" in page.locator("#figure-score").inner_text()
    page.wait_for_timeout(600)
    shot(page, "72-district")


def test_the_ranking_bar_drills_into_its_district(new_page):
    page = new_page(1440, 900)
    login(page, "office")
    page.goto("overview/")
    _wait_for_charts(page, ("chart-ranking",))
    first = page.locator("#children-table a.child-link").first
    with page.expect_navigation():
        first.click()
    assert "/overview/districts/" in page.url


def test_a_district_officer_sees_only_their_district(new_page):
    page = new_page(1280, 800)
    login(page, "district")
    page.goto("overview/")
    assert page.locator("#scope-name").inner_text() == "江南区"
    assert page.locator("#district-picker").count() == 0
    page.wait_for_selector("#overview-map[data-loaded='1']")
    assert 0 < int(page.get_attribute("#overview-map", "data-sites")) < 1000
    response = page.goto("overview/districts/999999/")
    assert response.status == 404


def test_the_big_screen_fills_a_wall_display_and_refreshes_itself(new_page):
    page = new_page(1920, 1080)
    login(page, "leader")
    page.goto("overview/screen/?refresh=5")
    assert page.locator("nav.navbar").count() == 0
    page.wait_for_selector("#overview-map[data-loaded='1']")
    _wait_for_charts(page, ("chart-trend", "chart-scores", "chart-sources", "chart-ranking"))
    size = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size == [1920, 1080]  # everything on one screen, no scrolling
    assert re.fullmatch(r"\d\d:\d\d:\d\d", page.locator("#clock-time").inner_text())
    first = page.get_attribute("#updated", "data-updated")
    wait_until(
        page,
        "first => document.getElementById('updated').getAttribute('data-updated') !== first",
        first,
        timeout=20_000,
    )
    assert page.get_attribute("body", "data-state") == "ok"
    assert "数据更新于" in page.locator("#updated").inner_text()
    page.wait_for_timeout(1200)
    shot(page, "73-big-screen", full_page=False)

    # A failed fetch keeps what is shown and says since when.
    page.route("**/overview/data/**", lambda route: route.abort())
    wait_until(page, "() => document.body.getAttribute('data-state') === 'stale'", timeout=20_000)
    assert "更新失败" in page.locator("#updated").inner_text()
    assert _number(page.locator('[data-figure="open"]').inner_text()) > 0


def test_the_navbar_keeps_to_one_line_in_english(new_page):
    page = new_page(1280, 800, locale="en-US")
    login(page, "admin")
    page.goto("overview/")
    tops = page.eval_on_selector_all(
        "#mainnav .nav-link", "links => links.map(l => Math.round(l.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops
    assert page.eval_on_selector("nav.navbar", "nav => nav.getBoundingClientRect().height") < 70
