"""Office admin pages for units and people (to be completed)."""

from django.shortcuts import render

from chuangwen.lib.permissions import office_admin_required
from chuangwen.units.models import Unit, User


@office_admin_required
def unit_list(request):
    return render(request, "units/unit_list.html", {"units": Unit.objects.all(), "section": "units"})


@office_admin_required
def user_list(request):
    return render(request, "units/user_list.html", {"users": User.objects.all(), "section": "users"})
