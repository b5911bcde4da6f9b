"""Desk pages of the insights app, served under ``/admin/insights/``."""

app_name = "insights"

urlpatterns = []
