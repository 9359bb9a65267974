from django.urls import path

from teilhabe.core import history_views, views
from teilhabe.core.ops import views as ops_views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("ready/", ops_views.ready, name="ready"),
    path("metrics/", ops_views.metrics_view, name="metrics"),
    path("history/<str:label>/<int:pk>/", history_views.object_history, name="object-history"),
    path("districts/<str:ags>/history/", history_views.district_history, name="district-history"),
    path(
        "districts/<str:ags>/history.<str:fmt>",
        history_views.district_history_export,
        name="district-history-export",
    ),
]
