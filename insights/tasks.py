"""Tasks of the insights app, run by the task worker (``manage.py db_worker``)."""

from django_tasks import task

from articles.models import Citation


@task()
def refresh_facts(article_ids):
    """Bring the report's facts of these stories up to date (after a publish, withdrawal, edit or correction)."""
    from insights import facts

    facts.refresh(article_ids)


@task()
def refresh_source_facts(source_id):
    """A source became (or stopped being) confidential: recount every story citing it."""
    from insights import facts

    facts.refresh(Citation.objects.filter(source_id=source_id).values_list("article_id", flat=True).distinct())
