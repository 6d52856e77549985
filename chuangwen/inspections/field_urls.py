"""Pages and JSON endpoints of the inspector on a phone."""

from django.urls import path

from chuangwen.inspections import field_api, field_views

urlpatterns: list = [
    path("my/", field_views.mine, name="mine"),
    path("round-sites/<int:pk>/start/", field_views.start, name="start"),
    path("visits/<int:pk>/check/", field_views.visit, name="visit"),
    path("visits/<int:pk>/state/", field_api.visit_state, name="visit_state"),
    path("visits/<int:pk>/answer/", field_api.answer, name="answer"),
    path("visits/<int:pk>/photos/", field_api.photo, name="visit_photo"),
    path("visits/<int:pk>/position/", field_api.position, name="position"),
    path("visits/<int:pk>/submit/", field_api.submit, name="submit"),
]
