from django.urls import path

from chuangwen.units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("people/", views.user_list, name="user_list"),
]
