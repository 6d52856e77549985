"""Who may see which site: the one access helper every sites view uses (HTML and JSON)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from chuangwen.sites.models import Site
from chuangwen.units.models import Unit

UNIT_COLUMNS = ("id", "code", "name", "kind", "path", "depth", "is_active")


def visible_sites(user) -> QuerySet[Site]:
    """Every site this person may see (empty for anyone else)."""
    return Site.objects.visible_to(user)


def get_site_for_user(user, pk: int) -> Site:
    """The site if this person may see it; 404 otherwise (so as not to reveal that it exists)."""
    site = (
        visible_sites(user)
        .select_related("site_type", "territorial_unit")
        .prefetch_related(responsible_prefetch())
        .filter(pk=pk)
        .first()
    )
    if site is None:
        raise Http404(_("点位不存在或您无权查看"))
    return site


def responsible_prefetch() -> Prefetch:
    """Responsible units in tree order, with only the columns pages show."""
    return Prefetch("responsible_units", queryset=Unit.objects.only(*UNIT_COLUMNS).order_by("path"))
