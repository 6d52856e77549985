"""Public pages under /public/ (no login: progress, red and black lists, news) and the office's
news pages under /news/."""

from django.urls import path

from chuangwen.publicity import office_views, public_views

app_name = "publicity"
urlpatterns = [
    # Public (no login).
    path("public/", public_views.public_home, name="public"),
    path("public/rounds/<int:pk>/", public_views.public_round, name="public_round"),
    path("public/news/", public_views.public_news, name="public_news"),
    path("public/news/<int:pk>/", public_views.public_news_detail, name="public_news_detail"),
    path("public/news/<int:pk>/cover/", public_views.news_cover, name="news_cover"),
    # The office's pages (login, office roles).
    path("news/", office_views.news_list, name="news_list"),
    path("news/new/", office_views.news_create, name="news_create"),
    path("news/<int:pk>/", office_views.news_detail, name="news_detail"),
    path("news/<int:pk>/edit/", office_views.news_edit, name="news_edit"),
    path("news/<int:pk>/publish/", office_views.news_publish, name="news_publish"),
    path("news/<int:pk>/withdraw/", office_views.news_withdraw, name="news_withdraw"),
]
