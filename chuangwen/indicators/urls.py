from django.urls import path

from chuangwen.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.tree, name="tree"),
]
