"""/open311/v2/: the GeoReport v2 endpoint. The format is the suffix (.xml or .json)."""

from django.urls import path, re_path, register_converter

from chuangwen.citizens.open311 import views


class FormatConverter:
    regex = "xml|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311fmt")

app_name = "open311"
urlpatterns = [
    path("", views.index, name="index"),
    path("discovery.<open311fmt:fmt>", views.discovery, name="discovery"),
    path("services.<open311fmt:fmt>", views.service_list, name="services"),
    path("services/<str:service_code>.<open311fmt:fmt>", views.service_definition, name="service_definition"),
    path("requests.<open311fmt:fmt>", views.service_requests, name="requests"),
    path("requests/<str:request_id>.<open311fmt:fmt>", views.service_request, name="request"),
    path("tokens/<str:token>.<open311fmt:fmt>", views.token, name="token"),
    path("media/<str:request_id>.jpg", views.media, name="media"),
    re_path(r"^(?P<rest>.+)$", views.unknown, name="unknown"),
]
