"""Every page of the desk opens for a superuser: each registered model's list, search, add and change pages."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from taggit.models import Tag

from api import keys
from articles.models import Notification, Revision, SlugRedirect, WorkflowEvent
from articles.notifications import deliver
from audit.log import record
from audit.models import AuditAction
from images.models import Rendition
from insights.models import Policy, SourceProfile
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrectionFactory,
    CorrespondentFactory,
    CountryFactory,
    ImageFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def superuser():
    return UserFactory(username="chief", is_superuser=True)


@pytest.fixture
def one_of_everything(superuser):
    """At least one row for every model the admin shows, with its relations filled in."""
    article = ArticleFactory(
        live=True,
        programme=ProgrammeFactory(name="Rule of Law"),
        countries=[CountryFactory(name="Kyrgyzstan", iso_code="KG")],
        tags=["water"],
        created_by=superuser,
    )
    article.lead_image = ImageFactory()
    article.save()
    BylineFactory(article=article, correspondent=CorrespondentFactory(user=UserFactory(username="aigerim")))
    named = AffiliationFactory().source
    CitationFactory(article=article, source=named)
    SourceProfile.objects.create(source=named, gender="woman")
    Policy.objects.get_or_create(kind=Policy.Kind.PRINCIPLES, defaults={"title": "Principles", "body": "<p>x</p>"})
    CitationFactory(article=article, source=ConfidentialSourceFactory(), organisation=None)
    CorrectionFactory(article=article)
    event = WorkflowEvent.objects.create(
        article=article, actor=superuser, action="publish", from_status="approved", to_status="published"
    )
    Revision.objects.create(article=article, version=1, created_by=superuser, data={"headline": article.headline})
    Notification.objects.create(
        article=article, event=event, recipient=superuser, email="chief@example.org", subject="Published", body="…"
    )
    # A queued task (the worker's queue is shown in the desk for superusers).
    DatabaseBackend(alias="default", params={}).enqueue(deliver, (0,), {})
    Rendition.objects.create(image=article.lead_image, width=320, height=240, format="webp", file="r/a.webp")
    SlugRedirect.objects.create(old_slug="earlier-address", article=article)
    OrganisationFactory(country=article.countries.get())
    Group.objects.get_or_create(name="Editors")
    Tag.objects.get_or_create(name="water")
    record(AuditAction.LOGIN, actor=superuser)
    keys.issue(partner="Eurasia Wire", by=superuser)
    return article


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def first_row(model, model_admin, request):
    obj = model_admin.get_queryset(request).order_by("pk").first()
    if obj is None:
        pytest.fail(f"No {model._meta.label} row to open: add one to the one_of_everything fixture.")
    return obj


@pytest.mark.parametrize("model", REGISTERED, ids=[m._meta.label for m in REGISTERED])
def test_changelist_and_its_search_open_for_a_superuser(client, superuser, one_of_everything, model):
    client.force_login(superuser)
    model_admin = admin.site._registry[model]

    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1

    if model_admin.search_fields:
        assert client.get(admin_url(model, "changelist"), {"q": "Osh"}).status_code == 200
    assert b"errornote" not in response.content


@pytest.mark.parametrize("model", REGISTERED, ids=[m._meta.label for m in REGISTERED])
def test_add_page_opens_for_a_superuser_where_adding_is_allowed(client, rf, superuser, one_of_everything, model):
    client.force_login(superuser)
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]

    response = client.get(admin_url(model, "add"))

    assert response.status_code == (200 if model_admin.has_add_permission(request) else 403)


@pytest.mark.parametrize("model", REGISTERED, ids=[m._meta.label for m in REGISTERED])
def test_change_page_opens_for_a_superuser(client, rf, superuser, one_of_everything, model):
    client.force_login(superuser)
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    obj = first_row(model, model_admin, request)

    response = client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert response.context["original"] == obj
    assert client.get(admin_url(model, "history", obj.pk)).status_code == 200


def test_desk_index_lists_every_registered_model(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    for model in REGISTERED:
        assert admin_url(model, "changelist") in response.text


def test_article_change_page_shows_bylines_citations_and_corrections_inline(client, superuser, one_of_everything):
    client.force_login(superuser)

    response = client.get(admin_url(one_of_everything._meta.model, "change", one_of_everything.pk))

    formsets = {formset.opts.model._meta.model_name for formset in response.context["inline_admin_formsets"]}
    assert {"byline", "citation", "correction"} <= formsets


def test_confidential_source_is_listed_by_its_descriptor_not_its_name(client, superuser):
    source = ConfidentialSourceFactory(name="Serik Baimukhanov", public_descriptor="a prison doctor")
    client.force_login(superuser)

    response = client.get(admin_url(source._meta.model, "changelist"))

    assert "a prison doctor" in response.text
    assert "Serik Baimukhanov" not in response.text


def test_scheduled_article_opens_in_the_admin(client, superuser):
    article = ArticleFactory(status="published", publish_at=timezone.now() + dt.timedelta(days=2))
    client.force_login(superuser)

    assert client.get(admin_url(article._meta.model, "change", article.pk)).status_code == 200
