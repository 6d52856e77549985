"""Scores on the overview, from the assessment's stored runs: the city's score pooled over its
districts, a district's own score and rank, the ranking bars with their drill-down links — and a
covert round scored but not published stays out of everything the inspected see."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _data(client, **params):
    response = client.get(reverse("overview_data"), params)
    assert response.status_code == 200
    return response.json()


def test_the_city_score_pools_its_districts(place, scored, client_for):
    # District A earned 5.3333 of 6 (88.89), district B 6 of 6: 11.3333 / 12.
    data = _data(client_for(place.world.leader))
    assert data["scores"]["scores"] == [94.44]
    assert data["scores"]["titles"] == [f"{scored.code} {scored.name}"]
    assert data["scores"]["labels"] == ["11-01"]


def test_the_city_ranking_bars_are_the_districts_and_departments(place, scored, client_for):
    w = place.world
    ranking = _data(client_for(w.leader))["ranking"]
    assert ranking["round"] == f"{scored.code} {scored.name}"
    main = ranking["main"]
    assert main["names"] == ["西城区", "东城区"] and main["scores"] == [100.0, 88.89]
    assert main["urls"] == [
        reverse("overview_district", args=[w.district_b.pk]),
        reverse("overview_district", args=[w.district_a.pk]),
    ]
    assert ranking["departments"]["names"] == ["市城管局"] and ranking["departments"]["scores"] == [93.33]


def test_the_districts_table_has_each_districts_score_and_rank(place, scored, client_for):
    children = {row["name"]: row for row in _data(client_for(place.world.office_staff))["children"]}
    assert (children["东城区"]["score"], children["东城区"]["rank"], children["东城区"]["of"]) == (88.89, 2, 2)
    assert (children["西城区"]["score"], children["西城区"]["rank"]) == (100.0, 1)


def test_a_district_has_its_own_score_rank_and_streets(place, scored, client_for):
    w = place.world
    data = _data(client_for(w.leader), district=w.district_a.pk)
    assert data["scores"]["scores"] == [88.89]
    assert data["ranking"]["own"]["rank"] == 2 and data["ranking"]["own"]["of"] == 2
    assert data["ranking"]["main"]["names"] == ["东华街道"]
    assert data["ranking"]["departments"] is None
    body = client_for(w.leader).get(reverse("overview_district", args=[w.district_a.pk])).content.decode()
    assert "区县第 2 名 / 2" in body


def test_the_street_links_to_its_score_card_for_those_who_may_open_it(place, scored, client_for):
    w = place.world
    card = reverse("assessment:unit", args=[w.street_a.pk]) + f"?round={scored.pk}"
    data = _data(client_for(w.district_officer))
    assert data["ranking"]["main"]["urls"] == [card]
    assert [row["url"] for row in data["children"]] == [card]


def test_a_secret_round_scored_by_the_office_stays_out_for_the_inspected(place, scored, secret, client_for):
    w = place.world
    office = _data(client_for(w.office_staff))
    assert len(office["scores"]["scores"]) == 2
    assert office["ranking"]["round"].startswith(secret.code)
    for user in (w.leader, w.district_officer):
        data = _data(client_for(user))
        assert len(data["scores"]["scores"]) == 1, user
        assert secret.code not in str(data), user
        assert data["ranking"]["round"].startswith(scored.code)
    leader_b = _data(client_for(w.leader), district=w.district_b.pk)
    assert leader_b["scores"]["scores"] == [100.0]


def test_no_scores_yet(world, client_for):
    data = _data(client_for(world.leader))
    assert data["scores"] == {"labels": [], "titles": [], "scores": []}
    assert data["ranking"]["main"] is None
    body = client_for(world.leader).get(reverse("overview")).content.decode()
    assert 'id="no-ranking"' in body
