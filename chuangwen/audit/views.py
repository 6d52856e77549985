from django.shortcuts import render

from chuangwen.lib.permissions import office_required


@office_required
def event_list(request):
    return render(request, "base.html", {"section": "audit"})
