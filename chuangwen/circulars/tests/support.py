"""A scored round for the circular tests: the open round of inspections' page objects (one failed
item at a site of community A that unit A answers for, with its photo), closed and scored, its
problem fixed by unit A with an after-photo (submitted, waiting for review)."""

from __future__ import annotations

from dataclasses import dataclass

from chuangwen.assessment.models import ScoreRun
from chuangwen.assessment.tests.pages_support import scored_objects
from chuangwen.inspections.models import Round
from chuangwen.inspections.tests.conftest import photo_file
from chuangwen.inspections.tests.pages_support import inspection_objects
from chuangwen.lib import uploads
from chuangwen.problems import services as problems
from chuangwen.problems.models import Problem
from chuangwen.testing import make_edition, make_site, make_site_type, make_standard


@dataclass
class Scored:
    round: Round
    run: ScoreRun
    problem: Problem


def fix(world, problem: Problem) -> Problem:
    """Unit A accepts the problem and submits its fix with one after-photo."""
    problems.accept_problem(world.handler, problem)
    after = uploads.accept_image(photo_file("after.jpg", color=(30, 160, 60)), folder="problems/test")
    problems.submit_rectification(world.handler, problem, note="已清理", photos=[after])
    problem.refresh_from_db()
    return problem


def scored_round(world, *, fixed: bool = True) -> Scored:
    edition = make_edition(active=False)
    road = make_site_type(name="主次干道")
    standard = make_standard(edition, lead_unit=world.dept_a, site_types=[road])
    site = make_site(road, world.community_a, responsible=[world.dept_a], name="东华路")
    objects = inspection_objects(world, site, standard)
    round_ = scored_objects(world, objects)["scored_round"]
    problem = Problem.objects.get(check_result__round=round_)
    if fixed:
        problem = fix(world, problem)
    return Scored(round_, ScoreRun.objects.get(round=round_, is_current=True), problem)
