from django.urls import path

from chuangwen.indicators import edit_views, edition_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    # editions (office)
    path("editions/", edition_views.edition_list, name="edition_list"),
    path("editions/new/", edition_views.edition_create, name="edition_create"),
    path("editions/<int:pk>/edit/", edition_views.edition_edit, name="edition_edit"),
    path("editions/<int:pk>/activate/", edition_views.edition_activate, name="edition_activate"),
    path("editions/<int:pk>/export/", edition_views.edition_export, name="edition_export"),
    path("editions/import/", edition_views.edition_import, name="edition_import"),
    path("editions/import/template/", edition_views.import_template, name="import_template"),
    # the tree (office)
    path("editions/<int:pk>/nodes/new/", edit_views.node_create, name="node_create"),
    path("nodes/<int:pk>/edit/", edit_views.node_edit, name="node_edit"),
    path("nodes/<int:pk>/delete/", edit_views.node_delete, name="node_delete"),
    path("nodes/<int:pk>/standards/new/", edit_views.standard_create, name="standard_create"),
    path("standards/<int:pk>/edit/", edit_views.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/responsibility/", edit_views.standard_responsibility, name="standard_responsibility"),
    path("standards/<int:pk>/delete/", edit_views.standard_delete, name="standard_delete"),
    path("standards/<int:pk>/items/new/", edit_views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", edit_views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", edit_views.item_delete, name="item_delete"),
]
