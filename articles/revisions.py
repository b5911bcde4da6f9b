"""Revisions: every saved version of an article (fields, bylines, citations, corrections), stored
and compared. A revision is read from the database once the whole save is done, so it holds
exactly what that save wrote.

Storage and diff only. Who may restore a revision, and whether the page it was asked from
is still current, is decided by ``articles.workflow.restore``, which calls ``apply`` here.

A revision stores ids and the words, never a confidential source's name: the history
shows sources through ``str(source)``, which is the public descriptor for a confidential one.
"""

import difflib
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Article,
    Byline,
    BylineRole,
    Citation,
    Correction,
    CorrectionKind,
    Country,
    Programme,
    Revision,
)
from images.models import Image
from people.models import Correspondent, Organisation, Source

TEXT_FIELDS = ["headline", "slug", "standfirst", "body", "language"]
FIELD_LABELS = {
    "headline": _("Headline"),
    "slug": _("Address"),
    "standfirst": _("Standfirst"),
    "body": _("Body"),
    "language": _("Language"),
    "programme": _("Programme"),
    "countries": _("Countries"),
    "tags": _("Topics"),
    "lead_image": _("Lead image"),
    "status": _("Status"),
    "publish_at": _("Publish time"),
    "bylines": _("Bylines"),
    "citations": _("Citations"),
    "corrections": _("Corrections"),
}


def snapshot(article):
    """The article as the database holds it now: what a revision stores.

    Everything is read afresh, never from the instance's prefetched lists, which the desk
    loads before the inlines are saved (they made a byline edit show up one version late).
    """
    article = Article.objects.get(pk=article.pk)
    return {
        **{field: getattr(article, field) for field in TEXT_FIELDS},
        "programme": article.programme_id,
        "countries": sorted(article.countries.values_list("pk", flat=True)),
        "tags": sorted(article.tags.names()),
        "lead_image": article.lead_image_id,
        "status": article.status,
        "publish_at": article.publish_at.isoformat() if article.publish_at else None,
        "bylines": [
            {"correspondent": b.correspondent_id, "position": b.position, "role": b.role, "author_line": b.author_line}
            for b in Byline.objects.filter(article=article)
        ],
        "citations": [
            {
                "source": c.source_id,
                "organisation": c.organisation_id,
                "role": c.role,
                "is_anonymous": c.is_anonymous,
                "descriptor": c.descriptor,
                "quote": c.quote,
                "position": c.position,
            }
            for c in Citation.objects.filter(article=article)
        ],
        "corrections": [
            {"kind": c.kind, "note": c.note, "published_at": c.published_at.isoformat()}
            for c in Correction.objects.filter(article=article)
        ],
    }


def record_revision(article, *, by, comment=""):
    """Store the article's current state as the revision of its current version."""
    revision, _ = Revision.objects.update_or_create(
        article=article,
        version=article.version,
        defaults={"created_by": by, "data": snapshot(article), "comment": comment[:200]},
    )
    return revision


def _restore_citations(article, wanted, sources, organisations):
    """Make ``article``'s citations the revision's (``wanted``), keeping each row that cites the same person.

    A restored citation of the same source and organisation as a current one updates that row
    in place rather than replacing it, so what hangs on the citation (an unnamed source's
    justification and sign-off, kept by ``insights``) stays with it; a sign-off still compares
    its fingerprint with the words as they are now, so a restored quote or descriptor that
    differs from what the editor signed counts as unsigned. Rows the revision does not have
    are deleted, and citations it has that no current row matches are created.
    """
    current = list(Citation.objects.filter(article=article).order_by("position", "pk"))
    kept, created = set(), []
    fields = ["role", "is_anonymous", "descriptor", "quote", "position"]
    for c in wanted:
        source = c["source"] if c["source"] in sources else None
        organisation = c["organisation"] if c["organisation"] in organisations else None
        if not (source or organisation):
            continue
        match = next(
            (row for row in current
             if row.pk not in kept and row.source_id == source and row.organisation_id == organisation),
            None,
        )  # fmt: skip
        if match is None:
            created.append(Citation(article=article, source_id=source, organisation_id=organisation,
                                    **{name: c[name] for name in fields}))  # fmt: skip
            continue
        kept.add(match.pk)
        if any(getattr(match, name) != c[name] for name in fields):
            for name in fields:
                setattr(match, name, c[name])
            match.save(update_fields=fields)
    for row in current:
        if row.pk not in kept:
            row.delete()
    Citation.objects.bulk_create(created)


def apply(article, data):
    """Write a revision's words, filing, bylines and citations (``data``) into ``article`` and its rows.

    Storage only: the caller holds the row lock, decides who may do this, raises the version
    and records the new revision. The status and publish time are not touched (only the
    workflow changes those). A correspondent, source or organisation deleted since is left out.
    """
    for field in TEXT_FIELDS:
        setattr(article, field, data.get(field, getattr(article, field)))
    article.programme_id = data.get("programme")
    article.lead_image_id = data.get("lead_image")
    article.save()
    article.countries.set(data.get("countries", []))
    article.tags.set(data.get("tags", []))
    existing = set(
        Correspondent.objects.filter(pk__in=[b["correspondent"] for b in data["bylines"]]).values_list("pk", flat=True)
    )
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(
            article=article,
            correspondent_id=b["correspondent"],
            position=b["position"],
            # Revisions from before bylines had roles credited authors only.
            role=b.get("role", BylineRole.AUTHOR),
            author_line=b["author_line"],
        )
        for b in data["bylines"]
        if b["correspondent"] in existing
    )
    sources = set(
        Source.objects.filter(pk__in=[c["source"] for c in data["citations"] if c["source"]]).values_list(
            "pk", flat=True
        )
    )
    organisations = set(
        Organisation.objects.filter(
            pk__in=[c["organisation"] for c in data["citations"] if c["organisation"]]
        ).values_list("pk", flat=True)
    )
    _restore_citations(article, data["citations"], sources, organisations)
    if "corrections" in data:  # revisions from before corrections were recorded leave them be
        article.corrections.all().delete()
        Correction.objects.bulk_create(
            Correction(article=article, kind=c["kind"], note=c["note"], published_at=parse_datetime(c["published_at"]))
            for c in data["corrections"]
        )


_WORD = re.compile(r"\S+|\s+")


def word_diff(old, new):
    """HTML showing ``old`` → ``new`` word by word, with <del> and <ins>; everything escaped."""
    a, b = _WORD.findall(old or ""), _WORD.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("{}", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("<del>{}</del>", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("<ins>{}</ins>", "".join(b[j1:j2])))
    return format_html_join("", "{}", ((format_html(template, text),) for template, text in parts))


def _readable(field, value, names):
    """A value of ``field`` as words an editor reads in a diff."""
    if field == "body":
        return strip_tags((value or "").replace("</p>", "</p>\n"))
    if field in ("programme", "lead_image"):
        return names[field].get(value, "—") if value else "—"
    if field == "countries":
        return ", ".join(names["countries"].get(pk, f"#{pk}") for pk in value or [])
    if field == "tags":
        return ", ".join(value or [])
    if field == "bylines":
        return "\n".join(
            f"{names['correspondents'].get(b['correspondent'], '#' + str(b['correspondent']))}"
            + _role_note(b)
            + (f" — {b['author_line']}" if b["author_line"] else "")
            for b in value or []
        )
    if field == "citations":
        lines = []
        for c in value or []:
            who = " / ".join(
                filter(
                    None,
                    [
                        names["sources"].get(c["source"]) if c["source"] else None,
                        names["organisations"].get(c["organisation"]) if c["organisation"] else None,
                    ],
                )
            )
            extra = ", ".join(
                filter(
                    None,
                    [
                        c["role"],
                        c["descriptor"] and gettext("shown as “%(descriptor)s”") % {"descriptor": c["descriptor"]},
                    ],
                )
            )
            quote = f": “{c['quote']}”" if c["quote"] else ""
            lines.append(f"{who}{' (' + extra + ')' if extra else ''}{quote}")
        return "\n".join(lines)
    if field == "corrections":
        lines = []
        for c in value or []:
            when = timezone.localtime(parse_datetime(c["published_at"]))
            lines.append(f"{CorrectionKind(c['kind']).label}, {date_format(when, 'd M Y')}: {c['note']}")
        return "\n".join(lines)
    return "" if value is None else str(value)


def _role_note(byline):
    """ " (translator)" after a translator's name in a diff; nothing for an author."""
    role = byline.get("role", BylineRole.AUTHOR)
    return "" if role == BylineRole.AUTHOR else f" ({BylineRole(role).label.lower()})"


def _names(*datas):
    """Display names for every id the revisions mention, fetched in one query per model."""

    def ids(key, sub=None):
        found = set()
        for data in datas:
            value = data.get(key)
            if sub:
                found |= {item[sub] for item in value or [] if item.get(sub)}
            elif isinstance(value, list):
                found |= set(value)
            elif value:
                found.add(value)
        return found

    return {
        "programme": {p.pk: str(p) for p in Programme.objects.filter(pk__in=ids("programme"))},
        "lead_image": {i.pk: str(i) for i in Image.objects.filter(pk__in=ids("lead_image"))},
        "countries": {c.pk: str(c) for c in Country.objects.filter(pk__in=ids("countries"))},
        "correspondents": {c.pk: str(c) for c in Correspondent.objects.filter(pk__in=ids("bylines", "correspondent"))},
        # str() of a confidential source is its descriptor: the history never names it.
        "sources": {s.pk: str(s) for s in Source.objects.filter(pk__in=ids("citations", "source"))},
        "organisations": {o.pk: str(o) for o in Organisation.objects.filter(pk__in=ids("citations", "organisation"))},
    }


def compare(old, new):
    """Rows (label, diff HTML) for every field that differs between two revisions."""
    names = _names(old.data, new.data)
    rows = []
    for field, label in FIELD_LABELS.items():
        before = _readable(field, old.data.get(field), names)
        after = _readable(field, new.data.get(field), names)
        if before != after:
            rows.append((label, word_diff(before, after)))
    return rows
