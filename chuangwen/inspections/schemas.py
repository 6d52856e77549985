"""Shapes of the inspection endpoints of the JSON API."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from chuangwen.problems.schemas import UnitRef


class Ref(Schema):
    id: int
    name: str


class RoundListItem(Schema):
    id: int
    code: str
    name: str
    kind: str = Field(description="open (明察), covert (暗访) or mock (模拟测评).")
    kind_label: str
    is_covert: bool = Field(description="Secret until published: only office staff and its inspectors see it.")
    status: str = Field(description="draft, scheduled, in_progress, closed or published.")
    status_label: str
    period_start: datetime.date
    period_end: datetime.date
    edition: Ref
    published_at: datetime.datetime | None


class RoundPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RoundListItem]


class RuleOut(Schema):
    site_type: Ref
    mode: str = Field(description="all (全面抽查), count (n per district) or percent.")
    value: int | None


class TeamOut(Schema):
    id: int
    name: str
    members: list[Ref]


class RoundDetail(RoundListItem):
    scope: list[UnitRef] = Field(description="Territorial units the round covers; empty: the whole city.")
    assessor_unit: UnitRef | None
    seed: int | None = Field(description="The recorded seed of the sample (office and the round's inspectors).")
    rules: list[RuleOut]
    teams: list[TeamOut]


class SampleSiteOut(Schema):
    id: int = Field(description="The sample entry (RoundSite).")
    site: Ref
    site_code: str
    site_type: Ref
    district: Ref | None
    team: Ref | None
    seq: int | None = Field(description="Position in the team's route.")
    visit_id: int | None
    visit_status: str | None = Field(description="in_progress or submitted; null when not visited yet.")


class ResultOut(Schema):
    item_id: int
    item_code: str
    item_text: str
    standard_id: int
    standard_code: str
    verdict: str = Field(description="pass, fail or na.")
    count: int = Field(description="Occurrences found, for items scored by deduction per occurrence.")
    note: str
    rule_kind: str
    deduction_per: float | None
    problem_id: int | None


class CheckPhotoOut(Schema):
    """A photo of a visit (named apart from the problems' PhotoOut: OpenAPI components are named by class)."""

    id: int
    item_id: int
    url: str
    thumbnail_url: str
    taken_at: datetime.datetime
    lat: float | None
    lng: float | None


class VisitOut(Schema):
    id: int
    round_id: int
    site: Ref
    site_code: str
    status: str
    inspector: Ref | None = Field(description="Shown to office staff and the round's inspectors only.")
    started_at: datetime.datetime
    submitted_at: datetime.datetime | None
    lat: float | None
    lng: float | None
    distance_m: int | None
    far_from_site: bool
    notes: str
    results: list[ResultOut]
    photos: list[CheckPhotoOut]
