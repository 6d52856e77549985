"""System checks of the people settings: a mistyped role in TWO_FACTOR_ROLES fails loudly."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def two_factor_roles_check(app_configs, **kwargs):
    from chuangwen.units.models import Role

    unknown = sorted(set(getattr(settings, "TWO_FACTOR_ROLES", ())) - set(Role.values))
    if not unknown:
        return []
    return [
        Error(
            f"TWO_FACTOR_ROLES names unknown roles: {', '.join(unknown)}",
            hint=f"Use comma-separated roles among: {', '.join(Role.values)}",
            id="units.E001",
        )
    ]
