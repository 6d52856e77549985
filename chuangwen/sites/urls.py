from django.urls import path

from chuangwen.sites import views

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="list"),
    path("map/", views.site_map, name="map"),
]
