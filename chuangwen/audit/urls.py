from django.urls import path

from chuangwen.audit import chain_views, export_views, views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("export/", export_views.event_export, name="export"),
    path("chain/verify/", chain_views.chain_verify, name="chain_verify"),
    path("chain/export/", chain_views.chain_export, name="chain_export"),
    path("<int:pk>/", views.event_detail, name="detail"),
]
