from django.urls import path

from teilhabe.peers import views

app_name = "peers"
urlpatterns = [
    path("districts/<str:ags>/peers/", views.overview, name="overview"),
    path("districts/<str:ags>/peers/weights/", views.weights, name="weights"),
    path("municipalities/<str:ars>/peers/", views.municipality, name="municipality"),
    path("municipalities/<str:ars>/peers/<int:category>/", views.suggestions, name="suggestions"),
    path(
        "municipalities/<str:ars>/peers/<int:category>/tandem/",
        views.tandem_create,
        name="tandem-create",
    ),
    path("tandems/<int:pk>/", views.tandem_detail, name="tandem-detail"),
    path("tandems/<int:pk>/confirm/<str:side>/", views.tandem_confirm, name="tandem-confirm"),
    path("tandems/<int:pk>/status/", views.tandem_status, name="tandem-status"),
    path("tandems/<int:pk>/notes/", views.tandem_note, name="tandem-note"),
    path("tandems/<int:pk>/outcome/", views.tandem_outcome, name="tandem-outcome"),
]
