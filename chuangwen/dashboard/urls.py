from django.urls import path

from chuangwen.dashboard import notifications, overview_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification_read_all"),
    # The overview (态势): the dashboard, a district's drill-down, the big screen and their JSON.
    path("overview/", overview_views.overview_page, name="overview"),
    path("overview/districts/<int:pk>/", overview_views.overview_district, name="overview_district"),
    path("overview/screen/", overview_views.overview_screen, name="overview_screen"),
    path("overview/data/", overview_views.overview_data, name="overview_data"),
    path("overview/map/", overview_views.overview_map_data, name="overview_map_data"),
]
