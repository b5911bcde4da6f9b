"""Saving in the desk: concurrent creates, a failure part-way through a save, never a 500."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article, Citation, Correction, Revision
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, EditorFactory, OrganisationFactory


def new_article_data(**overrides):
    """The add form as the browser posts it for a new article."""
    data = change_form_data(ArticleFactory.build(), base_version="")
    return data | {"bylines-TOTAL_FORMS": 0, "bylines-INITIAL_FORMS": 0} | overrides


def create_at_once(clients, data):
    """Post the add form from every client at the same moment, each on its own connection."""
    start = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def post(i, client):
        start.wait()
        try:
            responses[i] = client.post(reverse("admin:articles_article_add"), data)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i, client)) for i, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def editors(n):
    clients = []
    for i in range(n):
        client = Client(raise_request_exception=False)
        client.force_login(EditorFactory(username=f"editor{i}"))
        clients.append(client)
    return clients


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_editors_creating_the_same_headline_at_once_each_get_an_article_with_its_own_slug():
    responses = create_at_once(editors(6), new_article_data(headline="Uzbekistan: Same Story", slug=""))
    assert [r.status_code for r in responses] == [302] * 6
    slugs = sorted(Article.objects.filter(headline="Uzbekistan: Same Story").values_list("slug", flat=True))
    assert slugs == sorted(["uzbekistan-same-story", *(f"uzbekistan-same-story-{n}" for n in range(2, 7))])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_editors_typing_the_same_slug_at_once_get_one_article_and_clear_form_errors():
    responses = create_at_once(editors(6), new_article_data(headline="Georgia: Typed Address", slug="typed-address"))
    codes = sorted(r.status_code for r in responses)
    assert 500 not in codes
    saved = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200]
    assert len(saved) == 1 and len(refused) == 5
    for response in refused:
        assert "was taken by another article a moment ago" in response.text
        assert "Georgia: Typed Address" in response.text  # the words are still in the form
    assert list(Article.objects.values_list("slug", flat=True)) == ["typed-address"]


# --- a failure part-way through a save ---------------------------------------------------------


def refuse_inserts_into(model):
    """Make the database itself refuse every new row of ``model`` (a trigger, on either database)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION newsroom_refuse_row() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER newsroom_refuse BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION newsroom_refuse_row()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER newsroom_refuse BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )


def editor_client():
    client = Client()
    client.force_login(EditorFactory(username="dilnoza"))
    return client


def with_correction(data, note):
    return data | {
        "corrections-TOTAL_FORMS": 1,
        "corrections-0-kind": "correction",
        "corrections-0-note": note,
        "corrections-0-published_at_0": "2026-05-04",
        "corrections-0-published_at_1": "10:00",
    }


@pytest.mark.django_db
def test_a_correction_the_database_refuses_rolls_back_the_whole_save_and_keeps_the_text():
    article = ArticleFactory(live=True, headline="Kazakhstan: As Published")
    client = editor_client()
    data = with_correction(
        change_form_data(article, headline="Kazakhstan: As Corrected"), "The district was Zhambyl, not Turkistan."
    )
    refuse_inserts_into(Correction)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "Nothing was saved: the database refused the corrections" in response.text
    assert "Your text is still in the form below" in response.text
    assert "Kazakhstan: As Corrected" in response.text
    assert "The district was Zhambyl, not Turkistan." in response.text
    article.refresh_from_db()
    assert article.headline == "Kazakhstan: As Published" and article.version == 1
    assert not article.revisions.exists() and not article.corrections.exists()
    assert "was changed successfully" not in client.get(reverse("admin:articles_article_changelist")).text


@pytest.mark.django_db
def test_a_new_article_whose_citation_is_refused_is_not_created_and_comes_back_in_the_form():
    organisation = OrganisationFactory(name="Adilet Legal Clinic")
    client = editor_client()
    data = new_article_data(headline="Kyrgyzstan: Lawyers Wait", standfirst="A standfirst worth keeping.") | {
        "citations-TOTAL_FORMS": 1,
        "citations-0-organisation": organisation.pk,
        "citations-0-role": "legal-aid clinic",
        "citations-0-descriptor": "",
        "citations-0-quote": "We have not been paid since March.",
        "citations-0-position": 0,
    }
    refuse_inserts_into(Citation)
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "Nothing was saved: the database refused the citations" in response.text
    assert "Kyrgyzstan: Lawyers Wait" in response.text and "A standfirst worth keeping." in response.text
    assert "We have not been paid since March." in response.text
    assert not Article.objects.filter(headline="Kyrgyzstan: Lawyers Wait").exists()
    assert not Revision.objects.exists()
