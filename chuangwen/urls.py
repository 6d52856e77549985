from django.contrib import admin
from django.urls import include, path

from chuangwen import views
from chuangwen.api import api

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),  # browsers ask for it on pages without an icon link (the API docs)
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("chuangwen.dashboard.urls")),
    path("accounts/", include("chuangwen.units.account_urls")),
    path("accounts/tokens/", include("chuangwen.apitokens.urls")),
    path("units/", include("chuangwen.units.urls")),
    path("audit/", include("chuangwen.audit.urls")),
    path("indicators/", include("chuangwen.indicators.urls")),
    path("sites/", include("chuangwen.sites.urls")),
    path("problems/", include("chuangwen.problems.urls")),
    path("inspections/", include("chuangwen.inspections.urls")),
    path("assessment/", include("chuangwen.assessment.urls")),
    path("", include("chuangwen.citizens.urls")),  # /report/ (public) and /citizens/ (office)
    path("open311/v2/", include("chuangwen.citizens.open311.urls")),
    path("citizens/keys/", include("chuangwen.citizens.key_urls")),
    path("circulars/", include("chuangwen.circulars.urls")),
    path("", include("chuangwen.publicity.urls")),  # /public/ (everyone) and /news/ (office)
    path("api/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler403 = "chuangwen.views.permission_denied"
handler404 = "chuangwen.views.page_not_found"
handler500 = "chuangwen.views.server_error"
