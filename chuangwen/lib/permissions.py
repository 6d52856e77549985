"""Role checks for views: one place that says who may open which page."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chuangwen.units.models import OFFICE_ROLES, Role

WHOLE_CITY_READERS = (*OFFICE_ROLES, Role.LEADER, Role.INSPECTOR)
INDEX_READERS = (*WHOLE_CITY_READERS, Role.DISTRICT_OFFICE, Role.UNIT_HANDLER, Role.UNIT_HEAD)
SITE_READERS = (*INDEX_READERS, Role.GRID_WORKER)


def has_role(user, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def role_required(*roles: str):
    """Send anonymous people to the login page; answer 403 to a role not listed."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles or not request.user.is_active:
                raise PermissionDenied(_("您没有访问此页面的权限"))
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapper

    return decorator


office_required = role_required(*OFFICE_ROLES)
office_admin_required = role_required(Role.OFFICE_ADMIN)
