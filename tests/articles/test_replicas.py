"""Anonymous public reads come from a read replica; the desk and writes use the primary.

The replica here is a real, separate PostgreSQL database that the test fills as replication
would (the same rows, but with a headline only the replica holds), so a page proves where it read.
"""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections

from articles.models import Article
from tests.factories import ArticleFactory, EditorFactory

ALIAS = "replica_test"
pytestmark = [pytest.mark.django_db(databases=["default", ALIAS]), pytest.mark.postgres]


def _admin_connection():
    import psycopg

    primary = connections["default"].settings_dict
    return psycopg.connect(
        host=primary["HOST"] or None,
        port=primary["PORT"] or None,
        user=primary["USER"],
        password=primary["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="module")
def replica_name(django_db_setup, django_db_blocker):
    """A separate database with the schema, made once for the module and dropped after it."""
    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("read replicas are tested on PostgreSQL (set DATABASE_URL=postgres://…)")
    name = f"{connections['default'].settings_dict['NAME']}_replica"
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    connections.settings[ALIAS] = {**connections["default"].settings_dict, "NAME": name}
    try:
        with django_db_blocker.unblock():
            call_command("migrate", database=ALIAS, verbosity=0)
        yield name
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def replica(replica_name, settings):
    """The replica, as the router sees it; what a test writes there is rolled back with the test."""
    settings.NEWSROOM_READ_REPLICAS = [ALIAS]
    settings.NEWSROOM_REPLICA_MAX_LAG = 0
    return ALIAS


def _replicate(article, **differences):
    """Copy ``article``'s row to the replica as streaming replication would, with ``differences``."""
    copy = Article.objects.get(pk=article.pk)
    for field, value in differences.items():
        setattr(copy, field, value)
    Article.objects.using(ALIAS).bulk_create([copy])


def test_anonymous_reader_reads_from_the_replica_and_the_desk_from_the_primary(replica, client):
    article = ArticleFactory(live=True, headline="Primary Copy Of The Story")
    _replicate(article, headline="Replica Copy Of The Story")

    public = client.get(article.get_absolute_url()).content.decode()
    client.force_login(EditorFactory())
    logged_in = client.get(article.get_absolute_url()).content.decode()
    desk = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    assert "Replica Copy Of The Story" in public
    assert "Primary Copy Of The Story" in logged_in and "Replica Copy" not in logged_in
    assert "Primary Copy Of The Story" in desk


def test_without_replicas_everything_reads_the_primary(replica, client, settings):
    settings.NEWSROOM_READ_REPLICAS = []
    article = ArticleFactory(live=True, headline="Primary Copy Of The Story")
    _replicate(article, headline="Replica Copy Of The Story")

    assert "Primary Copy Of The Story" in client.get(article.get_absolute_url()).content.decode()


def test_right_after_a_public_change_pages_render_from_the_primary(replica, client, settings):
    settings.NEWSROOM_REPLICA_MAX_LAG = 60
    article = ArticleFactory(live=True, headline="Primary Copy Of The Story")
    _replicate(article, headline="Lagging Replica Copy")

    # The save just bumped the story's pages: a replica may not have it yet.
    assert "Primary Copy Of The Story" in client.get(article.get_absolute_url()).content.decode()
