"""Desk pages of the insights app, served under ``/admin/insights/``."""

from django.contrib import admin
from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("mentions/", admin.site.admin_view(views.scan), name="scan"),
    path("articles/<int:pk>/cite/", admin.site.admin_view(views.cite), name="cite"),
    path("citations/<int:pk>/", admin.site.admin_view(views.citation), name="citation"),
    path("sign-off/", admin.site.admin_view(views.sign_off_queue), name="sign_off_queue"),
    # The report (editors only) and the CSV of each of its tables.
    path("", views.report_page, name="report"),
    path("report/<slug:key>.csv", views.report_csv, name="report-csv"),
]
