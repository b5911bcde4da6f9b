from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only partner API under ``/api/v1/``: live content only, by the public labels."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "partner API"
