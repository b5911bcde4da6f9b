"""The desk's translation pages: "Translate into…" on an original, the out-of-date panel on a
translation, and the page listing translations by state. The rules are ``articles.translations``;
these pages only ask it and report its answers.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import translations, workflow
from articles.admin.changelist import CappedPaginator
from articles.models import Article, Byline, Language, Programme

#: Translations (or originals missing one) per page of the translations list.
PER_PAGE = 50

#: The change form's checkbox and the original's version its diff showed.
UP_TO_DATE_FIELD = "_translation_up_to_date"
SEEN_FIELD = "_original_seen"


class TranslationPages:
    """Translation parts of ``ArticleAdmin`` (before ``DeskPages`` and ``ReviewPages``)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("translations/", view(self.translations_view), name="articles_article_translations"),
            path(
                "<path:object_id>/translate/",
                view(require_POST(self.translate_view)),
                name="articles_article_translate",
            ),
            *super().get_urls(),
        ]

    def translate_view(self, request, object_id):
        """Start a translation of the original ``object_id`` into the posted language, and open it."""
        original = self._visible_or_404(request, object_id)
        try:
            translation = translations.start(original, language=request.POST.get("language", ""), by=request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[original.pk]))
        self.message_user(
            request,
            _("Translation into %(language)s started from the original's text: translate it, then save.")
            % {"language": translations.language_label(translation.language)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[translation.pk]))

    def translation_context(self, request, article, *, editable):
        """What the change form shows about ``article``'s translations, or its original."""
        if article.translation_of_id is not None:
            original = article.translation_of
            visible = translations.may_read_original(request.user, article)
            context = {
                "original": original,
                "original_visible": visible,
                "original_openable": Article.objects.visible_to(request.user).filter(pk=original.pk).exists(),
                "original_language": translations.language_label(original.language),
                "out_of_date": translations.is_out_of_date(article),
            }
            if context["out_of_date"]:
                old, new, rows = translations.changes_since(article)
                context.update(
                    since_version=article.original_version,
                    seen_version=new.version,
                    since_recorded=old is not None,
                    rows=rows if visible else [],
                    can_mark=editable,
                    up_to_date_field=UP_TO_DATE_FIELD,
                    seen_field=SEEN_FIELD,
                )
            return {"translation_panel": context}
        versions = [
            {
                "article": t,
                "language": translations.language_label(t.language),
                "up_to_date": t.is_up_to_date,
                "visible": t.visible,
            }
            for t in translations.with_state(
                article.translations.annotate(
                    visible=Exists(Article.objects.visible_to(request.user).filter(pk=OuterRef("pk")))
                ).select_related("translation_of")
            ).order_by("language")
        ]
        can_start = translations.can_start(request.user, article)
        return {
            "translations_panel": {
                "versions": versions,
                "languages": translations.untranslated_languages(article) if can_start else [],
                "translate_url": reverse("admin:articles_article_translate", args=[article.pk]),
            }
        }

    def mark_translation_from_post(self, request, article):
        """The change form's "I have brought this translation up to date", if ticked."""
        if article.translation_of_id is None or not request.POST.get(UP_TO_DATE_FIELD):
            return
        try:
            seen = int(request.POST.get(SEEN_FIELD, ""))
        except ValueError:
            seen = None
        try:
            if translations.mark_up_to_date(article, by=request.user, seen_version=seen):
                self.message_user(
                    request,
                    _("Marked up to date with version %(version)s of the original.") % {"version": seen},
                    messages.SUCCESS,
                )
        except workflow.WorkflowError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def translations_view(self, request):
        """Translations by state: out of date, up to date, and missing for a language the programme publishes in."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        language = request.GET.get("language", "")
        language = language if language in Language.values else ""
        programme = request.GET.get("programme", "")
        programme = int(programme) if programme.isdigit() else None
        state = request.GET.get("state", "")
        state = state if state in translations.State.values else translations.State.OUT_OF_DATE
        by_programme = translations.programme_languages()
        translators = Byline.objects.filter(role=Byline.Role.TRANSLATOR).select_related("correspondent")
        listed = translations.translations(request.user, language=language, programme=programme).prefetch_related(
            Prefetch("bylines", queryset=translators, to_attr="translators")
        )
        lists = {
            translations.State.OUT_OF_DATE: listed.filter(is_up_to_date=False),
            translations.State.UP_TO_DATE: listed.filter(is_up_to_date=True),
            translations.State.MISSING: translations.missing(
                request.user, languages_by_programme=by_programme, language=language, programme=programme
            ),
        }
        paginators = {key: CappedPaginator(queryset, PER_PAGE) for key, queryset in lists.items()}
        page = paginators[state].get_page(request.GET.get("p"))
        rows = list(page.object_list)
        if state == translations.State.MISSING:
            translations.missing_languages(rows, by_programme, language=language)
        else:
            for row in rows:
                row.original_visible = translations.original_readable(row)
                row.language_name = translations.language_label(row.language)
                row.original_language = translations.language_label(row.translation_of.language)
        filters = {"language": language, "programme": programme or ""}

        def link(**changes):
            query = {key: value for key, value in {**filters, "state": state, **changes}.items() if value}
            return f"?{urlencode(query)}"

        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Translations"),
            "tabs": [
                {
                    "state": key,
                    "label": key.label,
                    "count": paginators[key].count,
                    "capped": paginators[key].is_capped,
                    "url": link(state=key, p=""),
                    "current": key == state,
                }
                for key in (translations.State.OUT_OF_DATE, translations.State.UP_TO_DATE, translations.State.MISSING)
            ],
            "state": state,
            "is_missing": state == translations.State.MISSING,
            "rows": rows,
            "page": page,
            "previous_url": link(p=page.previous_page_number()) if page.has_previous() else "",
            "next_url": link(p=page.next_page_number()) if page.has_next() else "",
            "languages": Language.choices,
            "language": language,
            "programmes": Programme.objects.only("pk", "name"),
            "programme": programme,
        }
        return TemplateResponse(request, "admin/articles/article/translations.html", context)
