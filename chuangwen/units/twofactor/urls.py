from django.urls import path

from chuangwen.units.twofactor import views

urlpatterns = [
    path("", views.manage, name="two_factor_manage"),
    path("setup/", views.setup, name="two_factor_setup"),
    path("verify/", views.verify, name="two_factor_verify"),
    path("recovery-codes/", views.regenerate, name="two_factor_regenerate"),
]
