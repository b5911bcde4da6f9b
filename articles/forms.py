"""Forms of the editorial desk: the article form (rich text, optimistic locking) and workflow steps."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import figures, translations, workflow
from articles.models import Article, Byline
from articles.sanitize import clean_html
from articles.widgets import TopicsField
from images.widgets import ImagePickerWidget
from safetext.validators import reject_bidi_controls, reject_control_characters

#: The editor offers exactly what ``articles.sanitize`` keeps; the model sanitises anyway.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # The browser's spell-check underlines a typo as the author writes (the package turns it off).
    "NoSpellCheck": False,
    # Pictures from the library: the picker page hands back a rendition's address and the image's id.
    "Figure": {"pickerUrl": reverse_lazy("admin:images_image_picker")},
    "Caption": True,
    "Image": True,
}


class ArticleAdminForm(forms.ModelForm):
    """The article form. Carries the version it was opened at; a save based on an older one is refused."""

    body = ProseEditorFormField(
        config={"extensions": BODY_EXTENSIONS},
        widget=AdminProseEditorWidget,
        required=False,
        label=_("Body"),
        help_text=_(
            "The story. Headings, lists, links, quotes, tables and pictures from the library; "
            "anything else is removed on save."
        ),
    )
    tags = TopicsField(
        label=_("Topics"),
        required=False,
        help_text=_("Type a topic and press Enter or a comma; pick an existing one from the suggestions."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    author_line = forms.CharField(
        required=False,
        max_length=Byline._meta.get_field("author_line").max_length,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"class": "writing-wide"}),
        label=_("Author line"),
        help_text=_('The line at the foot of the story, e.g. "Aigerim Tokonova is a correspondent in Osh." Optional.'),
    )

    class Meta:
        model = Article
        fields = ["headline", "slug", "standfirst", "body", "language", "translation_of", "countries", "programme",
                  "tags", "lead_image", "licence"]  # fmt: skip
        widgets = {
            # The writing surface (static/admin-newsroom/writing.js): a full-width headline with a
            # counter against its limit, a one-line standfirst that grows as it wraps.
            "headline": forms.TextInput(attrs={"class": "writing-headline", "data-counter": ""}),
            "slug": forms.TextInput(attrs={"class": "writing-wide"}),
            "standfirst": forms.Textarea(attrs={"rows": 1, "class": "writing-wide writing-oneline"}),
            "lead_image": ImagePickerWidget,
        }
        # The desk's words for the fields (the models' own names would need a migration to translate).
        labels = {
            "headline": _("Headline"),
            "slug": _("Slug"),
            "standfirst": _("Standfirst"),
            "body": _("Body"),
            "language": _("Language"),
            "countries": _("Countries"),
            "programme": _("Programme"),
            "lead_image": _("Lead image"),
            "licence": _("Licence"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].required = True
            self.fields["base_version"].initial = self.instance.version
        if "licence" in self.fields and self.is_bound and "licence" not in self.data:
            # A form that does not send the terms (a page opened before they existed) keeps them as they are.
            self.fields["licence"].disabled = True
        if "translation_of" in self.fields and self.is_bound and "translation_of" not in self.data:
            # Likewise the link to an original: a form without the field never unlinks a translation.
            self.fields["translation_of"].disabled = True

    def clean_standfirst(self):
        """One sentence on one line: line breaks pasted into it become spaces.

        Only ordinary line breaks: any other control character is left for the plain-text rule
        (``safetext``) to refuse, rather than quietly turned into a space.
        """
        return re.sub(r"[ \r\n]+", " ", self.cleaned_data.get("standfirst") or "").strip()

    def clean_body(self):
        """Pictures in the body: only images the author may use (as for the lead image, whose choices
        the desk narrows to the author's library), plus those the story already showed."""
        body = clean_html(self.cleaned_data.get("body") or "")
        lead = self.fields.get("lead_image")
        allowed = lead.queryset if lead is not None else Article.lead_image.field.related_model.objects.none()
        kept = figures.image_ids(self.instance.body) if self.instance.pk else ()
        return figures.check_figures(body, allowed=allowed, kept=kept)

    def clean_tags(self):
        """Topics are names readers see in lists and feeds: the naming-text rule applies to each."""
        tags = self.cleaned_data.get("tags") or []
        for name in tags:
            reject_control_characters(name)
            reject_bidi_controls(name)
        return tags

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("headline"):
            # Filled here, not only in save(): model validation checks the slug constraint first.
            cleaned["slug"] = self.instance.slug_for(cleaned["headline"])
        self._check_translation_link(cleaned)
        if self.instance.pk:
            current = Article.objects.filter(pk=self.instance.pk)
            if transaction.get_connection().in_atomic_block:
                # Saving: lock the row until this request commits, so the check and the save are
                # one step. A form refilled on a GET (no transaction) only reads.
                current = current.select_for_update()
            workflow.check_version(current.get(), cleaned.get("base_version"))
        return cleaned

    def _check_translation_link(self, cleaned):
        """The translation rules (``translations.check_link``), as errors on the fields they concern."""
        language = cleaned.get("language") if "language" in self.fields else self.instance.language
        if not language or "translation_of" in self.errors:
            return
        linked = "translation_of" in self.fields
        original = cleaned.get("translation_of") if linked else self.instance.translation_of
        try:
            translations.check_link(self.instance, original, language)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)


class TransitionForm(forms.Form):
    """A workflow step that needs words or a time: return, withdraw, schedule, reschedule."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        required=False,
        label=_("Note"),
        validators=[reject_control_characters],
    )
    publish_at = forms.DateTimeField(
        required=False,
        label=_("Publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=_("In the site's time zone. Leave blank to publish now."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition.needs_comment:
            self.fields["comment"].required = True
            self.fields["comment"].label = (
                _("Reason (kept internal)") if transition.name == "withdraw" else _("Note for the author")
            )
        else:
            del self.fields["comment"]
        if transition.name == "reschedule":
            self.fields["publish_at"].required = True
            self.fields["publish_at"].help_text = _("In the site's time zone.")
        elif transition.name != "publish":
            del self.fields["publish_at"]

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value
