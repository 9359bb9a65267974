from django.urls import path

from teilhabe.allocation import (
    correction_views,
    housing_views,
    import_views,
    notice_views,
    views,
)

app_name = "allocation"
urlpatterns = [
    path("districts/<str:ags>/allocation/", views.period_list, name="period-list"),
    path("districts/<str:ags>/allocation/new/", views.period_create, name="period-create"),
    path("allocation/<int:pk>/", views.period_detail, name="period-detail"),
    path("allocation/<int:pk>/close/", views.period_close, name="period-close"),
    path("allocation/<int:pk>/adjustments/new/", views.adjustment_create, name="adjustment-create"),
    path("allocation/<int:pk>/what-if/", views.whatif, name="whatif"),
    path("allocation/<int:pk>/export.xlsx", views.period_export, name="period-export"),
    path("allocation/<int:pk>/<str:ars>/", views.transparency, name="transparency"),
    path("municipalities/<str:ars>/arrivals/new/", views.arrival_create, name="arrival-create"),
    path(
        "districts/<str:ags>/allocation/arrivals/import/",
        import_views.arrival_import,
        name="arrival-import",
    ),
    path(
        "districts/<str:ags>/allocation/arrivals/import/<str:token>/",
        import_views.arrival_import_preview,
        name="arrival-import-preview",
    ),
    path("municipalities/<str:ars>/capacity/new/", views.capacity_create, name="capacity-create"),
    path("arrivals/<int:pk>/correct/", correction_views.arrival_correct, name="arrival-correct"),
    path("arrivals/<int:pk>/cancel/", correction_views.arrival_cancel, name="arrival-cancel"),
    path(
        "capacities/<int:pk>/correct/", correction_views.capacity_correct, name="capacity-correct"
    ),
    path("capacities/<int:pk>/cancel/", correction_views.capacity_cancel, name="capacity-cancel"),
    path("districts/<str:ags>/housing/", housing_views.unit_list, name="unit-list"),
    path("municipalities/<str:ars>/housing/new/", housing_views.unit_create, name="unit-create"),
    path("housing/<int:pk>/edit/", housing_views.unit_edit, name="unit-edit"),
    path("housing/<int:pk>/delete/", housing_views.unit_delete, name="unit-delete"),
    path("districts/<str:ags>/overload/", notice_views.notice_list, name="notice-list"),
    path(
        "municipalities/<str:ars>/overload/new/", notice_views.notice_create, name="notice-create"
    ),
    path("overload/<int:pk>/answer/", notice_views.notice_answer, name="notice-answer"),
]
