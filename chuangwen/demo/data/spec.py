"""Compact builders for the index data modules: S() for a standard, pass_rate()/deduct()/grade()/veto()
for its checklist items. Departments are named by key (see data/units.py); DISTRICTS means every
district, county and zone (属地责任)."""

from __future__ import annotations

from typing import NamedTuple

METHOD_CODES = {"F": "field", "M": "material", "S": "survey", "O": "online"}

# Awareness and courtesy rates: >=95% full points, >=80% 80%, >=70% 60%, below: nothing.
AWARENESS_GRADES = (
    {"min": 95, "grade": "A", "ratio": 1.0},
    {"min": 80, "grade": "B", "ratio": 0.8},
    {"min": 70, "grade": "C", "ratio": 0.6},
)
STRICT_GRADES = (
    {"min": 98, "grade": "A", "ratio": 1.0},
    {"min": 90, "grade": "B", "ratio": 0.7},
    {"min": 80, "grade": "C", "ratio": 0.4},
)


class CheckSpec(NamedTuple):
    text: str  # "" means: the standard's own text
    rule: str
    per: str | None = None
    grades: tuple[dict, ...] = ()
    veto_scope: str = ""


class StandardSpec(NamedTuple):
    text: str
    points: str
    methods: tuple[str, ...]
    site_types: tuple[str, ...]
    lead: str
    responsible: tuple[str, ...]
    negative: bool
    special: bool
    checks: tuple[CheckSpec, ...]


class Node(NamedTuple):
    title: str
    children: tuple  # Node children, or StandardSpec leaves under a content node


def pass_rate(text: str = "") -> CheckSpec:
    return CheckSpec(text, "pass_rate")


def deduct(text: str, per: str) -> CheckSpec:
    return CheckSpec(text, "deduction", per=per)


def grade(text: str, grades: tuple[dict, ...] = AWARENESS_GRADES) -> CheckSpec:
    return CheckSpec(text, "grade", grades=grades)


def veto(text: str = "", scope: str = "standard") -> CheckSpec:
    return CheckSpec(text, "veto", veto_scope=scope)


def S(
    text: str,
    points: str,
    methods: str,
    sites: str = "",
    lead: str = "",
    resp: str = "",
    *,
    neg: bool = False,
    special: bool = False,
    checks: tuple[CheckSpec, ...] = (),
) -> StandardSpec:
    """A standard: methods as letters (F field, M material, S survey, O online), site types and
    responsible departments as space-separated codes; the lead unit is responsible too."""
    method_values = tuple(METHOD_CODES[c] for c in methods)
    site_types = tuple(sites.split())
    if "field" in method_values and not site_types:
        raise ValueError(f"field standard without site types: {text}")
    responsible = tuple(dict.fromkeys([lead, *resp.split()])) if lead else tuple(resp.split())
    if "field" in method_values and not checks:
        checks = (pass_rate(),)
    return StandardSpec(text, points, method_values, site_types, lead, responsible, neg, special, checks)


def N(title: str, *children) -> Node:
    return Node(title, tuple(children))
