"""Topics on the desk: chips that round-trip without quotes, suggestions scoped by the row rules, merging."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles import caching
from articles.widgets import format_topics, parse_topics
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def own_draft(user, **kwargs):
    article = ArticleFactory(**kwargs)
    BylineFactory(article=article, correspondent=user.correspondent)
    return article


def test_topics_are_shown_as_plain_names_never_as_quoted_csv():
    user = CorrespondentUserFactory(username="aigerim")
    article = own_draft(user, tags=["human rights", "civil society", "water"])

    page = client_for(user).get(reverse("admin:articles_article_change", args=[article.pk])).text

    assert 'value="civil society, human rights, water"' in page
    assert "&quot;civil society&quot;" not in page and '"civil society"' not in page
    assert "data-topic-chips" in page and "admin-newsroom/topic-chips.js" in page


def test_saving_the_chips_value_keeps_names_with_spaces_and_creates_new_topics():
    user = CorrespondentUserFactory(username="aigerim")
    article = own_draft(user, tags=["civil society"])

    response = client_for(user).post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, tags="civil society, Water shortages"),
    )

    assert response.status_code == 302
    assert sorted(article.tags.names()) == ["Water shortages", "civil society"]
    assert Tag.objects.filter(name="Water shortages").exists()


def test_a_lone_name_with_spaces_is_one_topic_not_one_per_word():
    assert parse_topics("civil society") == ["civil society"]
    assert parse_topics(' water ,  "Courts, prisons", water, ') == ["water", "Courts, prisons"]
    assert format_topics(["water", "Courts, prisons", "civil society"]) == 'civil society, "Courts, prisons", water'
    assert parse_topics(format_topics(["water", "Courts, prisons"])) == ["Courts, prisons", "water"]


def test_suggestions_offer_live_and_own_topics_but_never_a_colleagues_draft_topic():
    aigerim = CorrespondentUserFactory(username="aigerim")
    colleague = CorrespondentUserFactory(username="bakyt")
    ArticleFactory(live=True, tags=["Prison conditions"])
    own_draft(aigerim, tags=["Prisoners' families"])
    own_draft(colleague, tags=["Prison raid in Osh (embargoed)"])
    url = reverse("admin:taggit_tag_suggest")

    mine = client_for(aigerim).get(url, {"q": "pris"}).json()["results"]
    desk = client_for(EditorFactory(username="dilnoza")).get(url, {"q": "pris"}).json()["results"]

    assert mine == ["Prison conditions", "Prisoners' families"]
    assert "Prison raid in Osh (embargoed)" in desk


def test_suggestions_need_a_desk_login_and_article_rights():
    url = reverse("admin:taggit_tag_suggest")
    assert Client().get(url, {"q": "a"}).status_code == 302  # to the login page
    reader = CorrespondentUserFactory(username="nobody")
    reader.groups.clear()
    assert client_for(reader).get(url, {"q": "a"}).status_code == 403


def merge(client, target, *others):
    ids = [target.pk, *(t.pk for t in others)]
    return client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "merge_selected", "_selected_action": ids, "merge_into": target.pk},
    )


def test_editor_merges_topics_articles_carry_the_target_and_the_others_are_gone(django_capture_on_commit_callbacks):
    editor = EditorFactory(username="dilnoza")
    both = ArticleFactory(live=True, tags=["water", "drinking water"])
    only_other = ArticleFactory(live=True, tags=["water shortage"])
    untouched = ArticleFactory(live=True, tags=["courts"])
    target = Tag.objects.get(name="water")
    before = caching.current_versions(["site"])["site"]

    with django_capture_on_commit_callbacks(execute=True):
        response = merge(
            client_for(editor), target, Tag.objects.get(name="drinking water"), Tag.objects.get(name="water shortage")
        )

    assert response.status_code == 302
    assert list(both.tags.names()) == ["water"] and list(only_other.tags.names()) == ["water"]
    assert list(untouched.tags.names()) == ["courts"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"water", "courts"}
    assert TaggedItem.objects.filter(tag=target).count() == 2
    entry = LogEntry.objects.get(object_id=str(target.pk))
    assert "Merged “drinking water”, “water shortage” into this topic (2 articles)" in entry.get_change_message()
    caching.forget_versions()
    assert caching.current_versions(["site"])["site"] != before  # every public list shows topic names


def test_merge_asks_which_topic_to_keep_first():
    editor = EditorFactory(username="dilnoza")
    a, b = Tag.objects.create(name="water"), Tag.objects.create(name="drinking water")

    page = client_for(editor).post(
        reverse("admin:taggit_tag_changelist"), {"action": "merge_selected", "_selected_action": [a.pk, b.pk]}
    )

    assert page.status_code == 200 and "Keep this topic" in page.text
    assert Tag.objects.count() == 2


def test_correspondents_cannot_open_or_merge_topics():
    user = CorrespondentUserFactory(username="aigerim")
    a, b = Tag.objects.create(name="water"), Tag.objects.create(name="drinking water")
    client = client_for(user)

    assert client.get(reverse("admin:taggit_tag_changelist")).status_code == 403
    merge(client, a, b)
    assert Tag.objects.count() == 2
