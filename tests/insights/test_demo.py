"""The demo's unnamed sources: justified, signed off where the story went out, waiting where it has not."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from articles import workflow
from articles.models import Article
from insights import governance
from insights.models import Justification, SignOff

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("loaddemo", "--with-logins", stdout=io.StringIO())


def test_every_demo_story_that_went_out_has_its_unnamed_sources_signed_off(demo):
    gone_out = Article.objects.filter(status__in=[Article.Status.PUBLISHED, Article.Status.WITHDRAWN])
    governed = governance.governed().filter(article__in=gone_out)
    assert governed.exists()
    assert all(governance.outstanding(article) == [] for article in gone_out)
    assert Justification.objects.count() == governance.governed().count()


def test_demo_editor_signs_off_the_waiting_story_and_publishes_it(demo):
    editor = get_user_model().objects.get(username="editor")
    waiting = governance.waiting_for_sign_off()
    assert waiting
    article, rows = next((a, r) for a, r in waiting if a.status == Article.Status.SUBMITTED)
    with pytest.raises(workflow.WorkflowError, match="waiting for an editor's sign-off"):
        workflow.publish(article, by=editor)
    for citation, _ in rows:
        governance.sign_off(citation, by=editor)
    workflow.publish(article, by=editor)
    article.refresh_from_db()
    assert article.is_live()


def test_loading_the_demo_again_changes_no_sign_off(demo):
    before = list(SignOff.objects.values_list("pk", "fingerprint", "signed_at"))
    call_command("loaddemo", stdout=io.StringIO())
    assert list(SignOff.objects.values_list("pk", "fingerprint", "signed_at")) == before
