from django.urls import path

from teilhabe.placement import import_views, proposal_views, views

app_name = "placement"
BATCH = "districts/<str:ags>/placement/<int:pk>/"
urlpatterns = [
    path("districts/<str:ags>/placement/", views.batch_list, name="batch-list"),
    path("districts/<str:ags>/placement/new/", views.batch_create, name="batch-create"),
    path(BATCH, views.batch_detail, name="batch-detail"),
    path(f"{BATCH}edit/", views.batch_edit, name="batch-edit"),
    path(f"{BATCH}delete/", views.batch_delete, name="batch-delete"),
    path(f"{BATCH}households/", views.household_add, name="household-add"),
    path(f"{BATCH}households/<int:household>/", views.household_edit, name="household-edit"),
    path(
        f"{BATCH}households/<int:household>/remove/",
        views.household_remove,
        name="household-remove",
    ),
    path(f"{BATCH}import/", import_views.household_import, name="household-import"),
    path(
        f"{BATCH}import/<str:token>/",
        import_views.household_import_preview,
        name="household-import-preview",
    ),
    path(f"{BATCH}proposal/", proposal_views.proposal, name="proposal"),
    path(f"{BATCH}proposal/<int:household>/", proposal_views.line_choose, name="line-choose"),
    path(f"{BATCH}confirm/", proposal_views.batch_confirm, name="batch-confirm"),
    path(f"{BATCH}export.<str:fmt>", proposal_views.batch_export, name="batch-export"),
]
