from django.shortcuts import render

from chuangwen.lib.permissions import INDEX_READERS, role_required


@role_required(*INDEX_READERS)
def tree(request):
    return render(request, "base.html", {"section": "indicators"})
