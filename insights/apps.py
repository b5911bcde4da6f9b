from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """What the desk learns from who stories quote: mentions, unnamed-source governance, the report.

    It reads the content model and writes only its own records; ``articles`` never imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"
    verbose_name = "source insights"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from insights.models import Policy
        from insights.public_views import policy_changed

        # A policy page is cached like every public page: an editor's save makes it stale.
        post_save.connect(policy_changed, sender=Policy, dispatch_uid="insights-policy-saved")
        post_delete.connect(policy_changed, sender=Policy, dispatch_uid="insights-policy-deleted")
