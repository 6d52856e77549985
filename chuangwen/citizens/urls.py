"""The citizens' channel: public pages under /report/ (no login) and the office's pages under /citizens/."""

from django.urls import path

from chuangwen.citizens import export_views, intake_views, public_views, settings_views, triage_views

app_name = "citizens"
urlpatterns = [
    # Public (no login): 随手拍, the status of a report by its tracking code, the points balance.
    path("report/", public_views.report, name="report"),
    path("report/done/<str:code>/", public_views.report_done, name="report_done"),
    path("report/status/", public_views.status_lookup, name="status"),
    path("report/status/<str:code>/", public_views.status_detail, name="status_detail"),
    path("report/status/<str:code>/photos/<int:pk>/", public_views.status_photo, name="status_photo"),
    path("report/points/", public_views.points, name="points"),
    # Office pages (login) under citizens/.
    path("citizens/triage/", triage_views.triage, name="triage"),
    path("citizens/triage/export/", export_views.triage_export, name="triage_export"),
    path("citizens/triage/<int:pk>/accept/", triage_views.accept, name="triage_accept"),
    path("citizens/triage/<int:pk>/reject/", triage_views.reject, name="triage_reject"),
    path("citizens/triage/<int:pk>/duplicate/", triage_views.duplicate, name="triage_duplicate"),
    path("citizens/reports/<int:pk>/", triage_views.report_detail, name="report_detail"),
    path("citizens/photos/<int:pk>/", triage_views.report_photo, name="report_photo"),
    path("citizens/intake/", intake_views.intake, name="intake"),
    path("citizens/import/", intake_views.intake_import, name="import"),
    path("citizens/import/template/", intake_views.import_template, name="import_template"),
    path("citizens/settings/", settings_views.citizen_settings, name="settings"),
]
