from django.urls import path

from teilhabe.regions import views

app_name = "regions"
urlpatterns = [
    path("about/", views.about, name="about"),
    path("districts/", views.district_list, name="district-list"),
    path("districts/<str:ags>/", views.district_detail, name="district-detail"),
    path(
        "districts/<str:ags>/boundaries.geojson",
        views.district_boundaries,
        name="district-boundaries",
    ),
    path("municipalities/<str:ars>/", views.municipality_detail, name="municipality-detail"),
    path("municipalities/<str:ars>/edit/", views.municipality_edit, name="municipality-edit"),
]
