from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """What the desk learns from who stories quote: mentions, unnamed-source governance, the report.

    It reads the content model and writes only its own records; ``articles`` never imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"
    verbose_name = "source insights"
