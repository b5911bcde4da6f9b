"""The licence field: a database-checked choice, set by editors, shown on the page and in JSON-LD."""

import json
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

pytestmark = pytest.mark.django_db


def json_ld(html):
    """The article's own JSON-LD block (every page also carries the site's organisation block)."""
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    return next(block for block in blocks if block.get("@type") == "NewsArticle")


def test_a_new_article_is_all_rights_reserved():
    assert ArticleFactory().licence == Article.Licence.ALL_RIGHTS_RESERVED


def test_the_database_refuses_a_licence_that_is_not_a_choice():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(licence="public-domain-ish")


@pytest.mark.parametrize(
    ("licence", "line", "ld"),
    [
        ("all-rights-reserved", "All rights reserved.", {"@type": "CreativeWork", "name": "All rights reserved"}),
        ("cc-by-nd-4.0", "Republish under", "https://creativecommons.org/licenses/by-nd/4.0/"),
        ("cc-by-4.0", "Republish under", "https://creativecommons.org/licenses/by/4.0/"),
        ("partners-only", "Republication: partners only, by agreement.", {"@type": "CreativeWork",
                                                                          "name": "Partners only"}),
    ],
)  # fmt: skip
def test_the_article_page_and_its_json_ld_state_the_licence(client, licence, line, ld):
    article = ArticleFactory(live=True, licence=licence)
    html = client.get(article.get_absolute_url()).content.decode()
    foot = re.search(r'<p class="licence">(.*?)</p>', html, re.S).group(1)
    assert line in foot
    if article.licence_url:
        assert f'<a href="{article.licence_url}" rel="license">' in foot
    assert json_ld(html)["license"] == ld


def _form_fields(client, user, article):
    client.force_login(user)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    return response.context["adminform"].form.fields


def test_editors_set_the_licence_and_authors_only_see_it(client):
    author = CorrespondentUserFactory()
    draft = ArticleFactory()
    BylineFactory(article=draft, correspondent=author.correspondent)

    assert "licence" in _form_fields(client, EditorFactory(), draft)
    assert "licence" not in _form_fields(client, author, draft)
