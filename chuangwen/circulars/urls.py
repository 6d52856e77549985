"""Pages of the circulars (督查通报)."""

from django.urls import path

from chuangwen.circulars import settings_views, views

app_name = "circulars"
urlpatterns = [
    path("", views.circular_list, name="list"),
    path("issue/", views.issue, name="issue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/docx/", views.download_docx, name="docx"),
    path("<int:pk>/pdf/", views.download_pdf, name="pdf"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/page.png", views.page_image, name="page"),
    path("settings/", settings_views.circular_settings, name="settings"),
    path("settings/template/", settings_views.template_upload, name="template_upload"),
    path("settings/template/revert/", settings_views.template_revert, name="template_revert"),
    path("settings/template/default.docx", settings_views.template_default, name="template_default"),
    path("settings/template/current.docx", settings_views.template_current, name="template_current"),
]
