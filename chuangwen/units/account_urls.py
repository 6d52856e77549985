from django.contrib.auth import views as auth_views
from django.urls import include, path

from chuangwen.units import account_views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.password_change, name="password_change"),
    path("2fa/", include("chuangwen.units.twofactor.urls")),
]
