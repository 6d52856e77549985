from django.urls import path

from chuangwen.dashboard import notifications, views

urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification_read_all"),
]
