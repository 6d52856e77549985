from django.urls import path

from chuangwen.audit import export_views, views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("export/", export_views.event_export, name="export"),
    path("<int:pk>/", views.event_detail, name="detail"),
]
