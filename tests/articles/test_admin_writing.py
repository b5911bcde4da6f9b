"""The article form as a writing surface: byline from the start, the fields' shape, compact
citations, and autosave through the one version check (issue 10)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from audit.models import AuditAction, AuditEvent
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    CorrespondentUserFactory,
    CountryFactory,
    EditorFactory,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
ADD_AUTOSAVE = reverse("admin:articles_article_add_autosave")


@pytest.fixture
def writer():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def draft(writer):
    article = ArticleFactory(headline="Kyrgyzstan: Osh Lawyers Wait", body="<p>First paragraph.</p>")
    BylineFactory(article=article, correspondent=writer.correspondent)
    return article


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def words(article, **overrides):
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "base_version": article.version,
    } | overrides


def add_form_data(**overrides):
    data = {
        "headline": "Kyrgyzstan: Osh Lawyers Say Detainees Waited Days",
        "slug": "",
        "standfirst": "Families say relatives\nwere held without counsel.",
        "body": "<p>Three families spoke to us.</p>",
        "language": "en",
        "tags": "",
        "author_line": "Aigerim Tokonova is a correspondent in Osh.",
    }
    for prefix in ("citations", "corrections"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | overrides


# --- the writing surface -------------------------------------------------------------------------------


def test_add_form_shows_the_byline_from_the_start_and_takes_the_author_line(writer):
    page = logged_in(writer).get(ADD).text

    assert "You (aigerim Byline) will be the byline. An editor adds co-authors after the first save." in page
    assert 'name="author_line"' in page
    assert 'id="bylines-group"' not in page  # no empty table the author cannot fill
    assert 'maxlength="255"' in page and 'class="writing-headline"' in page and "data-counter" in page
    assert 'name="standfirst" cols="40" rows="1" class="writing-wide writing-oneline"' in page
    assert "admin-newsroom/writing.js" in page and "<script>" not in page


def test_body_editor_has_spell_check_on(writer):
    page = logged_in(writer).get(ADD).text
    start = page.index("data-django-prose-editor-configurable=")
    config = page[start : page.index(">", start)]
    assert "NoSpellCheck" not in config


def test_new_article_gets_its_authors_byline_with_the_author_line_and_a_one_line_standfirst(writer):
    response = logged_in(writer).post(ADD, add_form_data())

    assert response.status_code == 302
    article = Article.objects.get()
    byline = article.bylines.get()
    assert byline.correspondent == writer.correspondent
    assert byline.author_line == "Aigerim Tokonova is a correspondent in Osh."
    assert article.standfirst == "Families say relatives were held without counsel."


def test_editors_add_form_offers_bylines_instead_of_an_author_line():
    page = logged_in(EditorFactory()).get(ADD).text
    assert "Add the bylines below" in page and 'id="bylines-group"' in page
    assert 'name="author_line"' not in page


def test_citations_are_one_line_each_with_the_quote_folded_and_only_add_beside_the_pickers(writer, draft):
    CitationFactory(article=draft, role="monitor", quote="We waited four days.")
    page = logged_in(writer).get(reverse("admin:articles_article_change", args=[draft.pk])).text
    group = page[page.index('id="citations-group"') :]
    group = group[: group.index('id="corrections-group"')] if 'id="corrections-group"' in group else group

    assert 'class="tabular' in group and "citations-compact" in group
    assert '<details class="citation-quote"><summary>Quote ✓</summary>' in group
    assert 'id="add_id_citations-0-organisation"' in group
    assert 'id="change_id_citations-0-organisation"' not in group and 'id="view_id_citations-0-source"' not in group


def test_country_admin_searches_aliases():
    CountryFactory(name="Kazakhstan", iso_code="KZ", aliases="Kazakstan\nҚазақстан")
    CountryFactory(name="Kyrgyzstan", iso_code="KG")
    client = logged_in(EditorFactory())

    page = client.get(reverse("admin:articles_country_changelist"), {"q": "Kazakstan"}).text

    assert "Kazakhstan" in page and "Kyrgyzstan" not in page
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "countries", "term": "Қазақстан"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["Kazakhstan"]


# --- autosave ------------------------------------------------------------------------------------------


def test_autosave_writes_the_words_raises_the_version_and_keeps_one_revision_per_sitting(writer, draft):
    client = logged_in(writer)

    first = client.post(autosave_url(draft), words(draft, body="<p>First paragraph. Second.</p>"))
    assert first.status_code == 200 and first.json() == {"version": 2}
    second = client.post(
        autosave_url(draft), words(draft, body="<p>First. Second. Third.</p>", base_version=2, _autosaved=2)
    )
    assert second.json() == {"version": 3}

    draft.refresh_from_db()
    assert draft.body == "<p>First. Second. Third.</p>" and draft.version == 3
    assert list(draft.revisions.values_list("version", "comment")) == [(3, "Autosaved")]


def test_autosave_of_unchanged_words_writes_nothing(writer, draft):
    response = logged_in(writer).post(autosave_url(draft), words(draft))
    assert response.json() == {"version": 1}
    assert not draft.revisions.exists()


def test_autosave_after_someone_elses_save_is_refused_and_changes_nothing(writer, draft):
    editor = EditorFactory(first_name="Dilnoza", last_name="Rashidova")
    logged_in(editor).post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_form_data(draft, headline="Kyrgyzstan: Osh Lawyers Wait for Counsel"),
    )

    response = logged_in(writer).post(autosave_url(draft), words(draft, body="<p>Mine.</p>", base_version=1))

    assert response.status_code == 409
    assert "Dilnoza Rashidova saved this article" in response.json()["error"]
    draft.refresh_from_db()
    assert draft.body == "<p>First paragraph.</p>" and draft.headline.endswith("for Counsel") and draft.version == 2


def test_autosave_is_refused_where_the_author_may_not_edit(writer, draft):
    stranger = logged_in(CorrespondentUserFactory(username="bakyt"))
    assert stranger.post(autosave_url(draft), words(draft, body="<p>Planted.</p>")).status_code == 404
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert refusal.detail["view"] == "autosave" and refusal.actor_label == "bakyt"
    draft.status = Article.Status.SUBMITTED
    draft.save()
    assert logged_in(writer).post(autosave_url(draft), words(draft, body="<p>Late.</p>")).status_code == 403
    assert logged_in(writer).get(autosave_url(draft)).status_code == 405
    draft.refresh_from_db()
    assert draft.body == "<p>First paragraph.</p>"


def test_autosave_refuses_words_the_form_would_refuse(writer, draft):
    response = logged_in(writer).post(autosave_url(draft), words(draft, headline=""))
    assert response.status_code == 400 and "Not autosaved" in response.json()["error"]
    assert Article.objects.get(pk=draft.pk).version == 1


def test_new_articles_autosave_waits_in_the_session_until_it_is_saved(writer):
    client = logged_in(writer)
    response = client.post(ADD_AUTOSAVE, add_form_data(headline="Kyrgyzstan: Kept by Autosave"))
    assert response.json() == {"kept": True} and not Article.objects.exists()

    page = client.get(ADD).text
    assert "kept by autosave before you left this page" in page and "Kyrgyzstan: Kept by Autosave" in page

    client.post(ADD_AUTOSAVE, add_form_data(headline="Kyrgyzstan: Kept by Autosave"))
    client.post(ADD, add_form_data(headline="Kyrgyzstan: Kept by Autosave"))
    assert Article.objects.filter(headline="Kyrgyzstan: Kept by Autosave").exists()
    assert "kept by autosave" not in client.get(ADD).text


def test_words_autosaved_after_the_session_expired_come_back_after_login(writer, draft):
    client = Client()
    response = client.post(autosave_url(draft), words(draft, body="<p>Written while logged out.</p>"))

    assert response.status_code == 401 and "log in again" in json.loads(response.content)["error"]
    assert Article.objects.get(pk=draft.pk).body == "<p>First paragraph.</p>"
    client.force_login(writer)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text
    assert "Written while logged out." in page and "before you were logged out" in page


def test_change_form_carries_the_autosave_address_and_interval(writer, draft, settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 7
    page = logged_in(writer).get(reverse("admin:articles_article_change", args=[draft.pk])).text
    assert f'data-autosave-url="{autosave_url(draft)}" data-autosave-seconds="7"' in page
    draft.status = Article.Status.SUBMITTED
    draft.save()
    page = logged_in(writer).get(reverse("admin:articles_article_change", args=[draft.pk])).text
    assert "data-autosave-url" not in page
