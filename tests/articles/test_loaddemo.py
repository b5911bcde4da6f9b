"""``manage.py loaddemo``: a believable newsroom, the same after every run, logins only when asked for."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage
from taggit.models import Tag

from articles.models import (
    Article,
    Byline,
    Citation,
    Correction,
    Country,
    Programme,
    Region,
    WorkflowEvent,
)
from articles.workflow import TRANSITIONS
from images.models import Image
from people.models import Affiliation, Correspondent, Organisation, Source

pytestmark = pytest.mark.django_db

COUNTED = [
    Region, Country, Programme, Correspondent, Organisation, Source, Affiliation, Article, Byline, Citation,
    Correction, Image, WorkflowEvent, Tag, get_user_model(),
]  # fmt: skip


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, demo_media):
    """Every test here reads the pictures the shared demo stored, so they share one media folder."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, demo_media):
    """The demo loaded once for a class of read-only tests (each test still rolls back its own changes)."""
    with django_db_blocker.unblock():
        groups_before = set(Group.objects.values_list("pk", flat=True))
        with override_settings(MEDIA_ROOT=demo_media, PASSWORD_HASHERS=FAST_HASHERS):
            output = loaddemo("--with-logins")
    yield output
    with django_db_blocker.unblock():
        Article.objects.exclude(translation_of=None).delete()  # an original with translations is protected
        Article.objects.all().delete()
        Image.objects.all().delete()
        for model in (Affiliation, Source, Organisation, Correspondent, Country, Region, Programme, Tag):
            model.objects.all().delete()
        get_user_model().objects.filter(username__in=["admin", "editor", "correspondent"]).delete()
        Group.objects.exclude(pk__in=groups_before).delete()
        # The demo's steps queued mail and report refreshes in the committed queue: later tests expect it empty.
        DBTaskResult.objects.all().delete()


def loaddemo(*args):
    out = io.StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model._meta.label: model.objects.count() for model in COUNTED}


def test_running_loaddemo_twice_gives_the_same_counts():
    loaddemo("--with-logins")
    first = counts()

    output = loaddemo("--with-logins")

    assert counts() == first
    assert "0 article(s) added" in output


def test_no_logins_without_debug_or_the_flag_and_debug_adds_them_without_touching_anything_else(settings):
    settings.DEBUG = False

    output = loaddemo()

    assert not get_user_model().objects.exists()
    assert "newsroom-demo" not in output
    before = counts()

    settings.DEBUG = True
    output = loaddemo()

    assert "newsroom-demo" in output
    assert set(get_user_model().objects.values_list("username", flat=True)) == {"admin", "editor", "correspondent"}
    after = counts()
    assert after.pop("auth.User") == 3
    before.pop("auth.User")
    assert after == before


@pytest.mark.usefixtures("demo")
class TestLoadedDemo:
    """Read-only checks on one load of the demo, with logins."""

    def test_demo_newsroom_has_the_promised_size(self):
        assert Region.objects.count() == 3
        assert Country.objects.count() == 8
        assert Programme.objects.count() == 2
        assert Correspondent.objects.count() == 8
        assert Organisation.objects.count() == 12
        assert Source.objects.count() == 20
        assert Article.objects.count() == 34
        assert all(len(c.iso_code) == 2 and c.iso_code.isupper() for c in Country.objects.all())
        assert Organisation.objects.exclude(acronym="").count() >= 10
        assert Organisation.objects.exclude(aliases="").count() >= 10
        assert {"ngo", "government", "intergovernmental", "court"} <= set(
            Organisation.objects.values_list("kind", flat=True)
        )

    def test_demo_has_articles_in_every_workflow_state_including_scheduled(self):
        assert set(Article.objects.values_list("status", flat=True)) == set(Article.Status.values)
        assert Article.objects.live().count() == 19
        scheduled = Article.objects.scheduled()
        assert scheduled.count() == 2
        assert all(a.publish_at > timezone.now() for a in scheduled)
        assert Article.objects.filter(status=Article.Status.WITHDRAWN, withdrawn_at__isnull=False).count() == 2

    def test_demo_articles_are_filed_with_bylines_citations_topics_and_images(self):
        for article in Article.objects.live():
            assert article.bylines.exists(), article
            assert article.countries.exists(), article
            assert article.programme_id, article
            assert article.tags.exists(), article
            assert article.lead_image_id, article
            assert article.body.count("<p>") >= 3, article
        assert Article.objects.filter(bylines__position=1).exists(), "some stories have two correspondents"
        assert not Byline.objects.filter(author_line="").exists()
        assert Correction.objects.filter(article__in=Article.objects.live()).count() >= 3
        anonymous = Citation.objects.filter(is_anonymous=True)
        assert anonymous.exists()
        assert not anonymous.filter(descriptor="").exists()
        assert Citation.objects.filter(source__isnull=True, organisation__isnull=False).exists()

    def test_demo_has_a_pseudonymous_and_a_withheld_correspondent_and_confidential_sources(self):
        pseudonymous = Correspondent.objects.get(is_pseudonym=True)
        assert pseudonymous.byline_name and pseudonymous.byline_name != pseudonymous.name
        assert not pseudonymous.photo
        withheld = Correspondent.objects.get(name_withheld=True)
        assert withheld.withheld_label == "A correspondent in Taraz"
        assert not withheld.photo
        confidential = Source.objects.filter(confidential=True)
        assert confidential.count() >= 3
        assert not confidential.filter(public_descriptor="").exists()

    def test_demo_has_stories_in_russian_and_kazakh_with_cyrillic_headlines_and_slugs(self, client):
        for language, letter in [("ru", "Казахстан"), ("kk", "Қазақстан")]:
            article = Article.objects.live().get(language=language, translation_of=None)
            assert article.headline.startswith(letter)
            assert article.slug.startswith(letter.lower())
            assert client.get(article.get_absolute_url()).status_code == 200

    def test_every_live_demo_story_opens_and_never_names_a_confidential_source(self, client):
        hidden = [s.name for s in Source.objects.filter(confidential=True)]
        hidden += [c.name for c in Correspondent.objects.filter(name_withheld=True) | Correspondent.objects.filter(
            is_pseudonym=True
        )]  # fmt: skip

        for article in Article.objects.live():
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200, article
            for name in hidden:
                assert name not in response.text, f"{name} appears on {article.slug}"

    def test_unpublished_demo_stories_stay_off_the_public_site(self, client):
        for article in Article.objects.exclude(pk__in=Article.objects.live()):
            expected = 410 if article.status == Article.Status.WITHDRAWN else 404
            assert client.get(article.get_absolute_url()).status_code == expected, article

    def test_workflow_history_reads_in_order_for_a_published_story(self):
        article = Article.objects.get(slug="kyrgyzstan-osh-lawyers-say-detainees-are-denied-counsel-for-days")

        events = list(article.events.order_by("created_at").values_list("action", "actor__username"))

        assert events == [
            ("create", "correspondent"),
            ("submit", "correspondent"),
            ("approve", "editor"),
            ("publish", "editor"),
        ]
        assert article.first_published_at == article.publish_at
        assert article.created_at < article.submitted_at < article.publish_at

    def test_demo_history_uses_the_workflow_actions(self):
        actions = set(WorkflowEvent.objects.values_list("action", flat=True))

        assert actions <= {"create", *TRANSITIONS}
        assert {"submit", "return", "approve", "publish", "withdraw"} <= actions

    def test_returned_and_withdrawn_stories_carry_the_editors_note_in_their_history(self):
        for status, action in [(Article.Status.RETURNED, "return"), (Article.Status.WITHDRAWN, "withdraw")]:
            for article in Article.objects.filter(status=status):
                assert article.events.get(action=action).comment, article

    def test_demo_logins_are_printed_join_their_groups_and_the_correspondent_has_stories_in_several_states(self, demo):
        assert "newsroom-demo" in demo
        users = {u.username: u for u in get_user_model().objects.all()}
        assert users["admin"].is_superuser
        assert users["admin"].check_password("newsroom-demo")
        assert list(users["editor"].groups.values_list("name", flat=True)) == ["Editors"]
        assert not users["editor"].is_superuser
        assert list(users["correspondent"].groups.values_list("name", flat=True)) == ["Correspondents"]
        assert all(u.is_staff for u in users.values())
        states = set(
            Article.objects.filter(bylines__correspondent__user=users["correspondent"]).values_list("status", flat=True)
        )
        assert {"draft", "submitted", "returned", "published"} <= states

    def test_demo_logins_reach_the_desk_and_see_what_their_role_allows(self, client):
        expected = {
            "admin": Article.objects.count(),
            "editor": Article.objects.count(),
            "correspondent": Article.objects.filter(bylines__correspondent__user__username="correspondent").count(),
        }
        assert expected["correspondent"] < expected["editor"]

        for username, visible in expected.items():
            assert client.login(username=username, password="newsroom-demo"), username
            assert client.get(reverse("admin:index")).status_code == 200
            response = client.get(reverse("admin:articles_article_changelist"))
            assert response.status_code == 200, username
            assert response.context["cl"].result_count == visible, username
            client.logout()

    def test_demo_stories_have_saves_a_return_and_a_resubmission_in_their_history(self, client):
        article = Article.objects.get(headline="Kyrgyzstan: Interior Ministry Promises Body Cameras in Osh Stations")

        saves = list(article.revisions.order_by("version").values_list("version", "comment", "created_by__username"))
        steps = list(article.events.order_by("created_at").values_list("action", "actor__username"))

        assert saves == [
            (1, "Created", "correspondent"),
            (2, "Edited", "correspondent"),
            (3, "Submit for review", "correspondent"),
            (4, "Return to author", "editor"),
            (5, "Edited", "correspondent"),
            (6, "Submit for review", "correspondent"),
        ]
        assert steps == [("submit", "correspondent"), ("return", "editor"), ("submit", "correspondent")]
        times = list(article.revisions.order_by("version").values_list("created_at", flat=True))
        assert times == sorted(times) and times[-1] <= timezone.now()
        assert article.status == Article.Status.SUBMITTED and article.version == 6
        assert not article.notifications.exists()
        client.login(username="editor", password="newsroom-demo")
        history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
        assert "Aigerim Tokonova" in history and ">correspondent<" not in history
        diff = client.get(reverse("admin:articles_article_compare", args=[article.pk]))
        assert "Changes from version 3 to 6" in diff.text and "<ins>" in diff.text

    def test_the_returned_demo_story_opens_on_the_editors_note_for_its_author(self, client):
        article = Article.objects.get(headline="Kyrgyzstan: Women Leading Village Councils Say They Are Outvoted")
        assert list(article.revisions.values_list("comment", flat=True)) == [
            "Return to author", "Submit for review", "Edited", "Edited", "Created",
        ]  # fmt: skip

        client.login(username="correspondent", password="newsroom-demo")
        page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text

        assert "Returned by Madina Karimova" in page and "check the number of" in page

    def test_a_changed_demo_password_survives_the_next_run(self):
        editor = get_user_model().objects.get(username="editor")
        editor.set_password("my-own-passphrase")
        editor.save()

        loaddemo("--with-logins")

        editor.refresh_from_db()
        assert editor.check_password("my-own-passphrase")

    def test_scheduled_demo_stories_move_ahead_when_loaddemo_runs_after_their_time_passed(self):
        with time_machine.travel(timezone.now() + dt.timedelta(days=10)):
            assert Article.objects.scheduled().count() == 0
            loaddemo()
            assert Article.objects.scheduled().count() == 2
            assert Article.objects.live().count() == 19
            for article in Article.objects.scheduled():
                assert article.events.get(action="publish").publish_at == article.publish_at
        assert Article.objects.count() == 34

    def test_edits_to_demo_stories_survive_a_run_and_reset_restores_them(self):
        article = Article.objects.get(slug="georgia-watchdog-tracks-who-pays-for-election-advertising")
        article.standfirst = "Edited during a demo."
        article.save()

        loaddemo()
        article.refresh_from_db()
        assert article.standfirst == "Edited during a demo."

        before = counts()
        loaddemo("--reset")
        assert counts() == before
        restored = Article.objects.get(slug="georgia-watchdog-tracks-who-pays-for-election-advertising")
        assert restored.standfirst != "Edited during a demo."

    def test_demo_pictures_are_stored_clean_under_random_names_with_alt_text(self):
        assert Image.objects.count() == 27
        assert not Image.objects.filter(alt_text="").exists()
        image = Image.objects.first()
        assert image.file.name.startswith("images/")
        with PILImage.open(image.file.path) as stored:
            assert stored.size == (960, 540)
            assert not stored.getexif()
        portraits = Correspondent.objects.exclude(photo="")
        assert portraits.count() == 4
        with PILImage.open(portraits.first().photo.path) as stored:
            assert stored.size == (400, 400)

    def test_an_english_story_has_russian_and_arabic_translations_credited_to_their_translators(self, client, settings):
        original = Article.objects.get(slug="kyrgyzstan-osh-lawyers-say-detainees-are-denied-counsel-for-days")
        translations = {t.language: t for t in original.translations.all()}

        assert set(translations) == {"ru", "ar"}
        for language, translator in [("ru", "Olga Petrenko"), ("ar", "Layla Haddad")]:
            translation = translations[language]
            assert translation.is_live()
            assert translation.lead_image_id == original.lead_image_id
            credits = list(translation.bylines.values_list("correspondent__byline_name", "role"))
            assert credits == [("Aigerim Tokonova", "author"), (translator, "translator")]
        page = client.get(original.get_canonical_url()).text
        for translation in translations.values():
            url = f"{settings.NEWSROOM_BASE_URL}{translation.get_canonical_url()}"
            assert f'hreflang="{translation.language}" href="{url}"' in page
        assert "Also in:" in page and "Русский" in page and "العربية" in page

    def test_the_russian_translation_follows_the_original_as_it_was_before_its_update(self):
        original = Article.objects.get(slug="kyrgyzstan-osh-lawyers-say-detainees-are-denied-counsel-for-days")
        russian, arabic = original.translations.get(language="ru"), original.translations.get(language="ar")

        assert original.version == 2 and original.corrections.get().kind == "update"
        assert russian.original_version == 1 < original.version
        assert arabic.original_version == original.version
        first, updated = original.revisions.order_by("version")
        assert "Mamatov" not in first.data["body"] and "Mamatov" in updated.data["body"] == original.body
        assert first.created_at == original.publish_at
        assert russian.publish_at < updated.created_at == original.public_updated_at < arabic.publish_at
        assert "Маматов" not in russian.body and "ماماتوف" in arabic.body

    def test_the_arabic_home_has_arabic_stories(self, client):
        arabic = Article.objects.live().filter(language="ar")

        assert arabic.count() >= 3
        assert all(article.translation_of.is_live() for article in arabic)
        home = client.get("/").text
        assert sum(article.headline in home for article in arabic) >= 1
