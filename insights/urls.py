"""Desk pages of the insights app, served under ``/admin/insights/``."""

from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    # The report (editors only) and the CSV of each of its tables.
    path("", views.report_page, name="report"),
    path("report/<slug:key>.csv", views.report_csv, name="report-csv"),
]
