from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class InsightsConfig(AppConfig):
    """What the desk learns from who stories quote: mentions, unnamed-source governance, the report.

    It reads the content model and writes only its own records; ``articles`` never imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"
    verbose_name = "source insights"

    def ready(self):
        from articles import workflow
        from articles.management.commands import loaddemo
        from insights import demo, governance, mentions
        from people.models import Organisation, Source

        # No story goes live with an unnamed source the desk has not signed off.
        workflow.before_going_live(governance.check_before_going_live)
        # The demo's unnamed sources come with justifications, signed off where the story is past review.
        loaddemo.after_loading(demo.load)
        # Every process's mention index is rebuilt after a name changes (cache invalidation only).
        for model in (Organisation, Source):
            for signal in (post_save, post_delete):
                signal.connect(mentions.names_changed, sender=model, dispatch_uid=f"insights-names-{model.__name__}")

        from articles.models import Article, Byline, Citation, Correction, WorkflowEvent
        from insights import hooks
        from insights.models import Policy
        from insights.public_views import policy_changed

        # A policy page is cached like every public page: an editor's save makes it stale.
        post_save.connect(policy_changed, sender=Policy, dispatch_uid="insights-policy-saved")
        post_delete.connect(policy_changed, sender=Policy, dispatch_uid="insights-policy-deleted")

        # The report's facts follow every change to a story that is, or was, published.
        post_save.connect(hooks.article_saved, sender=Article, dispatch_uid="insights-facts-article")
        post_save.connect(hooks.source_saved, sender=Source, dispatch_uid="insights-facts-source")
        post_save.connect(hooks.organisation_saved, sender=Organisation, dispatch_uid="insights-totals-organisation")
        for model in (Byline, Citation, Correction, WorkflowEvent):
            for signal in (post_save, post_delete):
                signal.connect(
                    hooks.part_changed, sender=model, dispatch_uid=f"insights-facts-{model.__name__}-{signal}"
                )
