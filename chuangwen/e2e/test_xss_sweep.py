"""Stored script injection, swept in chromium: a payload in every free-text field a user can set
(site, district and department, problem, citizen's report, news post, round, team, category,
Open311 attribute; chuangwen/e2e/xss_plant.py plants them through the services), then every demo
login opens every page that shows them, with map tooltips, popups and chart tooltips opened.
Nothing may run (window.__xss stays undefined), the browser may report no Content-Security-Policy
violation and no script may fail."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from chuangwen.e2e.fixtures import ROOT, demo_env, login, page_factory, served_demo, shot

pytestmark = pytest.mark.browser

ROLES = ["admin", "office", "district", "handler", "handler2", "unithead", "inspector", "leader", "grid"]

# Reports every violation into window.__csp, before any script of the page runs.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""

# Opens what a user would hover or click: every Leaflet tooltip, the popups at the planted site,
# and every ECharts tooltip. Returns how many it opened.
POKE = """
([lat, lng]) => {
  let opened = 0;
  document.querySelectorAll(".leaflet-container").forEach((node) => {
    const map = node.leafletMap;
    if (!map) return;
    map.eachLayer((layer) => {
      if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
      if (layer.getPopup && layer.getPopup() && layer.getLatLng) {
        const at = layer.getLatLng();
        if (Math.abs(at.lat - lat) < 1e-6 && Math.abs(at.lng - lng) < 1e-6) { layer.openPopup(); opened++; }
      }
    });
  });
  if (window.echarts) {
    document.querySelectorAll("[_echarts_instance_]").forEach((node) => {
      const chart = window.echarts.getInstanceByDom(node);
      const series = (chart && chart.getOption().series) || [];
      series.forEach((s, seriesIndex) => {
        (s.data || []).forEach((_, dataIndex) => {
          chart.dispatchAction({ type: "showTip", seriesIndex, dataIndex });
          opened++;
        });
      });
    });
  }
  return opened;
}
"""

MAP_PAGES = ("sites/map/", "overview/", "overview/screen/", "/teams/", "/progress/")


def _pages(ids: dict) -> list[str]:
    return [
        "",
        "sites/?q=点位",
        "sites/map/",
        f"sites/{ids['site']}/",
        "problems/",
        f"problems/{ids['problem']}/",
        "problems/queue/",
        "problems/inbox/",
        "overview/",
        f"overview/districts/{ids['district']}/",
        "overview/screen/",
        "assessment/",
        f"assessment/units/{ids['department']}/",
        "inspections/",
        f"inspections/{ids['round']}/",
        f"inspections/{ids['round']}/sample/",
        f"inspections/{ids['round']}/teams/",
        "inspections/my/",
        "citizens/triage/",
        f"citizens/reports/{ids['report']}/",
        "news/",
        f"news/{ids['news']}/",
        "units/",
        "problems/settings/categories/",
        f"citizens/keys/services/{ids['category']}/",
        "public/",
        f"public/news/{ids['news']}/",
    ]


ANONYMOUS = ["public/", "public/news/", "report/", "accounts/login/"]


def _run_plant(var) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "chuangwen.e2e.xss_plant"],
        cwd=ROOT,
        env=demo_env(var),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def sweep_demo(tmp_path_factory):
    """A demo of its own (`make run` on a fresh database): the payloads rename what other browser
    tests look for, and those tests move the rounds the sweep renames."""
    var = tmp_path_factory.mktemp("demo-xss-var")
    with served_demo(var) as url:
        yield url, var


@pytest.fixture(scope="module")
def planted(sweep_demo):
    """The payloads, planted through the services in the sweep's demo."""
    return _run_plant(sweep_demo[1])


@pytest.fixture
def new_page(browser, sweep_demo):
    with page_factory(browser, sweep_demo[0]) as make:
        yield make


class Sweep:
    """One browser context per login, watching for script runs, violations and errors."""

    def __init__(self, page, position):
        self.page, self.position, self.faults, self.opened = page, position, [], 0
        page.add_init_script(WATCH)
        page.on("pageerror", lambda error: self.faults.append(f"{page.url}: error {error}"))
        page.on("console", self._console)

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.faults.append(f"{self.page.url}: {message.text[:200]}")

    def visit(self, path: str) -> int:
        page = self.page
        response = page.goto(path, wait_until="load")
        if any(mark in path for mark in MAP_PAGES) and response and response.ok:
            page.wait_for_load_state("networkidle")
        self.opened += page.evaluate(POKE, self.position)
        state = page.evaluate("() => [window.__xss, window.__csp]")
        if state[0] is not None:
            self.faults.append(f"{path}: the payload ran")
        self.faults.extend(f"{path}: {v}" for v in state[1])
        return response.status if response else 0


def test_no_payload_runs_for_any_role_on_any_page(new_page, planted):
    position = planted["position"]
    faults, shown, opened = [], 0, 0
    for role in ROLES:
        sweep = Sweep(new_page(), position)
        login(sweep.page, role)
        for path in _pages(planted):
            status = sweep.visit(path)
            if status == 200 and "onerror=__xss=1" in sweep.page.inner_text("body"):
                shown += 1
        faults.extend(f"{role} {fault}" for fault in sweep.faults)
        opened += sweep.opened
    anonymous = Sweep(new_page(), position)
    for path in ANONYMOUS:
        anonymous.visit(path)
    faults.extend(f"anonymous {fault}" for fault in anonymous.faults)
    assert faults == []
    assert shown >= 50, "the payloads should be on the pages, shown as text"
    assert opened >= 100, "map and chart tooltips should have been opened"


def test_a_payload_named_site_shows_as_text_on_its_map(new_page, planted):
    page = new_page()
    page.add_init_script(WATCH)
    login(page, "office")
    page.goto(f"sites/{planted['site']}/")
    tooltip = page.locator("#site-mini-map .leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text().startswith("点位\"'><img src=x onerror=__xss=1>")
    assert page.locator("#site-mini-map .leaflet-tooltip img").count() == 0
    assert page.evaluate("() => [window.__xss, window.__csp]") == [None, []]
    shot(page, "xss-site-map-tooltip", full_page=False)


def test_the_api_docs_work_under_the_policy(new_page):
    page = new_page()
    page.add_init_script(WATCH)
    login(page, "admin")
    page.goto("api/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock").count() > 5
    assert page.evaluate("() => window.__csp") == []


def test_the_language_switch_still_switches(new_page):
    page = new_page()
    page.goto("accounts/login/")
    for language in ("en", "zh-hans"):
        with page.expect_navigation():
            page.select_option("#language-switch select", language)
        assert page.locator("html").get_attribute("lang") == language
