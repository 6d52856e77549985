from django.urls import path

from chuangwen.units import export_views, views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("export/", export_views.unit_export, name="unit_export"),
    path("new/", views.unit_create, name="unit_create"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("options/", views.unit_options, name="unit_options"),
    path("people/", views.user_list, name="user_list"),
    path("people/export/", export_views.user_export, name="user_export"),
    path("people/new/", views.user_create, name="user_create"),
    path("people/<int:pk>/", views.user_edit, name="user_edit"),
    path("people/<int:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path("people/<int:pk>/two-factor/reset/", views.user_reset_two_factor, name="user_reset_two_factor"),
]
