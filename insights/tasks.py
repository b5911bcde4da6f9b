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


@task()
def refresh_organisation_totals(organisation_id):
    """An organisation was edited (perhaps its kind or country): recount the months of the stories citing it."""
    from insights import rollups
    from insights.models import CitationFact

    months = (
        CitationFact.objects.filter(organisation_id=organisation_id)
        .annotate(month=rollups.MONTH)
        .values_list("month", flat=True)
        .distinct()
        .order_by()
    )
    rollups.recompute(int(month) for month in months)
