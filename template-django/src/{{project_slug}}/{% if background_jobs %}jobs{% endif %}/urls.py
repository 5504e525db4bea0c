from django.urls import path

from .api import ReportCreateView, ReportDetailView

urlpatterns = [
    path("jobs/reports/", ReportCreateView.as_view(), name="report-create"),
    path("jobs/reports/<uuid:report_id>/", ReportDetailView.as_view(), name="report-detail"),
]
