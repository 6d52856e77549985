"""Who may do what with circulars: one place, used by the pages.

Reading: office staff and leaders every circular; a district office and a unit's people the
circulars addressed to their unit (see CircularQuerySet.visible_to); inspectors and grid workers none.
Issuing, settings and templates: office staff.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.utils.translation import gettext as _

from chuangwen.circulars.models import Circular
from chuangwen.units.models import OFFICE_ROLES, UNIT_ROLES, Role

READER_ROLES = (*OFFICE_ROLES, Role.LEADER, Role.DISTRICT_OFFICE, *UNIT_ROLES)


def is_office(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in OFFICE_ROLES)


def require_office(user) -> None:
    if not is_office(user):
        raise Forbidden(_("只有文明办可以印发通报或更换模板"))


def require_reader(user) -> None:
    if not (user.is_authenticated and user.is_active and user.role in READER_ROLES):
        raise Forbidden(_("您没有访问此页面的权限"))


def circular_for_user(user, pk) -> Circular:
    """The circular if this person may read it, else 404 (whether it exists is not told)."""
    require_reader(user)
    circular = Circular.objects.visible_to(user).select_related("round", "issued_by", "template").filter(pk=pk).first()
    if circular is None:
        raise Http404
    return circular
