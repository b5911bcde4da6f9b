"""Every page kind sends its policy: the public site strict-origin-when-cross-origin, the desk no-referrer and
a CSP with no inline script but the editor's import map, which carries the response's nonce."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def directives(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_public(response):
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def assert_desk(response):
    assert response.headers["Referrer-Policy"] == "no-referrer"
    policy = directives(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    return policy


@pytest.fixture
def live_article(db):
    return ArticleFactory(live=True, headline="Kyrgyzstan: Herders Count Their Losses")


@pytest.mark.parametrize(
    "path",
    ["/", "ARTICLE", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/news-sitemap.xml", "/no-such-page/", "/search/"],
)
def test_public_pages_send_strict_origin_when_cross_origin_and_the_public_csp(client, live_article, path):
    response = client.get(live_article.get_absolute_url() if path == "ARTICLE" else path)

    assert response.status_code in (200, 404)
    assert_public(response)


def test_the_admin_login_page_sends_the_desk_headers(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_desk(response)


def test_the_article_form_gives_the_editors_import_map_the_responses_nonce(client, superuser, live_article):
    client.force_login(superuser)

    response = client.get(reverse("admin:articles_article_change", args=[live_article.pk]))

    assert response.status_code == 200
    policy = assert_desk(response)
    nonces = [value for value in policy["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    importmap = re.search(r"<script[^>]*type=\"importmap\"[^>]*>", response.text)
    assert importmap is not None
    assert f'nonce="{nonce}"' in importmap.group(0)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    assert all(f'nonce="{nonce}"' in tag for tag in inline), inline


def test_two_responses_get_two_nonces(client, superuser, live_article):
    client.force_login(superuser)
    url = reverse("admin:articles_article_add")

    first, second = client.get(url), client.get(url)

    assert directives(first)["script-src"] != directives(second)["script-src"]


@pytest.mark.parametrize("name", ["admin:index", "admin:articles_article_changelist", "admin:articles_article_desk"])
def test_desk_pages_send_the_desk_headers(client, superuser, name):
    client.force_login(superuser)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert_desk(response)


def test_the_desks_article_preview_sends_no_referrer(client, superuser):
    draft = ArticleFactory(headline="Uzbekistan: A Draft Nobody Should See Yet")
    client.force_login(superuser)

    response = client.get(reverse("admin:articles_article_preview", args=[draft.pk]))

    assert response.status_code == 200
    assert "A Draft Nobody Should See Yet" in response.text
    assert_desk(response)


@pytest.mark.parametrize("name", ["accounts:enrol", "accounts:sessions"])
def test_the_account_pages_send_the_desk_headers(client, editor, settings, name):
    settings.NEWSROOM_2FA_REQUIRED = "staff-editors"
    client.force_login(editor)

    response = client.get(reverse(name))

    assert response.status_code == (200 if name == "accounts:enrol" else 302)
    assert_desk(response)


def test_the_code_step_sends_the_desk_headers(client, editor, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.NEWSROOM_2FA_REQUIRED = "staff-editors"
    TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    client.force_login(editor)

    response = client.get(reverse("accounts:verify"))

    assert response.status_code == 200
    assert_desk(response)


def post_login_from(origin, fetch_site):
    """A login POST carrying a valid CSRF token, with the Origin and Sec-Fetch-Site a browser would send."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("admin:login"))
    extra = {"HTTP_ORIGIN": origin} | ({"HTTP_SEC_FETCH_SITE": fetch_site} if fetch_site else {})
    return client.post(
        reverse("admin:login"),
        {
            "username": "aigerim",
            "password": "correct-horse-battery",
            "next": "/admin/",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
        **extra,
    )


def test_a_same_site_post_from_a_no_referrer_page_passes_the_csrf_check(correspondent_a):
    response = post_login_from("null", "same-origin")

    assert response.status_code == 302
    assert response.url == "/admin/"


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site", None])
def test_a_cross_site_post_with_a_null_origin_is_refused(correspondent_a, fetch_site):
    assert post_login_from("null", fetch_site).status_code == 403


def test_a_post_from_another_origin_is_refused(correspondent_a):
    assert post_login_from("https://evil.example", "cross-site").status_code == 403
