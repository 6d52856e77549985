"""Script injection and the Content-Security-Policy, as classes of fault:

- every page carries a policy that runs scripts only from the site or with the page's nonce, no
  inline event handlers and no eval (so a planted <script> or onerror= does not run);
- no template has an inline handler or a <script> block without the nonce;
- no script builds HTML from a value: Leaflet tooltips, popups and labels get nodes from the one
  helper (static/js/escape.js), ECharts formatters escape through it, nothing sets innerHTML.

The browser sweep (chuangwen/e2e/test_xss_sweep.py) plants payloads and watches them not run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render

from chuangwen.lib.csp import policy, tile_source

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "chuangwen").glob("*/templates"))]
SCRIPT_DIRS = [ROOT / "static", *sorted((ROOT / "chuangwen").glob("*/static"))]
HELPER = ROOT / "static" / "js" / "escape.js"


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def _templates():
    for directory in TEMPLATE_DIRS:
        yield from sorted(directory.rglob("*.html"))


def _scripts():
    for directory in SCRIPT_DIRS:
        for path in sorted(directory.rglob("*.js")):
            if "vendor" not in path.relative_to(directory).parts:
                yield path


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- the header on pages ---------------------------------------------------------------------


def _assert_strict(response) -> None:
    csp = _directives(response)
    scripts = csp["script-src"]
    assert "'self'" in scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert csp["script-src-attr"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert set(csp["img-src"]) >= {"'self'", "data:", "blob:"}
    assert "*" not in csp["img-src"] and "*" not in csp["default-src"]


PUBLIC_PAGES = ["/accounts/login/", "/report/", "/public/", "/api/docs", "/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_it_sends_a_strict_policy_on_public_pages(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    _assert_strict(response)


STAFF_PAGES = ["/", "/sites/", "/sites/map/", "/problems/", "/overview/", "/overview/screen/", "/inspections/"]


def test_it_sends_a_strict_policy_to_every_role(world, client_for):
    for persona, user in world.personas.items():
        client = client_for(user)
        for url in STAFF_PAGES:
            response = client.get(url)
            assert "Content-Security-Policy" in response, (persona, url, response.status_code)
            _assert_strict(response)


def test_the_outsider_denied_a_page_still_gets_the_policy(world, client_for):
    response = client_for(world.outsider).get("/overview/screen/")
    assert response.status_code in (302, 403)
    _assert_strict(response)


def _done_page(rf):
    """The citizen's 'report received' page (its copy button is an inline script), through the
    CSP middleware as every page goes."""
    request = rf.get("/report/done/AB12CD34/")
    request.user = AnonymousUser()
    request.session = {}
    return CSPMiddleware(lambda r: render(r, "citizens/public/done.html", {"code": "AB12CD34"}))(request)


@pytest.mark.django_db
def test_an_inline_script_runs_only_with_the_nonce_of_its_response(rf):
    response = _done_page(rf)
    nonces = set(re.findall(r'<script nonce="([^"]+)"', response.content.decode()))
    assert len(nonces) == 1 and "" not in nonces
    assert f"'nonce-{nonces.pop()}'" in _directives(response)["script-src"]
    assert _directives(_done_page(rf))["script-src"] != _directives(response)["script-src"]


def test_htmx_is_told_not_to_eval_and_pages_load_the_escape_helper(world, client_for):
    page = client_for(world.office_staff).get("/sites/").content.decode()
    assert """<meta name="htmx-config" content='{"allowEval": false}'>""" in page
    assert "js/escape.js" in page


def test_the_language_switch_works_without_an_inline_handler(client):
    page = client.get("/accounts/login/").content.decode()
    switch = re.search(r'<select name="language"[^>]*>', page).group(0)
    assert "data-autosubmit" in switch and "onchange" not in switch
    assert "js/autosubmit.js" in page


# --- the tile server -------------------------------------------------------------------------


def test_images_may_come_from_the_configured_tile_server():
    assert tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://*.tile.openstreetmap.org"
    assert tile_source("http://tiles.intranet.gov.cn:8080/{z}/{x}/{y}.png") == "http://tiles.intranet.gov.cn:8080"
    assert (
        "https://*.tile.openstreetmap.org"
        in policy("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")["DIRECTIVES"]["img-src"]
    )


def test_no_tile_server_or_a_relative_one_adds_no_source():
    assert tile_source("") is None
    assert tile_source("/tiles/{z}/{x}/{y}.png") is None
    assert policy("")["DIRECTIVES"]["img-src"] == ["'self'", "data:", "blob:"]


# --- templates: no inline handlers, every inline script has the nonce -------------------------

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=""", re.IGNORECASE)


def test_no_template_has_an_inline_event_handler():
    offenders = [_name(path) for path in _templates() if HANDLER.search(path.read_text())]
    assert offenders == []


def test_no_template_links_a_javascript_url():
    offenders = [_name(path) for path in _templates() if "javascript:" in path.read_text().lower()]
    assert offenders == []


def test_every_inline_script_in_a_template_carries_the_nonce():
    offenders = []
    for path in _templates():
        for tag in SCRIPT_TAG.findall(path.read_text()):
            external = " src=" in tag
            data = re.search(r"""type=["']application/(ld\+)?json["']""", tag)
            if not (external or data or 'nonce="{{ request.csp_nonce }}"' in tag):
                offenders.append(f"{_name(path)}: {tag}")
    assert offenders == []


INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def test_no_inline_script_interpolates_a_template_value():
    """Values reach scripts through json_script or data- attributes, never inside script text."""
    offenders = []
    for path in _templates():
        for attributes, body in INLINE_SCRIPT.findall(path.read_text()):
            if " src=" not in attributes and ("{{" in body or "{%" in body):
                offenders.append(_name(path))
    assert offenders == []


# --- scripts: one escape helper, no HTML built from values -----------------------------------

RAW_HTML = re.compile(r"\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function")
LEAFLET_CONTENT = re.compile(r"\.(bindTooltip|bindPopup|setContent)\(\s*([^,)]*)")
OWN_ESCAPER = re.compile(r"function\s+(escapeHtml|escape|el)\s*\(")


def test_no_script_sets_html_or_evaluates_strings():
    offenders = [f"{_name(p)}: {m.group(0)}" for p in _scripts() for m in RAW_HTML.finditer(p.read_text())]
    assert offenders == []


def test_leaflet_gets_nodes_built_by_the_helper_never_strings():
    offenders = []
    for path in _scripts():
        for match in LEAFLET_CONTENT.finditer(path.read_text()):
            argument = match.group(2).strip()
            if not argument.startswith(("el(", "cw.el(", "window.cw.el(", "function")):
                offenders.append(f"{_name(path)}: {match.group(0)}")
    assert offenders == []


def test_there_is_one_escape_helper():
    copies = [_name(p) for p in _scripts() if p != HELPER and OWN_ESCAPER.search(p.read_text())]
    assert copies == []


def test_every_chart_formatter_that_returns_html_escapes_through_the_helper():
    for path in _scripts():
        text = path.read_text()
        if "formatter" in text and "<br>" in text:
            assert "window.cw.escapeHtml" in text, _name(path)
