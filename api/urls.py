"""The partner API, versioned under ``/api/v1/``."""

app_name = "api"

urlpatterns = []
