"""Site types and the sites of the demo city: names, addresses, coordinates, territory, 包保单位, 路长."""

from __future__ import annotations

import random
from dataclasses import dataclass

from chuangwen.demo.builders.units import CityUnits, Community, District, Street
from chuangwen.demo.data import names as words
from chuangwen.demo.data.site_types import SITE_TYPES, SiteTypeSpec
from chuangwen.demo.geo import Disc, clamp
from chuangwen.demo.namegen import NameGen
from chuangwen.sites.models import Site, SiteResponsibility, SiteType
from chuangwen.units.models import Unit, UnitKind

DISTRICT_WEIGHTS = {UnitKind.DISTRICT: 1.0, UnitKind.ZONE: 0.5, UnitKind.COUNTY: 0.7}
VICE_HEADS = {UnitKind.DISTRICT: "副区长", UnitKind.COUNTY: "副县长", UnitKind.ZONE: "管委会副主任"}
ROADS_PER_DISTRICT = (9, 13)


def build_site_types() -> dict[str, SiteType]:
    types = [
        SiteType(code=spec.code, name=spec.name, is_road=spec.is_road, description=spec.description, sort_order=i)
        for i, spec in enumerate(SITE_TYPES, start=1)
    ]
    SiteType.objects.bulk_create(types)
    return {t.code: t for t in types}


@dataclass
class Place:
    district: District
    street: Street
    community: Community | None  # None for sites that belong to a street or town
    window: Unit | None = None


def allocate(total: int, specs: tuple[SiteTypeSpec, ...]) -> dict[str, int]:
    """Split total over the types by weight, largest remainders first: the counts add up to total."""
    weight_sum = sum(s.weight for s in specs)
    exact = {s.code: total * s.weight / weight_sum for s in specs}
    counts = {code: int(value) for code, value in exact.items()}
    by_remainder = sorted(exact, key=lambda code: (counts[code] - exact[code], code))
    for code in by_remainder[: total - sum(counts.values())]:
        counts[code] += 1
    return counts


class SiteBuilder:
    def __init__(self, rng: random.Random, names: NameGen, city: CityUnits, types: dict[str, SiteType]):
        self.rng, self.names, self.city, self.types = rng, names, city, types
        self.sites: list[Site] = []
        self.responsibilities: list[list[Unit]] = []
        for district in city.districts:
            count = rng.randint(*ROADS_PER_DISTRICT)
            district.roads = [self.names.unique("road", self._road_name) for _ in range(count)]

    def _road_name(self, rng: random.Random) -> str:
        return rng.choice(words.ROAD_STEMS) + rng.choice(words.ROAD_SUFFIXES)

    def build(self, total: int) -> list[Site]:
        has_county = any(d.unit.kind == UnitKind.COUNTY for d in self.city.districts)
        specs = tuple(s for s in SITE_TYPES if has_county or not s.county_only)
        counts = self._capped(allocate(total, specs))
        for spec in specs:
            for place in self._places(spec, counts[spec.code]):
                self._add(spec, place)
        Site.objects.bulk_create(self.sites, batch_size=500)
        links = [
            SiteResponsibility(site_id=site.pk, unit_id=unit.pk)
            for site, units in zip(self.sites, self.responsibilities, strict=True)
            for unit in units
        ]
        SiteResponsibility.objects.bulk_create(links, batch_size=1000)
        return self.sites

    def _capped(self, counts: dict[str, int]) -> dict[str, int]:
        """One 社区 site per community at most, one 乡镇 site per town; the rest become 小区."""
        communities = [c for d in self.city.districts for s in d.streets for c in s.communities]
        towns = [s for d in self.city.districts for s in d.streets if s.unit.kind == UnitKind.TOWN]
        for code, cap in (("community", len(communities)), ("town", len(towns))):
            if code in counts and counts[code] > cap:
                counts["residential"] += counts[code] - cap
                counts[code] = cap
        return counts

    def _places(self, spec: SiteTypeSpec, count: int) -> list[Place]:
        rng = self.rng
        if spec.code == "community":
            everyone = [Place(d, s, c) for d in self.city.districts for s in d.streets for c in s.communities]
            return rng.sample(everyone, count)
        if spec.code == "town":
            towns = [Place(d, s, None) for d in self.city.districts for s in d.streets if s.unit.kind == UnitKind.TOWN]
            return towns[:count]
        places = []
        windows = [unit for window, unit in self.city.windows if window.site_type == spec.code]
        for i in range(count):
            place = self._random_place(spec)
            if i < len(windows):
                place.window = windows[i]
            places.append(place)
        return places

    def _random_place(self, spec: SiteTypeSpec) -> Place:
        rng = self.rng
        districts = [d for d in self.city.districts if not spec.county_only or d.unit.kind == UnitKind.COUNTY]
        district = rng.choices(districts, weights=[DISTRICT_WEIGHTS[d.unit.kind] for d in districts])[0]
        street = rng.choice(district.streets)
        community = rng.choice(street.communities) if spec.level == "community" else None
        return Place(district, street, community)

    def _context(self, place: Place) -> dict[str, object]:
        rng = self.rng
        road, cross, cross2 = rng.sample(place.district.roads, 3)
        return {
            "district": place.district.unit.name,
            "dshort": place.district.spec.short,
            "street": place.street.unit.name,
            "community": place.community.unit.name if place.community else "",
            "road": road,
            "cross": cross,
            "cross2": cross2,
            "w": rng.choice(words.PLACE_WORDS),
            "n": rng.randint(1, 399),
            "cn": rng.choice(words.CN_NUMERALS),
            "bank": rng.choice(words.BANKS),
            "supermarket": rng.choice(words.SUPERMARKETS),
            "hotel": rng.choice(words.HOTEL_CHAINS),
            "taxi": rng.choice(words.TAXI_COMPANIES),
            "project": rng.choice(words.BUILDING_PROJECTS),
        }

    def _add(self, spec: SiteTypeSpec, place: Place) -> None:
        ctx: dict[str, object] = {}

        def make(rng: random.Random) -> str:
            ctx.clear()
            ctx.update(self._context(place))
            return rng.choice(spec.names).format(**ctx)

        if place.window is not None:
            name = place.window.name
            self.names.reserve("site", name)
            ctx.update(self._context(place))
        elif spec.level == "self":
            name = make(self.rng)
            self.names.reserve("site", name)
        else:
            name = self.names.unique("site", make)
        if spec.level == "self" and spec.code == "community":
            territory, disc = place.community.unit, place.community.disc
        elif spec.level == "self":
            territory, disc = place.street.unit, place.street.disc
        elif place.community is not None:
            territory, disc = place.community.unit, place.community.disc
        else:
            territory, disc = place.street.unit, place.street.disc
        self.sites.append(self._site(spec, place, name, spec.address.format(name=name, **ctx), territory, disc))
        self.responsibilities.append(self._responsible(spec, place))

    def _site(self, spec: SiteTypeSpec, place: Place, name: str, address: str, territory: Unit, disc: Disc) -> Site:
        lat, lng = clamp(*disc.point(self.rng))
        site = Site(
            code=f"S{len(self.sites) + 1:05d}",
            name=name,
            site_type=self.types[spec.code],
            address=address,
            lat=lat,
            lng=lng,
            territorial_unit=territory,
        )
        if spec.is_road:
            site.road_chief_name, site.road_chief_phone = self.names.contact()
            site.notes = f"路长职务：{self._road_chief_post(place)}"
        return site

    def _road_chief_post(self, place: Place) -> str:
        district, street = place.district.unit, place.street.unit
        if street.kind == UnitKind.TOWN:
            street_posts = (f"{street.name}党委书记", f"{street.name}{street.name[-1]}长")
        else:
            street_posts = (f"{street.name}党工委书记", f"{street.name}办事处主任")
        return self.rng.choice((f"{district.name}{VICE_HEADS[district.kind]}", *street_posts))

    def _responsible(self, spec: SiteTypeSpec, place: Place) -> list[Unit]:
        units = [self.city.departments[spec.department]]
        counterpart = self.city.district_departments.get((place.district.spec.code, spec.department))
        if counterpart is not None:
            units.append(counterpart)
        if place.window is not None:
            units.append(place.window)
        units.append(place.street.unit)
        return units


def build_sites(
    rng: random.Random, names: NameGen, city: CityUnits, types: dict[str, SiteType], total: int
) -> list[Site]:
    return SiteBuilder(rng, names, city, types).build(total)
