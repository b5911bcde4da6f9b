"""No invisible control characters in anything typed, and no direction overrides in names.

The rule, in one place:

* every text field (``CharField``/``TextField`` and their kinds: slugs, URLs, e-mail) of the
  project's own models refuses C0 and C1 control characters other than tab, newline and
  carriage return (browsers send textarea lines as CR LF), and the two non-characters
  U+FFFE/U+FFFF. They are invisible, they make feeds and sitemaps invalid XML, and nothing
  a correspondent means to write needs them;
* fields that name something and sit inside other text (``NAMING_FIELDS``: headlines, names,
  slugs, acronyms) also refuse the bidi embedding, override and isolate controls
  (U+202A–U+202E, U+2066–U+2069), which can reorder the text around them. The marks a
  right-to-left writer does use (U+200E, U+200F, U+061C) stay allowed.

The validators are attached to the model fields once, at start-up
(``attach_to_project_models``, called by this app's ``ready()``), rather than written on
every field: a field added later is covered without anyone remembering, and no migration
carries them (validators are not schema). Because they are model field validators, model
forms, the admin and its inlines, and ``full_clean()`` all enforce them. Rich-text fields
sanitised on save are exempt (``SANITISED_FIELDS``): their sanitiser strips the characters
instead, since Word pastes carry them.

Where a broken value breaks the site for everyone (an article's headline and slug, which every
feed and sitemap carries), a database CheckConstraint (``has_no_control_characters``) refuses it
from the shell too. Rows written around validation elsewhere (the shell, ``QuerySet.update()``)
are handled on output: feeds and sitemaps pass text through ``strip_control_characters``.
"""

import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext

#: C0 controls except tab, LF and CR; DEL and the C1 controls; lone surrogates; U+FFFE/U+FFFF.
#: Also every character XML 1.0 cannot carry, so stripping these always leaves valid XML text.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

#: The same characters (NUL aside: PostgreSQL text cannot hold it) written with ``\uXXXX`` escapes,
#: which PostgreSQL's regular expressions and Python's (SQLite's REGEXP) read alike: for CheckConstraints.
CONTROL_CHARACTERS_SQL = r"[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]"

#: Bidi embeddings (LRE, RLE), pop (PDF), overrides (LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: Field names that label something shown inside other text: they may not reorder it.
NAMING_FIELDS = frozenset({"headline", "name", "byline_name", "withheld_label", "slug", "acronym"})

#: ``app_label.Model.field`` of rich-text fields whose sanitiser strips control characters instead.
SANITISED_FIELDS = frozenset({"articles.Article.body"})


def _describe(match):
    char = match.group()
    return f"U+{ord(char):04X}", match.start() + 1


def reject_control_characters(value):
    """Refuse invisible control characters, naming the first one and where it is."""
    if not isinstance(value, str):
        return
    match = CONTROL_CHARACTERS.search(value)
    if match:
        code, position = _describe(match)
        raise ValidationError(
            gettext(
                "This text contains an invisible control character (%(code)s, character %(position)s). "
                "Delete it and save again; it usually comes from copying out of another program."
            ),
            code="control_character",
            params={"code": code, "position": position},
        )


def reject_bidi_controls(value):
    """Refuse direction embeddings, overrides and isolates, which can make a name read in a misleading order."""
    if not isinstance(value, str):
        return
    match = BIDI_CONTROLS.search(value)
    if match:
        code, position = _describe(match)
        raise ValidationError(
            gettext(
                "This contains an invisible text-direction control (%(code)s, character %(position)s) that can "
                "make it display in a misleading order. Delete it; the site sets the direction of names "
                "and headlines itself."
            ),
            code="bidi_control",
            params={"code": code, "position": position},
        )


def strip_control_characters(text):
    """``text`` without the characters ``reject_control_characters`` refuses (for output and sanitising)."""
    if not text:
        return text
    return CONTROL_CHARACTERS.sub("", text)


def has_no_control_characters(field_name):
    """A CheckConstraint condition: the column holds none of the refused control characters."""
    return ~Q(**{f"{field_name}__regex": CONTROL_CHARACTERS_SQL})


def validators_for(field):
    """The text validators a model field gets: none for non-text or sanitised fields."""
    if not isinstance(field, (models.CharField, models.TextField)):
        return []
    if f"{field.model._meta.label}.{field.name}" in SANITISED_FIELDS:
        return []
    if field.name in NAMING_FIELDS:
        return [reject_control_characters, reject_bidi_controls]
    return [reject_control_characters]


def project_models():
    """Models of the apps that live in this repository (not Django's or third parties')."""
    base = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if str(config.path).startswith(base) and "site-packages" not in str(config.path):
            yield from config.get_models()


def attach_to_project_models():
    """Add the text validators to every text field of the project's models (idempotent).

    ``field.validators`` is extended in place, not ``field._validators``, so the validators
    run everywhere a field is validated but stay out of ``deconstruct()`` and migrations.
    """
    for model in project_models():
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.model is not model:
                continue
            current = field.validators
            for validator in validators_for(field):
                if validator not in current:
                    current.append(validator)
