"""Revisions: every save kept, a readable diff between any two, and restore as a new revision."""

import ast
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Article, Revision
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrespondentUserFactory,
    EditorFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_word_diff_marks_only_the_changed_words_and_escapes_html():
    html = str(revisions.word_diff("Teachers in Osh wait <b>for</b> pay", "Teachers in Naryn wait <b>for</b> pay"))
    assert "<del>Osh</del><ins>Naryn</ins>" in html
    assert "Teachers in " in html and "&lt;b&gt;for&lt;/b&gt;" in html


def test_every_admin_save_records_a_revision_with_bylines_and_citations(author):
    article = ArticleFactory(body="<p>The canal is dry.</p>")
    BylineFactory(article=article, correspondent=author.correspondent)
    client = logged_in(author)
    client.post(
        reverse("admin:articles_article_add"),
        change_form_data(ArticleFactory.build(headline="Kazakhstan: New Story"))
        | {"bylines-TOTAL_FORMS": 0, "bylines-INITIAL_FORMS": 0, "base_version": ""},
    )
    created = Article.objects.get(headline="Kazakhstan: New Story")
    assert list(created.revisions.values_list("version", "comment")) == [(1, "Created")]
    assert created.revisions.get().data["bylines"][0]["correspondent"] == author.correspondent.pk
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, body="<p>The canal has been dry since June.</p>"),
    )
    revision = article.revisions.get(version=2)
    assert revision.created_by == author and "since June" in revision.data["body"]


def test_history_page_lists_events_and_revisions_and_compares_two(author, editor):
    organisation = OrganisationFactory(name="Adilet Legal Clinic", acronym="Adilet")
    article = ArticleFactory(body="<p>Farmers say the canal is dry.</p>")
    BylineFactory(article=article, correspondent=author.correspondent)
    revisions.record_revision(article, by=author, comment="Created")
    client = logged_in(editor)
    data = change_form_data(article, body="<p>Farmers say the canal has been dry since June.</p>") | {
        "citations-TOTAL_FORMS": 1,
        "citations-0-organisation": organisation.pk,
        "citations-0-role": "legal advisers",
        "citations-0-position": 0,
        "citations-0-descriptor": "",
        "citations-0-quote": "",
    }
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    workflow.submit(article, by=author)
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    assert "submit" in history.text and 'Restore<span class="review-hidden"> version 1</span>' in history.text
    compare = client.get(reverse("admin:articles_article_compare", args=[article.pk]), {"a": 1, "b": 2})
    assert (
        "Farmers say the canal <del>is</del><ins>has</ins> <del>dry.</del><ins>been dry since June.</ins>"
        in compare.text
    )
    assert "Adilet Legal Clinic (Adilet) (legal advisers)" in compare.text


def test_editor_restores_an_old_revision_as_a_new_one(author, editor):
    article = ArticleFactory(headline="Kyrgyzstan: First Headline", status=S.SUBMITTED)
    BylineFactory(article=article, correspondent=author.correspondent)
    first = revisions.record_revision(article, by=author)
    client = logged_in(editor)
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, headline="Kyrgyzstan: Worse Headline", bylines_TOTAL_FORMS=1),
    )
    article.refresh_from_db()
    assert article.version == 2
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, first.pk]), {"version": 2}, follow=True
    )
    assert "Version 1 restored as version 3." in response.text
    article.refresh_from_db()
    assert (article.headline, article.version, article.status) == ("Kyrgyzstan: First Headline", 3, S.SUBMITTED)
    assert article.revisions.get(version=3).comment == "Restored version 1"
    assert list(article.bylines.values_list("correspondent", flat=True)) == [author.correspondent.pk]


def test_restore_based_on_an_old_page_is_refused(author, editor):
    article = ArticleFactory(headline="Original")
    first = revisions.record_revision(article, by=author)
    Article.objects.filter(pk=article.pk).update(headline="Newer", version=2)
    revisions.record_revision(Article.objects.get(pk=article.pk), by=editor)
    with pytest.raises(workflow.WorkflowError, match="saved this article"):
        workflow.restore(first, by=editor, version=1)
    assert Article.objects.get(pk=article.pk).headline == "Newer"


def test_correspondent_cannot_restore(author):
    article = ArticleFactory(headline="Original")
    BylineFactory(article=article, correspondent=author.correspondent)
    first = revisions.record_revision(article, by=author)
    response = logged_in(author).post(
        reverse("admin:articles_article_restore", args=[article.pk, first.pk]), {"version": article.version}
    )
    assert response.status_code == 403
    assert Revision.objects.filter(article=article).count() == 1


def test_history_never_names_a_confidential_source(author, editor):
    source = ConfidentialSourceFactory(name="Saule Neverprinted", public_descriptor="a teacher in Osh")
    article = ArticleFactory()
    BylineFactory(article=article, correspondent=author.correspondent)
    revisions.record_revision(article, by=author)
    CitationFactory(article=article, source=source, organisation=None, is_anonymous=True)
    Article.objects.filter(pk=article.pk).update(version=2)
    article.refresh_from_db()
    revisions.record_revision(article, by=editor)
    for user in (author, editor):
        client = logged_in(user)
        compare = client.get(reverse("admin:articles_article_compare", args=[article.pk]), {"a": 1, "b": 2})
        assert "a teacher in Osh" in compare.text
        assert "Neverprinted" not in compare.text
        assert "Neverprinted" not in str(Revision.objects.get(article=article, version=2).data)


@pytest.mark.parametrize("who", ["own author", "other correspondent"])
def test_restore_called_from_a_shell_by_a_correspondent_is_refused_and_changes_nothing(who, author):
    article = ArticleFactory(headline="Original")
    BylineFactory(article=article, correspondent=author.correspondent)
    first = revisions.record_revision(article, by=author)
    Article.objects.filter(pk=article.pk).update(headline="Newer", version=2)
    actor = author if who == "own author" else CorrespondentUserFactory(username="bakyt")

    with pytest.raises(workflow.WorkflowError):
        workflow.restore(first, by=actor, version=2)

    article.refresh_from_db()
    assert (article.headline, article.version, article.revisions.count()) == ("Newer", 2, 1)


def test_revisions_module_is_storage_and_diff_only():
    """No import of the workflow, and no import tucked into a function to dodge a circle."""
    tree = ast.parse(Path(revisions.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    function_imports = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(isinstance(inner, ast.Import | ast.ImportFrom) for inner in ast.walk(node))
    ]

    assert "articles.workflow" not in imported and "articles" not in imported
    assert function_imports == []


# --- each version holds what its own save wrote, inline by inline --------------------------------


def inline_rows(prefix, rows, *, initial=0):
    """An inline formset as the browser posts it: ``initial`` existing rows first, then new ones."""
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": initial}
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    return data


def save_in_desk(client, article, **inlines):
    """Save the article's change form as it stands, with ``inlines`` posted; the new version's number."""
    article = Article.objects.get(pk=article.pk)
    data = change_form_data(article) | inlines
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.text
    return Article.objects.get(pk=article.pk).version


def compared(client, article, a, b):
    return client.get(reverse("admin:articles_article_compare", args=[article.pk]), {"a": a, "b": b}).text


def restore_version(client, article, number):
    revision = article.revisions.get(version=number)
    current = Article.objects.get(pk=article.pk).version
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, revision.pk]), {"version": current}
    )
    assert response.status_code == 302


def test_a_byline_edit_is_in_the_revision_of_the_save_that_made_it(author, editor):
    article = ArticleFactory()
    byline = BylineFactory(article=article, correspondent=author.correspondent)
    client = logged_in(editor)
    save_in_desk(client, article, standfirst="Version two.")

    def with_author_line(line):
        row = {"id": byline.pk, "article": article.pk, "correspondent": author.correspondent.pk, "position": 0}
        return inline_rows("bylines", [row | {"author_line": line}], initial=1)

    three = save_in_desk(client, article, **with_author_line("Aigerim is a correspondent in Osh."))
    assert three == 3
    assert article.revisions.get(version=2).data["bylines"][0]["author_line"] == ""
    assert article.revisions.get(version=3).data["bylines"][0]["author_line"] == "Aigerim is a correspondent in Osh."
    assert "aigerim Byline<ins> — Aigerim is a correspondent in Osh.</ins>" in compared(client, article, 2, 3)
    save_in_desk(client, article, **with_author_line("Aigerim reports from Naryn."))
    restore_version(client, article, 3)
    assert Article.objects.get(pk=article.pk).bylines.get().author_line == "Aigerim is a correspondent in Osh."
    assert article.revisions.get(version=5).data["bylines"][0]["author_line"] == "Aigerim is a correspondent in Osh."


def test_a_citation_is_in_the_revision_of_the_save_that_added_it(author, editor):
    organisation = OrganisationFactory(name="Adilet Legal Clinic", acronym="Adilet")
    article = ArticleFactory()
    BylineFactory(article=article, correspondent=author.correspondent)
    client = logged_in(editor)
    save_in_desk(client, article, standfirst="Version two.")
    cited = {
        "organisation": organisation.pk,
        "role": "legal-aid clinic",
        "descriptor": "",
        "quote": "Nobody has been paid since March.",
        "position": 0,
    }
    save_in_desk(client, article, **inline_rows("citations", [cited]))
    assert article.revisions.get(version=2).data["citations"] == []
    assert article.revisions.get(version=3).data["citations"][0]["quote"] == "Nobody has been paid since March."
    assert "“Nobody has been paid since March.”" in compared(client, article, 2, 3)
    citation = article.citations.get()
    dropped = cited | {"id": citation.pk, "article": article.pk, "DELETE": "on"}
    save_in_desk(client, article, **inline_rows("citations", [dropped], initial=1))
    assert article.revisions.get(version=4).data["citations"] == []
    restore_version(client, article, 3)
    assert list(article.citations.values_list("quote", flat=True)) == ["Nobody has been paid since March."]


def test_a_correction_is_in_the_revision_of_the_save_that_added_it(editor):
    article = ArticleFactory(live=True)
    client = logged_in(editor)
    save_in_desk(client, article, standfirst="Version two.")
    note = {"kind": "correction", "note": "The district is Zhambyl, not Turkistan."}
    added = note | {"published_at_0": "2026-05-04", "published_at_1": "10:00"}
    save_in_desk(client, article, **inline_rows("corrections", [added]))
    assert article.revisions.get(version=2).data["corrections"] == []
    assert article.revisions.get(version=3).data["corrections"][0]["note"] == note["note"]
    diff = compared(client, article, 2, 3)
    assert "Corrections" in diff and "Correction, 04 May 2026: The district is Zhambyl, not Turkistan." in diff
    correction = article.corrections.get()
    dropped = added | {"id": correction.pk, "article": article.pk, "DELETE": "on"}
    save_in_desk(client, article, **inline_rows("corrections", [dropped], initial=1))
    assert not article.corrections.exists()
    restore_version(client, article, 3)
    assert list(article.corrections.values_list("kind", "note")) == [("correction", note["note"])]
