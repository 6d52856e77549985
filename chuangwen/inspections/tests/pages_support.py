"""Objects for page tests and the access matrix: an open round in progress with one submitted
visit (one failed item, one photo) at a site of community A that unit A answers for."""

from __future__ import annotations

import datetime

from chuangwen.inspections import services
from chuangwen.inspections.models import Kind, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import photo_file
from chuangwen.testing import make_user
from chuangwen.units.models import Role


def inspection_objects(world, site, standard) -> dict:
    office = world.office_staff
    partner = make_user("inspector_partner", Role.INSPECTOR)
    round_ = services.create_round(
        office,
        name="城区明察",
        kind=Kind.OPEN,
        edition=standard.edition,
        period_start=datetime.date(2026, 11, 1),
        period_end=datetime.date(2026, 11, 30),
    )
    services.set_rules(office, round_, [(site.site_type, "all", None)])
    services.draw_sample(office, round_, seed=7)
    team = services.save_team(office, round_, name="第一组", members=[world.inspector, partner])
    services.assign_teams(office, round_)
    services.schedule_round(office, round_)
    entry = RoundSite.objects.get(round=round_, site=site)
    visit = services.start_visit(world.inspector, entry)
    item = services.checklist(visit).first()
    services.answer(world.inspector, visit, item.pk, verdict=Verdict.FAIL, note="路面有垃圾")
    photo = services.add_photo(world.inspector, visit, item.pk, photo_file(), client_id="matrix-photo-1")
    services.submit_visit(world.inspector, visit)
    round_.refresh_from_db()
    return {"round": round_, "round_site": entry, "team": team, "visit": visit, "check_photo": photo}
