"""Pages of the office: plan, sample, teams, progress, results, publication."""

from django.urls import path

from chuangwen.inspections import (
    export_views,
    office_views,
    plan_views,
    progress_views,
    result_views,
    sample_views,
    team_views,
)

urlpatterns: list = [
    path("", office_views.round_list, name="list"),
    path("export/", export_views.round_export, name="export"),
    path("new/", plan_views.round_create, name="create"),
    path("<int:pk>/", office_views.round_detail, name="detail"),
    path("<int:pk>/edit/", plan_views.round_edit, name="edit"),
    path("<int:pk>/transition/", office_views.round_transition, name="transition"),
    path("<int:pk>/rules/", plan_views.round_rules, name="rules"),
    path("<int:pk>/sample/", sample_views.sample, name="sample"),
    path("<int:pk>/sample/draw/", sample_views.draw, name="draw"),
    path("<int:pk>/sample/add/", sample_views.add_site, name="add_site"),
    path("<int:pk>/sample/remove/", sample_views.remove_site, name="remove_site"),
    path("<int:pk>/sample/site-options/", sample_views.site_options, name="site_options"),
    path("<int:pk>/sample/export/", export_views.sample_export, name="sample_export"),
    path("<int:pk>/teams/", team_views.teams, name="teams"),
    path("<int:pk>/teams/assign/", team_views.assign, name="assign"),
    path("teams/<int:pk>/edit/", team_views.team_edit, name="team_edit"),
    path("teams/<int:pk>/delete/", team_views.team_delete, name="team_delete"),
    path("sample-sites/<int:pk>/move/", team_views.move_site, name="move_site"),
    path("<int:pk>/progress/", progress_views.progress, name="progress"),
    path("<int:pk>/progress/data/", progress_views.progress_json, name="progress_data"),
    path("<int:pk>/results/", result_views.results, name="results"),
    path("<int:pk>/results/export/", export_views.results_export, name="results_export"),
    path("results/visits/<int:pk>/", result_views.visit_detail, name="visit_detail"),
]
