"""The index tree, the site list and the map, as people see them in chromium."""

import re

import pytest

from chuangwen.e2e.fixtures import login, shot

pytestmark = pytest.mark.browser


def _number(text: str) -> int:
    return int(re.search(r"\d+", text.replace(",", "")).group())


def test_office_browses_the_index_tree(new_page):
    page = new_page()
    login(page, "office")
    page.goto("indicators/")
    assert page.locator("#tree-title").inner_text() == "测评体系"
    assert _number(page.locator("#standard-count").inner_text()) >= 80
    assert page.locator(".tree-category").count() >= 8
    shot(page, "04-index-tree", full_page=False)


def test_a_handler_sees_only_their_units_standards(new_page):
    page = new_page()
    login(page, "handler")
    page.goto("indicators/")
    mine = _number(page.locator("#standard-count").inner_text())
    assert 0 < mine < 80
    shot(page, "04-index-tree-handler", full_page=False)


def test_office_filters_the_site_list(new_page):
    page = new_page()
    login(page, "office")
    page.goto("sites/")
    assert _number(page.locator("#site-total").inner_text()) >= 1000
    shot(page, "05-site-list", full_page=False)
    page.goto("sites/?q=农贸市场")
    filtered = _number(page.locator("#site-total").inner_text())
    assert 0 < filtered < 1000
    assert all("农贸市场" in row for row in page.locator("#site-table tbody tr").all_inner_texts()[:5])


def test_a_district_officer_lists_only_their_district(new_page):
    page = new_page()
    login(page, "district")
    page.goto("sites/")
    assert 0 < _number(page.locator("#site-total").inner_text()) < 1000


def test_the_map_draws_every_site_without_a_tile_server(new_page):
    page = new_page()
    login(page, "office")
    page.goto("sites/map/")
    page.wait_for_selector("#site-map[data-loaded]")
    assert int(page.get_attribute("#site-map", "data-loaded")) >= 1000
    assert page.locator("#site-map .leaflet-tile").count() == 0
    assert page.locator("#site-map canvas").count() >= 1
    shot(page, "06-site-map", full_page=False)


def test_the_map_works_on_a_phone(new_page):
    page = new_page(360, 740)
    login(page, "grid")
    page.goto("sites/map/")
    page.wait_for_selector("#site-map[data-loaded]")
    assert int(page.get_attribute("#site-map", "data-loaded")) > 0
    shot(page, "07-site-map-phone", full_page=False)
