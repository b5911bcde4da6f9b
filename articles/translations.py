"""Linked translations: which story may translate which, starting one, and whether it follows its original.

A translation is an article of its own (own bylines, own review, own publication) that points
at its **original** (``Article.translation_of``). The rules, written once here:

- an original is never itself a translation (no chains), a translation is never an original,
  and a translation is in another language than its original, one per language (the database
  holds the last two as constraints; ``check_link`` says so in words before it gets there);
- whoever may see the original on the desk (``visible_to``) and may file articles may start a
  translation (``start``): a draft copy of the original's words and filing, with the original's
  authors and the translator (their byline, role translator) credited. Nothing about the
  original changes: the translator gains no right on it;
- a translation remembers the original's version it was last brought up to date with
  (``original_version``). It is **out of date** when the original's text (headline, standfirst,
  body, corrections) at its current version differs from its text at that version, both read
  from the revisions the desk already records; nothing else is stored. Saving the translation
  does not change that: the translator (or an editor) says so (``mark_up_to_date``), and the
  step is recorded as a workflow event;
- an original with translations cannot be deleted (``PROTECT``): they would point nowhere.

``is_out_of_date`` (one article) and ``with_state`` (a query) are the same rule; a test checks
they agree.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import revisions, workflow
from articles.models import Article, ArticleStatus, Byline, Language, Programme, Revision, WorkflowEvent
from people.models import Correspondent

#: What "the original's text" means: a change to any of these makes its translations out of date.
TRACKED = ("headline", "standfirst", "body", "corrections")

#: The diff shown to a translator: these fields of the original (labels from ``revisions``).
TRACKED_LABELS = {revisions.FIELD_LABELS[key] for key in TRACKED}

#: Originals listed as "missing" a language: on the desk or published, not a draft nobody has seen.
MISSING_FROM = (ArticleStatus.SUBMITTED, ArticleStatus.APPROVED, ArticleStatus.PUBLISHED)

#: The workflow events this module records.
STARTED = "translate"
BROUGHT_UP_TO_DATE = "up_to_date"


class State(models.TextChoices):
    UP_TO_DATE = "up-to-date", gettext_lazy("Up to date")
    OUT_OF_DATE = "out-of-date", gettext_lazy("Out of date")
    MISSING = "missing", gettext_lazy("Missing")


def language_label(code):
    """The language's name as the desk writes it (the code itself if it is not one of ours)."""
    return Language(code).label if code in Language.values else code


# --- which story may translate which -------------------------------------------------------


def check_link(article, original, language):
    """Refuse (``ValidationError``, by field) a link from ``article`` in ``language`` to ``original``.

    ``original`` may be ``None`` (an original): then only its own translations' languages are
    checked, so an original never takes the language of one of its translations.
    """
    if original is None:
        if article.pk and article.translations.filter(language=language).exists():
            raise ValidationError(
                {"language": _("A translation of this story is already in that language; choose another.")},
                code="translation_language",
            )
        return
    if article.pk and original.pk == article.pk:
        raise ValidationError({"translation_of": _("A story cannot be a translation of itself.")}, code="self")
    if original.translation_of_id is not None:
        raise ValidationError(
            {"translation_of": _("That story is itself a translation: link to its original instead.")},
            code="chain",
        )
    if article.pk and article.translations.exists():
        raise ValidationError(
            {"translation_of": _("This story has translations of its own, so it cannot be a translation.")},
            code="has_translations",
        )
    if language == original.language:
        raise ValidationError(
            {"language": _("A translation must be in another language than its original.")}, code="same_language"
        )
    taken = Article.objects.filter(translation_of=original, language=language)
    if article.pk:
        taken = taken.exclude(pk=article.pk)
    if taken.exists():
        raise ValidationError({"language": _("This story already has a translation in that language.")}, code="taken")


def follow(article, original):
    """Point ``article`` at ``original`` (or at nothing), as up to date with its current version.

    An editor who links an existing story as a translation says it translates the original as it is.
    """
    article.translation_of = original
    article.original_version = original.version if original is not None else None


def untranslated_languages(original):
    """The languages ``original`` may still be translated into, as (code, name), in the list's order."""
    taken = {original.language, *original.translations.values_list("language", flat=True)}
    return [(code, label) for code, label in Language.choices if code not in taken]


def can_start(user, original):
    """Whether ``user`` may start a translation of ``original``: they see it and may file a story."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("articles.add_article")
        and (workflow.is_editor(user) or Correspondent.objects.filter(user=user).exists())
        and original.translation_of_id is None
        and Article.objects.visible_to(user).filter(pk=original.pk).exists()
    )


def start(original, *, language, by):
    """A draft translation of ``original`` into ``language``, started by ``by``; returns it.

        Starts from a copy of the original's headline, standfirst, body, countries, programme,
        topics, lead image and licence; the original's authors keep their bylines (role author) and
        ``by``, when they file as a correspondent, is credited as its translator (also when they
    co-wrote the original: an editor may change the role). Refused with
        ``WorkflowError`` when ``by`` may not, and when the language is taken (even by a
        translation started a moment earlier by someone else).
    """
    if not can_start(by, original):
        if original.translation_of_id is not None:
            raise workflow.WorkflowError(_("This story is a translation: translate its original."), code="refused")
        raise workflow.WorkflowError(_("You cannot start a translation of this story."), code="refused")
    if language not in Language.values:
        raise workflow.WorkflowError(_("Choose a language from the list."), code="language")
    translation = Article(
        headline=original.headline,
        standfirst=original.standfirst,
        body=original.body,
        language=language,
        programme_id=original.programme_id,
        lead_image_id=original.lead_image_id,
        licence=original.licence,
        created_by=by,
    )
    translation.slug = translation.slug_for(f"{original.slug}-{language}")
    follow(translation, original)
    try:
        check_link(translation, original, language)
    except ValidationError as error:
        raise workflow.WorkflowError(error.messages, code="refused") from error
    try:
        with transaction.atomic():
            translation.save()
            translation.countries.set(original.countries.all())
            translation.tags.set(original.tags.names())
            authors = list(original.bylines.filter(role=Byline.Role.AUTHOR))
            Byline.objects.bulk_create(
                Byline(
                    article=translation,
                    correspondent_id=b.correspondent_id,
                    position=b.position,
                    role=Byline.Role.AUTHOR,
                    author_line=b.author_line,
                )
                for b in authors
            )
            translator = None if workflow.is_editor(by) else Correspondent.objects.filter(user=by).first()
            if translator is not None:
                # Credited for what they do on this story, even if they co-wrote the original.
                Byline.objects.update_or_create(
                    article=translation,
                    correspondent=translator,
                    defaults={
                        "role": Byline.Role.TRANSLATOR,
                        "position": max((b.position for b in authors), default=-1) + 1,
                    },
                )
            # The original's current text must stay readable for the out-of-date check.
            ensure_revision(original, by=by)
            WorkflowEvent.objects.create(
                article=translation,
                actor=by,
                action=STARTED,
                from_status="",
                to_status=translation.status,
                comment=_("Translation into %(language)s started from version %(version)s of “%(original)s”.")
                % {"language": language_label(language), "version": original.version, "original": original.headline},
            )
            revisions.record_revision(translation, by=by, comment=_("Created as a translation"))
    except IntegrityError as error:
        # Two people chose the same language at the same moment: the database kept the first.
        if Article.objects.filter(translation_of=original, language=language).exists():
            raise workflow.WorkflowError(
                _("This story already has a translation in that language."), code="taken"
            ) from error
        raise
    return translation


def ensure_revision(article, *, by):
    """The revision of ``article``'s current version, recorded now if none was (older or loaded stories)."""
    existing = Revision.objects.filter(article=article, version=article.version).first()
    return existing or revisions.record_revision(article, by=by, comment=_("Recorded for its translations"))


# --- out of date ---------------------------------------------------------------------------


def _revisions_of(original, versions):
    found = Revision.objects.filter(article=original, version__in=[v for v in versions if v is not None])
    by_version = {revision.version: revision for revision in found}
    return [by_version.get(v) for v in versions]


def is_out_of_date(translation):
    """Whether the original's text changed since ``translation`` was last brought up to date.

    The Python form of ``with_state``'s condition (a test checks they agree).
    """
    if translation.translation_of_id is None:
        return False
    original = translation.translation_of
    if translation.original_version == original.version:
        return False
    then, now = _revisions_of(original, [translation.original_version, original.version])
    if then is None or now is None:
        return True
    if any(key not in data for data in (then.data, now.data) for key in TRACKED):
        return True
    return any(then.data[key] != now.data[key] for key in TRACKED)


def _text(key):
    """A revision's ``key`` as plain text (a list as its JSON), compared as text on every database."""
    return Cast(KT(f"data__{key}"), output_field=models.TextField())


def up_to_date_condition():
    """The query form of "not out of date", for a queryset of translations (see ``is_out_of_date``)."""
    then = Revision.objects.filter(
        article=OuterRef(OuterRef("translation_of")), version=OuterRef(OuterRef("original_version"))
    )
    now = Revision.objects.filter(article=OuterRef("translation_of"), version=OuterRef("translation_of__version"))
    for key in TRACKED:
        earlier = Subquery(then.annotate(text=_text(key)).values("text")[:1])
        now = now.annotate(**{f"now_{key}": _text(key)}).filter(**{f"now_{key}": earlier})
    return Q(original_version=F("translation_of__version")) | Exists(now)


def with_state(queryset):
    """``queryset`` of translations with ``is_up_to_date`` computed by the database."""
    return queryset.annotate(is_up_to_date=Case(When(up_to_date_condition(), then=Value(True)), default=Value(False)))


def changes_since(translation):
    """What changed in the original since ``translation`` was last brought up to date.

    ``(old revision, new revision, rows)``, rows as ``revisions.compare`` gives them but only for
    the text (``TRACKED``); ``old`` is ``None`` when that version of the original is not recorded.
    """
    original = translation.translation_of
    then, now = _revisions_of(original, [translation.original_version, original.version])
    if now is None:
        now = Revision(article=original, version=original.version, data=revisions.snapshot(original))
    if then is None:
        return None, now, []
    return then, now, [row for row in revisions.compare(then, now) if row[0] in TRACKED_LABELS]


def mark_up_to_date(translation, *, by, seen_version):
    """``by`` says ``translation`` now follows the original as it was at ``seen_version``.

    Only someone who may edit the translation; ``seen_version`` is the original's version whose
    changes they were shown (a change saved after that still counts as new). Recorded as a
    workflow event. Returns whether anything changed.
    """
    with transaction.atomic():
        locked, _actor = workflow.lock(translation, by=by)
        if locked.translation_of_id is None:
            raise workflow.WorkflowError(_("This story is not a translation."), code="refused")
        if not workflow.can_edit(by, locked):
            raise workflow.WorkflowError(_("This translation is not yours to edit now."), code="refused")
        original = Article.objects.get(pk=locked.translation_of_id)
        if seen_version is None or not 0 < seen_version <= original.version:
            raise workflow.WorkflowError(_("Reload the page: the original's version is unknown."), code="stale")
        if locked.original_version is not None and seen_version <= locked.original_version:
            return False
        if seen_version == original.version:
            ensure_revision(original, by=by)
        Article.objects.filter(pk=locked.pk).update(original_version=seen_version)
        WorkflowEvent.objects.create(
            article=locked,
            actor=by,
            action=BROUGHT_UP_TO_DATE,
            from_status=locked.status,
            to_status=locked.status,
            comment=_("Brought up to date with version %(version)s of the original.") % {"version": seen_version},
        )
    translation.original_version = seen_version
    return True


def follows_version(original, version):
    """Whether a translation of ``original`` was last brought up to date with ``version`` (its revision must stay)."""
    return Article.objects.filter(translation_of=original, original_version=version).exists()


# --- the desk's view of them ------------------------------------------------------------------


def may_read_original(user, translation):
    """Whether ``user`` may read ``translation``'s original: they see it on the desk, or it is live
    (its words are public). A translator the desk credited on a colleague's live story reads its
    changes; a colleague's unpublished original stays closed to them."""
    original = translation.translation_of
    return original.is_live() or Article.objects.visible_to(user).filter(pk=original.pk).exists()


def with_original(queryset, user):
    """``queryset`` with each translation's original joined (no body) and ``original_openable``:
    whether ``user`` sees the original on the desk (``original_readable`` adds "or it is live")."""
    queryset = queryset.select_related("translation_of").defer("translation_of__body")
    if workflow.is_editor(user):
        return queryset.annotate(original_openable=Value(True))
    own = Byline.objects.filter(article=OuterRef("translation_of"), correspondent__user=user)
    return queryset.annotate(original_openable=Exists(own))


def original_readable(translation):
    """``may_read_original`` for a row of ``with_original``: no further query."""
    return translation.original_openable or translation.translation_of.is_live()


def programme_languages():
    """``{programme id: [language codes]}`` for every programme that lists languages (one small query)."""
    return {
        pk: [code for code in languages if code in Language.values]
        for pk, languages in Programme.objects.values_list("pk", "languages")
        if isinstance(languages, list) and languages
    }


def translations(user, *, language=None, programme=None):
    """The translations ``user`` may see, newest save first, with their state and original."""
    queryset = Article.objects.visible_to(user).filter(translation_of__isnull=False)
    if language:
        queryset = queryset.filter(language=language)
    if programme:
        queryset = queryset.filter(translation_of__programme=programme)
    return with_state(with_original(queryset.defer("body"), user)).order_by("-updated_at", "-pk")


def missing(user, *, languages_by_programme, language=None, programme=None):
    """Originals ``user`` may see whose programme publishes in a language they have no translation in."""
    wanted = {}
    for pk, codes in languages_by_programme.items():
        if programme and pk != programme:
            continue
        for code in codes:
            if not language or code == language:
                wanted.setdefault(code, []).append(pk)
    if not wanted:
        return Article.objects.none()
    gaps = Q()
    for code, programmes in wanted.items():
        translated = Article.objects.filter(translation_of=OuterRef("pk"), language=code)
        gaps |= Q(programme_id__in=programmes) & ~Q(language=code) & ~Exists(translated)
    queryset = Article.objects.visible_to(user).filter(translation_of__isnull=True, status__in=MISSING_FROM)
    return queryset.filter(gaps).defer("body").select_related("programme").order_by("-updated_at", "-pk")


def missing_languages(originals, languages_by_programme, *, language=None):
    """Set ``missing_languages`` (names) on each original of a page, with one query for all of them."""
    taken = {}
    for original_id, code in Article.objects.filter(translation_of__in=[o.pk for o in originals]).values_list(
        "translation_of", "language"
    ):
        taken.setdefault(original_id, set()).add(code)
    for original in originals:
        codes = languages_by_programme.get(original.programme_id, [])
        gone = taken.get(original.pk, set()) | {original.language}
        original.missing_languages = [
            language_label(code) for code in codes if code not in gone and (not language or code == language)
        ]
    return originals
