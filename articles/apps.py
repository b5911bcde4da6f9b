from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from articles import caching
        from articles.models import (
            Article,
            Byline,
            Citation,
            Correction,
            Country,
            Programme,
            Region,
            SlugRedirect,
        )
        from images.models import Image
        from people.models import Affiliation, Correspondent, Organisation, Source

        shown_in_public = [
            Article, Byline, Citation, Correction, Image, Country, Region, Programme, SlugRedirect,
            Correspondent, Organisation, Source, Affiliation, Tag, TaggedItem,
        ]  # fmt: skip
        for model in shown_in_public:
            post_save.connect(caching.content_changed, sender=model, dispatch_uid=f"public-cache-save-{model.__name__}")
            post_delete.connect(
                caching.content_changed, sender=model, dispatch_uid=f"public-cache-delete-{model.__name__}"
            )
        for through in (Article.countries.through, Article.tags.through):
            m2m_changed.connect(caching.content_changed, sender=through, dispatch_uid=f"public-cache-m2m-{through}")
