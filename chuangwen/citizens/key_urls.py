"""The office's Open311 pages under /citizens/keys/: api_keys, and the attributes of each category."""

from django.urls import path

from chuangwen.citizens import key_views
from chuangwen.citizens.open311 import attribute_views

app_name = "open311_keys"
urlpatterns = [
    path("", key_views.key_list, name="list"),
    path("<int:pk>/revoke/", key_views.key_revoke, name="revoke"),
    path("<int:pk>/limit/", key_views.key_limit, name="limit"),
    path("services/", attribute_views.service_list, name="services"),
    path("services/<int:pk>/", attribute_views.attribute_list, name="attributes"),
    path("services/<int:pk>/new/", attribute_views.attribute_create, name="attribute_create"),
    path("attributes/<int:pk>/", attribute_views.attribute_edit, name="attribute_edit"),
    path("attributes/<int:pk>/delete/", attribute_views.attribute_delete, name="attribute_delete"),
]
