from django.urls import path

from chuangwen.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
]
