from django.urls import path

from chuangwen.problems import views

app_name = "problems"
urlpatterns = [
    path("<int:pk>/", views.problem_detail, name="detail"),
]
