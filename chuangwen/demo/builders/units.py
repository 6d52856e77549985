"""The unit tree of the demo city, inserted level by level with bulk_create.

Unit.path is "/<id>/<id>/.../" of the ancestors' ids and the unit's own, depth the number of ids
minus one (as units.services._set_path keeps them). Ids are known only after the insert, so each
level is inserted, then its paths are computed from the parents' and written with bulk_update.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from chuangwen.demo.data import units as data
from chuangwen.demo.data.names import CN_NUMERALS, COMMUNITY_MIDDLES, PLACE_WORDS, SURNAMES, VILLAGE_SUFFIXES
from chuangwen.demo.geo import Disc, district_discs
from chuangwen.demo.namegen import NameGen
from chuangwen.demo.scale import Scale
from chuangwen.units.models import Unit, UnitKind


@dataclass
class Community:
    unit: Unit
    disc: Disc
    grids: list[Unit] = field(default_factory=list)


@dataclass
class Street:
    unit: Unit
    disc: Disc
    communities: list[Community] = field(default_factory=list)


@dataclass
class District:
    unit: Unit
    spec: data.DistrictSpec
    disc: Disc
    streets: list[Street] = field(default_factory=list)
    roads: list[str] = field(default_factory=list)


@dataclass
class CityUnits:
    city: Unit
    assessor: Unit
    districts: list[District]
    departments: dict[str, Unit]  # city departments by key, e.g. "CG" -> 市城管局
    district_departments: dict[tuple[str, str], Unit]  # (district code, key) -> e.g. 江南区城管局
    windows: list[tuple[data.WindowSpec, Unit]]

    @property
    def office(self) -> Unit:
        return self.departments["WMB"]

    def all_units(self) -> list[Unit]:
        units = [self.city, self.assessor, *self.departments.values(), *self.district_departments.values()]
        units += [unit for _, unit in self.windows]
        for district in self.districts:
            units.append(district.unit)
            for street in district.streets:
                units.append(street.unit)
                for community in street.communities:
                    units.append(community.unit)
                    units.extend(community.grids)
        return units


class UnitFactory:
    def __init__(self, names: NameGen):
        self.names = names
        self.pending: list[Unit] = []

    def new(self, code: str, name: str, kind: str, parent: Unit | None, sort_order: int) -> Unit:
        head_name, head_phone = self.names.contact()
        liaison_name, liaison_phone = self.names.contact()
        unit = Unit(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            sort_order=sort_order,
            head_name=head_name,
            head_phone=head_phone,
            liaison_name=liaison_name,
            liaison_phone=liaison_phone,
            is_ranked=code != data.OFFICE_CODE,  # the office runs the campaign; it is not ranked in it
        )
        self.pending.append(unit)
        return unit

    def flush(self) -> None:
        """Insert the pending units (all of whose parents are already saved) and set their paths."""
        units, self.pending = self.pending, []
        Unit.objects.bulk_create(units, batch_size=500)
        for unit in units:
            prefix = unit.parent.path if unit.parent is not None else "/"
            unit.path = f"{prefix}{unit.pk}/"
            unit.depth = unit.path.count("/") - 2
        Unit.objects.bulk_update(units, ["path", "depth"], batch_size=500)


def build_units(scale: Scale, rng: random.Random, names: NameGen) -> CityUnits:
    factory = UnitFactory(names)
    city = factory.new(data.CITY_CODE, data.CITY_NAME, UnitKind.CITY, None, 0)
    assessor = factory.new(data.ASSESSOR_CODE, data.ASSESSOR_NAME, UnitKind.ASSESSOR, None, 1)
    factory.flush()

    districts = _districts(scale, factory, city)
    departments = {
        spec.key: factory.new(f"D-{spec.key}", spec.name, UnitKind.DEPARTMENT, city, 100 + i)
        for i, spec in enumerate(data.CITY_DEPARTMENTS[: scale.departments])
    }
    factory.flush()

    district_departments = _district_departments(scale, factory, districts, len(departments))
    windows = [
        (spec, factory.new(spec.code, spec.name, UnitKind.WINDOW, departments[spec.department], 200 + i))
        for i, spec in enumerate(data.WINDOW_UNITS)
    ]
    for district in districts:
        _streets(scale, rng, names, factory, district)
    factory.flush()

    for district in districts:
        for street in district.streets:
            _communities(scale, rng, names, factory, district, street)
    factory.flush()

    for district in districts:
        for street in district.streets:
            for community in street.communities:
                _grids(scale, rng, factory, community)
    factory.flush()
    return CityUnits(city, assessor, districts, departments, district_departments, windows)


def _districts(scale: Scale, factory: UnitFactory, city: Unit) -> list[District]:
    urban_discs, zone_discs, county_discs = district_discs(scale.districts, scale.zones, scale.counties)
    groups = (
        (data.URBAN_DISTRICTS[: scale.districts], UnitKind.DISTRICT, urban_discs),
        (data.COUNTIES[: scale.counties], UnitKind.COUNTY, county_discs),
        (data.ZONES[: scale.zones], UnitKind.ZONE, zone_discs),
    )
    districts = []
    for specs, kind, discs in groups:
        for spec, disc in zip(specs, discs, strict=True):
            unit = factory.new(spec.code, spec.name, kind, city, len(districts) + 1)
            districts.append(District(unit, spec, disc))
    return districts


def _district_departments(
    scale: Scale, factory: UnitFactory, districts: list[District], city_count: int
) -> dict[tuple[str, str], Unit]:
    """District counterparts of city departments, round-robin over the districts, until the total is reached."""
    result: dict[tuple[str, str], Unit] = {}
    remaining = scale.departments - city_count
    for i, spec in enumerate(data.DISTRICT_DEPARTMENTS):
        for district in districts:
            if remaining <= 0:
                return result
            code = f"{district.spec.code}-{spec.key}"
            name = f"{district.spec.short}{spec.name}"
            result[(district.spec.code, spec.key)] = factory.new(code, name, UnitKind.DEPARTMENT, district.unit, i)
            remaining -= 1
    return result


def _streets(scale: Scale, rng: random.Random, names: NameGen, factory: UnitFactory, district: District) -> None:
    kind = district.unit.kind
    low, high = scale.zone_streets if kind == UnitKind.ZONE else scale.streets
    for i in range(rng.randint(low, high)):
        if kind == UnitKind.COUNTY:
            street_kind = UnitKind.TOWN
            name = names.unique("street", lambda r: r.choice(PLACE_WORDS) + ("镇" if r.random() < 0.8 else "乡"))
        else:
            street_kind = UnitKind.STREET
            name = names.unique("street", lambda r: r.choice(PLACE_WORDS) + "街道")
        code = f"{district.spec.code}-S{i + 1:02d}"
        unit = factory.new(code, name, street_kind, district.unit, i + 1)
        district.streets.append(Street(unit, district.disc.sub_disc(rng, 0.3)))


def _community_name(rng: random.Random) -> str:
    return rng.choice(PLACE_WORDS) + rng.choice(COMMUNITY_MIDDLES) + "社区"


def _village_name(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(SURNAMES) + "家" + rng.choice(VILLAGE_SUFFIXES) + "村"
    return rng.choice(PLACE_WORDS) + "村"


def _communities(
    scale: Scale, rng: random.Random, names: NameGen, factory: UnitFactory, district: District, street: Street
) -> None:
    in_town = street.unit.kind == UnitKind.TOWN
    for i in range(rng.randint(*scale.communities)):
        if in_town and i > 0:
            kind, name = UnitKind.VILLAGE, names.unique("community", _village_name)
        else:
            kind, name = UnitKind.COMMUNITY, names.unique("community", _community_name)
        code = f"{street.unit.code}-C{i + 1:02d}"
        unit = factory.new(code, name, kind, street.unit, i + 1)
        street.communities.append(Community(unit, street.disc.sub_disc(rng, 0.35)))


def _grids(scale: Scale, rng: random.Random, factory: UnitFactory, community: Community) -> None:
    for i in range(rng.randint(*scale.grids)):
        code = f"{community.unit.code}-G{i + 1}"
        name = f"{community.unit.name}第{CN_NUMERALS[i]}网格"
        community.grids.append(factory.new(code, name, UnitKind.GRID, community.unit, i + 1))
