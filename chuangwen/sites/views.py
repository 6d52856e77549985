from django.shortcuts import render

from chuangwen.lib.permissions import SITE_READERS, role_required


@role_required(*SITE_READERS)
def site_list(request):
    return render(request, "base.html", {"section": "sites"})


@role_required(*SITE_READERS)
def site_map(request):
    return render(request, "base.html", {"section": "map"})
