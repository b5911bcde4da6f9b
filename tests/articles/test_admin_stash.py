"""Words typed in the desk survive an expired session, a stale CSRF token and a broken stash."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.forms import ArticleAdminForm
from articles.models import Article
from articles.stash import STASH_KEY
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

S = Article.Status
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


def story(author, **kwargs):
    article = ArticleFactory(status=S.DRAFT, **kwargs)
    BylineFactory(article=article, correspondent=author.correspondent)
    return article


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def as_posted(data):
    """Form data as ``stash.keep`` stores it: every field a list of strings."""
    return {key: [str(value)] for key, value in data.items()}


def put_stash(client, value):
    session = client.session
    session[STASH_KEY] = value
    session.save()


# --- session expiry ---------------------------------------------------------------------------
# Committed transactions, as in production: inside a test transaction PostgreSQL lets the
# form's locking read through, which is how the suite missed the 500 after the login.


@pytest.mark.django_db(transaction=True)
def test_words_posted_after_expiry_come_back_on_a_committed_database(author):
    article = story(author)
    data = change_form_data(article, headline="Tajikistan: Written Before the Session Expired")
    client = Client()
    assert client.post(change_url(article), data).status_code == 302
    client.force_login(author)
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert "Tajikistan: Written Before the Session Expired" in page.text
    assert "unsaved changes from before you were logged out" in page.text
    again = client.get(change_url(article))
    assert again.status_code == 200 and "Written Before the Session Expired" not in again.text
    assert client.post(change_url(article), data).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == data["headline"]


@pytest.mark.django_db(transaction=True)
def test_a_new_article_typed_after_expiry_comes_back_on_the_add_page(author):
    data = change_form_data(ArticleFactory.build(headline="Kyrgyzstan: Drafted Before the Timeout")) | {
        "base_version": "",
        "bylines-TOTAL_FORMS": 0,
        "bylines-INITIAL_FORMS": 0,
    }
    client = Client()
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    client.force_login(author)
    page = client.get(reverse("admin:articles_article_add"))
    assert page.status_code == 200
    assert "Kyrgyzstan: Drafted Before the Timeout" in page.text
    assert "unsaved changes from before you were logged out" in page.text
    assert not Article.objects.filter(headline="Kyrgyzstan: Drafted Before the Timeout").exists()


@pytest.mark.django_db(transaction=True)
def test_words_based_on_an_older_version_come_back_with_the_stale_warning(author):
    article = story(author)
    data = change_form_data(article, standfirst="A standfirst typed on version one.")
    client = Client()
    client.post(change_url(article), data)
    editor = client_for(EditorFactory(username="dilnoza"))
    assert editor.post(change_url(article), change_form_data(article, headline="Edited Meanwhile")).status_code == 302
    client.force_login(author)
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert "A standfirst typed on version one." in page.text
    assert "saved this article" in page.text and "Nothing was saved" in page.text
    assert client.get(change_url(article)).status_code == 200


# --- a broken or foreign stash never makes an article unopenable --------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "stash",
    [
        "a string where a dict belongs",
        ["a", "list"],
        {"path": None},
        {"data": {"headline": ["Pathless"]}},
        {"path": "{path}", "data": ["headline", "Not a dict"]},
        {"path": "{path}", "data": {"headline": "a string, not a list"}},
        {"path": "{path}", "data": {"headline": [3]}},
        {"path": "{path}", "reason": "unknown", "data": {"headline": ["Unknown reason"]}},
        {"path": "{path}", "data": {"bylines-TOTAL_FORMS": ["lots"], "bylines-0-id": ["x"], "base_version": ["v"]}},
        {"path": "{path}", "data": {}},
    ],
)
def test_a_stash_of_the_wrong_shape_is_dropped_and_the_article_opens(author, stash):
    article = story(author, headline="Saved Headline")
    client = client_for(author)
    if isinstance(stash, dict) and stash.get("path") == "{path}":
        stash = {**stash, "path": change_url(article)}
    put_stash(client, stash)
    for _ in range(2):
        page = client.get(change_url(article))
        assert page.status_code == 200 and "Saved Headline" in page.text
    if isinstance(stash, dict) and not stash.get("path"):
        return  # a dict without a path belongs to no page: it waits harmlessly
    assert STASH_KEY not in client.session


@pytest.mark.django_db(transaction=True)
def test_another_articles_stash_waits_for_that_article(author):
    mine, other = story(author, headline="Mine As Saved"), story(author, headline="Other As Saved")
    client = client_for(author)
    put_stash(
        client, {"path": change_url(other), "data": as_posted(change_form_data(other, headline="Other, Unsaved"))}
    )
    page = client.get(change_url(mine))
    assert page.status_code == 200 and "Mine As Saved" in page.text and "Other, Unsaved" not in page.text
    assert "Other, Unsaved" in client.get(change_url(other)).text


@pytest.mark.django_db(transaction=True)
def test_a_stash_that_breaks_the_form_gives_the_saved_article_with_a_warning(author, monkeypatch):
    article = story(author, headline="Saved Headline")
    client = client_for(author)
    put_stash(
        client, {"path": change_url(article), "data": as_posted(change_form_data(article, headline="Breaks The Form"))}
    )
    original_clean = ArticleAdminForm.clean

    def clean_that_breaks_on_the_stash(form):
        if form.data.get("headline") == "Breaks The Form":
            raise RuntimeError("the refilled form broke")
        return original_clean(form)

    monkeypatch.setattr(ArticleAdminForm, "clean", clean_that_breaks_on_the_stash)
    page = client.get(change_url(article))
    assert page.status_code == 200 and "Saved Headline" in page.text
    assert "could not be put back in the form" in page.text
    assert STASH_KEY not in client.session


# --- a stale CSRF token -----------------------------------------------------------------------


def open_then_lose_the_token(client, url):
    """Open a form, then let the CSRF cookie change under it (a login in another tab rotates it)."""
    token = TOKEN.search(client.get(url).text).group(1)
    del client.cookies[settings.CSRF_COOKIE_NAME]
    client.get(reverse("admin:index"))  # another page hands out a new cookie
    assert client.cookies[settings.CSRF_COOKIE_NAME].value
    return token


@pytest.mark.django_db(transaction=True)
def test_a_save_refused_for_a_stale_token_keeps_the_words_and_says_how_to_get_them_back(author):
    article = story(author, headline="Saved Headline")
    client = client_for(author, enforce_csrf_checks=True)
    stale = open_then_lose_the_token(client, change_url(article))
    data = change_form_data(article, standfirst="Words typed over a long afternoon.") | {"csrfmiddlewaretoken": stale}
    refused = client.post(change_url(article), data)
    assert refused.status_code == 403
    assert "nothing was saved" in refused.text and "Your text is kept" in refused.text
    assert f'href="{change_url(article)}"' in refused.text
    assert Article.objects.get(pk=article.pk).standfirst != "Words typed over a long afternoon."
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert "Words typed over a long afternoon." in page.text
    assert "the page that had expired are back in the form" in page.text
    fresh = TOKEN.search(page.text).group(1)
    assert client.post(change_url(article), data | {"csrfmiddlewaretoken": fresh}).status_code == 302
    assert Article.objects.get(pk=article.pk).standfirst == "Words typed over a long afternoon."


@pytest.mark.django_db(transaction=True)
def test_a_stale_token_with_the_session_also_expired_keeps_the_words_through_the_login(author):
    article = story(author)
    client = client_for(author, enforce_csrf_checks=True)
    stale = open_then_lose_the_token(client, change_url(article))
    client.logout()
    data = change_form_data(article, headline="Typed Before Both Expired") | {"csrfmiddlewaretoken": stale}
    assert client.post(change_url(article), data).status_code == 403
    client.force_login(author)
    assert "Typed Before Both Expired" in client.get(change_url(article)).text


@pytest.mark.django_db
def test_another_form_refused_for_a_stale_token_gets_a_plain_page_and_keeps_nothing(author):
    client = client_for(author, enforce_csrf_checks=True)
    stale = open_then_lose_the_token(client, reverse("admin:password_change"))
    refused = client.post(reverse("admin:password_change"), {"old_password": "x", "csrfmiddlewaretoken": stale})
    assert refused.status_code == 403
    assert "nothing was saved" in refused.text and "reload the page and send the form again" in refused.text
    assert "Your text is kept" not in refused.text
    assert STASH_KEY not in client.session


@pytest.mark.django_db
def test_a_post_from_a_foreign_origin_is_refused_and_its_words_never_offered(author):
    article = story(author, headline="Saved Headline")
    client = client_for(author, enforce_csrf_checks=True)
    token = TOKEN.search(client.get(change_url(article)).text).group(1)
    forged = change_form_data(article, headline="Planted Headline") | {"csrfmiddlewaretoken": token}
    refused = client.post(change_url(article), forged, headers={"Origin": "https://elsewhere.example"})
    assert refused.status_code == 403 and "Your text is kept" not in refused.text
    assert STASH_KEY not in client.session
    assert "Planted Headline" not in client.get(change_url(article)).text
