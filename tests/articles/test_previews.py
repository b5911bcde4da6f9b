"""Shareable preview links: who may make them, what the page says and sends, and when they stop."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import caching, previews, workflow
from articles.models import Article, PreviewLink, WorkflowEvent
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="Rashidova")


@pytest.fixture
def draft(author):
    article = ArticleFactory(headline="Kyrgyzstan: Village Councils Led by Women", status=S.DRAFT)
    BylineFactory(article=article, correspondent=author.correspondent)
    return article


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def links_page(article):
    return reverse("admin:articles_article_preview_links", args=[article.pk])


def create_through_desk(user, article, **data):
    """Create a link on the desk page as ``user``; the link's path as shown once, or ``None``."""
    response = logged_in(user).post(links_page(article), {"label": "lawyer", "hours": 48, **data})
    found = re.search(r'value="http://testserver(/preview/[^"]+)"', response.text)
    return response, (found.group(1) if found else None)


# --- who may create a link -------------------------------------------------------------------------


def test_author_creates_a_link_for_their_draft_and_it_is_shown_once(author, draft):
    response, path = create_through_desk(author, draft)

    assert response.status_code == 200 and "Copy it now" in response.text
    assert path and path.startswith(f"/preview/{draft.pk}/")
    assert "no-store" in response["Cache-Control"]
    link = PreviewLink.objects.get(article=draft)
    assert (link.label, link.created_by) == ("lawyer", author)
    assert link.expires_at - link.created_at == dt.timedelta(hours=48)
    # Shown only once: the list page does not carry the token again.
    again = logged_in(author).get(links_page(draft))
    assert path not in again.text and "lawyer" in again.text


def test_editor_creates_a_link_with_a_chosen_lifetime(editor, draft):
    _, path = create_through_desk(editor, draft, hours=1)

    link = PreviewLink.objects.get(article=draft)
    assert path and link.expires_at - link.created_at == dt.timedelta(hours=1)


def test_author_cannot_create_a_link_once_the_article_is_submitted(author, draft):
    workflow.submit(draft, by=author)

    response, path = create_through_desk(author, draft)

    assert path is None and not PreviewLink.objects.exists()
    assert "Only an editor, or the article" in logged_in(author).get(links_page(draft)).text
    with pytest.raises(workflow.WorkflowError):
        previews.create(draft, by=author)


def test_another_correspondent_gets_a_404_and_no_link(draft):
    stranger = CorrespondentUserFactory(username="nino")

    response = logged_in(stranger).post(links_page(draft), {"label": "x", "hours": 48})

    assert response.status_code == 404 and not PreviewLink.objects.exists()
    with pytest.raises(workflow.WorkflowError):
        previews.create(draft, by=stranger)


def test_no_link_for_a_published_article(editor):
    article = ArticleFactory(live=True)

    with pytest.raises(workflow.WorkflowError, match="before it is published"):
        previews.create(article, by=editor)


def test_a_lifetime_beyond_a_week_is_refused(editor, draft):
    with pytest.raises(workflow.WorkflowError):
        previews.create(draft, by=editor, hours=24 * 30)
    response, path = create_through_desk(editor, draft, hours=24 * 30)
    assert path is None and "Select a valid choice" in response.text


def test_token_is_long_random_and_stored_only_as_a_hash(editor, draft):
    link, token = previews.create(draft, by=editor)
    other, other_token = previews.create(draft, by=editor)

    assert len(token) >= 43 and token != other_token  # 32 random bytes, base64: 256 bits
    assert link.token_hash == previews.digest(token) and token not in link.token_hash
    assert not PreviewLink.objects.filter(token_hash=token).exists()


# --- opening a link -----------------------------------------------------------------------------------


def test_link_opens_without_login_with_banner_noindex_and_private_headers(editor, draft):
    link, token = previews.create(draft, by=editor)

    response = Client().get(previews.path(link, token))

    assert response.status_code == 200
    page = response.text
    assert "Kyrgyzstan: Village Councils Led by Women" in page
    assert "Preview — not published" in page and "This link works until" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"] and not response.has_header("Surrogate-Key")
    assert not response.cookies


def test_each_open_is_recorded_on_the_articles_history(editor, draft):
    link, token = previews.create(draft, by=editor, label="fixer in Osh")

    for _ in range(2):
        Client().get(previews.path(link, token))
    Client().head(previews.path(link, token))

    opens = WorkflowEvent.objects.filter(article=draft, action=previews.OPENED)
    assert opens.count() == 2 and "fixer in Osh" in opens.first().comment
    link.refresh_from_db()
    assert link.opened_count == 2 and link.last_opened_at is not None
    history = logged_in(editor).get(reverse("admin:articles_article_history", args=[draft.pk])).text
    assert "Preview link “fixer in Osh” opened" in history


def test_a_token_for_one_article_never_opens_another(editor, draft):
    other = ArticleFactory(headline="Kazakhstan: Another Unpublished Draft")
    link, token = previews.create(draft, by=editor)

    response = Client().get(reverse("shared-preview", args=[other.pk, token]))

    assert response.status_code == 404 and "Another Unpublished Draft" not in response.text
    assert Client().get(reverse("shared-preview", args=[draft.pk, token + "x"])).status_code == 404
    assert not WorkflowEvent.objects.filter(action=previews.OPENED).exists()


def test_revoked_link_stops_at_once(editor, author, draft):
    link, token = previews.create(draft, by=author)
    assert Client().get(previews.path(link, token)).status_code == 200

    page = logged_in(editor).post(links_page(draft), {"revoke": link.pk}, follow=True)

    assert "Preview link revoked" in page.text
    assert Client().get(previews.path(link, token)).status_code == 404


def test_link_expires_after_its_lifetime(editor, draft):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        link, token = previews.create(draft, by=editor)
        traveller.shift(dt.timedelta(hours=47, minutes=59))
        assert Client().get(previews.path(link, token)).status_code == 200
        traveller.shift(dt.timedelta(minutes=2))
        assert Client().get(previews.path(link, token)).status_code == 404


def test_publication_stops_the_link_also_after_a_cancelled_schedule(editor, draft):
    other_editor = EditorFactory(username="erlan")
    link, token = previews.create(draft, by=editor)
    workflow.submit(draft, by=editor)
    workflow.publish(draft, by=other_editor, at=timezone.now() + dt.timedelta(days=1))

    assert Client().get(previews.path(link, token)).status_code == 404
    workflow.cancel_schedule(draft, by=other_editor)
    assert draft.status == S.APPROVED
    assert Client().get(previews.path(link, token)).status_code == 404
    fresh, fresh_token = previews.create(draft, by=editor)
    assert Client().get(previews.path(fresh, fresh_token)).status_code == 200


def test_withdrawal_keeps_the_link_dead(editor, draft):
    other_editor = EditorFactory(username="erlan")
    link, token = previews.create(draft, by=editor)
    workflow.submit(draft, by=editor)
    workflow.publish(draft, by=other_editor)
    workflow.withdraw(draft, by=other_editor, reason="Legal advice.")

    response = Client().get(previews.path(link, token))

    assert response.status_code == 404 and "Village Councils" not in response.text


def test_preview_never_enters_the_public_page_cache(editor, draft, rf):
    link, token = previews.create(draft, by=editor)
    path = previews.path(link, token)

    first = Client().get(path)
    second = Client().get(path)

    assert not first.has_header("X-Cache") and not second.has_header("X-Cache")
    assert cache.get(caching._page_key(rf.get(path))) is None
    assert not caching.is_public_read(rf.get(path))
    assert WorkflowEvent.objects.filter(action=previews.OPENED).count() == 2


def test_preview_page_has_a_fixed_number_of_queries(editor, draft, django_assert_num_queries):
    link, token = previews.create(draft, by=editor)
    client = Client()

    # 13: the page as the public sees it, with its story's live versions (one query, as on the article page).
    with django_assert_num_queries(13):
        client.get(previews.path(link, token))
    for n in range(5):
        BylineFactory(article=draft, position=n + 1)
    with django_assert_num_queries(13):
        client.get(previews.path(link, token))


# --- the desk's side ----------------------------------------------------------------------------------


def test_change_form_offers_preview_links_to_who_may_share(author, editor, draft):
    form = logged_in(author).get(reverse("admin:articles_article_change", args=[draft.pk])).text
    assert "Share a preview without an account" in form and links_page(draft) in form
    workflow.submit(draft, by=author)
    form = logged_in(author).get(reverse("admin:articles_article_change", args=[draft.pk])).text
    assert "Share a preview without an account" not in form


def test_author_cannot_revoke_an_editors_link_once_submitted_but_the_editor_can(author, editor, draft):
    workflow.submit(draft, by=author)
    link, token = previews.create(draft, by=editor)

    logged_in(author).post(links_page(draft), {"revoke": link.pk})
    assert Client().get(previews.path(link, token)).status_code == 200
    logged_in(editor).post(links_page(draft), {"revoke": link.pk})
    assert Client().get(previews.path(link, token)).status_code == 404
