"""People for every role: the demo logins (through the units service, so passwords are hashed and
audited as in production) and, in bulk, a realistic staff around them."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from chuangwen.demo.builders.units import CityUnits
from chuangwen.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from chuangwen.demo.namegen import NameGen
from chuangwen.demo.scale import Scale
from chuangwen.units import services as unit_services
from chuangwen.units.models import Role, Unit, User

OFFICE_INSPECTORS = 6  # wmb.inspector1..6: with the demo login `inspector`, the weekly rounds' teams
LEADERS = 4
DISTRICT_OFFICERS = 2


def _person(unit: Unit, which: str, names: NameGen) -> tuple[str, str]:
    if which == "head":
        return unit.head_name, unit.head_phone
    if which == "liaison":
        return unit.liaison_name, unit.liaison_phone
    return names.contact()


def create_demo_logins(city: CityUnits, names: NameGen) -> list[User]:
    units = {u.code: u for u in city.all_units()}
    users = []
    for login in DEMO_LOGINS:
        unit = units[login.unit_code]
        name, phone = _person(unit, login.person, names)
        users.append(
            unit_services.create_user(
                None,
                system=True,
                password=DEMO_PASSWORD,
                username=login.username,
                name=name,
                phone=phone,
                role=login.role,
                unit=unit,
            )
        )
    return users


class StaffBuilder:
    def __init__(self, names: NameGen):
        self.names = names
        self.password = make_password(DEMO_PASSWORD)
        self.users: list[User] = []
        self.taken = {(login.unit_code, login.role) for login in DEMO_LOGINS if login.person}

    def add(self, username: str, role: str, unit: Unit | None, person: str = "") -> None:
        if unit is not None and person and (unit.code, role) in self.taken:
            return  # a demo login already plays this unit's head or liaison
        name, phone = _person(unit, person, self.names) if unit is not None else self.names.contact()
        self.users.append(User(username=username, password=self.password, name=name, phone=phone, role=role, unit=unit))

    def unit_pair(self, unit: Unit) -> None:
        prefix = unit.code.lower()
        self.add(f"{prefix}.handler", Role.UNIT_HANDLER, unit, "liaison")
        self.add(f"{prefix}.head", Role.UNIT_HEAD, unit, "head")


def create_staff(scale: Scale, city: CityUnits, names: NameGen) -> list[User]:
    staff = StaffBuilder(names)
    office = city.office
    staff.add("wmb.admin2", Role.OFFICE_ADMIN, office)
    for n in range(1, scale.office_staff + 1):
        staff.add(f"wmb.staff{n}", Role.OFFICE_STAFF, office)
    for n in range(1, LEADERS + 1):
        staff.add(f"leader{n}", Role.LEADER, city.city)
    for n in range(1, OFFICE_INSPECTORS + 1):
        staff.add(f"wmb.inspector{n}", Role.INSPECTOR, office)
    for n in range(1, scale.inspectors - OFFICE_INSPECTORS + 1):
        staff.add(f"hx.inspector{n:02d}", Role.INSPECTOR, city.assessor)
    for district in city.districts:
        for n in range(1, DISTRICT_OFFICERS + 1):
            staff.add(f"{district.spec.code.lower()}.wmb{n}", Role.DISTRICT_OFFICE, district.unit)
    for unit in [*city.departments.values(), *city.district_departments.values()]:
        if unit != office:  # the office's own people are the office roles above
            staff.unit_pair(unit)
    for _, unit in city.windows:
        staff.unit_pair(unit)
    for district in city.districts:
        for street in district.streets:
            staff.unit_pair(street.unit)
            for community in street.communities:
                grid = community.grids[0]
                staff.add(grid.code.lower(), Role.GRID_WORKER, grid, "head")
    User.objects.bulk_create(staff.users, batch_size=500)
    return staff.users
