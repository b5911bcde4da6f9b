from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from articles import caching, listings
        from articles.models import (
            Article,
            Byline,
            Citation,
            Correction,
            Country,
            Programme,
            Region,
        )
        from images.models import Image, Rendition
        from people import access
        from people.models import Affiliation, Correspondent, Organisation, Source

        # The people desk locks what readers see of a source once a live article cites it.
        access.shown_to_readers_by(listings.live_citations_of)

        # Rows a public page may show. Revisions, workflow events, notifications, audit entries
        # and slug redirects (answered with an uncached 301) are left out: no page shows them.
        shown_in_public = [
            Article, Byline, Citation, Correction, Image, Rendition, Country, Region, Programme,
            Correspondent, Organisation, Source, Affiliation, Tag, TaggedItem,
        ]  # fmt: skip
        for model in shown_in_public:
            name = model.__name__
            pre_save.connect(caching.before_save, sender=model, dispatch_uid=f"public-cache-pre-save-{name}")
            post_save.connect(caching.after_save, sender=model, dispatch_uid=f"public-cache-save-{name}")
            pre_delete.connect(caching.before_delete, sender=model, dispatch_uid=f"public-cache-delete-{name}")
        for through in (Article.countries.through, Article.tags.through):
            m2m_changed.connect(caching.relations_changed, sender=through, dispatch_uid=f"public-cache-m2m-{through}")
