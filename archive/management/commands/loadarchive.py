"""Fill the real models with a large generated archive, fast, and top it up on the next run.

``loadarchive --articles N`` makes the archive hold N generated articles: batches already
made are skipped, so ``--articles 1000000`` after 100,000 adds the rest. Each batch of
1,000 is generated from its own seed and written in one transaction (people through model
instances, so fields that convert their values, such as encrypted names, still do).

On PostgreSQL, as a superuser, the batches are written with the session's triggers off
(``session_replication_role = replica``): no search trigger per row and no foreign-key
checks (every id written was just read from or reserved in the same database). The search
entries are then made once at the end, for the new articles only, with the same
``articles_search_vector()`` the trigger uses, and in parallel; on a load that more than
doubles the archive the GIN index is dropped first and built again after, which is faster
than growing it row by row. Not for production databases: it writes thousands of invented
stories.
"""

import datetime as dt
import multiprocessing
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from archive import generate, words
from archive.models import ArchiveBatch, GeneratedRow
from articles import months
from articles.management.commands.rebuild_search_index import UPSERT
from articles.models import Article, ArticleSearch, Byline, BylineRole, Citation, Country, Programme, Region
from people.models import Affiliation, Correspondent, Organisation, Source


class Command(BaseCommand):
    help = "Generate (or top up) an archive of N articles with people, citations and topics, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="Articles the archive should hold.")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes writing batches at once (default: 2 on PostgreSQL, 1 on SQLite, which has one writer).",
        )

    def handle(self, *args, articles, workers, **options):
        if articles < 0:
            raise CommandError("--articles cannot be negative.")
        workers = workers or (2 if connection.vendor == "postgresql" else 1)
        done = dict(ArchiveBatch.objects.values_list("number", "size"))
        todo = []
        for number in range(-(-articles // generate.BATCH)):
            want = min(generate.BATCH, articles - number * generate.BATCH)
            if done.get(number, 0) < want:
                todo.append((number, done.get(number, 0), want))
        missing = sum(want - have for _, have, want in todo)
        if not missing:
            self.stdout.write(f"The archive already holds {articles} generated articles; nothing to add.")
            if may_skip_triggers():
                # A run stopped after its last batch but before its end: finish its work.
                started = time.monotonic()
                made = index_search(after=0, workers=workers, only_missing=True)
                if made[0]:
                    sys.stderr.write("\n")
                    self.stdout.write(phase("Missing search entries made", made, time.monotonic() - started))
                    months.recount()
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
            return
        # Times are relative to the start of today, so a batch is the same all day.
        end = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
        Taxonomy()
        # Every person a batch may cite exists before any batch is written, so workers only read people.
        People().ensure(generate.people_for((todo[-1][0] + 1) * generate.BATCH))
        quick = may_skip_triggers()
        if quick:
            # Entries a previous run left unmade (it was stopped before its end) are made here.
            index_search(after=0, workers=workers, only_missing=True)
        last_before = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        started = time.monotonic()
        jobs = [(write_batches, (share, end, quick)) for share in spread(todo, workers)]
        totals = run(jobs, lambda done: progress(done, missing, started, what="articles"))
        if quick:
            sys.stderr.write("\n")
            self.stdout.write(phase("Articles written", totals, time.monotonic() - started))
            search_started = time.monotonic()
            searched = index_search(after=last_before, workers=workers)
            sys.stderr.write("\n")
            self.stdout.write(phase("Search entries made", searched, time.monotonic() - search_started))
            totals[1:] = [a + b for a, b in zip(totals[1:], searched[1:], strict=True)]
            # The month counts' trigger was off too: count the months once, from the articles.
            months.recount()
        sys.stderr.write("\n")
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses a freshly loaded table is tiny and picks
            # plans (such as filtering every search vector) that only suit tiny tables; and a
            # vacuumed visibility map, or every index-only scan still reads the table's rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        written, cpu, database = totals
        seconds = time.monotonic() - started
        self.stdout.write(f"Added {written} articles in {seconds:.1f} s ({written / seconds:,.0f} articles/s).")
        # On a shared machine the wall-clock rate says more about the neighbours than about
        # this command; CPU time per article says what it costs.
        self.stdout.write(
            f"CPU per 1,000 articles: {cpu / written * 1000:.2f} s generating and sending, "
            f"{database / written * 1000:.2f} s in the database server (0 when it runs elsewhere)."
        )


def phase(what, totals, seconds):
    done, cpu, database = totals
    return f"{what}: {done} in {seconds:.1f} s, CPU {cpu:.1f} s here and {database:.1f} s in the database server."


def spread(items, workers):
    """``items`` dealt round-robin into at most ``workers`` non-empty shares."""
    return [share for share in (items[i::workers] for i in range(workers)) if share]


def run(jobs, on_progress):
    """Run each (generator function, args) job, in parallel processes when there are several.

    Each job yields (items done, CPU seconds here, CPU seconds in the database server); the
    sums are returned and the running count of items is passed to ``on_progress``.
    """
    totals = [0, 0.0, 0.0]
    if len(jobs) == 1:
        function, args = jobs[0]
        for report in function(*args):
            totals = [a + b for a, b in zip(totals, report, strict=True)]
            on_progress(totals[0])
        return totals
    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    reports = context.Queue()
    processes = [context.Process(target=_worker, args=(job, reports), daemon=True) for job in jobs]
    for process in processes:
        process.start()
    finished = 0
    while finished < len(jobs):
        report = reports.get()
        if report is None:
            finished += 1
            continue
        if isinstance(report, str):
            for process in processes:
                process.terminate()
            raise CommandError(f"A worker failed: {report}")
        totals = [a + b for a, b in zip(totals, report, strict=True)]
        on_progress(totals[0])
    for process in processes:
        process.join()
    return totals


def _worker(job, reports):
    function, args = job
    try:
        for report in function(*args):
            reports.put(report)
    except Exception as error:  # reported to the parent, which stops the run
        reports.put(f"{type(error).__name__}: {error}")
    finally:
        connections.close_all()
        reports.put(None)


def may_skip_triggers():
    """Whether this PostgreSQL session may turn its triggers off (superusers only)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


@contextmanager
def triggers_off(skip):
    """This session's triggers (the search trigger, foreign-key checks) off, when ``skip``."""
    if not skip:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET session_replication_role")


def write_batches(todo, end, skip_triggers=False):
    """Write each (batch number, articles it has, articles it should have); yield what each cost."""
    taxonomy, people = Taxonomy(), People()
    with triggers_off(skip_triggers):
        for number, have, want in todo:
            cpu, database = time.process_time(), database_cpu()
            stories = generate.batch(
                number,
                end=end,
                countries=list(taxonomy.countries),
                programmes=list(taxonomy.programmes),
                topics=list(taxonomy.topics),
            )[have:want]
            with transaction.atomic():
                write_stories(stories, taxonomy, people)
                ArchiveBatch.objects.update_or_create(number=number, defaults={"size": want})
            yield len(stories), time.process_time() - cpu, (database_cpu() or 0) - (database or 0)


#: Articles per search-entry statement when indexing after a load.
SEARCH_BATCH = 2000
MISSING_ONLY = " AND NOT EXISTS (SELECT 1 FROM articles_articlesearch s WHERE s.article_id = articles_article.id)"


def index_search(*, after, workers, only_missing=False):
    """Make the search entries of articles with an id above ``after``, as the trigger would have.

    The statement is ``rebuild_search_index``'s (the same ``articles_search_vector()``), run
    over id ranges in parallel. When the new entries outnumber the existing ones, the GIN
    index is dropped first and built once at the end.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM articles_article")
        last = cursor.fetchone()[0] or 0
        cursor.execute("SELECT count(*) FROM articles_articlesearch")
        existing = cursor.fetchone()[0]
    if last <= after:
        return [0, 0.0, 0.0]
    sql = UPSERT
    new = last - after
    if only_missing:
        sql = UPSERT.replace("AND id <= %s", f"AND id <= %s{MISSING_ONLY}")
        assert sql != UPSERT, "rebuild_search_index.UPSERT no longer reads an id range"
        new = Article.objects.count() - existing
        if not new:
            return [0, 0.0, 0.0]
    rebuild_gin = new >= existing
    gin = next(index for index in ArticleSearch._meta.indexes if isinstance(index, GinIndex))
    if rebuild_gin:
        with connection.schema_editor() as editor:
            editor.remove_index(ArticleSearch, gin)
    try:
        ranges = [(low, min(low + SEARCH_BATCH, last)) for low in range(after, last, SEARCH_BATCH)]
        started = time.monotonic()
        jobs = [(write_search_entries, (share, sql)) for share in spread(ranges, workers)]
        totals = run(jobs, lambda done: progress(done, new, started, what="search entries"))
    finally:
        if rebuild_gin:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
            with connection.schema_editor() as editor:
                editor.add_index(ArticleSearch, gin)
            with connection.cursor() as cursor:
                cursor.execute("RESET maintenance_work_mem")
    return totals


def write_search_entries(ranges, sql):
    # Triggers off here too: the foreign key to the article needs no check (the rows are read
    # from the article table in the same statement).
    with triggers_off(True):
        for low, high in ranges:
            cpu, database = time.process_time(), database_cpu()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [low, high])
                made = cursor.rowcount
            yield made, time.process_time() - cpu, (database_cpu() or 0) - (database or 0)


def progress(done, total, started, *, what, width=30):
    share = done / total if total else 1
    elapsed = max(time.monotonic() - started, 1e-6)
    rate = done / elapsed
    left = (total - done) / rate if rate else 0
    bar = "#" * int(width * share) + "." * (width - int(width * share))
    sys.stderr.write(f"\r[{bar}] {done}/{total} {what}, {rate:,.0f}/s, {left:,.0f} s left ")
    sys.stderr.flush()


def database_cpu():
    """CPU seconds the database server process of this connection has used, when it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Taxonomy:
    """Regions, countries, programmes and topics: few, made once, looked up by name."""

    def __init__(self):
        self.countries, self.programmes, self.topics = {}, {}, {}
        for region_name, names in words.COUNTRIES:
            region, _ = Region.objects.get_or_create(name=region_name)
            for name, iso_code in names.items():
                country, _ = Country.objects.get_or_create(iso_code=iso_code, defaults={"name": name, "region": region})
                self.countries[name] = country.pk
        for name in words.PROGRAMMES:
            self.programmes[name] = Programme.objects.get_or_create(name=name)[0].pk
        for name in words.TOPICS:
            self.topics[name] = Tag.objects.get_or_create(slug=name, defaults={"name": name.replace("-", " ")})[0].pk


class People:
    """Correspondents, organisations and sources by their generator number, made as the archive grows."""

    MODELS = {"correspondent": Correspondent, "organisation": Organisation, "source": Source}
    MAKERS = {"correspondent": generate.correspondent, "organisation": generate.organisation, "source": generate.source}

    def __init__(self):
        self.pk = {kind: {} for kind in self.MODELS}
        for kind, number, object_id in GeneratedRow.objects.values_list("kind", "number", "object_id"):
            if kind in self.pk:
                self.pk[kind][number] = object_id

    def ensure(self, counts):
        for kind, count in counts.items():
            have = len(self.pk[kind])
            if have >= count:
                continue
            model, make = self.MODELS[kind], self.MAKERS[kind]
            values = [make(number) for number in range(have, count)]
            objects = [model(**v) for v in values]
            for obj in objects:
                # bulk_create skips save(): fill the blind index the desk finds people by (and a constraint needs).
                if hasattr(obj, "refresh_name_index"):
                    obj.refresh_name_index()
            objects = model.objects.bulk_create(objects, batch_size=2000)
            GeneratedRow.objects.bulk_create(
                [GeneratedRow(kind=kind, number=have + i, object_id=o.pk) for i, o in enumerate(objects)],
                batch_size=5000,
            )
            for i, obj in enumerate(objects):
                self.pk[kind][have + i] = obj.pk
            if kind == "source":
                self._affiliate(have, objects)

    def _affiliate(self, first, sources):
        """Half the named sources hold a role at an organisation."""
        organisations = self.pk["organisation"]
        rows = []
        for i, source in enumerate(sources):
            number = first + i
            if number % 2 == 0 and organisations:
                organisation = organisations[number * 7919 % len(organisations)]
                rows.append(Affiliation(source=source, organisation_id=organisation, role=words.ROLES[number % 8]))
        Affiliation.objects.bulk_create(rows, batch_size=5000)


def write_stories(stories, taxonomy, people):
    """Articles, bylines, citations, countries and topics for ``stories``, in one bulk insert per table."""
    ids = next_ids(Article, len(stories))
    articles = [
        Article(
            id=pk,
            headline=s["headline"],
            slug=s["slug"],
            standfirst=s["standfirst"],
            body=s["body"],
            language=s["language"],
            status=s["status"],
            publish_at=s["publish_at"],
            first_published_at=s["publish_at"],
            submitted_at=s["created_at"],
            withdrawn_at=s["withdrawn_at"],
            created_at=s["created_at"],
            updated_at=s["publish_at"] or s["created_at"],
            programme_id=taxonomy.programmes[s["programme"]] if s["programme"] else None,
        )
        for pk, s in zip(ids, stories, strict=True)
    ]
    bylines, citations, countries, tags = [], [], [], []
    article_type = ContentType.objects.get_for_model(Article).pk
    correspondent, organisation, source = (people.pk[k] for k in ("correspondent", "organisation", "source"))
    for pk, s in zip(ids, stories, strict=True):
        bylines += [
            (pk, correspondent[number], position, "", BylineRole.AUTHOR) for position, number in enumerate(s["bylines"])
        ]
        for position, c in enumerate(s["citations"]):
            citations.append(
                (
                    pk,
                    source[c["source"]] if c["source"] is not None else None,
                    organisation[c["organisation"]] if c["organisation"] is not None else None,
                    c.get("role", ""),
                    c.get("anonymous", False),
                    c.get("descriptor", ""),
                    c.get("quote", ""),
                    position,
                )
            )
        countries += [(pk, taxonomy.countries[name]) for name in s["countries"]]
        tags += [(pk, article_type, taxonomy.topics[topic]) for topic in s["topics"]]
    insert(articles)
    # Child rows hold only numbers, plain text and booleans: no field converts them, so they
    # are written as tuples, which is most of the speed of a large load.
    copy_rows(Byline, ["article_id", "correspondent_id", "position", "author_line", "role"], bylines)
    copy_rows(
        Citation,
        ["article_id", "source_id", "organisation_id", "role", "is_anonymous", "descriptor", "quote", "position"],
        citations,
    )
    copy_rows(Article.countries.through, ["article_id", "country_id"], countries)
    copy_rows(TaggedItem, ["object_id", "content_type_id", "tag_id"], tags)


def next_ids(model, count):
    """Primary keys for ``count`` new rows, reserved before the insert so children can point at them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
            cursor.execute(sql, [table, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def insert(objects):
    """Insert model instances of one model: COPY on PostgreSQL, ``bulk_create`` elsewhere.

    Values go through each field's own ``get_db_prep_save``, as in ``bulk_create``, so a field
    that converts (or encrypts) its value does so here too.
    """
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=500)
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and getattr(objects[0], f.attname) is None)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])


def copy_rows(model, columns, rows):
    """Insert plain tuples into ``model``'s table (columns by attribute name): COPY on PostgreSQL."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=500)
        return
    column = {f.attname: f.column for f in model._meta.concrete_fields}
    names = ", ".join(connection.ops.quote_name(column[c]) for c in columns)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
