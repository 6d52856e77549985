from django.urls import path

from chuangwen.problems import (
    action_views,
    bulk_views,
    create_views,
    detail_views,
    export_views,
    followup_export_views,
    followup_views,
    settings_views,
    views,
)
from chuangwen.problems.actions import ACTIONS

app_name = "problems"
urlpatterns = [
    path("", views.problem_list, name="list"),
    path("export/", export_views.problem_export, name="export"),
    path("queue/", views.queue, name="queue"),
    path("queue/<slug:kind>/", views.queue, name="queue"),
    path("queue/bulk/assign/", bulk_views.bulk_assign, name="bulk_assign"),
    path("queue/bulk/approve/", bulk_views.bulk_approve, name="bulk_approve"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<slug:kind>/", views.inbox, name="inbox"),
    path("new/", create_views.problem_create, name="create"),
    path("new/sites/", create_views.site_options, name="site_options"),
    path("<int:pk>/", detail_views.problem_detail, name="detail"),
    path("photos/<int:pk>/", detail_views.problem_photo, name="photo"),
    *[
        path(f"<int:pk>/{name.replace('_', '-')}/", action_views.perform, {"action": name}, name=name)
        for name in ACTIONS
    ],
    path("followups/", followup_views.followup_list, name="followups"),
    path("followups/<int:pk>/", followup_views.followup_detail, name="followup_detail"),
    path("followups/<int:pk>/export/", followup_export_views.followup_export, name="followup_export"),
    path("followups/checks/<int:pk>/", followup_views.followup_check, name="followup_check"),
    path("summons/", followup_views.summons, name="summons"),
    path("summons/export/", followup_export_views.summons_export, name="summons_export"),
    path("settings/", settings_views.settings_index, name="settings"),
    path("settings/categories/", settings_views.category_list, name="category_list"),
    path("settings/categories/new/", settings_views.category_create, name="category_create"),
    path("settings/categories/<int:pk>/", settings_views.category_edit, name="category_edit"),
    path("settings/deadlines/", settings_views.deadline_list, name="deadline_list"),
    path("settings/deadlines/new/", settings_views.deadline_create, name="deadline_create"),
    path("settings/deadlines/<int:pk>/", settings_views.deadline_edit, name="deadline_edit"),
    path("settings/deadlines/<int:pk>/delete/", settings_views.deadline_delete, name="deadline_delete"),
    path("settings/holidays/", settings_views.holiday_list, name="holiday_list"),
    path("settings/holidays/new/", settings_views.holiday_create, name="holiday_create"),
    path("settings/holidays/<int:pk>/", settings_views.holiday_edit, name="holiday_edit"),
    path("settings/holidays/<int:pk>/delete/", settings_views.holiday_delete, name="holiday_delete"),
    path("settings/escalation/", settings_views.escalation_policy, name="escalation_policy"),
]
