import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "publish_at", "expected"),
    [
        (Article.Status.DRAFT, None, False),
        (Article.Status.SUBMITTED, None, False),
        (Article.Status.RETURNED, None, False),
        (Article.Status.APPROVED, None, False),
        (Article.Status.APPROVED, NOW - HOUR, False),
        (Article.Status.PUBLISHED, NOW - HOUR, True),
        (Article.Status.PUBLISHED, NOW, True),
        (Article.Status.PUBLISHED, NOW + HOUR, False),
        (Article.Status.WITHDRAWN, NOW - HOUR, False),
    ],
)
def test_live_queryset_and_is_live_agree(status, publish_at, expected):
    article = ArticleFactory(status=status, publish_at=publish_at)
    assert article.is_live(at=NOW) is expected
    assert Article.objects.live(at=NOW).filter(pk=article.pk).exists() is expected


def test_scheduled_article_goes_live_when_its_time_passes():
    article = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=NOW + HOUR)
    assert not Article.objects.live(at=NOW).filter(pk=article.pk).exists()
    assert Article.objects.live(at=NOW + 2 * HOUR).filter(pk=article.pk).exists()
    assert article.is_live(at=NOW + 2 * HOUR)
