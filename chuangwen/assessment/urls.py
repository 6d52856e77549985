"""Pages of the assessment: rankings, a unit's score card, the simulator, the annual assessment
and the office's settings."""

from django.urls import path

from chuangwen.assessment import annual_views, export_views, ranking_views, settings_views, unit_views

app_name = "assessment"
urlpatterns = [
    path("", ranking_views.rankings, name="rankings"),
    path("export/", export_views.rankings_export, name="rankings_export"),
    path("rounds/<int:pk>/compute/", ranking_views.compute, name="compute"),
    path("years/compute/", ranking_views.compute_year, name="compute_year"),
    path("units/<int:pk>/", unit_views.unit_card, name="unit"),
    path("units/<int:pk>/export/", export_views.unit_export, name="unit_export"),
    path("units/<int:pk>/simulate/", unit_views.simulate, name="simulate"),
    path("annual/", annual_views.annual_assessment, name="annual"),
    path("annual/export/", export_views.annual_export, name="annual_export"),
    path("settings/", settings_views.assessment_settings, name="settings"),
]
