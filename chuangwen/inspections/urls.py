from django.urls import path

from chuangwen.inspections import field_urls, office_urls, photo_views

app_name = "inspections"
urlpatterns = [
    path("photos/<int:pk>/", photo_views.check_photo, name="photo"),
    *office_urls.urlpatterns,
    *field_urls.urlpatterns,
]
