"""What a story names against what it cites: every organisation and source its text mentions.

The rule: a name, an alias or an organisation's acronym counts where it stands as whole words
(letters of any script; a hyphen or punctuation ends a word). Names and aliases match in any
case; an acronym only in the capitals it is stored with, so "WHO" finds the World Health
Organization and "who" finds nothing. Where two names overlap, the longest one starting
first wins ("Ministry of Justice of Kazakhstan" is not also "Ministry of Justice").

Only what the viewer may see is ever matched:

- organisations and named sources come from one automaton (Aho–Corasick over every name),
  built once per process and rebuilt when the cache's version key changes (any save of an
  organisation or source changes it, so every app server rebuilds before its next scan);
  each hit is read again from the database, so a source made confidential since the build
  is never shown by its old name;
- confidential identities are never decrypted to be matched: the text's word sequences go
  through the sources' blind index (``people/encryption.py``), restricted to the sources the
  viewer may see (``Source.objects.visible_to``: editors, and the correspondent who added
  one), and every identity shown is recorded in the audit trail like a search that finds it.

``MentionIndex`` needs no database (``bench/mentions.py`` times it on generated names).
"""

import contextlib
import html
import threading
import time
import unicodedata
import uuid
from dataclasses import dataclass, field

import ahocorasick
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext, gettext_noop

from articles import revisions, workflow
from articles.models import Citation
from audit.log import record
from audit.models import AuditAction
from people import access
from people.encryption import exact_name_digests
from people.models import Affiliation, Organisation, Source

#: The cache key whose value changes whenever an organisation or source does.
VERSION_KEY = "insights:mentions:version"
#: Without a shared cache to ask (a dummy or failing one), an index is trusted this long.
UNVERSIONED_LIFETIME = 60
#: Longest confidential name, in words, looked up through the blind index.
MAX_NAME_WORDS = 5
#: Blind-index digests asked for in one query (SQLite allows some 32,000 parameters).
DIGEST_BATCH = 2000

ORGANISATION, SOURCE = "organisation", "source"
NAME, ALIAS, ACRONYM = "name", "alias", "acronym"


def _fold(text):
    """``text`` as names are compared: as ``people.encryption.normalise`` makes it (NFKC, case-folded,
    single spaces), without its guard on local variables, which would cost more than the folding."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _is_word_char(char):
    return char.isalnum() or char == "_"


def article_text(headline="", standfirst="", body=""):
    """The words of a story a reader sees: headline, standfirst and the body without its markup."""
    return "\n".join([headline or "", standfirst or "", html.unescape(strip_tags(body or ""))])


def _put(table, key, entry):
    """File ``entry`` under ``key`` (a name of one letter is no name: skipped)."""
    if len(key) < 2:
        return
    entries = table.setdefault(key, [])
    if entry not in entries:
        entries.append(entry)


@dataclass(frozen=True)
class Hit:
    kind: str
    pk: int
    form: str
    start: int
    end: int


class MentionIndex:
    """Two automatons: names and aliases over case-folded text, acronyms over the text as written."""

    def __init__(self):
        self.folded = ahocorasick.Automaton()
        self.exact = ahocorasick.Automaton()
        self.keys = 0

    @classmethod
    def build(cls, organisations=(), sources=()):
        """``organisations``: ``(pk, name, acronym, aliases)``; ``sources``: ``(pk, name)`` of named sources."""
        folded, exact = {}, {}
        for pk, name, acronym, aliases in organisations:
            _put(folded, _fold(name), (ORGANISATION, pk, NAME))
            for alias in (aliases or "").splitlines():
                _put(folded, _fold(alias), (ORGANISATION, pk, ALIAS))
            if acronym:
                _put(exact, " ".join(unicodedata.normalize("NFKC", acronym).split()), (ORGANISATION, pk, ACRONYM))
        for pk, name in sources:
            _put(folded, _fold(name), (SOURCE, pk, NAME))
        index = cls()
        for automaton, table in ((index.folded, folded), (index.exact, exact)):
            for key, entries in table.items():
                automaton.add_word(key, (len(key), entries))
            if table:
                automaton.make_automaton()
        index.keys = len(folded) + len(exact)
        return index

    def scan(self, text):
        """Every whole-word mention in ``text``, overlaps resolved (longest first-starting match wins)."""
        written = " ".join(unicodedata.normalize("NFKC", text).split())
        candidates = []
        for automaton, haystack in ((self.folded, written.casefold()), (self.exact, written)):
            if automaton.kind != ahocorasick.AHOCORASICK:
                continue
            for end, (length, entries) in automaton.iter(haystack):
                start = end - length + 1
                if start > 0 and _is_word_char(haystack[start - 1]):
                    continue
                if end + 1 < len(haystack) and _is_word_char(haystack[end + 1]):
                    continue
                # Case-folding can lengthen a few letters (ß → ss): positions are compared on the
                # folded text only with each other, which is all the overlap rule needs.
                candidates.append((start, -length, entries))
        hits, taken_until = [], -1
        for start, negative_length, entries in sorted(candidates, key=lambda c: (c[0], c[1])):
            if start <= taken_until:
                continue
            taken_until = start - negative_length - 1
            hits.extend(Hit(kind, pk, form, start, taken_until + 1) for kind, pk, form in entries)
        return hits


# --- The per-process index, rebuilt when the names change -----------------------------------------


_lock = threading.Lock()
_current = {"index": None, "version": None, "built_at": 0.0, "build_seconds": 0.0, "rebuilding": False}
#: An index that took longer than this to build is rebuilt in the background from then on.
INLINE_REBUILD_SECONDS = 0.5


def names_changed(**kwargs):
    """Tell every process its index is out of date (connected to saves of organisations and sources)."""
    # A cache outage must not fail the save; the indexes then expire by age.
    with contextlib.suppress(Exception):
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _shared_version():
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
        return version
    except Exception:  # noqa: BLE001 - no cache: fall back to the index's age
        return None


def _index_from_database():
    organisations = Organisation.objects.values_list("pk", "name", "acronym", "aliases").order_by()
    sources = Source.objects.public().values_list("pk", "name").order_by()
    return MentionIndex.build(organisations.iterator(chunk_size=5000), sources.iterator(chunk_size=5000))


def _rebuild(version):
    index = _index_from_database()
    with _lock:
        _current.update(index=index, version=version, built_at=time.monotonic(), rebuilding=False)
    return index


def current_index():
    """This process's index of organisations and named sources, rebuilt when the shared version moved on.

    A small index is rebuilt at once. One that took longer than ``INLINE_REBUILD_SECONDS`` to
    build is rebuilt in a background thread while the old one keeps answering: a stale index
    can only miss a new name, never show a hidden one, since every hit is read again.
    """
    version = _shared_version()
    with _lock:
        index = _current["index"]
        if index is None:
            stale = True
        elif version is not None:
            stale = version != _current["version"]
        else:
            stale = time.monotonic() - _current["built_at"] > UNVERSIONED_LIFETIME
        if not stale:
            return index
        in_background = index is not None and _current["build_seconds"] > INLINE_REBUILD_SECONDS
        if in_background and _current["rebuilding"]:
            return index
        _current["rebuilding"] = in_background
    if in_background:
        threading.Thread(target=_rebuild_closing_connection, args=(version,), daemon=True).start()
        return index
    started = time.monotonic()
    index = _rebuild(version)
    _current["build_seconds"] = time.monotonic() - started
    return index


def _rebuild_closing_connection(version):
    started = time.monotonic()
    try:
        _rebuild(version)
        _current["build_seconds"] = time.monotonic() - started
    finally:
        with _lock:
            _current["rebuilding"] = False
        connection.close()


# --- What one viewer may be told about one text ------------------------------------------------------


def _word_sequences(text, longest=MAX_NAME_WORDS):
    """Every run of 1..``longest`` words of ``text``, normalised as the blind index normalises names."""
    words = [w.strip(".,;:!?\"'«»“”‘’()[]{}—–-") for w in text.split()]
    words = [w for w in words if w]
    runs = set()
    for start in range(len(words)):
        for length in range(1, min(longest, len(words) - start) + 1):
            runs.add(" ".join(words[start : start + length]))
    return runs


def confidential_mentions(text, user):
    """Confidential sources ``user`` may identify whose full name is in ``text``, found by the blind index."""
    visible = Source.objects.visible_to(user).filter(confidential=True)
    if not visible.exists():
        return []
    digests = sorted(exact_name_digests(Source.INDEX_CONTEXT, _word_sequences(text)))
    found = []
    for offset in range(0, len(digests), DIGEST_BATCH):
        batch = digests[offset : offset + DIGEST_BATCH]
        found.extend(visible.filter(name_index__in=batch))
    return found


@dataclass
class Mentioned:
    """One organisation or source the text names, in the forms it was found."""

    kind: str
    obj: object
    forms: set = field(default_factory=set)
    #: For a source: the organisation and role of its current affiliation, to pre-fill a citation.
    organisation: object = None
    role: str = ""

    @property
    def is_confidential(self):
        return self.kind == SOURCE and self.obj.confidential

    @property
    def key(self):
        return f"{self.kind}:{self.obj.pk}"


def mentioned(text, user):
    """What ``text`` names that ``user`` may see: organisations, named sources and their own confidential ones."""
    hits = current_index().scan(text)
    forms = {}
    for hit in hits:
        forms.setdefault((hit.kind, hit.pk), set()).add(hit.form)
    organisation_ids = [pk for kind, pk in forms if kind == ORGANISATION]
    source_ids = [pk for kind, pk in forms if kind == SOURCE]
    result = [
        Mentioned(ORGANISATION, o, forms[(ORGANISATION, o.pk)])
        # A colleague's proposed organisation is theirs until the desk confirms it.
        for o in Organisation.objects.visible_to(user).filter(pk__in=organisation_ids)
    ]
    # Read again: a source made confidential after the index was built is not shown by name here.
    named = list(Source.objects.public().filter(pk__in=source_ids).only("pk", "name", "slug", "confidential"))
    # And renamed since: only a name the text still holds counts.
    folded_text = _fold(text)
    named = [s for s in named if _fold(s.name) in folded_text]
    result += [Mentioned(SOURCE, s, forms[(SOURCE, s.pk)]) for s in named]
    result += [Mentioned(SOURCE, s, {NAME}) for s in confidential_mentions(text, user) if s.pk not in source_ids]
    sources = {m.obj.pk: m for m in result if m.kind == SOURCE}
    current = Q(end_date__isnull=True) | Q(end_date__gte=_today())
    for affiliation in Affiliation.objects.filter(current, source__in=list(sources)).select_related("organisation"):
        entry = sources[affiliation.source_id]
        if entry.organisation is None:
            entry.organisation, entry.role = affiliation.organisation, affiliation.role
    return sorted(result, key=lambda m: (m.kind != ORGANISATION, str(m.obj.name).casefold()))


def _today():
    return timezone.localdate()


# --- Mentions against citations: what the desk panel shows ---------------------------------------------


@dataclass
class Cited:
    """A citation as the panel compares it: saved, or a row of the form not yet saved."""

    source_id: int | None
    organisation_id: int | None
    is_anonymous: bool = False


@dataclass
class Review:
    #: Named in the text, cited nowhere: each can be added in one click.
    not_cited: list
    #: Cited, named nowhere in the text: ``[(kind, object), …]``.
    not_mentioned: list
    #: Cited as unnamed (or confidential), yet named in the text.
    named_unnamed: list

    @property
    def is_clean(self):
        return not (self.not_cited or self.not_mentioned or self.named_unnamed)


def saved_citations(article):
    rows = article.citations.values_list("source_id", "organisation_id", "is_anonymous")
    return [Cited(*row) for row in rows]


def review(user, text, cited, *, request=None, article=None):
    """Compare what ``text`` names with ``cited``, telling ``user`` only what they may know.

    A cited source whose identity ``user`` may not see takes no part (so nothing says whether
    its name is in the text); an anonymous citation is expected to go unnamed.
    """

    found = mentioned(text, user)
    cited_sources = {c.source_id for c in cited if c.source_id}
    cited_organisations = {c.organisation_id for c in cited if c.organisation_id}
    named = {(m.kind, m.obj.pk): m for m in found}
    sources = {s.pk: s for s in Source.objects.visible_to(user).filter(pk__in=cited_sources)}
    organisations = Organisation.objects.in_bulk([c.organisation_id for c in cited if c.organisation_id])

    not_cited = [m for m in found if m.obj.pk not in (cited_sources if m.kind == SOURCE else cited_organisations)]
    not_mentioned, named_unnamed, listed = [], [], set()
    for citation in cited:
        source = sources.get(citation.source_id)
        if citation.source_id:
            if source is None or not access.can_see_identity(user, source) and source.confidential:
                continue
            hidden = citation.is_anonymous or source.confidential
            if hidden and (SOURCE, source.pk) in named:
                named_unnamed.append(named[(SOURCE, source.pk)])
            elif not hidden and (SOURCE, source.pk) not in named and (SOURCE, source.pk) not in listed:
                not_mentioned.append((SOURCE, source))
                listed.add((SOURCE, source.pk))
        elif citation.organisation_id in organisations:
            key = (ORGANISATION, citation.organisation_id)
            if key not in named and key not in listed:
                not_mentioned.append((ORGANISATION, organisations[citation.organisation_id]))
                listed.add(key)
    _record_identities(request, article, [m.obj for m in found if m.is_confidential])
    return Review(not_cited=not_cited, not_mentioned=not_mentioned, named_unnamed=named_unnamed)


def _record_identities(request, article, sources):
    """Each confidential identity the scan showed is recorded once per session and story, like a desk search."""
    if request is None or not sources:
        return

    seen = set(request.session.get("insights_identities_shown", []))
    for source in sources:
        key = f"{article.pk if article else 'new'}:{source.pk}"
        if key in seen:
            continue
        detail = {"via": "mention scan", "article": article.pk if article else None}
        record(AuditAction.IDENTITY_VIEWED, request=request, target=source, detail=detail)
        seen.add(key)
    request.session["insights_identities_shown"] = sorted(seen)


def add_citation(article, *, by, kind, pk, version):
    """Cite what the text mentions, in one click: the role comes from the source's current affiliation.

    Checked like any edit of the story: ``by`` must be able to edit it and add citations, may
    cite only sources they may see, and the page must not be older than the last save
    (``version``). The article's version goes up and a revision records the new citation.
    """

    if not by.has_perm("articles.add_citation"):
        raise workflow.WorkflowError(gettext("You cannot add citations."), code="refused")
    with transaction.atomic():
        locked, _ = workflow.lock(article, by=by, version=version)
        if not workflow.can_edit(by, locked):
            raise workflow.WorkflowError(gettext("You cannot change this story now."), code="refused")
        fields = {}
        if kind == SOURCE:
            source = Source.objects.visible_to(by).filter(pk=pk).first()
            if source is None:
                raise workflow.WorkflowError(gettext("No such source."), code="missing")
            fields["source"] = source
            current = source.affiliations.filter(Q(end_date__isnull=True) | Q(end_date__gte=_today()))
            affiliation = current.select_related("organisation").first()
            if affiliation is not None:
                fields.update(organisation=affiliation.organisation, role=affiliation.role)
        elif kind == ORGANISATION:
            organisation = Organisation.objects.visible_to(by).filter(pk=pk).first()
            if organisation is None:
                raise workflow.WorkflowError(gettext("No such organisation."), code="missing")
            fields["organisation"] = organisation
        else:
            raise workflow.WorkflowError(gettext("Say what to cite."), code="missing")
        last = locked.citations.order_by("-position").values_list("position", flat=True).first()
        citation = Citation.objects.create(article=locked, added_by=by, position=(last or 0) + 1, **fields)
        locked.version += 1
        locked.save()
        revisions.record_revision(locked, by=by, comment=gettext_noop("Citation added from the mentions panel"))
    article.version = locked.version
    return citation
