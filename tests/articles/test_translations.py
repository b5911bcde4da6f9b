"""Linked translations on the desk: starting one, who may, the link rules, out of date, and the translations page."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import autosave, revisions, translations, workflow
from articles.models import Article, Byline, Revision, WorkflowEvent
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrespondentUserFactory,
    CountryFactory,
    EditorFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def translator():
    return CorrespondentUserFactory(username="timur")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="Rashidova")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def translate_url(article):
    return reverse("admin:articles_article_translate", args=[article.pk])


def story(author, status=S.DRAFT, **kwargs):
    article = ArticleFactory(status=status, **kwargs)
    BylineFactory(article=article, correspondent=author.correspondent, author_line="Aigerim is a correspondent in Osh.")
    revisions.record_revision(article, by=None, comment="Created")
    return article


def edit(client, article, **changes):
    """Save ``article``'s change form with ``changes``, as its page would post it; return the response."""
    article.refresh_from_db()
    data = change_form_data(article, **changes)
    if article.translation_of_id and "translation_of" not in changes:
        data["translation_of"] = article.translation_of_id
    return client.post(change_url(article), data)


# --- starting a translation -------------------------------------------------------------


def test_correspondent_starts_a_translation_of_their_story_from_its_words_and_filing(author):
    country = CountryFactory(name="Kyrgyzstan", iso_code="KG")
    programme = ProgrammeFactory(name="Global Voices")
    original = story(author, S.SUBMITTED, programme=programme, countries=[country], tags=["water"])
    response = client_for(author).post(translate_url(original), {"language": "ru"})
    translation = Article.objects.get(translation_of=original)
    assert response.status_code == 302 and response["Location"] == change_url(translation)
    assert (translation.headline, translation.standfirst, translation.body) == (
        original.headline,
        original.standfirst,
        original.body,
    )
    assert translation.language == "ru" and translation.status == S.DRAFT
    assert translation.programme == programme and list(translation.countries.all()) == [country]
    assert list(translation.tags.names()) == ["water"]
    assert translation.original_version == original.version
    assert translation.slug == f"{original.slug}-ru"
    bylines = list(translation.bylines.values_list("correspondent__user__username", "role", "author_line"))
    # The author translating her own story is credited for what she did on this one.
    assert bylines == [("aigerim", Byline.Role.TRANSLATOR, "Aigerim is a correspondent in Osh.")]
    assert translation.events.get().action == translations.STARTED
    assert not translations.is_out_of_date(translation)


def test_editor_translates_a_colleagues_story_and_the_translator_byline_is_added_only_on_the_translation(
    author, translator, editor
):
    original = story(author, S.PUBLISHED, publish_at="2026-01-05T10:00:00Z")
    translation = translations.start(original, language="ar", by=editor)
    assert list(translation.bylines.values_list("role", flat=True)) == [Byline.Role.AUTHOR]  # editors add bylines
    # A correspondent who is a co-author on a submitted story translates it: their translator byline
    # goes on the translation, and the submitted original stays out of their hands.
    submitted = story(author, S.SUBMITTED)
    BylineFactory(article=submitted, correspondent=translator.correspondent, position=1)
    translation = translations.start(submitted, language="ru", by=translator)
    assert translation.bylines.get(correspondent=translator.correspondent).role == Byline.Role.TRANSLATOR
    assert submitted.bylines.get(correspondent=translator.correspondent).role == Byline.Role.AUTHOR
    assert not workflow.can_edit(translator, submitted)
    assert workflow.can_edit(translator, translation)


def test_correspondent_cannot_translate_a_draft_they_cannot_see(author, translator):
    original = story(author)
    response = client_for(translator).post(translate_url(original), {"language": "ru"})
    assert response.status_code == 404
    assert not Article.objects.filter(translation_of=original).exists()
    with pytest.raises(workflow.WorkflowError, match="cannot start a translation"):
        translations.start(original, language="ru", by=translator)


def test_translate_takes_only_a_post(author):
    original = story(author)
    assert client_for(author).get(translate_url(original)).status_code == 405
    assert not Article.objects.filter(translation_of=original).exists()


def test_a_taken_language_or_the_originals_own_is_refused_with_a_sentence(author, editor):
    original = story(author, S.SUBMITTED)
    translations.start(original, language="ru", by=editor)
    client = client_for(editor)
    response = client.post(translate_url(original), {"language": "ru"}, follow=True)
    assert "already has a translation in that language" in response.text
    response = client.post(translate_url(original), {"language": "en"}, follow=True)
    assert "in another language than its original" in response.text
    response = client.post(translate_url(original), {"language": "xx"}, follow=True)
    assert "Choose a language from the list." in response.text
    assert original.translations.count() == 1


def test_a_translation_cannot_be_translated(author, editor):
    original = story(author, S.SUBMITTED)
    translation = translations.start(original, language="ru", by=editor)
    with pytest.raises(workflow.WorkflowError, match="translate its original"):
        translations.start(translation, language="ar", by=editor)


def test_the_originals_form_offers_only_untranslated_languages(author, editor):
    original = story(author, S.SUBMITTED)
    translations.start(original, language="ru", by=editor)
    page = client_for(editor).get(change_url(original)).text
    assert 'id="translate-form"' in page and 'form="translate-form"' in page
    offered = re.search(r'<select id="translate-language"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'value="(\w+)"', offered) == ["kk", "ky", "tg", "uz", "prs", "ps", "ar"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_translators_choosing_the_same_language_at_once_get_one_translation_and_a_sentence(monkeypatch):
    author = CorrespondentUserFactory(username="aigerim")
    first, second = EditorFactory(username="dilnoza"), EditorFactory(username="erlan")
    original = story(author, S.SUBMITTED)
    both_checked = threading.Barrier(2, timeout=10)
    check = translations.check_link

    def check_then_wait(*args):
        check(*args)
        both_checked.wait()  # both passed the check before either has written

    monkeypatch.setattr(translations, "check_link", check_then_wait)
    outcomes = []

    def translate(user):
        try:
            translations.start(Article.objects.get(pk=original.pk), language="ru", by=user)
            outcomes.append("started")
        except workflow.WorkflowError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=translate, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["This story already has a translation in that language.", "started"]
    assert Article.objects.filter(translation_of=original, language="ru").count() == 1


# --- the link's rules in the form ---------------------------------------------------------


def test_the_form_refuses_invalid_links_with_sentences_and_saves_nothing(author, editor):
    original = story(author, S.SUBMITTED)
    translation = translations.start(original, language="ru", by=editor)
    other = story(author, S.SUBMITTED, language="ar")
    client = client_for(editor)
    cases = [
        (other, {"translation_of": translation.pk}, "itself a translation: link to its original"),
        (other, {"translation_of": other.pk}, "cannot be a translation of itself"),
        (other, {"translation_of": original.pk, "language": "en"}, "in another language than its original"),
        (other, {"translation_of": original.pk, "language": "ru"}, "already has a translation in that language"),
        (original, {"translation_of": other.pk}, "has translations of its own"),
        (original, {"language": "ru"}, "A translation of this story is already in that language"),
        (translation, {"language": "en"}, "in another language than its original"),
    ]
    for article, changes, message in cases:
        before = Article.objects.values().get(pk=article.pk)
        response = edit(client, article, **changes)
        assert response.status_code == 200, message
        assert message in response.text
        assert Article.objects.values().get(pk=article.pk) == before


def test_an_editor_links_an_existing_story_as_up_to_date_with_the_original(author, editor):
    original = story(author, S.SUBMITTED)
    other = story(author, S.SUBMITTED, language="ar")
    assert edit(client_for(editor), other, translation_of=original.pk).status_code == 302
    other.refresh_from_db()
    assert other.translation_of == original and other.original_version == original.version


def test_a_correspondent_neither_sees_nor_changes_the_link(author, editor):
    original = story(author, S.SUBMITTED)
    translation = translations.start(original, language="ru", by=author)
    client = client_for(author)
    assert 'name="translation_of"' not in client.get(change_url(translation)).text
    assert edit(client, translation, translation_of="").status_code == 302
    translation.refresh_from_db()
    assert translation.translation_of == original


def test_an_original_with_translations_cannot_be_deleted(author, editor):
    original = story(author)
    translation = translations.start(original, language="ru", by=author)
    assert not workflow.can_delete(editor, original) and not workflow.can_delete(author, original)
    response = client_for(author).post(reverse("admin:articles_article_delete", args=[original.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=original.pk).exists()
    assert workflow.can_delete(author, translation)


# --- out of date ---------------------------------------------------------------------------


def published_with_translation(author, editor, translator):
    original = story(author, S.PUBLISHED, publish_at="2026-01-05T10:00:00Z")
    original.first_published_at = original.publish_at
    original.save()
    BylineFactory(article=original, correspondent=translator.correspondent, position=1)
    translation = translations.start(original, language="ru", by=translator)
    Byline.objects.filter(article=original, correspondent=translator.correspondent).delete()
    return original, translation


def test_a_correction_of_the_original_marks_its_translation_out_of_date_and_shows_the_diff(author, editor, translator):
    original, translation = published_with_translation(author, editor, translator)
    assert not translations.is_out_of_date(translation)
    body = "<p>The canal that feeds the orchards has been dry since May.</p>"
    correction = {
        "corrections-TOTAL_FORMS": 1,
        "corrections-0-kind": "correction",
        "corrections-0-note": "An earlier version said the canal ran dry in June.",
        "corrections-0-published_at_0": "2026-01-06",
        "corrections-0-published_at_1": "09:00:00",
    }
    assert edit(client_for(editor), original, body=body, **correction).status_code == 302
    translation.refresh_from_db()
    assert translations.is_out_of_date(translation)
    page = client_for(translator).get(change_url(translation)).text
    assert "The original changed since this translation was last updated" in page
    assert "<del>June.</del><ins>May.</ins>" in page
    assert "ran dry in June" in page  # the correction note is part of what changed
    assert "I have brought this translation up to date" in page


def test_a_plain_update_of_the_original_makes_it_out_of_date_but_a_workflow_step_does_not(author, editor, translator):
    original = story(author, S.SUBMITTED)
    translation = translations.start(original, language="ru", by=editor)
    workflow.approve(original, by=editor)
    translation.refresh_from_db()
    assert original.version > translation.original_version
    assert not translations.is_out_of_date(translation)
    autosave.autosave(
        original,
        by=editor,
        version=original.version,
        data={"headline": "Tajikistan: Villages Still Wait for Water", "standfirst": original.standfirst,
              "body": original.body},
    )  # fmt: skip
    translation.refresh_from_db()
    assert translations.is_out_of_date(translation)


def test_saving_the_translation_does_not_mark_it_up_to_date_ticking_the_box_does(author, editor, translator):
    original, translation = published_with_translation(author, editor, translator)
    assert edit(client_for(editor), original, headline="Tajikistan: Canal Dry Since May").status_code == 302
    original.refresh_from_db()
    client = client_for(translator)
    assert edit(client, translation, headline="Таджикистан: канал пересох").status_code == 302
    translation.refresh_from_db()
    assert translations.is_out_of_date(translation)
    assert not translation.events.filter(action=translations.BROUGHT_UP_TO_DATE).exists()
    response = edit(client, translation, _translation_up_to_date="1", _original_seen=original.version)
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.original_version == original.version and not translations.is_out_of_date(translation)
    event = translation.events.get(action=translations.BROUGHT_UP_TO_DATE)
    assert event.actor == translator and f"version {original.version}" in event.comment
    assert "The original changed" not in client.get(change_url(translation)).text


def test_marking_up_to_date_counts_only_the_changes_the_translator_was_shown(author, editor, translator):
    original, translation = published_with_translation(author, editor, translator)
    editor_client = client_for(editor)
    edit(editor_client, original, headline="Tajikistan: Canal Dry Since May")
    original.refresh_from_db()
    shown = original.version
    edit(editor_client, original, standfirst="Farmers say the canal has been dry since May.")
    edit(client_for(translator), translation, _translation_up_to_date="1", _original_seen=shown)
    translation.refresh_from_db()
    assert translation.original_version == shown
    assert translations.is_out_of_date(translation)  # the standfirst changed after what they saw


def test_only_someone_who_may_edit_the_translation_marks_it(author, editor, translator):
    original, translation = published_with_translation(author, editor, translator)
    edit(client_for(editor), original, headline="Tajikistan: Canal Dry Since May")
    original.refresh_from_db()
    workflow.submit(translation, by=translator)
    with pytest.raises(workflow.WorkflowError, match="not yours to edit"):
        translations.mark_up_to_date(translation, by=translator, seen_version=original.version)
    assert translations.mark_up_to_date(translation, by=editor, seen_version=original.version)


def test_the_revision_a_translation_follows_survives_later_autosaves(author, editor):
    original = story(author)
    client_version = original.version
    data = {"headline": original.headline, "standfirst": "First autosave.", "body": original.body}
    first = autosave.autosave(original, by=author, version=client_version, data=data)
    translation = translations.start(original, language="ru", by=author)
    assert translation.original_version == first
    data = {**data, "standfirst": "Second autosave of the same sitting."}
    autosave.autosave(original, by=author, version=first, data=data, replaces=first)
    assert Revision.objects.filter(article=original, version=first).exists()
    translation.refresh_from_db()
    assert translations.is_out_of_date(translation)
    _old, _new, rows = translations.changes_since(translation)
    assert [label for label, _diff in rows] == ["Standfirst"]


def test_the_query_and_python_forms_of_out_of_date_agree(author, editor, translator):
    original, fresh = published_with_translation(author, editor, translator)
    stale = translations.start(original, language="ar", by=editor)
    unknown = translations.start(original, language="kk", by=editor)
    Article.objects.filter(pk=unknown.pk).update(original_version=None)
    edit(client_for(editor), original, body="<p>A new paragraph.</p>")
    original.refresh_from_db()
    Article.objects.filter(pk=fresh.pk).update(original_version=original.version)
    computed = {a.pk: a.is_up_to_date for a in translations.with_state(Article.objects.filter(translation_of=original))}
    for translation in Article.objects.filter(translation_of=original).select_related("translation_of"):
        assert computed[translation.pk] is not translations.is_out_of_date(translation)
    assert computed == {fresh.pk: True, stale.pk: False, unknown.pk: False}


def test_restoring_a_revision_keeps_the_translator_role(author, editor, translator):
    original, translation = published_with_translation(author, editor, translator)
    edit(client_for(translator), translation, headline="Таджикистан: канал пересох")
    first = translation.revisions.order_by("version").first()
    workflow.restore(first, by=editor)
    assert translation.bylines.get(correspondent=translator.correspondent).role == Byline.Role.TRANSLATOR


# --- lists -----------------------------------------------------------------------------------


def test_the_changelist_and_desk_show_translation_of_only_with_a_visible_original(author, translator, editor):
    original = story(author, S.SUBMITTED)
    translation = translations.start(original, language="ru", by=editor)
    BylineFactory(article=translation, correspondent=translator.correspondent, role=Byline.Role.TRANSLATOR)
    changelist = reverse("admin:articles_article_changelist")
    desk = reverse("admin:articles_article_desk")
    editor_page = client_for(editor).get(changelist).text
    assert "translation of" in editor_page and original.headline in editor_page
    Article.objects.filter(pk=translation.pk).update(headline="Таджикистан: сёла ждут воду")
    for url in (changelist, desk):
        page = client_for(translator).get(url).text
        assert "translation of a story in English" in page
        assert original.headline not in page


def make_programme_with_stories(author, editor, count):
    programme = ProgrammeFactory(name="Global Voices", languages=["en", "ru", "ar"])
    for n in range(count):
        original = story(author, S.PUBLISHED, publish_at="2026-01-05T10:00:00Z", programme=programme)
        BylineFactory(article=original, correspondent=CorrespondentUserFactory().correspondent, position=1)
        fresh = translations.start(original, language="ru", by=editor)
        BylineFactory(article=fresh, correspondent=CorrespondentUserFactory().correspondent, role="translator")
        stale = translations.start(original, language="kk", by=editor)
        autosave.autosave(
            original,
            by=editor,
            version=original.version,
            data={"headline": f"Tajikistan: Story {n} Updated", "standfirst": "", "body": original.body},
        )
        Article.objects.filter(pk=fresh.pk).update(original_version=original.version)
        assert translations.is_out_of_date(Article.objects.get(pk=stale.pk))
    return programme


def test_the_translations_page_lists_each_state_with_a_fixed_number_of_queries(author, editor):
    url = reverse("admin:articles_article_translations")
    client = client_for(editor)
    programme = make_programme_with_stories(author, editor, 1)
    counts = {}
    for state in translations.State.values:
        client.get(url, {"state": state})  # the session and user are cached from here on
        with CaptureQueriesContext(connection) as one:
            response = client.get(url, {"state": state, "programme": programme.pk})
        counts[state] = len(one)
        assert response.status_code == 200
    page = client.get(url, {"state": "out-of-date"}).text
    assert "Tajikistan: Story 0 Updated" in page and "Kazakh" in page
    page = client.get(url, {"state": "up-to-date"}).text
    assert "Russian" in page and "<td>—</td>" not in page  # the translator is named
    page = client.get(url, {"state": "missing"}).text
    assert "Tajikistan: Story 0 Updated" in page
    assert re.findall(r'<td class="missing-languages">([^<]*)</td>', page) == ["Arabic"]

    programme_many = make_programme_with_stories(author, editor, 11)
    Article.objects.filter(programme=programme_many).update(programme=programme)
    for state in translations.State.values:
        with CaptureQueriesContext(connection) as many:
            response = client.get(url, {"state": state, "programme": programme.pk})
        assert response.status_code == 200
        assert len(many) == counts[state], f"{state}: {len(many)} queries for 12 rows, {counts[state]} for 1"
        body = re.search(r'<table class="translations-list">.*?<tbody>(.*?)</tbody>', response.text, re.S).group(1)
        assert body.count("<tr>") == 12
    # The admin's own (session, user, permissions, menus) and the page's: programmes' languages,
    # three capped counts, the rows, their translators or missing languages, the programme filter.
    assert counts == {"out-of-date": 16, "up-to-date": 16, "missing": 16}


def test_the_translations_page_filters_by_language_and_shows_a_correspondent_only_their_own(author, editor):
    programme = ProgrammeFactory(name="Global Voices", languages=["ru", "ar"])
    mine = story(author, S.SUBMITTED, programme=programme)
    theirs = story(CorrespondentUserFactory(username="erlan"), S.SUBMITTED, programme=programme)
    url = reverse("admin:articles_article_translations")
    page = client_for(author).get(url, {"state": "missing"}).text
    assert mine.headline in page and theirs.headline not in page
    translations.start(mine, language="ru", by=author)
    page = client_for(author).get(url, {"state": "missing", "language": "ru"}).text
    assert mine.headline not in page
    page = client_for(author).get(url, {"state": "missing", "language": "ar"}).text
    assert mine.headline in page
    page = client_for(editor).get(url, {"state": "up-to-date", "language": "ru"}).text
    assert mine.headline in page


def test_the_desk_links_the_translations_page(editor):
    page = client_for(editor).get(reverse("admin:articles_article_desk")).text
    assert reverse("admin:articles_article_translations") in page
    assert reverse("admin:articles_article_translations") in client_for(editor).get(reverse("admin:index")).text


# --- programmes ------------------------------------------------------------------------------


def test_an_editor_sets_a_programmes_languages_from_the_article_languages(editor):
    admin_user = EditorFactory(username="admin", is_superuser=True)
    programme = ProgrammeFactory(name="Global Voices")
    url = reverse("admin:articles_programme_change", args=[programme.pk])
    client = client_for(admin_user)
    data = {"name": "Global Voices", "slug": programme.slug, "description": "", "languages": ["ar", "ru"]}
    assert client.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert programme.languages == ["ru", "ar"]
    response = client.post(url, {**data, "languages": ["ru", "xx"]})
    assert response.status_code == 200 and "Select a valid choice" in response.text
    programme.refresh_from_db()
    assert programme.languages == ["ru", "ar"]


def test_the_byline_inline_shows_the_role(author, editor):
    original = story(author, S.SUBMITTED)
    translation = translations.start(original, language="ru", by=author)
    page = client_for(editor).get(change_url(translation)).text
    assert 'name="bylines-0-role"' in page and "Translator" in page


def test_events_name_the_translation_steps():
    assert {translations.STARTED, translations.BROUGHT_UP_TO_DATE}.isdisjoint(workflow.TRANSITIONS)
    assert WorkflowEvent._meta.get_field("action").max_length >= len(translations.BROUGHT_UP_TO_DATE)


def test_a_translator_sees_what_changed_in_a_live_original_but_not_in_a_colleagues_unpublished_one(
    author, editor, translator
):
    for status, shown in ((S.SUBMITTED, False), (S.PUBLISHED, True)):
        original = story(author, status, publish_at="2026-01-05T10:00:00Z" if shown else None)
        translation = translations.start(original, language="ru", by=editor)
        BylineFactory(article=translation, correspondent=translator.correspondent, role=Byline.Role.TRANSLATOR)
        edit(client_for(editor), original, standfirst="Farmers say the canal has been dry since May.")
        row = translations.with_original(Article.objects.filter(pk=translation.pk), translator).get()
        assert translations.original_readable(row) is translations.may_read_original(translator, row) is shown
        page = client_for(translator).get(change_url(translation)).text
        assert "The original changed since this translation was last updated" in page
        assert ("<ins>May.</ins>" in page) is shown
        assert ("You cannot open the original: ask an editor what changed in it." in page) is not shown
