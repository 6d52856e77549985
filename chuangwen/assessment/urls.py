"""Pages of the assessment: rankings, a unit's score card, the simulator, the annual assessment
and the office's settings."""

from django.urls import path

from chuangwen.assessment import annual_views, ranking_views, settings_views, unit_views

app_name = "assessment"
urlpatterns = [
    path("", ranking_views.rankings, name="rankings"),
    path("rounds/<int:pk>/compute/", ranking_views.compute, name="compute"),
    path("years/compute/", ranking_views.compute_year, name="compute_year"),
    path("units/<int:pk>/", unit_views.unit_card, name="unit"),
    path("units/<int:pk>/simulate/", unit_views.simulate, name="simulate"),
    path("annual/", annual_views.annual_assessment, name="annual"),
    path("settings/", settings_views.assessment_settings, name="settings"),
]
