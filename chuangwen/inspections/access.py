"""Who may do what with a round: one place, used by the services, the pages and the API."""

from __future__ import annotations

from django.http import Http404

from chuangwen.inspections.models import Round, RoundSite, TeamMember, Visit
from chuangwen.units.models import OFFICE_ROLES, Role

# Who may be put on a team: inspectors, and office staff who inspect themselves.
TEAM_ROLES = (Role.INSPECTOR, *OFFICE_ROLES)


def plans(user) -> bool:
    """Office staff plan, run and publish rounds."""
    return user.is_authenticated and user.is_active and user.role in OFFICE_ROLES


def is_member(user, round_: Round) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and TeamMember.objects.filter(round_id=round_.pk, user_id=user.pk).exists()
    )


def team_of(user, round_: Round):
    member = TeamMember.objects.filter(round_id=round_.pk, user_id=user.pk).select_related("team").first()
    return member.team if member else None


def may_visit(user, round_site: RoundSite) -> bool:
    """A member of the team the site is given to (any team of the round while it has none)."""
    if not (user.is_authenticated and user.is_active and user.role in TEAM_ROLES):
        return False
    team = team_of(user, round_site.round)
    if team is None:
        return False
    return round_site.team_id is None or round_site.team_id == team.pk


def sees_results(user, round_: Round) -> bool:
    """Everything of the round: its office, its own inspectors, and after publication leaders."""
    return (
        plans(user)
        or is_member(user, round_)
        or (user.is_authenticated and user.role == Role.LEADER and not round_.is_secret)
    )


def get_round_for_user(user, pk: int) -> Round:
    """The round if this user may see it, else 404: a secret round is not there for outsiders."""
    try:
        return Round.objects.visible_to(user).get(pk=pk)
    except Round.DoesNotExist:
        raise Http404 from None


def get_visit_for_user(user, pk: int) -> Visit:
    try:
        return Visit.objects.visible_to(user).select_related("round", "site", "round_site").get(pk=pk)
    except Visit.DoesNotExist:
        raise Http404 from None
