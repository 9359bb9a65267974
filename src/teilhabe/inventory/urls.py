from django.urls import path

from teilhabe.inventory import views

app_name = "inventory"
urlpatterns = [
    path("districts/<str:ags>/inventory/", views.matrix, name="matrix"),
    path(
        "districts/<str:ags>/inventory/matrix.<str:fmt>", views.matrix_export, name="matrix-export"
    ),
    path("districts/<str:ags>/activities/", views.activity_list, name="activity-list"),
    path(
        "districts/<str:ags>/activities/export.<str:fmt>",
        views.activity_export,
        name="activity-export",
    ),
    path("districts/<str:ags>/activities/new/", views.activity_create, name="activity-create"),
    path("districts/<str:ags>/activities/import/", views.import_upload, name="import"),
    path(
        "districts/<str:ags>/activities/import/<str:token>/",
        views.import_preview,
        name="import-preview",
    ),
    path("districts/<str:ags>/changes/", views.changes, name="changes"),
    path("districts/<str:ags>/fields-of-action/", views.categories, name="categories"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/end/", views.activity_end, name="activity-end"),
]
