from django.urls import path

from chuangwen.sites import io_views, type_views, views

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="list"),
    path("map/", views.site_map, name="map"),
    path("geojson/", views.site_geojson, name="geojson"),
    path("new/", views.site_create, name="create"),
    path("<int:pk>/", views.site_detail, name="detail"),
    path("<int:pk>/edit/", views.site_edit, name="edit"),
    path("<int:pk>/deactivate/", views.site_deactivate, name="deactivate"),
    path("import/", io_views.site_import, name="import"),
    path("import/template/", io_views.site_template, name="template"),
    path("export/", io_views.site_export, name="export"),
    path("types/", type_views.type_list, name="types"),
    path("types/new/", type_views.type_create, name="type_create"),
    path("types/<int:pk>/edit/", type_views.type_edit, name="type_edit"),
    path("types/<int:pk>/deactivate/", type_views.type_deactivate, name="type_deactivate"),
]
