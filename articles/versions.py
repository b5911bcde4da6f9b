"""Which versions of a story readers see: its original and translations, live ones only, linked everywhere alike.

A story in several languages is a translation group: one original (``translation_of`` empty)
and the articles that translate it (``translation_of`` names the original). The public sees a
group's **live** versions only (``Article.objects.live()``): a draft, scheduled or withdrawn
version is linked from nowhere. Every public surface that links versions reads them here: the
article page (``<link rel="alternate" hreflang>``, the "Also in" line, JSON-LD), the sitemaps'
``xhtml:link`` alternates, the API's ``translations``; the mirror copies those pages.

``x-default`` names the original. When the original is not live (withdrawn) its live
translations still link one another, with no ``x-default``: no version left stands for the story.
A story with one live version links none.

Bylines carry a role: authors are printed as "By …", translators apart as "Translated by …"
(``credits``), on the page, in feeds and in JSON-LD (``translator``).
"""

from dataclasses import dataclass

from django.db.models import Q

from articles.models import Article, Byline, Language

#: Each language named in itself, as a reader of it looks for it.
NATIVE_NAMES = {
    Language.ENGLISH: "English",
    Language.RUSSIAN: "Русский",
    Language.KAZAKH: "Қазақша",
    Language.KYRGYZ: "Кыргызча",
    Language.TAJIK: "Тоҷикӣ",
    Language.UZBEK: "Oʻzbekcha",
    Language.DARI: "دری",
    Language.PASHTO: "پښتو",
    Language.ARABIC: "العربية",
}
#: ``hreflang`` wants an ISO 639-1 code where search engines are concerned; Dari has none (it is Afghan Persian).
HREFLANG = {Language.DARI: "fa-AF"}
#: The order versions are listed in: the original first, then the languages as ``Language`` lists them.
LANGUAGE_ORDER = {code: position for position, code in enumerate(Language.values)}
#: What a version link needs; nothing wide is read.
VERSION_FIELDS = ("headline", "slug", "language", "publish_at", "translation_of")


def original_id(article):
    """The primary key of the original of ``article``'s story (its own, for an original)."""
    return article.translation_of_id or article.pk


@dataclass(frozen=True)
class Version:
    """One live version of a story, as links to it show it."""

    article: Article
    is_original: bool

    @property
    def language(self):
        return self.article.language

    @property
    def hreflang(self):
        return HREFLANG.get(self.article.language, self.article.language)

    @property
    def name(self):
        """The language, named in itself ("Русский")."""
        return NATIVE_NAMES.get(self.article.language, self.article.get_language_display())

    @property
    def url(self):
        return self.article.get_canonical_url()


def _group(original, articles):
    versions = [Version(article, article.pk == original) for article in articles]
    return sorted(versions, key=lambda v: (not v.is_original, LANGUAGE_ORDER.get(v.language, len(LANGUAGE_ORDER))))


def _live(*conditions):
    return Article.objects.live().filter(*conditions).only(*VERSION_FIELDS).order_by()


def live_versions(article):
    """The live versions of ``article``'s story (``Version``s), the original first; one query.

    ``article`` is among them when it is live; fewer than two means there is nothing to link.
    """
    original = original_id(article)
    return _group(original, _live(Q(pk=original) | Q(translation_of=original)))


def live_versions_of(articles, page):
    """``{article pk: its story's live versions}`` for live ``articles``, read from ``page``, in one query.

    ``page`` is the queryset ``articles`` came from (a sitemap page, up to 50,000 of them), sent as
    subqueries, never as a list of keys: the originals of its translations, and the translations of
    both it and them.
    """
    articles = list(articles)
    live = _live()
    others = live.filter(pk__in=page.values("translation_of")).union(
        live.filter(translation_of__in=page.values("pk")),
        live.filter(translation_of__in=page.values("translation_of")),
    )
    by_original = {}
    for version in {article.pk: article for article in [*articles, *others]}.values():
        by_original.setdefault(original_id(version), []).append(version)
    groups = {original: _group(original, found) for original, found in by_original.items()}
    return {article.pk: groups[original_id(article)] for article in articles}


def alternates(versions):
    """``(hreflang, path)`` of every version, then ``("x-default", the original's path)``; empty for a lone version."""
    if len(versions) < 2:
        return []
    links = [(version.hreflang, version.url) for version in versions]
    links += [("x-default", version.url) for version in versions if version.is_original]
    return links


def others(versions, article):
    """The versions a reader of ``article`` may switch to (the "Also in" line): all but itself."""
    return [version for version in versions if version.article.pk != article.pk]


def credits(bylines):
    """``(authors, translators)``: a story's bylines split by role, each in print order."""
    authors = [byline for byline in bylines if byline.role != Byline.Role.TRANSLATOR]
    translators = [byline for byline in bylines if byline.role == Byline.Role.TRANSLATOR]
    return authors, translators
