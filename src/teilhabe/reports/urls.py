from django.urls import path

from teilhabe.reports import views

app_name = "reports"
urlpatterns = [
    path("districts/<str:ags>/reports/", views.report_list, name="report-list"),
    path("districts/<str:ags>/reports/new/", views.report_create, name="report-create"),
    path("districts/<str:ags>/committees/new/", views.committee_create, name="committee-create"),
    path("committees/<int:pk>/edit/", views.committee_edit, name="committee-edit"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report-status"),
    path("reports/<int:pk>/regenerate/", views.report_regenerate, name="report-regenerate"),
    path("reports/<int:pk>/issue/", views.report_issue, name="report-issue"),
    path("reports/<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/annex.xlsx", views.report_xlsx, name="report-xlsx"),
]
